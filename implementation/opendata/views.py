"""An indicator's open data in a plan: the linked key figures' values for the plan's
organisation beside the country and the comparison municipalities, a button that fetches
them anew, and the choice of comparison municipalities."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from programmes.crumbs import crumb

from ..access import Can, access_for
from ..selectors import get_plan
from ..views.common import member_view, plan_crumbs
from . import selectors
from .chart import Series, line_chart
from .client import OpenDataError
from .forms import ComparisonForm, GenderForm
from .models import Gender, KpiLink
from .services import comparison_save, import_values
from .sources import source_for

FETCH_RATE = "5/m"


def _fetch_rate(group, request) -> str:
    return getattr(settings, "VIP_OPENDATA_FETCH_RATE", FETCH_RATE)


def _user_key(group, request) -> str:
    return f"user:{request.user.pk}"


def _plan_and_indicator(request, pk: int, indicator_pk: int, capability: Can = Can.VIEW):
    access = access_for(request)
    plan = get_plan(access, pk, capability)
    indicator = selectors.indicator_for(indicator_pk)
    if indicator is None:
        raise Http404("No such indicator")
    return access, plan, indicator


def _page_url(plan, indicator) -> str:
    return reverse("implementation:indicator_open_data", args=[plan.pk, indicator.pk])


@member_view
def indicator_open_data(request, pk, indicator_pk):
    access, plan, indicator = _plan_and_indicator(request, pk, indicator_pk)
    return _page(request, access, plan, indicator)


def _page(request, access, plan, indicator, *, comparison_form=None, status=200):
    can_edit = access.can(Can.EDIT, plan.organisation)
    gender_form = GenderForm(request.GET or None)
    gender = gender_form.gender()
    areas = selectors.plan_areas(plan)
    figures = selectors.indicator_values(
        indicator, areas, gender, getattr(settings, "VIP_KOLADA_YEARS", 10)
    )
    for number, figure in enumerate(figures, start=1):
        series = [
            Series(
                name=area.name,
                kind=area.kind,
                values={year: cell.value for year, cell in zip(figure.years, cells, strict=True)},
                preliminary=frozenset(
                    year for year, cell in zip(figure.years, cells, strict=True) if cell.preliminary
                ),
            )
            for area, cells in figure.rows
        ]
        figure.chart = line_chart(
            series,
            figure.years,
            title=_("%(indicator)s: %(source)s %(kpi)s")
            % {
                "indicator": indicator.name,
                "source": figure.link.get_source_display(),
                "kpi": figure.link.kpi,
            },
            chart_id=f"open-data-{number}",
        )
    if can_edit and comparison_form is None:
        comparison_form = ComparisonForm(
            exclude_code=areas.own.code if areas.own else None,
            initial={"municipalities": [area.pk for area in areas.comparisons]},
        )
    title = _("Open data")
    return render(
        request,
        "implementation/opendata/indicator_open_data.html",
        {
            "plan": plan,
            "indicator": indicator,
            "areas": areas,
            "figures": figures,
            "gender_form": gender_form,
            "gender": gender,
            "gender_label": Gender(gender).label,
            "comparison_form": comparison_form if can_edit else None,
            "can_edit": can_edit,
            "breadcrumbs": plan_crumbs(
                plan,
                crumb(
                    indicator.name,
                    reverse("implementation:indicator", args=[plan.pk, indicator.pk]),
                ),
                crumb(title),
            ),
        },
        status=status,
    )


@member_view
@require_POST
@ratelimit(group="opendata.fetch", key=_user_key, rate=_fetch_rate, method="POST", block=False)
def indicator_open_data_fetch(request, pk, indicator_pk):
    """Fetch the indicator's key figures anew for the plan's areas and the last years."""
    access, plan, indicator = _plan_and_indicator(request, pk, indicator_pk, Can.EDIT)
    if getattr(request, "limited", False):
        messages.error(
            request,
            _(
                "You have fetched open data many times in a short while. "
                "Wait a minute and try again."
            ),
        )
        response = _page(request, access, plan, indicator, status=429)
        response["Retry-After"] = "60"
        return response
    links = list(KpiLink.objects.filter(indicator=indicator))
    if not links:
        messages.info(request, _("No key figures are linked to this indicator."))
        return redirect(_page_url(plan, indicator))
    areas = selectors.plan_areas(plan)
    years = selectors.recent_years(getattr(settings, "VIP_KOLADA_YEARS", 10))
    by_source: dict[str, list[str]] = {}
    for link in links:
        by_source.setdefault(link.source, []).append(link.kpi)
    created = changed = unchanged = 0
    for source_name, kpis in sorted(by_source.items()):
        try:
            result = import_values(
                source=source_for(source_name),
                kpis=kpis,
                areas=areas.fetch_codes,
                years=years,
                actor=request.user,
            )
        except OpenDataError as error:
            messages.error(
                request,
                _("Nothing was fetched from %(source)s. %(error)s")
                % {"source": links[0].get_source_display(), "error": error},
            )
            return redirect(_page_url(plan, indicator))
        created += result.created
        changed += result.changed
        unchanged += result.unchanged
    messages.success(request, fetched_message(created, changed, unchanged))
    return redirect(_page_url(plan, indicator))


def fetched_message(created: int, changed: int, unchanged: int) -> str:
    parts = [
        ngettext("%(count)s new value", "%(count)s new values", created) % {"count": created},
        ngettext("%(count)s changed", "%(count)s changed", changed) % {"count": changed},
        ngettext("%(count)s unchanged", "%(count)s unchanged", unchanged) % {"count": unchanged},
    ]
    return _("Fetched: %(summary)s.") % {"summary": ", ".join(parts)}


@member_view
@require_POST
def indicator_open_data_comparison(request, pk, indicator_pk):
    """Save the municipalities the plan compares itself with."""
    access, plan, indicator = _plan_and_indicator(request, pk, indicator_pk, Can.EDIT)
    areas = selectors.plan_areas(plan)
    form = ComparisonForm(request.POST, exclude_code=areas.own.code if areas.own else None)
    if not form.is_valid():
        return _page(request, access, plan, indicator, comparison_form=form, status=400)
    comparison_save(plan=plan, municipalities=form.cleaned_data["municipalities"])
    messages.success(request, _("The comparison municipalities were saved."))
    return redirect(_page_url(plan, indicator))
