"""Saving a chart's settings, baselines and notes (for people with the edit right), and
downloading the chart as SVG or PNG for reports (for everyone who may see the plan)."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from ..access import Can, access_for
from ..charts.png import svg_to_png
from ..views.common import member_view
from ..views.indicators import indicator_data, indicator_page, plan_indicator
from . import forms, services
from .models import Baseline, ChartNote


def _back(plan, indicator, anchor: str):
    url = reverse("implementation:indicator", args=[plan.pk, indicator.pk])
    return redirect(f"{url}#{anchor}")


@member_view
@require_POST
def chart_setting_save(request, pk, indicator_pk):
    access = access_for(request)
    plan, indicator, indicators = plan_indicator(access, pk, indicator_pk, Can.EDIT)
    form = forms.ChartSettingForm(request.POST)
    if not form.is_valid():
        return indicator_page(
            request, access, plan, indicator, indicators, forms={"setting": form}, status=400
        )
    services.chart_setting_save(
        plan=plan,
        indicator=indicator,
        chart_kind=form.cleaned_data["chart_kind"],
        target=form.cleaned_data["target"],
    )
    return _back(plan, indicator, "chart")


@member_view
@require_POST
def baseline_create(request, pk, indicator_pk):
    access = access_for(request)
    plan, indicator, indicators = plan_indicator(access, pk, indicator_pk, Can.EDIT)
    last = (
        plan.measurements.filter(indicator=indicator)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    form = forms.BaselineForm(
        request.POST, instance=Baseline(plan=plan, indicator=indicator), last_period=last
    )
    if not form.is_valid():
        return indicator_page(
            request, access, plan, indicator, indicators, forms={"baseline": form}, status=400
        )
    services.baseline_add(baseline=form.instance)
    return _back(plan, indicator, "baselines")


@member_view
@require_POST
def note_create(request, pk, indicator_pk):
    access = access_for(request)
    plan, indicator, indicators = plan_indicator(access, pk, indicator_pk, Can.EDIT)
    form = forms.ChartNoteForm(request.POST, instance=ChartNote(plan=plan, indicator=indicator))
    if not form.is_valid():
        return indicator_page(
            request, access, plan, indicator, indicators, forms={"note": form}, status=400
        )
    services.note_add(note=form.instance)
    return _back(plan, indicator, "notes")


@member_view
@require_POST
def followup_delete(request, pk, indicator_pk, item_pk, model):
    access = access_for(request)
    plan, indicator, _indicators = plan_indicator(access, pk, indicator_pk, Can.EDIT)
    services.followup_delete(model=model, plan=plan, indicator=indicator, pk=item_pk)
    # Already gone: someone else deleted it; the page shows what is left either way.
    return _back(plan, indicator, "baselines" if model is Baseline else "notes")


def _download(request, pk, indicator_pk):
    access = access_for(request)
    plan, indicator, _indicators = plan_indicator(access, pk, indicator_pk)
    data = indicator_data(plan, indicator, request.GET.get("chart"))
    name = slugify(f"{indicator.slug}-{data['choice'].kind}-{plan.pk}") or "chart"
    return data["choice"], name


@member_view
@require_GET
def chart_svg(request, pk, indicator_pk):
    choice, name = _download(request, pk, indicator_pk)
    if choice.bad_request:
        return HttpResponse(" ".join(choice.messages), status=400, content_type="text/plain")
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + str(choice.chart.svg)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


@member_view
@require_GET
def chart_png(request, pk, indicator_pk):
    choice, name = _download(request, pk, indicator_pk)
    if choice.bad_request:
        return HttpResponse(" ".join(choice.messages), status=400, content_type="text/plain")
    response = HttpResponse(svg_to_png(choice.chart.svg), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{name}.png"'
    return response
