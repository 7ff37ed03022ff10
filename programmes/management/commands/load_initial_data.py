from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from care_levels.models import Profession
from care_levels.services import care_levels_load
from implementation.demo import (
    demo_plans_load,
    demo_users_load,
    organisations_load,
)
from programmes.content_files import ContentFileError, fixtures_dir, read_yaml
from programmes.models import AgeGroup, Phase
from programmes.permissions import editor_group_sync
from programmes.services import lookup_list_load, programme_import

DEMO_ADMIN = ("admin", "vip-demo-admin")
DEMO_EDITOR = ("redaktor", "vip-demo-redaktor")


class Command(BaseCommand):
    help = (
        "Load the demo content in fixtures/: care levels, professions, age groups, phases, "
        "every programme, the organisation tree and the demo implementation plans (dated "
        "relative to today). Safe to run again: programmes and demo plans are replaced, "
        "lists and organisations updated. With VIP_DEMO_CONTENT on, also creates the demo "
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
                taxonomy = read_yaml(folder / "taxonomy.yaml") or {}
                lookup_list_load(
                    model=Profession,
                    data=taxonomy.get("professions"),
                    where="taxonomy.yaml:professions",
                )
                lookup_list_load(
                    model=AgeGroup,
                    data=taxonomy.get("age_groups"),
                    where="taxonomy.yaml:age_groups",
                )
                lookup_list_load(
                    model=Phase, data=taxonomy.get("phases"), where="taxonomy.yaml:phases"
                )
                levels = care_levels_load(data=read_yaml(folder / "care_levels.yaml"))
                files = sorted((folder / "programmes").glob("*.yaml"))
                for position, path in enumerate(files):
                    data = read_yaml(path)
                    if isinstance(data, dict):
                        data.setdefault("position", position)
                    programme_import(data=data, source=path.name)
                organisations_data = _read_if_there(folder / "organisations.yaml")
                organisations = (
                    0 if organisations_data is None else organisations_load(data=organisations_data)
                )
                plans_data = _read_if_there(folder / "implementation.yaml")
                plans = 0 if plans_data is None else demo_plans_load(data=plans_data)
        except ContentFileError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error

        self.stdout.write(f"Loaded {levels} care levels and {len(files)} programmes.")
        self.stdout.write(
            f"Loaded {organisations} organisations and {plans} demo implementation plans."
        )
        if settings.VIP_DEMO_CONTENT and not no_admin:
            self._demo_admin()

    def _demo_admin(self):
        username, password = DEMO_ADMIN
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username=username, email="", password=password)
            self.stdout.write(f"Demo administrator: {username} / {password}")
        username, password = DEMO_EDITOR
        if not User.objects.filter(username=username).exists():
            editor = User.objects.create_user(
                username=username,
                password=password,
                is_staff=True,
                first_name="Demo",
                last_name="Redaktör",
            )
            editor.groups.add(editor_group_sync())
            self.stdout.write(f"Demo editor: {username} / {password}")
        try:
            created = demo_users_load()
        except ContentFileError as error:
            raise CommandError(f"The demo logins were not created: {error}") from error
        for username, password, description in created:
            self.stdout.write(f"Demo {description}: {username} / {password}")


def _read_if_there(path):
    """The content of an optional content file; None when there is no such file."""
    return read_yaml(path) if path.exists() else None
