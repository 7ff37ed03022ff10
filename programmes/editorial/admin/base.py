"""What every content admin shares: saving through the editorial services, the history of
each object with its earlier versions, deleting with a record, and the rich-text editor.

`HistoryAdmin` saves every change through `services.content_save`, which records it;
`TreeHistoryAdmin` adds django-treebeard's tree (moves recorded too). `DraftAdmin`, in
`drafts.py`, adds drafts, previews and publishing.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.i18n import JavaScriptCatalog
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media
from treebeard.admin import TreeAdmin

from care_levels.trees import parent_path
from programmes import page_cache
from programmes.sanitize import ALLOWED_TAGS
from programmes.search.models import SearchDocument

from .. import third_party_strings
from ..drafts import draft_of
from ..history import record_snapshot, records_of
from ..models import Action
from ..services import (
    Placement,
    content_moved,
    content_save,
    contents_deleted,
    version_restore,
)
from ..snapshots import changed_labels, snapshot, snapshot_display, snapshot_from_form

#: The editor offers what the sanitiser keeps (programmes/sanitize.py), nothing more.
RICH_TEXT_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False},
    }
}
assert {"strong", "em", "h2", "h3", "ul", "ol", "li", "blockquote", "br", "a", "p"} == (
    ALLOWED_TAGS
)


def translated_pair(name: str) -> tuple[str, ...]:
    """The Swedish and English fields of `name`, to sit side by side on one row."""
    return tuple(f"{name}_{code}" for code, _name in settings.LANGUAGES)


def local_time(value) -> str:
    """A moment as the admin shows it everywhere: in the site's time zone, to the minute."""
    return date_format(timezone.localtime(value), "Y-m-d H:i")


class ThirdPartyJavaScriptCatalog(JavaScriptCatalog):
    """`django.gettext` for the strings the admin's third-party scripts look up.

    Django's own admin catalogue knows only Django's strings; these come from the project's
    `django` catalogue, where `third_party_strings.JAVASCRIPT` lists them. It adds to the
    admin's catalogue when both load on the same side of jquery.init.js, which replaces
    `window.django` (see templates/admin/vip/change_form.html and tree_change_list.html).
    """

    domain = "django"

    def get_catalog(self):
        wanted = set(third_party_strings.JAVASCRIPT)
        return {key: value for key, value in super().get_catalog().items() if key in wanted}


def _internal(model) -> bool:
    """Rows kept for the database's own use: the rows that link tags, the search index."""
    return model._meta.auto_created or model is SearchDocument


def error_message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("it clashes with other content (a slug already in use?).")


class HistoryAdmin(admin.ModelAdmin):
    """Content saved through the editorial services: every change recorded, earlier
    versions viewed and restored, deletions recorded with everything they take along."""

    object_history_template = "admin/vip/history.html"
    change_form_template = "admin/vip/change_form.html"

    class Media:
        css = {"all": ["admin_vip/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        rich = getattr(self.model, "rich_text_fields", ())
        if any(db_field.name.startswith(name + "_") for name in rich):
            kwargs["widget"] = AdminProseEditorWidget(
                config=RICH_TEXT_EDITOR, preset="configurable"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        # The editor's import map is an inline script: it runs under the page's CSP nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    # Saving ------------------------------------------------------------------------------

    def save_form(self, request, form, change):
        # The form has put its values on the instance; `save_model` writes them, through
        # the service, nothing before it.
        return form.instance

    def placement(self, form, change) -> Placement | None:
        """Where a tree's form asks the object to go (None: it stays where it is)."""
        return None

    def save_model(self, request, obj, form, change):
        self.saved(request, self.content_save(request, obj, form, change))

    def content_save(self, request, obj, form, change):
        return content_save(
            obj=obj,
            data=snapshot_from_form(form),
            user=request.user,
            version=getattr(form, "read_version", None),
            placement=self.placement(form, change),
        )

    def saved(self, request, outcome) -> None:
        """What follows a save, by what it did (a tree refreshes after a move)."""

    def log_change(self, request, obj, message):
        # A form sent back as it came changed nothing: nothing for "recent actions" either.
        if message:
            return super().log_change(request, obj, message)
        return None

    def save_related(self, request, form, formsets, change):
        # The object's tags were saved with it; what remains are the inlines.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # Deleting ----------------------------------------------------------------------------

    def delete_model(self, request, obj):
        self._deletions_record(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._deletions_record(request, queryset)
        super().delete_queryset(request, queryset)

    def with_descendants(self, objs) -> list:
        """The objects a deletion of `objs` starts from (a tree adds what is below)."""
        return list(objs)

    def _deletion(self, objs):
        """Everything deleting `objs` deletes, collected as Django's admin collects it."""
        objs = self.with_descendants(objs)
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        return objs, collector

    def _deletions_record(self, request, objs) -> None:
        _objs, collector = self._deletion(objs)
        contents_deleted(objects_by_model=collector.model_objs, user=request.user)

    def get_deleted_objects(self, objs, request):
        """What the confirmation page lists: every object that goes, nodes below nodes, and
        none of the database's own rows (tag links, search index)."""
        objs, collector = self._deletion(objs)
        if not objs:
            return [], {}, set(), []
        perms_needed = set()

        def format_callback(obj):
            # As django.contrib.admin.utils.get_deleted_objects shows an object.
            opts = obj._meta
            no_edit_link = f"{capfirst(opts.verbose_name)}: {obj}"
            if not self.admin_site.is_registered(type(obj)):
                return no_edit_link
            model_admin = self.admin_site.get_model_admin(type(obj))
            # A record kept of its container (a programme's published versions) goes with
            # it, though nobody deletes one by itself.
            if not getattr(model_admin, "goes_with_its_container", False) and (
                not model_admin.has_delete_permission(request, obj)
            ):
                perms_needed.add(opts.verbose_name)
            try:
                url = reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                )
            except NoReverseMatch:
                return no_edit_link
            return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, obj)

        self._nest_descendants(collector, objs)
        for source, targets in collector.edges.items():
            collector.edges[source] = [obj for obj in targets if not _internal(type(obj))]
        to_delete = collector.nested(format_callback)
        protected = [format_callback(obj) for obj in collector.protected]
        model_count = {
            model._meta.verbose_name_plural: len(instances)
            for model, instances in collector.model_objs.items()
            if not _internal(model)
        }
        return to_delete, model_count, perms_needed, protected

    def _nest_descendants(self, collector, objs) -> None:
        """In a tree, list each node under its parent rather than beside it."""
        by_path = {getattr(obj, "path", None): obj for obj in objs}
        steplen = getattr(self.model, "steplen", 0)
        roots = collector.edges.get(None, [])
        for obj in objs:
            if not steplen or obj.depth == 1:
                continue
            parent = by_path.get(parent_path(obj.path, steplen))
            if parent is not None and obj in roots:
                roots.remove(obj)
                collector.edges.setdefault(parent, []).append(obj)

    # Views -----------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            # The Swedish of third-party scripts (the path treebeard's own catalogue has).
            path(
                "jsi18n/",
                self.admin_site.admin_view(ThirdPartyJavaScriptCatalog.as_view()),
                name="{}_{}_jsi18n".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:revision_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
        ] + super().get_urls()

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404(_("There is no such object."))
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._object_or_404(request, object_id)
        revisions = list(records_of(obj)[:500])
        for revision in revisions:
            revision.changed_labels = changed_labels(self.model, revision.changed_fields)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "revisions": revisions,
            "module_name": str(self.opts.verbose_name_plural),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, revision_id):
        obj = self._object_or_404(request, object_id)
        revision = get_object_or_404(records_of(obj), history_id=revision_id)
        current = draft_of(obj)
        current_data = current.data if current else snapshot(obj)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    outcome = version_restore(obj=obj, row=revision, user=request.user)
            except (ValidationError, IntegrityError) as error:
                messages.error(
                    request, _("This version cannot be restored: %s") % error_message(error)
                )
                return HttpResponseRedirect(request.path)
            when = local_time(revision.history_date)
            if outcome.as_draft:
                message = _(
                    "The version of %(when)s is now the draft. Preview it, then publish it "
                    "to put it on the public site."
                )
            else:
                message = _("The version of %(when)s is restored.")
            messages.success(request, message % {"when": when})
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(when)s") % {"when": local_time(revision.history_date)},
            "subtitle": str(obj),
            "opts": self.opts,
            "object": obj,
            "revision": revision,
            "rows": snapshot_display(self.model, record_snapshot(revision), compare=current_data),
            "compared_with_draft": current is not None,
            "can_restore": self.has_change_permission(request, obj)
            and revision.action != Action.DELETED,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/vip/revision.html", context)


class TreeHistoryAdmin(HistoryAdmin, TreeAdmin):
    """A tree with a history: each move is recorded, a deletion lists what lies below,
    and treebeard's drag and drop speaks the admin's language."""

    change_list_template = "admin/vip/tree_change_list.html"

    def with_descendants(self, objs) -> list:
        objs = list(objs)
        if not objs:
            return objs
        below = Q()
        for obj in objs:
            below |= Q(path__startswith=obj.path)
        return list(self.model.objects.filter(below).order_by("path"))

    def delete_queryset(self, request, queryset):
        # The list's select_related would clash with the .only() of treebeard's delete.
        super().delete_queryset(request, queryset.select_related(None))

    @staticmethod
    def form_moves(form) -> bool:
        """Whether the form's *Place in the tree* asks for a move."""
        return bool({"treebeard_position", "treebeard_ref_node"} & set(form.changed_data))

    def placement(self, form, change) -> Placement | None:
        if change and not self.form_moves(form):
            return None
        return Placement(
            position=form.cleaned_data.get("treebeard_position") or "first-child",
            reference=form.cleaned_data.get("treebeard_ref_node"),
        )

    def saved(self, request, outcome) -> None:
        if outcome.moved:
            self.tree_changed(outcome.obj)

    def move_node(self, request):
        """Drag and drop in the list, recorded as a move."""
        with transaction.atomic():
            response = super().move_node(request)
            if response.status_code == 200:
                node = self.model.objects.get(pk=request.POST.get("node"))
                content_moved(obj=node, user=request.user)
                self.tree_changed(node)
        return response

    def tree_changed(self, node) -> None:
        """What the public sees follows a move: cached pages are stale from now on."""
        page_cache.content_changed()
