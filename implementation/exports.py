"""A plan and a regional overview as CSV and as an Excel workbook.

Builders only, with no request or response in them: each takes what the selectors return
and gives text (CSV) or bytes (a workbook), in a fixed number of queries however many
units, targets or activities there are.

Text that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab
or a carriage return) is neutralised. In CSV it gets a leading `'`. In a workbook every
text is stored as a string, never as a formula (nor as an error code such as `#N/A`), and
such text is marked "quote prefix" as well, so that editing the cell keeps it text.
"""

import csv
import dataclasses
import datetime
import io
from collections import defaultdict
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import selectors
from .models import (
    Activity,
    AgendaItem,
    GapAnalysis,
    GapItem,
    Measurement,
    Organisation,
    PDSACycle,
    Plan,
    PlanUnit,
    StatusReport,
    Target,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SCORE_FORMAT = "0.0"
SHARE_FORMAT = "0%"
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Excel's own fills for "good" and "neutral" cells.
MET_FILL, NOT_MET_FILL = "C6EFCE", "FFEB9C"
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclasses.dataclass
class Table:
    """One sheet: a header and rows of plain values (text, numbers, dates or None)."""

    title: str
    header: list[str]
    rows: list[list] = dataclasses.field(default_factory=list)
    #: number formats by column index, where the type of the value does not say enough
    formats: dict[int, str] = dataclasses.field(default_factory=dict)
    #: background colours by (index in `rows`, column index)
    fills: dict[tuple[int, int], str] = dataclasses.field(default_factory=dict)
    #: whether the header gets filter buttons (not for sheets with a block below the rows)
    filterable: bool = True
    #: lines of explanation below the rows, in the workbook only
    notes: list[str] = dataclasses.field(default_factory=list)


def label(model, name: str) -> str:
    """The field's own verbose name, as a column header."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment in the site's time zone, without one: Excel has no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def filename(prefix: str, name: str, extension: str, day: datetime.date | None = None) -> str:
    """`vip-plan-jonkopings-kommun-2026-12-02.xlsx`: ASCII only, safe in a header."""
    slug = slugify(name)[:60].strip("-_") or "export"
    day = day or timezone.localdate()
    return f"{prefix}-{slug}-{day.isoformat()}.{extension}"


# A plan


def plan_rows(plan: Plan) -> list[list]:
    """The plan's targets, one row per unit and programme with a target, header first."""
    table = targets_table(selectors.target_matrix(plan))
    return [table.header, *table.rows]


def plan_csv(plan: Plan) -> str:
    return csv_text(plan_rows(plan))


def plan_workbook(plan: Plan) -> bytes:
    return workbook_bytes(plan_tables(plan))


def plan_tables(plan: Plan) -> list[Table]:
    """Every sheet of the plan's workbook, in eleven queries."""
    matrix = selectors.target_matrix(plan)
    return [
        plan_table(plan),
        targets_table(matrix),
        matrix_table(matrix),
        activities_table(plan),
        reports_table(plan),
        gaps_table(plan),
        measurements_table(plan),
        cycles_table(plan),
    ]


def plan_table(plan: Plan) -> Table:
    def field(name):
        return label(Plan, name)

    return Table(
        title=_("Plan"),
        header=[_("Field"), _("Value")],
        rows=[
            [field("title"), plan.title],
            [field("organisation"), plan.organisation.name],
            [field("period_start"), plan.period_start],
            [field("period_end"), plan.period_end],
            [field("phase"), plan.get_phase_display()],
            [_("Stage"), plan.stage.label],
            [field("ambition"), plan.ambition],
            [field("rationale"), plan.rationale],
            [field("key_people"), plan.key_people],
            [field("approach"), plan.approach],
            [field("schedule"), plan.schedule],
            [field("decided_by"), plan.decided_by],
            [field("decided_on"), plan.decided_on],
            [field("created_at"), local(plan.created_at)],
            [field("updated_at"), local(plan.updated_at)],
        ],
        filterable=False,
    )


def targets_table(matrix: selectors.Matrix) -> Table:
    rows = []
    for matrix_row in matrix.rows:
        unit = matrix_row.unit
        for programme, target in matrix_row.cells:
            if target is None:
                continue
            rows.append(
                [
                    unit.name,
                    unit.care_level.name if unit.care_level else "",
                    matrix_row.leader,
                    programme.name,
                    target.get_required_level_display(),
                    target.get_reached_level_display() if target.reached_level else None,
                    target.reached_on,
                    yes_no(target.is_met),
                ]
            )
    return Table(
        title=_("Targets"),
        header=[
            label(PlanUnit, "unit"),
            label(Organisation, "care_level"),
            label(PlanUnit, "leader"),
            label(Target, "programme"),
            label(Target, "required_level"),
            label(Target, "reached_level"),
            label(Target, "reached_on"),
            _("Met"),
        ],
        rows=rows,
    )


def matrix_table(matrix: selectors.Matrix) -> Table:
    """The matrix as on the plan page: the required level in each cell, green once met."""
    fixed = 3
    table = Table(
        title=_("Target matrix"),
        header=[
            label(PlanUnit, "unit"),
            label(Organisation, "care_level"),
            label(PlanUnit, "leader"),
            *[programme.name for programme in matrix.programmes],
        ],
        filterable=False,
    )
    for index, matrix_row in enumerate(matrix.rows):
        unit = matrix_row.unit
        row = [unit.name, unit.care_level.name if unit.care_level else "", matrix_row.leader]
        for column, (_programme, target) in enumerate(matrix_row.cells, start=fixed):
            row.append(target.required_level if target else None)
            if target:
                table.fills[index, column] = MET_FILL if target.is_met else NOT_MET_FILL
        table.rows.append(row)
    totals = matrix.totals()
    table.rows += [
        [],
        [_("Units with a target"), None, None, *[targeted for _p, targeted, _m in totals]],
        [_("Units that reached it"), None, None, *[met for _p, _t, met in totals]],
    ]
    table.notes.append(
        _("Each cell holds the required level: green once it is reached, yellow until then.")
    )
    return table


def activities_table(plan: Plan) -> Table:
    """One row per agenda item; an activity without an agenda gets one row of its own."""
    found = selectors.activities(plan)
    prefetch_related_objects(found, "agenda")
    rows = []
    for activity in found:
        base = [
            activity.date,
            activity.get_kind_display(),
            activity.title,
            activity.duration,
            activity.get_status_display(),
            activity.responsible,
            activity.unit.name if activity.unit else "",
            activity.programme.name if activity.programme else "",
            activity.notes,
        ]
        items = activity.agenda.all()
        if not items:
            rows.append([*base, None, None, None])
        for item in items:
            rows.append([*base, item.title, item.duration, item.minutes])
    return Table(
        title=_("Activities"),
        header=[
            label(Activity, "date"),
            label(Activity, "kind"),
            label(Activity, "title"),
            label(Activity, "duration"),
            label(Activity, "status"),
            label(Activity, "responsible"),
            label(Activity, "unit"),
            label(Activity, "programme"),
            label(Activity, "notes"),
            str(capfirst(AgendaItem._meta.verbose_name)),
            label(AgendaItem, "duration"),
            label(AgendaItem, "minutes"),
        ],
        rows=rows,
    )


def reports_table(plan: Plan) -> Table:
    # Every report, newest first; `selectors.latest_reports` stops at a count.
    reports = plan.status_reports.select_related("author")
    return Table(
        title=_("Status reports"),
        header=[
            label(StatusReport, "reported_on"),
            label(StatusReport, "score"),
            label(StatusReport, "author"),
            label(StatusReport, "works"),
            label(StatusReport, "difficulties"),
            label(StatusReport, "support_needed"),
        ],
        rows=[
            [
                report.reported_on,
                report.score,
                person(report.author),
                report.works,
                report.difficulties,
                report.support_needed,
            ]
            for report in reports
        ],
        formats={1: SCORE_FORMAT},
    )


def gaps_table(plan: Plan) -> Table:
    """One row per item of every gap analysis, in priority order within each analysis."""
    analyses = selectors.gap_analyses(plan)
    # One query for the items of every analysis; `selectors.gap_items` reads one analysis
    # (and its programme's tree) at a time.
    items: dict[int, list[GapItem]] = defaultdict(list)
    for item in sorted(
        GapItem.objects.filter(analysis__plan=plan).select_related("intervention"),
        key=lambda i: (i.intervention.priority or 99, i.intervention.path),
    ):
        items[item.analysis_id].append(item)
    rows = []
    for analysis in analyses:
        base = [analysis.programme.name, analysis.care_level.name, analysis.made_on]
        if not items[analysis.pk]:
            rows.append([*base, *[None] * 7])
        for item in items[analysis.pk]:
            rows.append(
                [
                    *base,
                    item.intervention.title,
                    item.intervention.priority,
                    item.get_offered_display(),
                    item.measure,
                    item.owner,
                    item.due,
                    item.get_status_display(),
                ]
            )
    return Table(
        title=_("Gap analyses"),
        header=[
            label(GapAnalysis, "programme"),
            label(GapAnalysis, "care_level"),
            label(GapAnalysis, "made_on"),
            label(GapItem, "intervention"),
            _("Priority"),
            label(GapItem, "offered"),
            label(GapItem, "measure"),
            label(GapItem, "owner"),
            label(GapItem, "due"),
            label(GapItem, "status"),
        ],
        rows=rows,
    )


def measurements_table(plan: Plan) -> Table:
    # Every measurement with its indicator's name; `selectors.measurements_by_indicator`
    # leaves the indicators out, and `plan_indicators` only has the published ones.
    measurements = plan.measurements.select_related("indicator").order_by(
        "indicator", "period_start"
    )
    return Table(
        title=_("Measurements"),
        header=[
            label(Measurement, "indicator"),
            label(Measurement, "period_start"),
            label(Measurement, "period_end"),
            label(Measurement, "numerator"),
            label(Measurement, "denominator"),
            label(Measurement, "value"),
            label(Measurement, "source"),
        ],
        rows=[
            [
                m.indicator.name,
                m.period_start,
                m.period_end,
                m.numerator,
                m.denominator,
                m.value,
                m.source,
            ]
            for m in measurements
        ],
    )


def cycles_table(plan: Plan) -> Table:
    return Table(
        title=_("PDSA cycles"),
        header=[
            label(PDSACycle, "title"),
            label(PDSACycle, "indicator"),
            label(PDSACycle, "start"),
            label(PDSACycle, "end"),
            label(PDSACycle, "plan_text"),
            label(PDSACycle, "do_text"),
            label(PDSACycle, "study_text"),
            label(PDSACycle, "act_text"),
            label(PDSACycle, "decision"),
        ],
        rows=[
            [
                cycle.title,
                cycle.indicator.name if cycle.indicator else "",
                cycle.start,
                cycle.end,
                cycle.plan_text,
                cycle.do_text,
                cycle.study_text,
                cycle.act_text,
                cycle.get_decision_display(),
            ]
            for cycle in selectors.pdsa_cycles(plan)
        ],
    )


# A regional overview


def overview_rows(overview: selectors.Overview) -> list[list]:
    """The coverage, one row per organisation and programme, header first."""
    table = coverage_table(overview, with_totals=False)
    return [table.header, *table.rows]


def overview_csv(overview: selectors.Overview) -> str:
    return csv_text(overview_rows(overview))


def overview_workbook(overview: selectors.Overview) -> bytes:
    return workbook_bytes(overview_tables(overview))


def overview_tables(overview: selectors.Overview) -> list[Table]:
    """Every sheet of the overview's workbook; no queries beyond the overview's own."""
    return [
        standing_table(overview),
        coverage_table(overview),
        latest_reports_table(overview),
        overdue_table(overview),
    ]


def standing_table(overview: selectors.Overview) -> Table:
    """Each organisation with its newest plan, its phase and its latest status report."""
    rows = []
    for row in overview.rows:
        plan, report = row.plan, row.latest_report
        rows.append(
            [
                row.organisation.name,
                row.organisation.municipality_code,
                plan.title if plan else _("No plan yet"),
                plan.period_start if plan else None,
                plan.period_end if plan else None,
                plan.get_phase_display() if plan else "",
                plan.stage.label if plan else "",
                len(row.plans),
                report.score if report else None,
                report.reported_on if report else None,
            ]
        )
    return Table(
        title=_("Plans and phases"),
        header=[
            label(Plan, "organisation"),
            label(Organisation, "municipality_code"),
            _("Newest plan"),
            label(Plan, "period_start"),
            label(Plan, "period_end"),
            label(Plan, "phase"),
            _("Stage"),
            _("Number of plans"),
            _("Latest progress score"),
            _("Latest status report"),
        ],
        rows=rows,
        formats={8: SCORE_FORMAT},
    )


def share(targeted: int, met: int) -> Decimal | None:
    if not targeted:
        return None
    return (Decimal(met) / Decimal(targeted)).quantize(Decimal("0.001"))


def coverage_table(overview: selectors.Overview, *, with_totals: bool = True) -> Table:
    """Per organisation and programme: units with a target, how many reached it, the share.

    Each unit counts once per programme (the selector takes the newest plan's target)."""
    table = Table(
        title=_("Coverage"),
        header=[
            label(Plan, "organisation"),
            label(Organisation, "municipality_code"),
            label(Target, "programme"),
            _("Units with a target"),
            _("Units that reached it"),
            _("Share that reached it"),
        ],
        formats={5: SHARE_FORMAT},
        filterable=not with_totals,
    )
    for row in overview.rows:
        for programme, targeted, met in row.coverage_cells:
            table.rows.append(
                [
                    row.organisation.name,
                    row.organisation.municipality_code,
                    programme.name,
                    targeted,
                    met,
                    share(targeted, met),
                ]
            )
    if with_totals:
        everywhere = _("All in %(name)s") % {"name": overview.organisation.name}
        table.rows.append([])
        for programme, targeted, met in overview.coverage_cells:
            table.rows.append([everywhere, "", programme.name, targeted, met, share(targeted, met)])
    return table


def _overview_plans(overview: selectors.Overview) -> dict[int, Plan]:
    """The overview's plans by id, each with its organisation already read."""
    return {plan.pk: plan for row in overview.rows for plan in row.plans}


def latest_reports_table(overview: selectors.Overview) -> Table:
    plans = _overview_plans(overview)
    rows = []
    for report in overview.latest_reports:
        # The report's own `plan` was read without its organisation; the rows' plans were.
        # A plan in no row is the overview organisation's own.
        plan = plans.get(report.plan_id)
        rows.append(
            [
                report.reported_on,
                plan.organisation.name if plan else overview.organisation.name,
                report.plan.title,
                report.score,
                person(report.author),
                report.works,
                report.difficulties,
                report.support_needed,
            ]
        )
    return Table(
        title=_("Latest status reports"),
        header=[
            label(StatusReport, "reported_on"),
            label(Plan, "organisation"),
            label(StatusReport, "plan"),
            label(StatusReport, "score"),
            label(StatusReport, "author"),
            label(StatusReport, "works"),
            label(StatusReport, "difficulties"),
            label(StatusReport, "support_needed"),
        ],
        rows=rows,
        formats={3: SCORE_FORMAT},
    )


def overdue_table(overview: selectors.Overview) -> Table:
    """Late activities, gap measures and PDSA cycles, oldest first."""
    late = overview.overdue
    rows = [
        [
            str(capfirst(Activity._meta.verbose_name)),
            activity.date,
            activity.title,
            activity.plan.organisation.name,
            activity.plan.title,
            activity.responsible,
        ]
        for activity in late["activities"]
    ]
    rows += [
        [
            label(GapItem, "measure"),
            item.due,
            item.intervention.title,
            item.analysis.plan.organisation.name,
            item.analysis.plan.title,
            item.owner,
        ]
        for item in late["measures"]
    ]
    rows += [
        [
            str(capfirst(PDSACycle._meta.verbose_name)),
            cycle.end,
            cycle.title,
            cycle.plan.organisation.name,
            cycle.plan.title,
            "",
        ]
        for cycle in late["cycles"]
    ]
    rows.sort(key=lambda row: row[1])
    return Table(
        title=_("Overdue"),
        header=[
            label(Organisation, "kind"),
            _("Date"),
            label(Activity, "title"),
            label(Plan, "organisation"),
            label(StatusReport, "plan"),
            label(Activity, "responsible"),
        ],
        rows=rows,
    )


# Writing


def neutral(value: str) -> str:
    """Text a spreadsheet will not take for a formula, for CSV."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return neutral(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_text(rows: list[list]) -> str:
    """Comma-separated, quoted where needed, after a byte order mark: Excel then reads the
    text as UTF-8 and shows å, ä and ö."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()


def workbook_bytes(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(book.create_sheet(_sheet_title(table.title, used)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """At most 31 characters, none Excel forbids, and unlike every other sheet's."""
    base = str(title).translate(SHEET_TITLE_FORBIDDEN).strip("' ")[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _write_sheet(sheet, table: Table) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(title)) for title in table.header]
    for column, title in enumerate(table.header, start=1):
        _put(sheet, 1, column, title).font = bold
    for index, row in enumerate(table.rows):
        for column, value in enumerate(row):
            cell = _put(sheet, index + 2, column + 1, value, table.formats.get(column))
            fill = table.fills.get((index, column))
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            width = _width(value)
            if width > MAX_WIDTH:
                cell.alignment = wrap
            if column >= len(widths):
                widths.append(0)
            widths[column] = max(widths[column], width)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = (
            min(max(width, MIN_WIDTH), MAX_WIDTH) + 2
        )
    for offset, note in enumerate(table.notes, start=len(table.rows) + 3):
        _put(sheet, offset, 1, note)
    sheet.freeze_panes = "A2"
    if table.filterable and table.rows:
        last = get_column_letter(len(table.header))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _put(sheet, row: int, column: int, value, number_format: str | None = None):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # Always a string: openpyxl would store "=…" as a formula and "#N/A" as an error.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)
