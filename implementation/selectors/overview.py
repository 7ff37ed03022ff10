"""The regional overview: every plan below an organisation, where each stands, the
coverage of required levels per programme and care pathway, the latest reports, the gap
analyses of care pathways, and what is late."""

import dataclasses
import datetime
from collections import defaultdict

from programmes.models import Programme

from ..models import Activity, GapItem, Organisation, PDSACycle, Plan, StatusReport, Target
from .gaps import IS_GAP, PathwayGaps, named, pathway_gaps
from .matrix import Column, column_key, matrix_columns


def overdue(plans: list[Plan], today: datetime.date | None = None) -> dict[str, list]:
    """What is late across `plans`: planned activities whose date has passed, gap measures
    (of a programme's interventions or a pathway's steps) past their due date, PDSA cycles
    past their end without a decision."""
    today = today or datetime.date.today()
    ids = [plan.pk for plan in plans]
    measures = list(
        GapItem.objects.filter(IS_GAP, analysis__plan__in=ids, due__lt=today)
        .exclude(status=GapItem.Status.DONE)
        .select_related(
            "analysis__plan__organisation",
            "analysis__programme",
            "analysis__pathway__setting",
            "intervention",
            "step",
        )
        .order_by("due")
    )
    named([item.analysis for item in measures])
    return {
        "activities": list(
            Activity.objects.filter(plan__in=ids, status=Activity.Status.PLANNED, date__lt=today)
            .select_related("plan__organisation")
            .order_by("date")
        ),
        "measures": measures,
        "cycles": list(
            PDSACycle.objects.filter(plan__in=ids, end__lt=today, decision="")
            .select_related("plan__organisation")
            .order_by("end")
        ),
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

    @property
    def programmes(self) -> list[Programme]:
        return [column.programme for column in self.columns if column.pathway is None]


def regional_overview(organisation: Organisation) -> Overview:
    """Every plan below `organisation`, grouped by the organisations directly under it.

    Coverage counts each unit once per programme (and per care pathway), by the target of
    the newest plan that has one (a unit may sit in a municipality's plan and in its
    administration's).
    """
    children = list(
        Organisation.objects.filter(
            path__startswith=organisation.path, depth=organisation.depth + 1
        ).order_by("path")
    )
    plans = list(
        Plan.objects.filter(organisation__path__startswith=organisation.path)
        .select_related("organisation")
        .order_by("-period_start", "-id")
    )
    reports = {}
    for report in StatusReport.objects.filter(plan__in=[p.pk for p in plans]).select_related(
        "author", "plan__organisation"
    ):
        reports.setdefault(report.plan_id, report)
    newest: dict[tuple[str, tuple], tuple] = {}
    order = {plan.pk: index for index, plan in enumerate(plans)}
    for plan_id, unit_path, programme_id, pathway_id, required, reached in Target.objects.filter(
        row__plan__in=list(order)
    ).values_list(
        "row__plan_id",
        "row__unit__path",
        "programme_id",
        "pathway_id",
        "required_level",
        "reached_level",
    ):
        key = (unit_path, column_key(programme_id, pathway_id))
        if key not in newest or order[plan_id] < order[newest[key][0]]:
            newest[key] = (plan_id, reached is not None and reached >= required)
    # A pathway's column only where some unit has a target for it: most plans have none.
    targeted = {column for (_unit, column) in newest}
    columns = [c for c in matrix_columns() if c.pathway is None or c.key in targeted]

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
        overdue=overdue(plans),
        pathway_gaps=pathway_gaps(plans),
    )
