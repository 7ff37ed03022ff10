"""Reads for a plan and its parts: who may see which plans, the plan's units, its
activities, reports, indicators (grouped under the care pathways they follow up),
measurements and PDSA cycles."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from programmes.models import Indicator, Pathway

from ..access import Access, Can
from ..models import Activity, Measurement, Organisation, PDSACycle, Plan, StatusReport


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


def activities(plan: Plan) -> list[Activity]:
    return list(plan.activities.select_related("unit", "programme").annotate(items=Count("agenda")))


def latest_reports(plan: Plan, count: int = 3) -> list[StatusReport]:
    return list(plan.status_reports.select_related("author", "support_replied_by")[:count])


def plan_indicators(plan: Plan) -> list[Indicator]:
    """The published indicators of every programme, for measurements and PDSA cycles, each
    with the care pathway it follows up, if any."""
    return list(
        Indicator.objects.filter(published=True, programme__published=True).select_related(
            "programme", "pathway__setting"
        )
    )


def followed_indicators(measured: set[int], planned: set[int]) -> list[Indicator]:
    """The published indicators a plan page shows (`pathway_follow_up` groups them): the
    measured ones, and every indicator of a care pathway the plan plans for (`planned`,
    pathway ids) or has measured an indicator of. One query, however many indicators the
    programmes have."""
    return list(
        Indicator.objects.filter(published=True, programme__published=True)
        .filter(
            Q(pk__in=measured)
            | Q(pathway__in=planned)
            | Q(pathway__in=Indicator.objects.filter(pk__in=measured).values("pathway"))
        )
        .select_related("programme", "pathway__setting")
    )


def followed_pathway(indicator: Indicator) -> Pathway | None:
    """The published care pathway the indicator follows up, if any."""
    pathway = indicator.pathway if indicator.pathway_id else None
    return pathway if pathway is not None and pathway.published else None


def pathway_follow_up(
    indicators: list[Indicator], measured: set[int], planned: set[int]
) -> list[tuple[Pathway, list[Indicator]]]:
    """The care pathways a plan follows up, each with its indicators: a pathway the plan
    has a target or a gap analysis for (`planned`, pathway ids), or one of whose
    indicators it has measured. No query: `indicators` come from `plan_indicators`."""
    groups: dict[int, list[Indicator]] = {}
    pathways: dict[int, Pathway] = {}
    for indicator in indicators:
        pathway = followed_pathway(indicator)
        if pathway is not None:
            pathways[pathway.pk] = pathway
            groups.setdefault(pathway.pk, []).append(indicator)
    shown = [
        pk
        for pk, group in groups.items()
        if pk in planned or any(indicator.pk in measured for indicator in group)
    ]
    return [(pathways[pk], groups[pk]) for pk in shown]


def measurements_by_indicator(plan: Plan) -> dict[int, list[Measurement]]:
    grouped = defaultdict(list)
    for measurement in plan.measurements.order_by("period_start"):
        grouped[measurement.indicator_id].append(measurement)
    return grouped


def pdsa_cycles(plan: Plan) -> list[PDSACycle]:
    return list(plan.pdsa_cycles.select_related("indicator"))
