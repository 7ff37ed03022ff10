"""Writing open data: importing a source's values, and a plan's comparison choice."""

import dataclasses
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Organisation, Plan
from .client import OpenDataError
from .models import COUNTRY, Comparison, Fetch, OpenValue
from .sources import Row, Source

#: What may change in a value when a source revises it.
REVISED_FIELDS = ("value", "count", "status", "preliminary", "demo", "fetched_at")


@dataclasses.dataclass
class ImportResult:
    """What an import did: values new, changed and left as they were."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0
    kpis: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.created + self.changed + self.unchanged


def import_values(
    *,
    source: Source,
    kpis: Iterable[str],
    areas: Iterable[str],
    years: Iterable[int],
    actor=None,
    demo: bool = False,
) -> ImportResult:
    """Fetch every value of `kpis` for `areas` and `years` from `source`, then write them
    in one transaction: new values created, revised ones updated (their history keeps the
    old value), the same ones left untouched. Everything is fetched and checked before
    anything is written, so a failure (`OpenDataError`) leaves the database as it was.
    Running it again with the same answers changes nothing."""
    kpis = tuple(sorted(set(kpis)))
    areas = sorted(set(areas))
    years = sorted(set(years))
    rows: list[Row] = []
    for kpi in kpis:
        rows.extend(source.fetch(kpi, areas, years))
    try:
        return write_rows(source=source.name, kpis=kpis, rows=rows, actor=actor, demo=demo)
    except IntegrityError:
        # Another import wrote the same new values a moment earlier; its transaction won.
        raise OpenDataError(
            _("Another import was writing the same values at the same time. Try again.")
        ) from None


def write_rows(
    *, source: str, kpis: Sequence[str], rows: Sequence[Row], actor=None, demo: bool = False
) -> ImportResult:
    """Write checked `rows` of `source` (see `import_values`), and note the fetch of each
    key figure."""
    now = timezone.now()
    result = ImportResult(kpis=tuple(kpis))
    with transaction.atomic():
        existing = {
            (v.kpi, v.area, v.period, v.gender): v
            for v in OpenValue.objects.filter(
                source=source,
                kpi__in=kpis,
                area__in={row.area for row in rows},
                period__in={row.period for row in rows},
            )
        }
        new, revised = [], []
        for row in rows:
            current = existing.get(row.key)
            fields = {
                "value": row.value,
                "count": row.count,
                "status": row.status,
                "preliminary": row.preliminary,
                "demo": demo,
            }
            if current is None:
                new.append(
                    OpenValue(
                        source=source,
                        kpi=row.kpi,
                        area=row.area,
                        period=row.period,
                        gender=row.gender,
                        fetched_at=now,
                        **fields,
                    )
                )
            elif any(_differs(getattr(current, name), wanted) for name, wanted in fields.items()):
                for name, wanted in fields.items():
                    setattr(current, name, wanted)
                current.fetched_at = now
                revised.append(current)
            else:
                result.unchanged += 1
        if new:
            bulk_create_with_history(new, OpenValue, batch_size=500, default_user=actor)
        if revised:
            bulk_update_with_history(
                revised, OpenValue, list(REVISED_FIELDS), batch_size=500, default_user=actor
            )
        result.created, result.changed = len(new), len(revised)
        Fetch.objects.bulk_create(
            [Fetch(source=source, kpi=kpi, fetched_at=now, demo=demo) for kpi in kpis],
            update_conflicts=True,
            unique_fields=["source", "kpi"],
            update_fields=["fetched_at", "demo"],
        )
    return result


def _differs(current, wanted) -> bool:
    if current is None or wanted is None:
        return current is not wanted
    return current != wanted


def area_codes(organisations: Iterable[Organisation]) -> list[str]:
    """The open data area codes of `organisations` and the whole country: each
    municipality's kommunkod, and each county's and region's `00NN` (from the first two
    digits of its municipalities' codes)."""
    codes = {COUNTRY}
    organisations = list(organisations)
    counties: dict[str, str] = {}
    for organisation in organisations:
        if organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.municipality_code:
            codes.add(organisation.municipality_code)
            counties.setdefault(
                organisation.path[: Organisation.steplen], region_code(organisation)
            )
    for organisation in organisations:
        if organisation.kind in (Organisation.Kind.REGION, Organisation.Kind.COUNTY):
            code = counties.get(organisation.path[: Organisation.steplen])
            if code:
                codes.add(code)
    return sorted(codes)


def region_code(municipality: Organisation) -> str:
    """The region's code of a municipality's county in Kolada: "00" and its län code."""
    return f"00{municipality.municipality_code[:2]}"


def comparison_save(*, plan: Plan, municipalities: Iterable[Organisation]) -> Comparison:
    """Set the municipalities `plan`'s organisation compares itself with (none: the
    other municipalities of its county)."""
    with transaction.atomic():
        comparison, _created = Comparison.objects.select_for_update().get_or_create(plan=plan)
        comparison.full_clean()
        comparison.save()
        comparison.municipalities.set(list(municipalities))
    return comparison
