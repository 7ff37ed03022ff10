"""A round's compilation (*remissammanställning*): every submitted comment with the
working group's answer, grouped by part in the version's order; the response of each
invited organisation; and what changed in the text since the programme's previous round.
Also the compilation as CSV (for Swedish Excel) and as an Excel workbook.

The compilation names organisations, never people: it is the document that may be
published (the reviewers' names are on the group's own part pages). Only submitted
responses count (see `services.rounds`). Reading one takes a fixed number of queries,
however many parts, organisations and comments there are.

Text that a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) is neutralised, as the plan exports do: a leading `'` in CSV, a
string cell marked "quote prefix" in the workbook.
"""

import csv
import dataclasses
import io
import types

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from programmes.views.diff import FieldDiff, change_diffs

from .models import Answer, Comment, Invitation, Part, Round

#: The model each kind of part was frozen from, for the labels of its fields in a diff.
PART_MODELS = {
    Part.Kind.PROGRAMME: "programmes.programme",
    Part.Kind.SECTION: "programmes.contentnode",
    Part.Kind.PAGE: "programmes.contentnode",
    Part.Kind.INTERVENTION: "programmes.contentnode",
    Part.Kind.PATHWAY: "programmes.pathway",
    Part.Kind.STEP: "programmes.pathwaystep",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
#: Column widths in the workbook: text columns wide and wrapped, the rest as needed.
NARROW, WIDE = 18, 60


@dataclasses.dataclass
class PartChanges:
    """What changed in the text of one part since the previous round."""

    part: Part
    diffs: list[FieldDiff]


@dataclasses.dataclass
class Changes:
    """The text of this round's version against the previous round's, part by part."""

    earlier: Round
    changed: list[PartChanges]
    #: parts of this version that the earlier one did not have (new, or newly in scope)
    added: list[Part]
    #: parts of the earlier version that this one does not have
    removed: list[Part]

    def of(self, part: Part) -> list[FieldDiff] | None:
        for entry in self.changed:
            if entry.part.pk == part.pk:
                return entry.diffs
        return None


@dataclasses.dataclass
class PartEntry:
    part: Part
    #: the comments (not "no comments"), each with `.answer` fetched (or missing)
    comments: list[Comment]
    #: the organisations that marked the part "no comments"
    no_comments: list[str]
    diffs: list[FieldDiff] | None = None
    new: bool = False

    @property
    def answered(self) -> int:
        return sum(1 for comment in self.comments if answer_of(comment) is not None)


@dataclasses.dataclass
class Response:
    invitation: Invitation
    comments: int

    @property
    def organisation(self):
        return self.invitation.organisation


@dataclasses.dataclass
class Compilation:
    round: Round
    parts: list[PartEntry]
    responses: list[Response]
    changes: Changes | None

    @property
    def invited(self) -> int:
        return len(self.responses)

    @property
    def submitted(self) -> int:
        return sum(1 for response in self.responses if response.invitation.submitted_at)

    @property
    def rate(self) -> int | None:
        """The share of invited organisations that responded, in per cent."""
        return round(100 * self.submitted / self.invited) if self.invited else None

    @property
    def comment_count(self) -> int:
        return sum(len(entry.comments) for entry in self.parts)

    @property
    def answered_count(self) -> int:
        return sum(entry.answered for entry in self.parts)


def answer_of(comment: Comment) -> Answer | None:
    try:
        return comment.answer
    except Answer.DoesNotExist:
        return None


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def submitted_comments(round_: Round):
    """The comments of the round's submitted responses, in the order of the parts and
    then the organisations, each with its organisation, answer and the answer's change."""
    return (
        Comment.objects.filter(invitation__round=round_, invitation__submitted_at__isnull=False)
        .select_related("invitation__organisation", "answer__change")
        .order_by("part__position", "invitation__organisation__name", "pk")
    )


def responses(round_: Round) -> list[Response]:
    """Each invited organisation with its response and its number of comments (parts
    marked "no comments" left out)."""
    invitations = (
        Invitation.objects.filter(round=round_)
        .select_related("organisation")
        .annotate(
            comment_count=Count("comments", filter=~Q(comments__kind=Comment.Kind.NONE)),
        )
        .order_by("organisation__name")
    )
    return [
        Response(invitation, invitation.comment_count if invitation.submitted_at else 0)
        for invitation in invitations
    ]


def earlier_round(round_: Round) -> Round | None:
    return (
        Round.objects.filter(programme_id=round_.programme_id, number__lt=round_.number)
        .select_related("version")
        .order_by("-number")
        .first()
    )


def part_diffs(before: Part, after: Part, language: str) -> list[FieldDiff]:
    """The word diff of one part's text between two frozen versions (a change record of
    the change log's shape, made up from the parts)."""
    change = types.SimpleNamespace(
        model=PART_MODELS.get(after.kind, ""), before=before.texts, after=after.texts
    )
    return change_diffs(change, language)


def changes_since(round_: Round, parts: list[Part]) -> Changes | None:
    """What changed in the text since the programme's previous round (None for the first),
    in two queries."""
    earlier = earlier_round(round_)
    if earlier is None:
        return None
    before = {part.key: part for part in Part.objects.filter(version_id=earlier.version_id)}
    language = _language()
    changed, added = [], []
    for part in parts:
        old = before.get(part.key)
        if old is None:
            added.append(part)
        elif old.texts != part.texts:
            diffs = part_diffs(old, part, language)
            if diffs:
                changed.append(PartChanges(part, diffs))
    keys = {part.key for part in parts}
    removed = [part for part in before.values() if part.key not in keys]
    removed.sort(key=lambda part: part.position)
    return Changes(earlier, changed, added, removed)


def compilation_of(round_: Round) -> Compilation:
    """The round's compilation, in five queries."""
    parts = list(Part.objects.filter(version_id=round_.version_id).order_by("position"))
    by_part: dict[int, PartEntry] = {part.pk: PartEntry(part, [], []) for part in parts}
    for comment in submitted_comments(round_):
        entry = by_part.get(comment.part_id)
        if entry is None:
            continue
        if comment.kind == Comment.Kind.NONE:
            entry.no_comments.append(comment.invitation.organisation.name)
        else:
            entry.comments.append(comment)
    changes = changes_since(round_, parts)
    if changes is not None:
        added = {part.pk for part in changes.added}
        for entry in by_part.values():
            entry.diffs = changes.of(entry.part)
            entry.new = entry.part.pk in added
    return Compilation(round_, list(by_part.values()), responses(round_), changes)


# Exports ------------------------------------------------------------------------------


def filename(round_: Round, extension: str) -> str:
    """`remissammanstallning-adhd-2-2026-12-02.csv`: ASCII only, safe in a header."""
    slug = slugify(round_.programme.slug)[:60] or "programme"
    day = timezone.localdate().isoformat()
    prefix = slugify(_("compilation")) or "compilation"
    return f"{prefix}-{slug}-{round_.number}-{day}.{extension}"


def _change_text(answer: Answer | None) -> str:
    if answer is None or answer.change_id is None:
        return ""
    change = answer.change
    if change is None:
        return ""
    when = timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M")
    return f"{change.object_repr}: {change.get_action_display()} {when}"


def comment_rows(compilation: Compilation) -> list[list]:
    """A header and one row per comment (and per "no comments" mark), in part order."""
    header = [
        _("Part"),
        _("Kind of part"),
        _("Organisation"),
        _("Kind of comment"),
        _("Comment"),
        _("Proposed wording"),
        _("Answer"),
        _("Reason"),
        _("Change made in the draft"),
    ]
    rows = [[capfirst(str(title)) for title in header]]
    for entry in compilation.parts:
        part = entry.part
        for comment in entry.comments:
            answer = answer_of(comment)
            rows.append(
                [
                    part.title,
                    capfirst(part.get_kind_display()),
                    comment.invitation.organisation.name,
                    capfirst(comment.get_kind_display()),
                    comment.text,
                    comment.proposal,
                    capfirst(answer.get_verdict_display()) if answer else "",
                    answer.reason if answer else "",
                    _change_text(answer),
                ]
            )
        for name in entry.no_comments:
            rows.append(
                [
                    part.title,
                    capfirst(part.get_kind_display()),
                    name,
                    capfirst(str(Comment.Kind.NONE.label)),
                    "",
                    "",
                    "",
                    "",
                    "",
                ]
            )
    return rows


def response_rows(compilation: Compilation) -> list[list]:
    rows = [[_("Organisation"), _("Kind of organisation"), _("Response submitted"), _("Comments")]]
    for response in compilation.responses:
        submitted = response.invitation.submitted_at
        rows.append(
            [
                response.organisation.name,
                capfirst(response.organisation.get_kind_display()),
                timezone.localtime(submitted).replace(tzinfo=None)
                if submitted
                else _("No response"),
                response.comments,
            ]
        )
    return rows


def _neutral(value):
    if value is None:
        return ""
    value = str(value) if not isinstance(value, int | float) else value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def compilation_csv(compilation: Compilation) -> str:
    """The comments as CSV for Swedish Excel: semicolons between the columns (Excel's
    separator where the decimal comma is used), after a byte order mark so that Excel
    reads UTF-8 and shows å, ä and ö."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in comment_rows(compilation):
        writer.writerow(
            [
                value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else _neutral(value)
                for value in row
            ]
        )
    return out.getvalue()


def compilation_workbook(compilation: Compilation) -> bytes:
    """The comments and the responses as two sheets of a workbook: a bold header that
    stays in view, text wrapped in wide columns, filters on the header."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, _("Comments"), comment_rows(compilation), wide={4, 5, 7})
    _sheet(book, _("Responses"), response_rows(compilation), wide=set())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book, title: str, rows: list[list], wide: set[int]) -> None:
    sheet = book.create_sheet(str(title)[:31])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for row_index, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column)
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"  # never a formula nor an error code
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
            else:
                cell.value = value
                if hasattr(value, "strftime"):
                    cell.number_format = "yyyy-mm-dd hh:mm"
            cell.alignment = wrap
            if row_index == 1:
                cell.font = bold
    for column in range(1, len(rows[0]) + 1):
        width = WIDE if column - 1 in wide else NARROW
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    if len(rows) > 1:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"
