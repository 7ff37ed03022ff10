"""An indicator followed in a plan: its run chart, its measurements and its PDSA cycles,
and the other indicators of the care pathway it follows up."""

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
    indicators = selectors.plan_indicators(plan)
    indicator = next((i for i in indicators if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404("No such indicator")
    pathway = selectors.followed_pathway(indicator)
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
            "pathway": pathway,
            "pathway_url": selectors.pathway_url(indicator.programme, pathway) if pathway else None,
            # The other indicators that follow up the same care pathway.
            "pathway_indicators": [
                other
                for other in indicators
                if pathway is not None and other.pathway_id == pathway.pk and other != indicator
            ],
            "can_edit": access.can(Can.EDIT, plan.organisation),
            "breadcrumbs": plan_crumbs(plan, crumb(indicator.name)),
        },
    )
