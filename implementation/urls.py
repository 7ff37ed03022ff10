from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .followup import urls as followup_urls
from .local import actions as local_actions
from .local import views as local
from .opendata import urls as opendata_urls
from .views import auth, exports, gaps, indicators, overview, parts, plans, support, targets

app_name = "implementation"


def part_urls(part, segment):
    """Adding, changing and deleting one kind of part of a plan."""
    base = _("implementation/plans/<int:pk>/")
    return [
        path(
            format_lazy("{}{}{}", base, segment, _("new/")),
            parts.part_create,
            {"part": part},
            name=f"{part.name}_create",
        ),
        path(
            format_lazy("{}{}<int:part_pk>/", base, segment),
            parts.part_edit,
            {"part": part},
            name=f"{part.name}_edit",
        ),
        path(
            format_lazy("{}{}<int:part_pk>/{}", base, segment, _("delete/")),
            parts.part_remove,
            {"part": part},
            name=f"{part.name}_delete",
        ),
    ]


local_urls = [
    path(_("implementation/local/"), local.addition_list, name="local_list"),
    path(_("implementation/local/new/"), local.addition_create, name="local_create"),
    path(_("implementation/local/<int:pk>/"), local.addition_edit, name="local_edit"),
    path(
        _("implementation/local/<int:pk>/preview/"),
        local_actions.addition_preview,
        name="local_preview",
    ),
    *[
        path(route, local_actions.addition_action, {"action": action}, name=f"local_{action}")
        for action, route in [
            ("publish", _("implementation/local/<int:pk>/publish/")),
            ("withdraw", _("implementation/local/<int:pk>/withdraw/")),
            ("discard", _("implementation/local/<int:pk>/discard-draft/")),
            ("review", _("implementation/local/<int:pk>/reviewed/")),
        ]
    ],
    path(
        _("implementation/local/<int:pk>/history/"),
        local_actions.addition_history_view,
        name="local_history",
    ),
    path(
        _("implementation/local/<int:pk>/history/<int:record_pk>/restore/"),
        local_actions.addition_restore,
        name="local_restore",
    ),
    path(_("implementation/local/<int:pk>/delete/"), local.addition_delete, name="local_delete"),
]

urlpatterns = [
    path(_("implementation/"), plans.home, name="home"),
    path(_("implementation/login/"), auth.LoginView.as_view(), name="login"),
    path(_("implementation/logout/"), auth.LogoutView.as_view(), name="logout"),
    path(_("implementation/plans/new/"), plans.plan_create, name="plan_create"),
    path(_("implementation/plans/<int:pk>/"), plans.plan_detail, name="plan"),
    path(
        _("implementation/plans/<int:pk>/print/"),
        plans.plan_detail,
        {"template": "implementation/plan_print.html", "on_paper": True},
        name="plan_print",
    ),
    path(_("implementation/plans/<int:pk>/edit/"), plans.plan_edit, name="plan_edit"),
    path(_("implementation/plans/<int:pk>/plan.csv"), exports.plan_csv, name="plan_csv"),
    path(_("implementation/plans/<int:pk>/plan.xlsx"), exports.plan_xlsx, name="plan_xlsx"),
    path(_("implementation/plans/<int:pk>/delete/"), plans.plan_remove, name="plan_delete"),
    path(_("implementation/plans/<int:pk>/history/"), plans.plan_history_view, name="history"),
    path(_("implementation/plans/<int:pk>/targets/"), targets.targets_edit, name="targets"),
    path(_("implementation/plans/<int:pk>/gap-analyses/new/"), gaps.gap_create, name="gap_create"),
    path(
        _("implementation/plans/<int:pk>/gap-analyses/<int:part_pk>/"),
        gaps.gap_edit,
        name="gap",
    ),
    path(
        _("implementation/plans/<int:pk>/gap-analyses/<int:part_pk>/delete/"),
        parts.part_remove,
        {"part": gaps.GAPS},
        name="gap_delete",
    ),
    path(
        _("implementation/plans/<int:pk>/indicators/<int:indicator_pk>/"),
        indicators.indicator_detail,
        name="indicator",
    ),
    *part_urls(parts.ACTIVITIES, _("activities/")),
    *part_urls(parts.REPORTS, _("status-reports/")),
    path(
        _("implementation/plans/<int:pk>/status-reports/<int:part_pk>/reply/"),
        support.report_reply,
        name="report_reply",
    ),
    *part_urls(parts.MEASUREMENTS, _("measurements/")),
    *part_urls(parts.CYCLES, "pdsa/"),
    path(_("implementation/overview/<int:pk>/"), overview.overview, name="overview"),
    path(
        _("implementation/overview/<int:pk>/overview.csv"),
        exports.overview_csv,
        name="overview_csv",
    ),
    path(
        _("implementation/overview/<int:pk>/overview.xlsx"),
        exports.overview_xlsx,
        name="overview_xlsx",
    ),
    path(
        _("implementation/overview/<int:pk>/print/"),
        overview.overview,
        {"template": "implementation/overview_print.html", "on_paper": True},
        name="overview_print",
    ),
    *local_urls,
    # The follow-up charts' settings and notes, and open data (apps of their own).
    *followup_urls.urlpatterns,
    *opendata_urls.urlpatterns,
]
