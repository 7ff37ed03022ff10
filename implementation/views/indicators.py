"""An indicator followed in a plan: its run chart, its measurements and its PDSA cycles."""

from django.http import Http404
from django.shortcuts import render

from .. import selectors
from ..access import Can, access_for
from .common import crumb, member_view, plan_crumbs
from .plans import indicator_chart


@member_view
def indicator_detail(request, pk, indicator_pk):
    access = access_for(request)
    plan = selectors.get_plan(access, pk)
    indicator = next((i for i in selectors.plan_indicators(plan) if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404("No such indicator")
    measurements = list(plan.measurements.filter(indicator=indicator).order_by("period_start"))
    cycles = [c for c in selectors.pdsa_cycles(plan) if c.indicator_id in (None, indicator.pk)]
    return render(
        request,
        "implementation/indicator_detail.html",
        {
            "plan": plan,
            "indicator": indicator,
            "measurements": measurements,
            "cycles": cycles,
            "chart": indicator_chart(indicator, measurements, cycles),
            "can_edit": access.can(Can.EDIT, plan.organisation),
            "breadcrumbs": plan_crumbs(plan, crumb(indicator.name)),
        },
    )
