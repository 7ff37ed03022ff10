from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programmes.content_files import ContentFileError
from programmes.exchange import MAX_FILE_SIZE, parse_programme_file
from programmes.models import Programme, Revision
from programmes.revisions import revisions_record_programme
from programmes.services import programme_import


class Command(BaseCommand):
    help = (
        "Import one programme from a YAML file in the format of fixtures/SCHEMA.md (as "
        "export_programme writes it). A programme with the same slug is replaced, with its "
        "drafts; the import is recorded in the history. A file with any error is refused "
        "as a whole and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The programme file (.yaml, UTF-8, at most 5 MB).")
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help=(
                "Import the programme itself unpublished, to preview it before publishing; "
                "the published flags of its content are taken from the file."
            ),
        )

    def handle(self, *args, file, unpublished=False, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(f"{path.name}: the file is larger than 5 MB.")
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        try:
            data = parse_programme_file(content, path.name)
            slug = data.get("slug")
            replaces = isinstance(slug, str) and Programme.objects.filter(slug=slug).exists()
            with transaction.atomic():
                programme = programme_import(
                    data=data, source=path.name, published=False if unpublished else None
                )
                revisions_record_programme(programme, action=Revision.Action.IMPORTED)
        except ContentFileError as error:
            message = str(error).rstrip(".")
            raise CommandError(f"{message}. Nothing was changed.") from error

        nodes = programme.nodes.values_list("kind", flat=True)
        interventions = sum(kind == "intervention" for kind in nodes)
        self.stdout.write(
            f"{'Replaced' if replaces else 'Imported'} {programme} ({programme.slug}): "
            f"{len(nodes) - interventions} sections and pages, {interventions} interventions, "
            f"{programme.level_responsibilities.count()} level responsibilities, "
            f"{programme.vignettes.count()} case vignettes, "
            f"{programme.indicators.count()} indicators, "
            f"{programme.materials.count()} materials. "
            + ("Published." if programme.published else "Not published: preview it, then publish.")
        )
