"""An indicator followed in a plan: its chart (run chart or control chart, as chosen),
its measurements, PDSA cycles and notes, and the other indicators of the care pathway it
follows up. Editors also get the forms for the chart's settings, baselines and notes."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .. import charts, selectors
from ..access import Can, access_for
from ..followup import forms as followup_forms
from ..followup import selectors as followup
from .common import crumb, member_view, plan_crumbs


def plan_indicator(access, pk: int, indicator_pk: int, capability: Can = Can.VIEW):
    """The plan (if the user holds `capability` on it), the indicator followed in it and
    all the plan's indicators; 404 for an indicator the plan cannot follow."""
    plan = selectors.get_plan(access, pk, capability)
    indicators = selectors.plan_indicators(plan)
    indicator = next((i for i in indicators if i.pk == indicator_pk), None)
    if indicator is None:
        raise Http404("No such indicator")
    return plan, indicator, indicators


def indicator_data(plan, indicator, requested: str | None = None) -> dict:
    """The measurements, cycles, settings and chart of the indicator in the plan, in a
    fixed number of queries."""
    measurements = list(plan.measurements.filter(indicator=indicator).order_by("period_start"))
    cycles = [c for c in selectors.pdsa_cycles(plan) if c.indicator_id in (None, indicator.pk)]
    follow = followup.follow_up(plan, indicator)
    choice = followup.chart_for(
        plan, indicator, measurements, cycles, follow=follow, requested=requested
    )
    return {
        "measurements": measurements,
        "cycles": cycles,
        "follow": follow,
        "choice": choice,
        "chart": choice.chart,
    }


@member_view
def indicator_detail(request, pk, indicator_pk):
    access = access_for(request)
    plan, indicator, indicators = plan_indicator(access, pk, indicator_pk)
    return indicator_page(request, access, plan, indicator, indicators)


def indicator_page(request, access, plan, indicator, indicators, *, forms=None, status=200):
    """The indicator page; `forms` are bound forms a POST sent back with errors."""
    data = indicator_data(plan, indicator, request.GET.get("chart"))
    choice = data["choice"]
    pathway = selectors.followed_pathway(indicator)
    can_edit = access.can(Can.EDIT, plan.organisation)
    base = reverse("implementation:indicator", args=[plan.pk, indicator.pk])
    downloads = reverse("implementation:chart_svg", args=[plan.pk, indicator.pk])
    png = reverse("implementation:chart_png", args=[plan.pk, indicator.pk])
    query = f"?chart={choice.kind}"
    context = {
        "plan": plan,
        "indicator": indicator,
        **data,
        "chart_title": charts.chart_name(choice.kind),
        "chart_kinds": [
            (kind, label, f"{base}?chart={kind}#chart") for kind, label in followup.kind_choices()
        ],
        "download_urls": {"svg": downloads + query, "png": png + query},
        "pathway": pathway,
        "pathway_url": selectors.pathway_url(indicator.programme, pathway) if pathway else None,
        # The other indicators that follow up the same care pathway.
        "pathway_indicators": [
            other
            for other in indicators
            if pathway is not None and other.pathway_id == pathway.pk and other != indicator
        ],
        "can_edit": can_edit,
        # Key figures from open data (Kolada) follow this indicator up too.
        "has_open_data": indicator.open_data_links.exists(),
        "breadcrumbs": plan_crumbs(plan, crumb(indicator.name)),
    }
    if can_edit:
        context.update(edit_forms(plan, indicator, data, forms or {}))
    if choice.bad_request and status == 200:
        status = 400
    return render(request, "implementation/indicator_detail.html", context, status=status)


def edit_forms(plan, indicator, data, bound: dict) -> dict:
    """Empty forms for the chart's setting, a baseline and a note, unless a POST sent one
    back with errors."""
    measurements = data["measurements"]
    follow = data["follow"]
    default_label = dict(followup.kind_choices())[followup.default_kind(indicator)]
    return {
        "setting_form": bound.get("setting")
        or followup_forms.ChartSettingForm(instance=follow.setting, default_label=default_label),
        "baseline_form": bound.get("baseline") or followup_forms.BaselineForm(),
        "note_form": bound.get("note") or followup_forms.ChartNoteForm(),
        "has_measurements": bool(measurements),
    }
