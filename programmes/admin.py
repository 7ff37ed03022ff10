from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import (
    AccessibilityReport,
    AgeGroup,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Phase,
    Programme,
)


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ["name", "status", "version", "published", "updated_at"]
    list_filter = ["status", "published"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name_sv"]}


@admin.register(ContentNode)
class ContentNodeAdmin(TreeAdmin, TranslationAdmin):
    form = movenodeform_factory(ContentNode)
    list_display = ["title", "kind", "programme", "published", "updated_at"]
    list_filter = ["programme", "kind", "audience", "published"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["care_levels", "professions", "age_groups", "phases"]


@admin.register(CaseVignette)
class CaseVignetteAdmin(TranslationAdmin):
    list_display = ["title", "programme", "published", "updated_at"]
    list_filter = ["programme", "published"]
    filter_horizontal = ["care_levels", "interventions"]


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["name", "kind", "programme", "published"]
    list_filter = ["programme", "kind", "published"]


@admin.register(Material)
class MaterialAdmin(TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "audience", "programme", "published"]
    list_filter = ["programme", "kind", "audience", "published"]


@admin.register(AgeGroup, Phase)
class LookupAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["page", "description", "email", "created_at"]
