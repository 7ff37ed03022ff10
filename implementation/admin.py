"""The organisation tree and who belongs where, for administrators. Plans and local
additions are edited on the implementation pages, never here: superusers may read the
local additions and their history here, and nobody else sees them in admin."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from .models import LocalAddition, Membership, Organisation


class OrganisationForm(MoveNodeForm):
    """Refuses a place in the tree that the organisation's kind cannot have."""

    def clean(self):
        cleaned = super().clean()
        if self.errors or not cleaned.get("kind"):
            return cleaned
        reference = cleaned.get("treebeard_ref_node")
        position = cleaned.get("treebeard_position") or ""
        if reference is None:
            parent = None
        elif position.endswith("-child"):
            parent = reference
        else:
            parent = Organisation.objects.get_parent(reference)
        organisation = self.instance
        organisation.kind = cleaned["kind"]
        try:
            organisation.clean_parent(parent)
        except ValidationError as error:
            self.add_error("treebeard_ref_node", error)
        return cleaned


class PlaceholderAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, with a "---------" first option when a choice is
    required: HTML allows no required select without one, and Django leaves the select of
    a new membership empty until someone is chosen."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        options = groups[0][1]
        if self.is_required and not any(option["value"] == "" for option in options):
            options.insert(0, self.create_option(name, "", BLANK_CHOICE_DASH[0][1], False, 0))
        return groups


class PlaceholderAutocomplete:
    """Draws the admin's autocomplete fields with `PlaceholderAutocompleteSelect`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PlaceholderAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipInline(PlaceholderAutocomplete, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(TreeAdmin):
    form = movenodeform_factory(Organisation, form=OrganisationForm)
    list_display = ["name", "kind", "municipality_code", "care_level"]
    list_filter = ["kind", "care_level"]
    search_fields = ["name", "municipality_code"]
    list_select_related = ["care_level"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "municipality_code", "care_level"]}),
        (_("Place in the tree"), {"fields": ["treebeard_position", "treebeard_ref_node"]}),
    ]


@admin.register(Membership)
class MembershipAdmin(PlaceholderAutocomplete, SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(LocalAddition)
class LocalAdditionAdmin(SimpleHistoryAdmin):
    """Read only: local editors write, publish and withdraw on their own pages, where the
    draft, the review and the signals to the public pages are looked after."""

    list_display = ["title", "organisation", "programme", "kind", "published", "updated_at"]
    list_filter = ["kind", "published", "programme"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation", "programme"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
