"""What editors keep of programme work in the admin: the organisations that can be
invited to consultation rounds. The working group, the status, the meetings and the
rounds are kept on the programme work pages (`/programarbete/`)."""

from django.contrib import admin

from programmes import page_cache

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Published compilations name the organisations: their cached pages are stale.
        page_cache.content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        page_cache.content_changed()
