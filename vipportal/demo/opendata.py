"""The open data demo (fixtures/kolada.yaml): a few indicators linked to demo key figures,
with invented values for the county's municipalities, the region and the country, marked
as demo values everywhere they show."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from implementation.opendata.models import (
    Gender,
    KpiLink,
    SourceName,
    area_code_validator,
    kpi_validator,
)
from implementation.opendata.services import write_rows
from implementation.opendata.sources import Row
from programmes.models import Indicator

GENDERS = (Gender.TOTAL, Gender.WOMEN, Gender.MEN)


class DemoDataError(ValueError):
    """fixtures/kolada.yaml cannot be loaded; the message names the place in the file."""


def opendata_demo_load(data) -> int:
    """Link the demo indicators and write the demo values of `data` (the content of
    fixtures/kolada.yaml); the number of values. Loading again changes nothing."""
    if not isinstance(data, dict):
        raise DemoDataError(_("kolada.yaml: expected links and values."))
    with transaction.atomic():
        kpis = _links(data.get("links") or [])
        rows = _rows(data.get("values") or [])
        write_rows(source=SourceName.KOLADA, kpis=sorted(kpis), rows=rows, demo=True)
    return len(rows)


def _links(links) -> set[str]:
    slugs = {link.get("indicator") for link in links if isinstance(link, dict)}
    indicators = Indicator.objects.in_bulk([s for s in slugs if s], field_name="slug")
    kpis = set()
    for index, link in enumerate(links):
        where = f"links[{index}]"
        if not isinstance(link, dict) or link.get("indicator") not in indicators:
            raise DemoDataError(
                _("%(where)s: no indicator %(slug)r.")
                % {
                    "where": where,
                    "slug": link.get("indicator") if isinstance(link, dict) else link,
                }
            )
        kpi = str(link.get("kpi", ""))
        _check(kpi_validator, kpi, where)
        KpiLink.objects.update_or_create(
            indicator=indicators[link["indicator"]],
            source=link.get("source", SourceName.KOLADA),
            kpi=kpi,
            defaults={"note": link.get("note", "")},
        )
        kpis.add(kpi)
    return kpis


def _rows(values) -> list[Row]:
    rows = []
    for index, series in enumerate(values):
        where = f"values[{index}]"
        if not isinstance(series, dict):
            raise DemoDataError(_("%(where)s: expected kpi, area and rows.") % {"where": where})
        kpi, area = str(series.get("kpi", "")), str(series.get("area", ""))
        _check(kpi_validator, kpi, where)
        _check(area_code_validator, area, where)
        preliminary = set(series.get("preliminary") or [])
        for row in series.get("rows") or []:
            if not isinstance(row, list) or len(row) != 1 + len(GENDERS):
                raise DemoDataError(
                    _("%(where)s: a row is a year and three values (total, women, men).")
                    % {"where": where}
                )
            year = row[0]
            for gender, value in zip(GENDERS, row[1:], strict=True):
                rows.append(
                    Row(
                        kpi=kpi,
                        area=area,
                        period=int(year),
                        gender=gender,
                        value=_decimal(value, where),
                        preliminary=year in preliminary,
                        status="Preliminary" if year in preliminary else "",
                    )
                )
    return rows


def _decimal(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise DemoDataError(
            _("%(where)s: %(value)r is not a number.") % {"where": where, "value": value}
        ) from None


def _check(validator, value: str, where: str) -> None:
    try:
        validator(value)
    except ValidationError as error:
        raise DemoDataError(f"{where}: {' '.join(error.messages)}") from None
