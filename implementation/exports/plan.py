"""A plan as tables: the plan itself, its targets, activities, status reports, gap
analyses, measurements and PDSA cycles."""

from collections import defaultdict

from django.db.models import prefetch_related_objects
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programmes.models import Pathway, PathwayStep, Programme

from .. import selectors
from ..models import (
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
from .tables import (
    MET_FILL,
    NOT_MET_FILL,
    SCORE_FORMAT,
    Table,
    csv_text,
    label,
    local,
    person,
    workbook_bytes,
    yes_no,
)


def plan_rows(plan: Plan) -> list[list]:
    """The plan's targets, one row per unit and programme (or care pathway) with a target,
    header first."""
    table = targets_table(selectors.target_matrix(plan))
    return [table.header, *table.rows]


def plan_csv(plan: Plan) -> str:
    return csv_text(plan_rows(plan))


def plan_workbook(plan: Plan) -> bytes:
    return workbook_bytes(plan_tables(plan))


def plan_tables(plan: Plan) -> list[Table]:
    """Every sheet of the plan's workbook, in twelve queries."""
    matrix = selectors.target_matrix(plan)
    return [
        plan_table(plan),
        targets_table(matrix),
        matrix_table(matrix),
        activities_table(plan),
        reports_table(plan),
        *gaps_tables(plan),
        measurements_table(plan),
        cycles_table(plan),
        programmes_table(matrix),
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


def programmes_table(matrix: selectors.Matrix) -> Table:
    """The programmes the plan's targets are for, with the version and the two dates of
    each: when its content last changed in substance, and when it was last updated."""
    return Table(
        title=_("Programmes"),
        header=[
            label(Programme, "name"),
            label(Programme, "version"),
            label(Programme, "status"),
            label(Programme, "substance_changed_at"),
            label(Programme, "updated_at"),
        ],
        rows=[
            [
                programme.name,
                programme.version,
                programme.get_status_display(),
                local(programme.substance_changed_at),
                local(programme.updated_at),
            ]
            for programme in matrix.programmes
        ],
    )


def targets_table(matrix: selectors.Matrix) -> Table:
    rows = []
    for matrix_row in matrix.rows:
        unit = matrix_row.unit
        for column, target in matrix_row.cells:
            if target is None:
                continue
            rows.append(
                [
                    unit.name,
                    unit.care_level.name if unit.care_level else "",
                    matrix_row.leader,
                    column.programme.name,
                    pathway_title(column.pathway),
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
            label(Target, "pathway"),
            label(Target, "required_level"),
            label(Target, "reached_level"),
            label(Target, "reached_on"),
            _("Met"),
        ],
        rows=rows,
    )


def pathway_title(pathway: Pathway | None) -> str | None:
    """A care pathway's title in a cell of its own (a version with its setting)."""
    if pathway is None:
        return None
    if pathway.setting_id is not None:
        return f"{pathway.title} ({pathway.setting.name})"
    return pathway.title


def matrix_table(matrix: selectors.Matrix) -> Table:
    """The matrix as on the plan page: the required level in each cell, green once met."""
    fixed = 3
    table = Table(
        title=_("Target matrix"),
        header=[
            label(PlanUnit, "unit"),
            label(Organisation, "care_level"),
            label(PlanUnit, "leader"),
            *[column.name for column in matrix.columns],
        ],
        filterable=False,
    )
    for index, matrix_row in enumerate(matrix.rows):
        unit = matrix_row.unit
        row = [unit.name, unit.care_level.name if unit.care_level else "", matrix_row.leader]
        for column, (_column, target) in enumerate(matrix_row.cells, start=fixed):
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


def gaps_tables(plan: Plan) -> tuple[Table, Table]:
    """The gap analyses of programmes (one row per intervention, in `gap_order`: by kind
    of recommendation, then guideline and rank) and of care pathways (one row per step,
    in order), from one read of every item."""
    analyses = selectors.gap_analyses(plan)
    # One query for the items of every analysis; `selectors.gap_items` reads one analysis
    # (and its programme's tree) at a time.
    items: dict[int, list[GapItem]] = defaultdict(list)
    for item in GapItem.objects.filter(analysis__plan=plan).select_related(
        "intervention__guideline", "step"
    ):
        items[item.analysis_id].append(item)
    for found in items.values():
        if found[0].step_id is not None:
            found.sort(key=lambda i: (i.step.position, i.step_id))
        else:
            found.sort(key=lambda i: selectors.gap_order(i.intervention))
    return (
        gaps_table([a for a in analyses if a.pathway_id is None], items),
        pathway_gaps_table([a for a in analyses if a.pathway_id is not None], items),
    )


def gaps_table(analyses: list[GapAnalysis], items: dict[int, list[GapItem]]) -> Table:
    """One row per item of every programme's gap analysis, in `gap_order`, with its
    recommendation in words, its guideline and its rank (compared only within the
    guideline), and whether it is a gap (one to phase out, for an icke-göra still done)."""
    rows = []
    for analysis in analyses:
        base = [analysis.programme.name, analysis.care_level.name, analysis.made_on]
        if not items[analysis.pk]:
            rows.append([*base, *[None] * 10])
        for item in items[analysis.pk]:
            node = item.intervention
            strength = node.strength
            rows.append(
                [
                    *base,
                    node.title,
                    str(capfirst(strength.label)) if strength else "",
                    str(node.guideline) if node.guideline else "",
                    node.priority,
                    item.get_offered_display(),
                    _("Yes, phase out") if item.is_phase_out else yes_no(item.is_gap),
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
            _("Recommendation"),
            _("National guideline"),
            _("Priority within the guideline"),
            label(GapItem, "offered"),
            _("Gap"),
            label(GapItem, "measure"),
            label(GapItem, "owner"),
            label(GapItem, "due"),
            label(GapItem, "status"),
        ],
        rows=rows,
    )


def pathway_gaps_table(analyses: list[GapAnalysis], items: dict[int, list[GapItem]]) -> Table:
    """One row per step of every care pathway's gap analysis, in the pathway's order."""
    rows = []
    for analysis in analyses:
        pathway = analysis.pathway
        base = [
            analysis.programme.name,
            pathway.title,
            pathway.setting.name if pathway.setting_id else "",
            analysis.care_level.name,
            analysis.made_on,
        ]
        if not items[analysis.pk]:
            rows.append([*base, *[None] * 11])
        for item in items[analysis.pk]:
            rows.append([*base, *step_answers(item)])
    return Table(
        title=_("Care pathway gap analyses"),
        header=[
            label(GapAnalysis, "programme"),
            label(GapAnalysis, "pathway"),
            label(Pathway, "setting"),
            label(GapAnalysis, "care_level"),
            label(GapAnalysis, "made_on"),
            *step_answers_header(),
        ],
        rows=rows,
    )


def step_answers_header() -> list[str]:
    return [
        label(GapItem, "step"),
        label(PathwayStep, "time_goal"),
        label(PathwayStep, "time_goal_days"),
        _("Done here"),
        _("Within its time goal"),
        label(GapItem, "days_now"),
        _("Gap"),
        label(GapItem, "measure"),
        label(GapItem, "owner"),
        label(GapItem, "due"),
        label(GapItem, "status"),
    ]


def step_answers(item: GapItem) -> list:
    """A pathway step's answers, as the columns of `step_answers_header`."""
    return [
        item.step.title,
        item.step.time_goal,
        item.step.time_goal_days,
        item.get_offered_display(),
        item.get_time_goal_met_display(),
        item.days_now,
        yes_no(item.is_gap),
        item.measure,
        item.owner,
        item.due,
        item.get_status_display(),
    ]


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
