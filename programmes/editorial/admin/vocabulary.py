"""The editors' admin of the vocabulary content is tagged with (care levels, professions,
age groups, phases), of the national guidelines interventions cite, and of what each
level does in each programme."""

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from treebeard.forms import movenodeform_factory

from care_levels.models import AgeGroup, CareLevel, Phase, Profession
from programmes.models import Guideline, ProgrammeLevel
from programmes.search.index import index_rebuild

from .base import HistoryAdmin, TreeHistoryAdmin, translated_pair
from .direct import ReleasedAdmin


@admin.register(CareLevel)
class CareLevelAdmin(TreeHistoryAdmin, TranslationAdmin):
    form = movenodeform_factory(CareLevel)
    list_display = ["name", "principal", "step", "updated_at"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    fieldsets = [
        (None, {"fields": [translated_pair("name"), "slug", "principal", "step"]}),
        (_("Description"), {"fields": [translated_pair("description")]}),
        (_("Place in the tree"), {"fields": ["treebeard_position", "treebeard_ref_node"]}),
    ]

    def tree_changed(self, node) -> None:
        """A level moved: every page that shows the levels, and the search, follow."""
        super().tree_changed(node)
        transaction.on_commit(index_rebuild)


@admin.register(Profession, AgeGroup, Phase)
class TermAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_sv", "name_en", "slug"]
    fields = [translated_pair("name"), "slug", "position"]


@admin.register(Guideline)
class GuidelineAdmin(ReleasedAdmin, TranslationAdmin):
    """A national guideline: shared by every intervention that cites it, so a change here
    (a new year, say) shows on all of them."""

    list_display = ["name", "year", "issuer", "slug", "updated_at"]
    list_filter = ["issuer", "year"]
    search_fields = ["name_sv", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = [translated_pair("name"), "slug", "issuer", "year", "url"]


@admin.register(ProgrammeLevel)
class ProgrammeLevelAdmin(ReleasedAdmin, TranslationAdmin):
    list_display = ["programme", "care_level", "updated_at"]
    list_filter = ["programme", "care_level"]
    search_fields = ["responsibility_sv", "responsibility_en"]
    list_select_related = ["programme", "care_level"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    fieldsets = [
        (None, {"fields": ["programme", "care_level"]}),
        (_("Tasks"), {"fields": [("early_detection", "assessment", "treatment", "support")]}),
        (
            _("Responsibility"),
            {
                "fields": [
                    translated_pair("responsibility"),
                    translated_pair("refer_when"),
                    "refer_to",
                    translated_pair("coordination"),
                ]
            },
        ),
    ]
