from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from care_levels.models import Profession
from care_levels.services import care_levels_load
from programmes.content_files import ContentFileError, fixtures_dir, read_yaml
from programmes.models import AgeGroup, Phase, Revision
from programmes.permissions import editor_group_sync
from programmes.revisions import revisions_record_programme
from programmes.services import lookup_list_load, programme_import

DEMO_ADMIN = ("admin", "vip-demo-admin")
DEMO_EDITOR = ("redaktor", "vip-demo-redaktor")


class Command(BaseCommand):
    help = (
        "Load the demo content in fixtures/: care levels, professions, age groups, phases "
        "and every programme. Safe to run again: programmes are replaced, lists updated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator account.",
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
                    programme = programme_import(data=data, source=path.name)
                    revisions_record_programme(programme, action=Revision.Action.IMPORTED)
        except ContentFileError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error

        self.stdout.write(f"Loaded {levels} care levels and {len(files)} programmes.")
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
