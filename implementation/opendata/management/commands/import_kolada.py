"""Import the values of every key figure linked to an indicator from Kolada, for cron."""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from implementation.models import Organisation
from implementation.opendata.client import OpenDataError
from implementation.opendata.models import COUNTRY, KpiLink, SourceName, kpi_validator
from implementation.opendata.selectors import recent_years
from implementation.opendata.services import area_codes, import_values
from implementation.opendata.sources import KoladaSource

AREA = re.compile(r"^\d{4}$")
YEARS = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


class Command(BaseCommand):
    help = (
        "Fetch from Kolada the values of the key figures linked to indicators, for every "
        "municipality and region with a code and for the whole country (0000), and write "
        "them in one transaction: new values created, revised ones updated with history. "
        "On any failure nothing is written and the command exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kpi", action="append", default=[], help="Only this key figure (repeatable)."
        )
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            help="Only this area code: kommunkod, region 00NN or 0000 (repeatable).",
        )
        parser.add_argument(
            "--years",
            help="Only these years: 2024, 2020-2024 or 2021,2023. Default: the last --last years.",
        )
        parser.add_argument(
            "--last",
            type=int,
            default=getattr(settings, "VIP_KOLADA_YEARS", 10),
            help="How many years back to fetch (default %(default)s).",
        )

    def handle(self, *args, kpi, area, years, last, **options):
        kpis = self._kpis(kpi)
        areas = self._areas(area)
        chosen_years = self._years(years, last)
        if not kpis:
            self.stdout.write("No key figures are linked to indicators: nothing to import.")
            return
        try:
            result = import_values(
                source=KoladaSource(), kpis=kpis, areas=areas, years=chosen_years
            )
        except OpenDataError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(
            f"Kolada: {len(kpis)} key figures, {len(areas)} areas, years "
            f"{chosen_years[0]}–{chosen_years[-1]}: {result.created} created, "
            f"{result.changed} changed, {result.unchanged} unchanged."
        )

    def _kpis(self, asked: list[str]) -> list[str]:
        linked = set(KpiLink.objects.filter(source=SourceName.KOLADA).values_list("kpi", flat=True))
        if not asked:
            return sorted(linked)
        for kpi in asked:
            try:
                kpi_validator(kpi)
            except Exception as error:
                raise CommandError(
                    f"{kpi!r} is not a Kolada key figure id (e.g. N00945)."
                ) from error
        return sorted(set(asked))

    def _areas(self, asked: list[str]) -> list[str]:
        if asked:
            wrong = [code for code in asked if not AREA.match(code)]
            if wrong:
                raise CommandError(f"Area codes are four digits: {', '.join(wrong)}.")
            return sorted(set(asked))
        places = Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.MUNICIPALITY,
                Organisation.Kind.REGION,
                Organisation.Kind.COUNTY,
            ]
        )
        return area_codes(places) if places else [COUNTRY]

    def _years(self, asked: str | None, last: int) -> list[int]:
        if not asked:
            if last < 1:
                raise CommandError("--last must be at least 1.")
            return recent_years(last)
        years: set[int] = set()
        for part in asked.split(","):
            match = YEARS.match(part.strip())
            if not match:
                raise CommandError(f"Years are 2024, 2020-2024 or 2021,2023, not {asked!r}.")
            first, end = int(match[1]), int(match[2] or match[1])
            if end < first or end - first > 50:
                raise CommandError(f"{part.strip()!r} is not a range of years.")
            years.update(range(first, end + 1))
        return sorted(years)
