from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.editorial.content_file import dump_yaml, programme_export
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Write one programme, with its whole content tree, level responsibilities, case "
        "vignettes, indicators and materials, as a YAML file in the format of "
        "fixtures/SCHEMA.md. import_programme reads the file back. Drafts and history are "
        "not part of the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The programme's slug, e.g. adhd.")
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (UTF-8) instead of standard output.",
        )

    def handle(self, *args, slug, output=None, **options):
        programme = Programme.objects.filter(slug=slug).first()
        if programme is None:
            known = ", ".join(Programme.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No programme {slug}. The programmes are: {known or 'none'}.")
        text = dump_yaml(programme_export(programme=programme))
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        self.stdout.write(f"Exported {programme} ({programme.slug}) to {output}.")
