"""The regional overview: every plan below an organisation, where each stands, the
coverage of required levels per programme and care pathway, the latest reports, the gap
analyses of care pathways, and what is late; and the roll-up: each organisation's progress
score over time, the area's measurements added up, and the requests for support."""

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from programmes.models import Programme

from ..models import GapItem, Measurement, Organisation, Plan, StatusReport
from . import overview_reads as reads
from .gaps import PathwayGaps, grouped_by_analysis, named
from .matrix import Column, column_key, columns_of


def overdue(plans: dict[int, Plan], items: list[GapItem], today: datetime.date) -> dict[str, list]:
    """What is late across `plans` (by id, read with their organisations): planned
    activities whose date has passed, gap measures (of a programme's interventions or a
    pathway's steps) past their due date, among `items` (`overview_reads.gap_items`), and
    PDSA cycles past their end without a decision; each the earliest first."""
    # The items with a measure past its date, kept if they are gaps (`GapItem.is_gap`):
    # few rows, and cheaper to tell apart here than to build `IS_GAP` into the query.
    measures = sorted(
        (
            item
            for item in items
            if item.due is not None
            and item.due < today
            and item.status != GapItem.Status.DONE
            and item.is_gap
        ),
        key=lambda item: item.due,
    )
    named([item.analysis for item in measures])
    return {
        "activities": reads.late_activities(plans, today),
        "measures": measures,
        "cycles": reads.late_cycles(plans, today),
    }


@dataclasses.dataclass
class OverviewRow:
    """One organisation directly under the overview's: its plans, and where it stands."""

    organisation: Organisation
    plans: list[Plan]
    latest_report: StatusReport | None
    #: per column (a programme or a care pathway): (column, units with a target, units
    #: that reached it)
    coverage_cells: list[tuple[Column, int, int]]

    @property
    def plan(self) -> Plan | None:
        """The plan with the latest period: the one that says where it stands now."""
        return self.plans[0] if self.plans else None


Quarter = tuple[int, int]  # (year, 1 … 4)


def quarter_of(day: datetime.date) -> Quarter:
    return (day.year, (day.month - 1) // 3 + 1)


def quarter_label(quarter: Quarter) -> str:
    year, number = quarter
    return _("Q%(quarter)s %(year)s") % {"quarter": number, "year": year}


@dataclasses.dataclass
class ScoreSeries:
    """An organisation's progress score (IHI, 0.5 … 5.0) per quarter: its latest report of
    the quarter, across its plans and those of the organisations below it."""

    organisation: Organisation
    scores: dict[Quarter, Decimal]

    def by_quarter(self, quarters: list[Quarter]) -> list[Decimal | None]:
        return [self.scores.get(quarter) for quarter in quarters]


@dataclasses.dataclass
class AggregatePeriod:
    """An indicator's measurements of one period added up across the area."""

    start: datetime.date
    end: datetime.date
    numerator: int
    denominator: int
    #: the organisations whose figures are in the sum
    organisations: list[Organisation]

    @property
    def share(self) -> Decimal:
        """In percent, like a measurement's value."""
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.1"))


@dataclasses.dataclass
class Aggregate:
    indicator: object  # programmes.Indicator
    periods: list[AggregatePeriod]


@dataclasses.dataclass
class Overview:
    organisation: Organisation
    columns: list[Column]
    rows: list[OverviewRow]
    #: the same as a row's, across the whole area
    coverage_cells: list[tuple[Column, int, int]]
    #: the latest report of each plan, newest first
    latest_reports: list[StatusReport]
    overdue: dict[str, list]
    #: the gap analyses of care pathways, with their steps
    pathway_gaps: list[PathwayGaps] = dataclasses.field(default_factory=list)
    #: the quarters with a status report, oldest first, and each organisation's scores
    quarters: list[Quarter] = dataclasses.field(default_factory=list)
    score_series: list[ScoreSeries] = dataclasses.field(default_factory=list)
    #: the measurements with numerator and denominator, added up per indicator and period
    aggregates: list[Aggregate] = dataclasses.field(default_factory=list)
    #: reports asking for support: not answered yet (oldest first), and answered (newest)
    support_open: list[StatusReport] = dataclasses.field(default_factory=list)
    support_answered: list[StatusReport] = dataclasses.field(default_factory=list)

    @property
    def programmes(self) -> list[Programme]:
        return [column.programme for column in self.columns if column.pathway is None]


def regional_overview(organisation: Organisation) -> Overview:
    """Every plan below `organisation`, grouped by the organisations directly under it.

    Coverage counts each unit once per programme (and per care pathway), by the target of
    the newest plan that has one (a unit may sit in a municipality's plan and in its
    administration's).
    """
    today = datetime.date.today()
    children = reads.children(organisation)
    plans = reads.plans_below(organisation)
    by_pk = {plan.pk: plan for plan in plans}
    items = reads.gap_items(by_pk, today)
    reports = {}
    every_report = reads.reports_of(by_pk)
    for report in every_report:
        reports.setdefault(report.plan_id, report)
    newest: dict[tuple[str, tuple], tuple] = {}
    order = {plan.pk: index for index, plan in enumerate(plans)}
    for plan_id, unit_path, programme_id, pathway_id, required, reached in reads.targets_of(
        list(order)
    ):
        key = (unit_path, column_key(programme_id, pathway_id))
        if key not in newest or order[plan_id] < order[newest[key][0]]:
            newest[key] = (plan_id, reached is not None and reached >= required)
    # A pathway's column only where some unit has a target for it: most plans have none.
    targeted = {column for (_unit, column) in newest}
    columns = [c for c in overview_columns() if c.pathway is None or c.key in targeted]

    def coverage_under(path: str) -> list[tuple[Column, int, int]]:
        counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        for (unit_path, column), (_plan, met) in newest.items():
            if unit_path.startswith(path):
                counts[column][0] += 1
                counts[column][1] += met
        return [(c, *counts.get(c.key, (0, 0))) for c in columns]

    rows = []
    for child in children:
        own = [plan for plan in plans if plan.organisation.path.startswith(child.path)]
        latest = [reports[plan.pk] for plan in own if plan.pk in reports]
        rows.append(
            OverviewRow(
                organisation=child,
                plans=own,
                latest_report=max(latest, key=lambda r: (r.reported_on, r.pk), default=None),
                coverage_cells=coverage_under(child.path),
            )
        )
    return Overview(
        organisation=organisation,
        columns=columns,
        rows=rows,
        coverage_cells=coverage_under(organisation.path),
        latest_reports=sorted(reports.values(), key=lambda r: (r.reported_on, r.pk), reverse=True)[
            :6
        ],
        overdue=overdue(by_pk, items, today),
        pathway_gaps=pathway_gaps(items),
        quarters=sorted({quarter_of(report.reported_on) for report in every_report}),
        score_series=score_series(children, every_report),
        aggregates=aggregates(organisation, plans),
        support_open=sorted(
            (r for r in every_report if r.awaits_support), key=lambda r: (r.reported_on, r.pk)
        ),
        support_answered=sorted(
            (r for r in every_report if r.support_needed.strip() and r.support_reply),
            key=lambda r: r.support_replied_at,
            reverse=True,
        ),
    )


def overview_columns() -> list[Column]:
    """Every published programme, each followed by its published care pathways (a version
    for a setting after its national pathway): `matrix_columns`, read in SQL."""
    return columns_of(*reads.published_programmes())


def pathway_gaps(items: list[GapItem]) -> list[PathwayGaps]:
    """The gap analyses of care pathways among the analyses of `items` (in the steps'
    order, `overview_reads.gap_items`), with every step's answers; by organisation,
    pathway and level (as `gaps.pathway_gaps`)."""
    return grouped_by_analysis(item for item in items if item.analysis.pathway_id is not None)


def score_series(children: list[Organisation], reports: list[StatusReport]) -> list[ScoreSeries]:
    """Per organisation with a report: its latest score in each quarter. No query."""
    latest: dict[tuple[int, Quarter], StatusReport] = {}
    for report in reports:
        child = next(
            (c for c in children if report.plan.organisation.path.startswith(c.path)), None
        )
        if child is None:  # the overview's own organisation's plans
            continue
        key = (child.pk, quarter_of(report.reported_on))
        if key not in latest or (report.reported_on, report.pk) > (
            latest[key].reported_on,
            latest[key].pk,
        ):
            latest[key] = report
    series = []
    for child in children:
        scores = {q: r.score for (pk, q), r in latest.items() if pk == child.pk}
        if scores:
            series.append(ScoreSeries(organisation=child, scores=scores))
    return series


def aggregates(organisation: Organisation, plans: list[Plan]) -> list[Aggregate]:
    """The measurements with a numerator and a denominator of the organisations below
    `organisation`, added up per indicator and period (one query).

    Each organisation counts once per period, by its newest plan; and not at all when an
    organisation above it (still below `organisation`) measured the same period, whose
    figure already includes it.
    """
    order = {plan.pk: index for index, plan in enumerate(plans)}
    by_plan = {plan.pk: plan for plan in plans}
    found = reads.measurements_of(
        [plan.pk for plan in plans if plan.organisation.depth > organisation.depth]
    )
    grouped: dict[tuple, dict[str, Measurement]] = {}
    indicators = {}
    for measurement in found:
        indicators[measurement.indicator_id] = measurement.indicator
        key = (measurement.indicator_id, measurement.period_start, measurement.period_end)
        path = by_plan[measurement.plan_id].organisation.path
        kept = grouped.setdefault(key, {}).get(path)
        if kept is None or order[measurement.plan_id] < order[kept.plan_id]:
            grouped[key][path] = measurement
    result: dict[int, Aggregate] = {}
    for (indicator_id, start, end), by_path in grouped.items():
        counted: list[str] = []
        for path in sorted(by_path):
            if not any(path.startswith(outer) for outer in counted):
                counted.append(path)
        measurements = [by_path[path] for path in counted]
        aggregate = result.setdefault(
            indicator_id, Aggregate(indicator=indicators[indicator_id], periods=[])
        )
        aggregate.periods.append(
            AggregatePeriod(
                start=start,
                end=end,
                numerator=sum(m.numerator for m in measurements),
                denominator=sum(m.denominator for m in measurements),
                organisations=[by_plan[m.plan_id].organisation for m in measurements],
            )
        )
    return list(result.values())
