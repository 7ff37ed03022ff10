"""A regional overview as tables: each organisation's standing, coverage per programme
and care pathway, the latest status reports, what is overdue, the gap analyses of care
pathways, and the roll-up (progress scores per quarter, measurements added up, requests
for support with their replies)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from programmes.models import Pathway

from .. import selectors
from ..models import (
    Activity,
    GapAnalysis,
    GapItem,
    Measurement,
    Organisation,
    PDSACycle,
    Plan,
    StatusReport,
    Target,
)
from ..selectors.overview import quarter_label
from .plan import pathway_title, step_answers, step_answers_header
from .tables import (
    SCORE_FORMAT,
    SHARE_FORMAT,
    Table,
    csv_text,
    label,
    local,
    person,
    share,
    workbook_bytes,
)


def overview_rows(overview: selectors.Overview) -> list[list]:
    """The coverage, one row per organisation and programme (or care pathway), header
    first."""
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
        pathway_gaps_table(overview),
        scores_table(overview),
        aggregates_table(overview),
        support_table(overview),
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


def coverage_table(overview: selectors.Overview, *, with_totals: bool = True) -> Table:
    """Per organisation and programme (or care pathway): units with a target, how many
    reached it, the share.

    Each unit counts once per column (the selector takes the newest plan's target)."""
    table = Table(
        title=_("Coverage"),
        header=[
            label(Plan, "organisation"),
            label(Organisation, "municipality_code"),
            label(Target, "programme"),
            label(Target, "pathway"),
            _("Units with a target"),
            _("Units that reached it"),
            _("Share that reached it"),
        ],
        formats={6: SHARE_FORMAT},
        filterable=not with_totals,
    )
    for row in overview.rows:
        for column, targeted, met in row.coverage_cells:
            table.rows.append(
                [
                    row.organisation.name,
                    row.organisation.municipality_code,
                    column.programme.name,
                    pathway_title(column.pathway),
                    targeted,
                    met,
                    share(targeted, met),
                ]
            )
    if with_totals:
        everywhere = _("All in %(name)s") % {"name": overview.organisation.name}
        table.rows.append([])
        for column, targeted, met in overview.coverage_cells:
            table.rows.append(
                [
                    everywhere,
                    "",
                    column.programme.name,
                    pathway_title(column.pathway),
                    targeted,
                    met,
                    share(targeted, met),
                ]
            )
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
            _measure_of(item),
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


def _measure_of(item: GapItem) -> str:
    """What a late measure is about: an intervention, or a care pathway's step."""
    if item.step_id is not None:
        return f"{item.analysis.subject}: {item.step.title}"
    if item.is_phase_out:
        return _("%(intervention)s (to phase out)") % {"intervention": item.intervention.title}
    return item.intervention.title


def pathway_gaps_table(overview: selectors.Overview) -> Table:
    """Every step of every care pathway's gap analysis in the area, with its answers."""
    rows = []
    for entry in overview.pathway_gaps:
        analysis = entry.analysis
        base = [
            analysis.plan.organisation.name,
            analysis.plan.title,
            analysis.programme.name,
            analysis.pathway.title,
            analysis.pathway.setting.name if analysis.pathway.setting_id else "",
            analysis.care_level.name,
            analysis.made_on,
        ]
        rows += [[*base, *step_answers(item)] for item in entry.items]
    return Table(
        title=_("Care pathway gap analyses"),
        header=[
            label(Plan, "organisation"),
            label(StatusReport, "plan"),
            label(GapAnalysis, "programme"),
            label(GapAnalysis, "pathway"),
            label(Pathway, "setting"),
            label(GapAnalysis, "care_level"),
            label(GapAnalysis, "made_on"),
            *step_answers_header(),
        ],
        rows=rows,
    )


def scores_table(overview: selectors.Overview) -> Table:
    """Each organisation's progress score per quarter (its latest report of the quarter)."""
    return Table(
        title=_("Progress scores"),
        header=[label(Plan, "organisation"), *[quarter_label(q) for q in overview.quarters]],
        rows=[
            [series.organisation.name, *series.by_quarter(overview.quarters)]
            for series in overview.score_series
        ],
        formats={index: SCORE_FORMAT for index in range(1, len(overview.quarters) + 1)},
    )


def aggregates_table(overview: selectors.Overview) -> Table:
    """The measurements with numerator and denominator, added up per indicator and period."""
    rows = [
        [
            aggregate.indicator.name,
            period.start,
            period.end,
            period.numerator,
            period.denominator,
            period.share,
            len(period.organisations),
            ", ".join(o.name for o in period.organisations),
        ]
        for aggregate in overview.aggregates
        for period in aggregate.periods
    ]
    return Table(
        title=_("Measurements added up"),
        header=[
            label(Measurement, "indicator"),
            label(Measurement, "period_start"),
            label(Measurement, "period_end"),
            label(Measurement, "numerator"),
            label(Measurement, "denominator"),
            _("Share (%)"),
            _("Organisations counted"),
            _("Organisations"),
        ],
        rows=rows,
    )


def support_table(overview: selectors.Overview) -> Table:
    """Requests for support: those waiting first (oldest first), then the answered."""
    rows = [
        [
            report.reported_on,
            report.plan.organisation.name,
            report.plan.title,
            report.support_needed,
            report.support_reply,
            person(report.support_replied_by),
            local(report.support_replied_at),
        ]
        for report in overview.support_open + overview.support_answered
    ]
    return Table(
        title=_("Requests for support"),
        header=[
            label(StatusReport, "reported_on"),
            label(Plan, "organisation"),
            label(StatusReport, "plan"),
            label(StatusReport, "support_needed"),
            label(StatusReport, "support_reply"),
            label(StatusReport, "support_replied_by"),
            label(StatusReport, "support_replied_at"),
        ],
        rows=rows,
    )
