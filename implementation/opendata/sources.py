"""The open sources values are imported from, behind one small interface: a source
fetches every value of one key figure for some areas and years, checks the answer, and
gives back plain rows. Nothing is written here (`services.import_values` writes).

Kolada (https://api.kolada.se/v3) is the first source. Another one, such as
Socialstyrelsen's statistics database, is a class with the same `fetch` that keeps the
same rules: a missing or suppressed value is None, never 0; an answer that does not have
the expected shape raises `OpenDataError` and nothing is written.
"""

import dataclasses
import math
import re
import urllib.parse
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from .client import JsonClient, OpenDataError
from .models import Gender, SourceName

KOLADA_URL = "https://api.kolada.se/v3"
#: A source that keeps answering "next page" is broken, not large.
MAX_PAGES = 200
AREAS_PER_REQUEST = 100
AREA = re.compile(r"^\d{4}$")


@dataclasses.dataclass(frozen=True)
class Row:
    """One value as a source gave it."""

    kpi: str
    area: str
    period: int
    gender: str
    value: Decimal | None
    count: int | None = None
    status: str = ""
    preliminary: bool = False

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.kpi, self.area, self.period, self.gender)


class Source(Protocol):
    name: str

    def fetch(self, kpi: str, areas: Sequence[str], years: Sequence[int]) -> list[Row]:
        """Every value of `kpi` for `areas` and `years`, checked; `OpenDataError` if the
        source fails or answers in a shape we do not know."""
        ...


class KoladaSource:
    """Kolada's API v3: `/data/kpi/{kpi}/municipality/{codes}/year/{years}`."""

    name = SourceName.KOLADA

    def __init__(self, client: JsonClient | None = None):
        self.client = client or JsonClient(getattr(settings, "VIP_KOLADA_URL", KOLADA_URL))

    def fetch(self, kpi: str, areas: Sequence[str], years: Sequence[int]) -> list[Row]:
        areas, years = sorted(set(areas)), sorted(set(years))
        rows: list[Row] = []
        # Some areas at a time keeps each address short.
        for start in range(0, len(areas), AREAS_PER_REQUEST):
            rows += self._fetch(kpi, areas[start : start + AREAS_PER_REQUEST], years)
        return rows

    def _fetch(self, kpi: str, areas: Sequence[str], years: Sequence[int]) -> list[Row]:
        if not areas or not years:
            return []
        path = "data/kpi/{}/municipality/{}/year/{}".format(
            urllib.parse.quote(kpi), ",".join(areas), ",".join(str(year) for year in years)
        )
        wanted_areas, wanted_years = set(areas), set(years)
        per_page = getattr(settings, "VIP_KOLADA_PER_PAGE", None)
        url = self.client.url(path) + (f"?per_page={per_page}" if per_page else "")
        rows: dict[tuple, Row] = {}
        seen: set[str] = set()
        for _page in range(MAX_PAGES):
            seen.add(url)
            document = self.client.get(url)
            for row in parse_kolada(document, kpi=kpi, url=url):
                if row.area not in wanted_areas or row.period not in wanted_years:
                    continue  # more than we asked for: not ours to keep
                if row.key in rows and rows[row.key] != row:
                    raise OpenDataError(
                        _("Kolada gave two different values for %(key)s (%(url)s).")
                        % {"key": " ".join(map(str, row.key)), "url": url}
                    )
                rows[row.key] = row
            url = _next_page(document, url)
            if url is None:
                return list(rows.values())
            if url in seen:
                raise OpenDataError(
                    _("Kolada's pages lead back to one already read (%(url)s).") % {"url": url}
                )
        raise OpenDataError(
            _("Kolada gave more than %(pages)s pages for one key figure (%(url)s).")
            % {"pages": MAX_PAGES, "url": url}
        )


def _next_page(document: dict, url: str) -> str | None:
    """The next page's address: `next_page` as an address, or as a page number."""
    following = document.get("next_page")
    if following in (None, "", False):
        return None
    if isinstance(following, int) and not isinstance(following, bool) and following > 0:
        parts = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(parts.query))
        query["page"] = str(following)
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    if isinstance(following, str) and following.startswith(("http://", "https://")):
        return following
    raise OpenDataError(
        _("Kolada's answer has a next page we cannot follow: %(next)r (%(url)s).")
        % {"next": following, "url": url}
    )


def parse_kolada(document, *, kpi: str, url: str) -> list[Row]:
    """The rows of one page of Kolada's v3 data answer, checked field by field."""

    def bad(what: str):
        return OpenDataError(
            _("Kolada's answer has changed or is broken: %(what)s (%(url)s). Nothing was imported.")
            % {"what": what, "url": url}
        )

    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        raise bad(_("no list of values"))
    rows = []
    for item in document["values"]:
        if not isinstance(item, dict):
            raise bad(_("a value is not an object"))
        area, period = item.get("municipality"), item.get("period")
        if not isinstance(area, str) or not AREA.match(area):
            raise bad(_("the area code %(code)r is not four digits") % {"code": area})
        if isinstance(period, str) and period.isdigit():
            period = int(period)
        if not isinstance(period, int) or isinstance(period, bool) or not 1900 <= period <= 2200:
            raise bad(_("the year %(year)r is not a year") % {"year": period})
        if item.get("kpi") != kpi:
            raise bad(_("values of key figure %(kpi)r") % {"kpi": item.get("kpi")})
        if not isinstance(item.get("values"), list):
            raise bad(_("no list of values for %(area)s %(year)s") % {"area": area, "year": period})
        for entry in item["values"]:
            rows.append(_kolada_row(entry, kpi=kpi, area=area, period=period, bad=bad))
    return rows


def _kolada_row(entry, *, kpi: str, area: str, period: int, bad) -> Row:
    if not isinstance(entry, dict):
        raise bad(_("a value is not an object"))
    gender = entry.get("gender")
    if gender not in Gender.values:
        raise bad(_("unknown gender %(gender)r") % {"gender": gender})
    value = entry.get("value")
    if value is not None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise bad(_("the value %(value)r is not a number") % {"value": value})
        value = Decimal(str(value))
    count = entry.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise bad(_("the count %(count)r is not a whole number") % {"count": count})
    status = entry.get("status") or ""
    if not isinstance(status, str):
        raise bad(_("the status %(status)r is not text") % {"status": status})
    return Row(
        kpi=kpi,
        area=area,
        period=period,
        gender=gender,
        value=value,
        count=count,
        status=status[:40],
        # Kolada marks a preliminary value in its status ("Preliminary"/"Prel.").
        preliminary=status.strip().lower().startswith("prel"),
    )


def source_for(name: str) -> Source:
    if name == SourceName.KOLADA:
        return KoladaSource()
    raise OpenDataError(_("Unknown open data source: %(name)s.") % {"name": name})
