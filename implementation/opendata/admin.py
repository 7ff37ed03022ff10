"""Linking indicators to open key figures, and reading what was imported (the values come
only from their source: `manage.py import_kolada` or the button on the open data page)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..admin import PlaceholderAutocomplete
from .models import Fetch, KpiLink, OpenValue


@admin.register(KpiLink)
class KpiLinkAdmin(PlaceholderAutocomplete, SimpleHistoryAdmin):
    list_display = ["indicator", "source", "kpi", "note"]
    list_filter = ["source", "indicator__programme"]
    search_fields = ["kpi", "indicator__name", "note"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OpenValue)
class OpenValueAdmin(ReadOnlyAdmin):
    list_display = ["kpi", "area", "period", "gender", "value", "preliminary", "demo", "fetched_at"]
    list_filter = ["source", "gender", "preliminary", "demo", "period"]
    search_fields = ["kpi", "area"]


@admin.register(Fetch)
class FetchAdmin(admin.ModelAdmin):
    list_display = ["source", "kpi", "fetched_at", "demo"]
    list_filter = ["source", "demo"]
    search_fields = ["kpi"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
