"""Reads for the implementation pages. Each returns what a page needs in a fixed number of
queries, however many units, targets or activities there are."""

import dataclasses
import datetime
from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from care_levels.models import CareLevel
from programmes.models import ContentNode, Indicator, Programme
from programmes.selectors import ProgrammeTree, in_tree, interventions, level_scope

from .access import Access, Can
from .models import (
    Activity,
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


def plans_for(access: Access, capability: Can = Can.VIEW) -> QuerySet[Plan]:
    return Plan.objects.filter(access.plans(capability)).select_related("organisation")


def get_plan(access: Access, pk: int, capability: Can = Can.VIEW) -> Plan:
    """The plan, if the user holds `capability` on it; 404 otherwise, as if it did not exist."""
    plan = plans_for(access, capability).filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def organisations_for(access: Access, capability: Can) -> list[Organisation]:
    """The organisations where the user holds `capability`, in tree order."""
    return list(Organisation.objects.filter(access.organisations(capability)).order_by("path"))


def plan_units(plan: Plan) -> list[Organisation]:
    """The units of the plan's organisation (itself, if it is a unit), in tree order."""
    return list(
        Organisation.objects.filter(
            path__startswith=plan.organisation.path, kind=Organisation.Kind.UNIT
        )
        .select_related("care_level")
        .order_by("path")
    )


def matrix_programmes() -> list[Programme]:
    """The programmes the target matrix has columns for: every published one."""
    return list(Programme.objects.filter(published=True).only("id", "name", "slug", "position"))


@dataclasses.dataclass
class MatrixRow:
    unit: Organisation
    row: PlanUnit | None
    cells: list[tuple[Programme, Target | None]]

    @property
    def leader(self) -> str:
        return self.row.leader if self.row else ""

    @property
    def version(self) -> int | None:
        return self.row.lock_version if self.row else None


@dataclasses.dataclass
class Matrix:
    programmes: list[Programme]
    rows: list[MatrixRow]

    def totals(self) -> list[tuple[Programme, int, int]]:
        """Per programme: how many units have a target, and how many reached it."""
        out = []
        for index, programme in enumerate(self.programmes):
            targets = [row.cells[index][1] for row in self.rows if row.cells[index][1]]
            out.append((programme, len(targets), sum(t.is_met for t in targets)))
        return out


def target_matrix(plan: Plan, units: list[Organisation] | None = None) -> Matrix:
    """Units × programmes with each cell's target, in three queries."""
    programmes = matrix_programmes()
    units = plan_units(plan) if units is None else units
    rows = {row.unit_id: row for row in PlanUnit.objects.filter(plan=plan)}
    targets = {(t.row_id, t.programme_id): t for t in Target.objects.filter(row__plan=plan)}
    return Matrix(
        programmes=programmes,
        rows=[
            MatrixRow(
                unit=unit,
                row=rows.get(unit.pk),
                cells=[
                    (p, targets.get((rows[unit.pk].pk, p.pk)) if unit.pk in rows else None)
                    for p in programmes
                ],
            )
            for unit in units
        ],
    )


def activities(plan: Plan) -> list[Activity]:
    return list(plan.activities.select_related("unit", "programme").annotate(items=Count("agenda")))


def latest_reports(plan: Plan, count: int = 3) -> list[StatusReport]:
    return list(plan.status_reports.select_related("author")[:count])


def gap_analyses(plan: Plan) -> list[GapAnalysis]:
    return list(
        plan.gap_analyses.select_related("programme", "care_level").annotate(
            total=Count("items"),
            gaps=Count("items", filter=Q(items__offered__in=["partly", "no"])),
            unknown=Count("items", filter=Q(items__offered="unknown")),
        )
    )


def gap_interventions(programme: Programme, level: CareLevel) -> list[ContentNode]:
    """The programme's published, prioritised interventions for `level` (and the levels
    above and below it, as the knowledge portal shows them), highest priority first, each
    with its `url` in the portal."""
    tree = ProgrammeTree.load(programme)
    scope = CareLevel.objects.filter(level_scope(level)).values("pk")
    found = in_tree(
        tree,
        interventions()
        .filter(programme=programme, priority__isnull=False, care_levels__in=scope)
        .distinct(),
    )
    return sorted(found, key=lambda node: (node.priority, node.path))


def gap_items(analysis: GapAnalysis) -> list[GapItem]:
    """The items with their interventions, in priority order, each linked to the portal."""
    tree = ProgrammeTree.load(analysis.programme)
    items = list(analysis.items.select_related("intervention"))
    for item in items:
        shown = tree.get(item.intervention)
        item.intervention.url = shown.url if shown else None
    return sorted(items, key=lambda i: (i.intervention.priority or 99, i.intervention.path))


def plan_indicators(plan: Plan) -> list[Indicator]:
    """The published indicators of every programme, for measurements and PDSA cycles."""
    return list(
        Indicator.objects.filter(published=True, programme__published=True).select_related(
            "programme"
        )
    )


def measurements_by_indicator(plan: Plan) -> dict[int, list[Measurement]]:
    grouped = defaultdict(list)
    for measurement in plan.measurements.order_by("period_start"):
        grouped[measurement.indicator_id].append(measurement)
    return grouped


def pdsa_cycles(plan: Plan) -> list[PDSACycle]:
    return list(plan.pdsa_cycles.select_related("indicator"))


def overdue(plans: list[Plan], today: datetime.date | None = None) -> dict[str, list]:
    """What is late across `plans`: planned activities whose date has passed, gap measures
    past their due date, PDSA cycles past their end without a decision."""
    today = today or datetime.date.today()
    ids = [plan.pk for plan in plans]
    return {
        "activities": list(
            Activity.objects.filter(plan__in=ids, status=Activity.Status.PLANNED, date__lt=today)
            .select_related("plan__organisation")
            .order_by("date")
        ),
        "measures": list(
            GapItem.objects.filter(
                analysis__plan__in=ids,
                offered__in=[GapItem.Offered.PARTLY, GapItem.Offered.NO],
                due__lt=today,
            )
            .exclude(status=GapItem.Status.DONE)
            .select_related("analysis__plan__organisation", "intervention")
            .order_by("due")
        ),
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
    #: per programme: (programme, units with a target, units that reached it)
    coverage_cells: list[tuple[Programme, int, int]]

    @property
    def plan(self) -> Plan | None:
        """The plan with the latest period: the one that says where it stands now."""
        return self.plans[0] if self.plans else None


@dataclasses.dataclass
class Overview:
    organisation: Organisation
    programmes: list[Programme]
    rows: list[OverviewRow]
    #: the same as a row's, across the whole area
    coverage_cells: list[tuple[Programme, int, int]]
    #: the latest report of each plan, newest first
    latest_reports: list[StatusReport]
    overdue: dict[str, list]


def regional_overview(organisation: Organisation) -> Overview:
    """Every plan below `organisation`, grouped by the organisations directly under it.

    Coverage counts each unit once per programme, by the target of the newest plan that
    has one (a unit may sit in a municipality's plan and in its administration's).
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
    newest: dict[tuple[int, int], tuple] = {}
    order = {plan.pk: index for index, plan in enumerate(plans)}
    for plan_id, unit_path, programme_id, required, reached in Target.objects.filter(
        row__plan__in=list(order)
    ).values_list(
        "row__plan_id", "row__unit__path", "programme_id", "required_level", "reached_level"
    ):
        key = (unit_path, programme_id)
        if key not in newest or order[plan_id] < order[newest[key][0]]:
            newest[key] = (plan_id, reached is not None and reached >= required)
    programmes = matrix_programmes()

    def coverage_under(path: str) -> list[tuple[Programme, int, int]]:
        counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for (unit_path, programme_id), (_plan, met) in newest.items():
            if unit_path.startswith(path):
                counts[programme_id][0] += 1
                counts[programme_id][1] += met
        return [(p, *counts.get(p.pk, (0, 0))) for p in programmes]

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
        programmes=programmes,
        rows=rows,
        coverage_cells=coverage_under(organisation.path),
        latest_reports=sorted(reports.values(), key=lambda r: (r.reported_on, r.pk), reverse=True)[
            :6
        ],
        overdue=overdue(plans),
    )
