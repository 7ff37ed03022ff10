"""The follow-up charts' URLs, included into the `implementation` namespace."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import views
from .models import Baseline, ChartNote

base = _("implementation/plans/<int:pk>/indicators/<int:indicator_pk>/")


def _at(segment):
    return format_lazy("{}{}", base, segment)


urlpatterns = [
    path(_at(_("chart.svg")), views.chart_svg, name="chart_svg"),
    path(_at(_("chart.png")), views.chart_png, name="chart_png"),
    path(_at(_("chart-settings/")), views.chart_setting_save, name="chart_setting"),
    path(_at(_("baselines/")), views.baseline_create, name="baseline_create"),
    path(
        _at(_("baselines/<int:item_pk>/delete/")),
        views.followup_delete,
        {"model": Baseline},
        name="baseline_delete",
    ),
    path(_at(_("notes/")), views.note_create, name="chart_note_create"),
    path(
        _at(_("notes/<int:item_pk>/delete/")),
        views.followup_delete,
        {"model": ChartNote},
        name="chart_note_delete",
    ),
]
