from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programmes.editorial.content_file import (
    ContentFileError,
    fixtures_dir,
    programme_import,
    read_yaml,
)
from vipportal.demo.consultation import demo_consultation_load, demo_people_passwords
from vipportal.demo.local import local_additions_load
from vipportal.demo.logins import demo_logins_load
from vipportal.demo.opendata import DemoDataError, opendata_demo_load
from vipportal.demo.organisations import organisations_load
from vipportal.demo.plans import demo_plans_load
from vipportal.demo.releases import demo_releases_load
from vipportal.demo.synonyms import synonyms_load
from vipportal.demo.vocabulary import care_levels_load, terms_load


class Command(BaseCommand):
    help = (
        "Load the demo content in fixtures/: care levels, professions, age groups, phases, "
        "every programme, the organisation tree, the demo implementation plans (dated "
        "relative to today) and the local additions of the demo organisations. Safe to run "
        "again: programmes and demo plans are replaced, lists, organisations and local "
        "additions updated. With VIP_DEMO_CONTENT on, also creates the demo "
        "logins that are missing (not with --no-admin)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo accounts (administrator, editor, implementation logins).",
        )

    def handle(self, *args, no_admin=False, **options):
        folder = fixtures_dir()
        try:
            with transaction.atomic():
                terms_load(data=read_yaml(folder / "taxonomy.yaml") or {})
                levels = care_levels_load(data=read_yaml(folder / "care_levels.yaml"))
                files = sorted((folder / "programmes").glob("*.yaml"))
                for position, path in enumerate(files):
                    data = read_yaml(path)
                    if isinstance(data, dict):
                        data.setdefault("position", position)
                    programme_import(data=data, source=path.name)
                # The demo programme's earlier versions, for its change log.
                demo_releases_load()
                organisations_data = _read_if_there(folder / "organisations.yaml")
                organisations = (
                    0 if organisations_data is None else organisations_load(data=organisations_data)
                )
                plans_data = _read_if_there(folder / "implementation.yaml")
                plans = 0 if plans_data is None else demo_plans_load(data=plans_data)
                local_data = _read_if_there(folder / "local.yaml")
                local = None if local_data is None else local_additions_load(data=local_data)
                synonyms_load(data=_read_if_there(folder / "synonyms.yaml") or {})
                kolada_data = _read_if_there(folder / "kolada.yaml")
                kolada = 0 if kolada_data is None else opendata_demo_load(data=kolada_data)
        except (ContentFileError, DemoDataError) as error:
            raise CommandError(f"Nothing was loaded: {error}") from error

        self.stdout.write(f"Loaded {levels} care levels and {len(files)} programmes.")
        self.stdout.write(
            f"Loaded {organisations} organisations and {plans} demo implementation plans."
        )
        self.stdout.write(f"Loaded {kolada} open data demo values (Kolada's shape, invented).")
        if local is not None:
            self.stdout.write(
                f"Loaded {local.additions} local additions ({local.created} new, "
                f"{local.changed} changed, {local.unchanged} unchanged)."
            )
        logins = settings.VIP_DEMO_CONTENT and not no_admin
        if logins:
            try:
                created = demo_logins_load()
            except ContentFileError as error:
                raise CommandError(f"The demo logins were not created: {error}") from error
            for username, password, description in created:
                self.stdout.write(f"Demo {description}: {username} / {password}")
        # After the logins: the demo editor belongs to the working group it shows.
        consultation_data = _read_if_there(folder / "consultation.yaml")
        if consultation_data is not None:
            try:
                rounds = demo_consultation_load(data=consultation_data)
            except ContentFileError as error:
                raise CommandError(f"The programme work demo was not loaded: {error}") from error
            self.stdout.write(f"Loaded the programme work demo with {rounds} consultation rounds.")
        if logins:
            for username, password, description in demo_people_passwords():
                self.stdout.write(f"Demo {description}: {username} / {password}")


def _read_if_there(path):
    """The content of an optional content file; None when there is no such file."""
    return read_yaml(path) if path.exists() else None
