"""*Versions*: every recorded change to content, whatever its kind, newest first."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..history import record_snapshot
from ..models import Action, Version
from ..snapshots import changed_labels, snapshot_display
from .base import HistoryAdmin, local_time


@admin.register(Version)
class VersionAdmin(admin.ModelAdmin):
    """Read only. A version opens where its object's history shows it, to compare and
    restore; a deleted object's, here."""

    list_display = ["created_at", "object_link", "content_type", "action", "user", "changed"]
    list_filter = [
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["object_repr"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type", "user"]

    @admin.display(description=gettext_lazy("object"))
    def object_link(self, version):
        model = version.content_type.model_class()
        if model is None or version.action == Action.DELETED:
            return version.object_repr
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[version.object_id])
        return format_html('<a href="{}">{}</a>', url, version.object_repr)

    @admin.display(description=gettext_lazy("changed fields"))
    def changed(self, version):
        model = version.content_type.model_class()
        return capfirst(changed_labels(model, version.changed_fields[:8])) + (
            " …" if len(version.changed_fields) > 8 else ""
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, unquote(object_id))
        if version is None or not self.has_view_permission(request, version):
            raise Http404(_("There is no such version."))
        model = version.content_type.model_class()
        registered = model is not None and self.admin_site.is_registered(model)
        model_admin = self.admin_site.get_model_admin(model) if registered else None
        if (
            isinstance(model_admin, HistoryAdmin)
            and version.action != Action.DELETED
            and model._default_manager.filter(pk=version.object_id).exists()
            and model_admin.has_view_or_change_permission(request)
        ):
            opts = model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_revision",
                    args=[version.object_id, version.history_id],
                )
            )
        rows = snapshot_display(model, record_snapshot(version.record())) if model else []
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(when)s") % {"when": local_time(version.created_at)},
            "subtitle": version.object_repr,
            "opts": self.opts,
            "revision": version,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/vip/revision_gone.html", context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
