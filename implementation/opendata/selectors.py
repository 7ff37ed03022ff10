"""Reading open data for a plan's pages: which areas a plan compares, and the values,
each in a fixed number of queries whatever the number of values."""

import dataclasses
import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import Indicator

from ..models import Organisation, Plan
from .models import COUNTRY, Comparison, Fetch, Gender, KpiLink, OpenValue, SourceName
from .services import region_code

PLACES = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION)


@dataclasses.dataclass(frozen=True)
class Area:
    code: str
    name: str
    kind: str  # "own", "country" or "comparison"
    pk: int | None = None  # the organisation's


@dataclasses.dataclass
class Areas:
    """The plan's own area (None when its organisation has no code), the country, and the
    comparison municipalities (`chosen`: picked for the plan, not the county default)."""

    own: Area | None
    comparisons: list[Area]
    chosen: bool
    county_municipalities: list[Organisation]
    region_code: str | None = None

    @property
    def fetch_codes(self) -> list[str]:
        """Every code worth fetching for the plan: the shown areas, the county's
        municipalities and its region (so a change of comparison needs no new fetch)."""
        codes = set(self.codes) | {m.municipality_code for m in self.county_municipalities}
        return sorted(codes | ({self.region_code} if self.region_code else set()))

    @property
    def all(self) -> list[Area]:
        country = Area(COUNTRY, _("Whole country"), "country")
        return [a for a in (self.own, country) if a is not None] + self.comparisons

    @property
    def codes(self) -> list[str]:
        return [area.code for area in self.all]


def indicator_for(pk: int) -> Indicator:
    """A published indicator of a published programme, or None."""
    return (
        Indicator.objects.filter(pk=pk, published=True, programme__published=True)
        .select_related("programme")
        .first()
    )


def plan_areas(plan: Plan) -> Areas:
    """The areas `plan` shows (one query): the municipalities and the region of the plan's
    county, and the comparison municipalities chosen for the plan, wherever they are."""
    organisation = plan.organisation
    root = organisation.path[: Organisation.steplen]
    chosen_ids = Comparison.municipalities.through.objects.filter(comparison__plan=plan).values(
        "organisation_id"
    )
    places = list(
        Organisation.objects.filter(
            Q(path__startswith=root, kind__in=PLACES)
            | Q(pk__in=chosen_ids, kind=Organisation.Kind.MUNICIPALITY)
        )
        .annotate(
            chosen=Exists(
                Comparison.municipalities.through.objects.filter(
                    comparison__plan=plan, organisation_id=OuterRef("pk")
                )
            )
        )
        .order_by("name")
    )
    in_county = [p for p in places if p.path.startswith(root)]
    municipalities = [p for p in in_county if p.kind == Organisation.Kind.MUNICIPALITY]
    county_code = region_code(municipalities[0]) if municipalities else None
    own = None
    # The nearest municipality or region at or above the plan's organisation.
    for place in sorted(in_county, key=lambda p: len(p.path), reverse=True):
        if organisation.path.startswith(place.path):
            code = place.municipality_code or county_code
            if code:
                own = Area(code, place.name, "own", place.pk)
            break
    else:
        if organisation.kind == Organisation.Kind.COUNTY and county_code:
            own = Area(county_code, organisation.name, "own")
    chosen = [p for p in places if p.chosen]
    picked = chosen or municipalities
    own_code = own.code if own else None
    comparisons = [
        Area(p.municipality_code, p.name, "comparison", p.pk)
        for p in picked
        if p.kind == Organisation.Kind.MUNICIPALITY and p.municipality_code != own_code
    ]
    return Areas(
        own=own,
        comparisons=comparisons,
        chosen=bool(chosen),
        county_municipalities=municipalities,
        region_code=county_code,
    )


@dataclasses.dataclass
class Cell:
    value: Decimal | None
    preliminary: bool = False
    status: str = ""


@dataclasses.dataclass
class KpiValues:
    """One linked key figure's values for the page: rows by area, cells by year."""

    link: KpiLink
    years: list[int]
    rows: list[tuple[Area, list[Cell]]]
    fetched_at: datetime.datetime | None
    demo: bool

    @property
    def has_values(self) -> bool:
        return any(cell.value is not None for _area, cells in self.rows for cell in cells)


def indicator_values(
    indicator: Indicator, areas: Areas, gender: str = Gender.TOTAL, max_years: int = 10
) -> list[KpiValues]:
    """Each key figure linked to `indicator`, with its values for `areas` in `gender`
    (three queries: links, values, fetch times)."""
    links = list(KpiLink.objects.filter(indicator=indicator).order_by("source", "kpi"))
    if not links:
        return []
    kpis = {link.kpi for link in links}
    values = OpenValue.objects.filter(kpi__in=kpis, area__in=areas.codes, gender=gender).only(
        "source", "kpi", "area", "period", "value", "preliminary", "status", "demo"
    )
    found: dict[tuple[str, str], dict[tuple[str, int], OpenValue]] = {}
    for value in values:
        found.setdefault((value.source, value.kpi), {})[(value.area, value.period)] = value
    fetches = {
        (f.source, f.kpi): f
        for f in Fetch.objects.filter(source__in=SourceName.values, kpi__in=kpis)
    }
    result = []
    for link in links:
        by_cell = found.get((link.source, link.kpi), {})
        years = sorted({period for _area, period in by_cell})[-max_years:]
        rows = []
        for area in areas.all:
            cells = []
            for year in years:
                value = by_cell.get((area.code, year))
                cells.append(
                    Cell(tidy(value.value), value.preliminary, value.status)
                    if value is not None
                    else Cell(None)
                )
            rows.append((area, cells))
        fetch = fetches.get((link.source, link.kpi))
        result.append(
            KpiValues(
                link=link,
                years=years,
                rows=rows,
                fetched_at=fetch.fetched_at if fetch else None,
                demo=any(v.demo for v in by_cell.values()),
            )
        )
    return result


def recent_years(count: int, today: datetime.date | None = None) -> list[int]:
    """The last `count` years up to this one."""
    year = (today or timezone.localdate()).year
    return list(range(year - count + 1, year + 1))


def tidy(value: Decimal | None) -> Decimal | None:
    """`value` without the trailing zeros of its storage: 41.5000 is shown as 41,5."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
