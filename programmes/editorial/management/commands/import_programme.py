from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.editorial.content_file import (
    MAX_FILE_SIZE,
    ContentFileError,
    nothing_changed,
    parse_programme_file,
    programme_import_outcome,
)
from programmes.editorial.content_file.outcome import import_release_note
from programmes.editorial.releases import ReleaseNote
from programmes.models import ChangeKind


class Command(BaseCommand):
    help = (
        "Import one programme from a YAML file in the format of fixtures/SCHEMA.md (as "
        "export_programme writes it). A programme with the same slug is replaced: what the "
        "file still has is updated in place, keeping its history; what it no longer has is "
        "deleted, and drafts waiting for the programme are discarded. Every change is "
        "recorded in the history. A file with any error is refused as a whole and nothing "
        "is changed."
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

        parser.add_argument(
            "--kind",
            choices=ChangeKind.values,
            default=ChangeKind.EDITORIAL,
            help=(
                "How the change log records the import: 'editorial' (the default) or "
                "'professional', a change in substance, which raises the version unless the "
                "file gives a new one."
            ),
        )
        parser.add_argument(
            "--note",
            default="",
            help="The change note in Swedish (default: updated from the content file).",
        )
        parser.add_argument("--note-en", default="", help="The change note in English.")

    def handle(self, *args, file, unpublished=False, kind=ChangeKind.EDITORIAL, note="", **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(
                    _("%(file)s: the file is larger than 5 MB.") % {"file": path.name}
                )
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s")
                % {"file": file, "error": error.strerror or error}
            ) from error
        try:
            data = parse_programme_file(content, path.name)
            with transaction.atomic():
                outcome = programme_import_outcome(
                    data=data,
                    source=path.name,
                    published=False if unpublished else None,
                    release=_release(kind, note, options.get("note_en", "")),
                )
        except ContentFileError as error:
            raise CommandError(nothing_changed(error)) from error

        programme = outcome.programme
        nodes = programme.nodes.values_list("kind", flat=True)
        interventions = sum(kind == "intervention" for kind in nodes)
        names = {"name": programme, "slug": programme.slug}
        parts = [
            (
                _("Replaced %(name)s (%(slug)s):")
                if outcome.replaced
                else _("Imported %(name)s (%(slug)s):")
            )
            % names,
            _(
                "%(pages)d sections and pages, %(interventions)d interventions, "
                "%(responsibilities)d level responsibilities, %(vignettes)d case vignettes, "
                "%(indicators)d indicators, %(materials)d materials."
            )
            % {
                "pages": len(nodes) - interventions,
                "interventions": interventions,
                "responsibilities": programme.level_responsibilities.count(),
                "vignettes": programme.vignettes.count(),
                "indicators": programme.indicators.count(),
                "materials": programme.materials.count(),
            },
        ]
        if discarded := len(outcome.drafts_discarded):
            parts.append(
                ngettext(
                    "%(count)d waiting draft discarded.",
                    "%(count)d waiting drafts discarded.",
                    discarded,
                )
                % {"count": discarded}
            )
        parts.append(
            _("Published.")
            if programme.published
            else _("Not published: preview it, then publish.")
        )
        self.stdout.write(" ".join(str(part) for part in parts))


def _release(kind: str, note: str, note_en: str) -> ReleaseNote:
    """The release note the options give; without a note, the standard one."""
    if not note.strip():
        standard = import_release_note()
        return ReleaseNote(kind, standard.note_sv, standard.note_en)
    return ReleaseNote(kind, note, note_en)
