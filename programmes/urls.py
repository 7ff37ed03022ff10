from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .views import offline

app_name = "programmes"

urlpatterns = [
    path("", views.home, name="home"),
    path(_("programmes/"), views.programme_list, name="list"),
    path(_("programmes/<slug:slug>/"), views.programme_detail, name="detail"),
    path(
        _("programmes/<slug:slug>/interventions/"),
        views.intervention_list,
        name="interventions",
    ),
    path(_("programmes/<slug:slug>/indicators/"), views.indicator_list, name="indicators"),
    path(
        _("programmes/<slug:slug>/level/<slug:level>/"),
        views.programme_level,
        name="programme_level",
    ),
    path(
        _("programmes/<slug:slug>/level/<slug:level>/summary/"),
        views.meeting_summary,
        name="meeting_summary",
    ),
    path(
        _("programmes/<slug:slug>/pathways/<slug:pathway>/"),
        views.pathway_detail,
        name="pathway",
    ),
    path(
        _("programmes/<slug:slug>/pathways/<slug:pathway>/level/<slug:level>/"),
        views.pathway_level,
        name="pathway_level",
    ),
    path(
        _("programmes/<slug:slug>/pathways/<slug:pathway>/<slug:step>/"),
        views.pathway_step,
        name="pathway_step",
    ),
    path(
        _("programmes/<slug:slug>/local/<slug:organisation>/"),
        views.regional_page,
        name="regional_page",
    ),
    path(_("programmes/<slug:slug>/changes/"), views.programme_changes, name="changes"),
    path(_("programmes/<slug:slug>/<path:node_path>/"), views.node_detail, name="node"),
    path(_("case-vignettes/"), views.vignette_list, name="vignettes"),
    path(_("case-vignettes/<slug:slug>/"), views.vignette_detail, name="vignette"),
    path(_("materials/"), views.material_list, name="materials"),
    path(_("materials/<slug:slug>/file/"), views.material_file, name="material_file"),
    path(_("materials/<slug:slug>/print/"), views.flyer, name="flyer"),
    path(_("for-you/"), views.for_you_index, name="for_you"),
    path(_("for-you/<slug:slug>/"), views.for_you_programme, name="for_you_programme"),
    path(_("accessibility/"), views.accessibility, name="accessibility"),
    path(_("about-recommendations/"), views.recommendation_scale, name="recommendation_scale"),
    path(_("levels/"), views.level_list, name="levels"),
    path(_("levels/<slug:slug>/"), views.level_detail, name="level"),
    path(_("place/"), views.place_choice, name="places"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path(_("offline/"), offline.saved_pages, name="offline"),
    path(_("offline/unavailable/"), offline.unavailable, name="offline_unavailable"),
]
