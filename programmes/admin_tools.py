"""What every content admin shares: history, drafts and publishing, and the rich-text editor.

`HistoryAdmin` records a revision of every change made in the admin and lets an editor
see and restore earlier versions. `DraftAdmin` adds drafts: once published, an object is
saved as a draft until an editor publishes it; previews show the public page as it will be.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.i18n import JavaScriptCatalog
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media
from treebeard.admin import TreeAdmin

from . import page_cache, third_party_strings
from .models import Draft, Revision, SearchDocument
from .publishing import preview_response, publish, status_of, unpublish
from .revisions import (
    changed_labels,
    draft_discard,
    draft_of,
    draft_save,
    is_draftable,
    revision_record,
    revisions_of,
    revisions_record_many,
    same_content,
    snapshot,
    snapshot_apply,
    snapshot_display,
    snapshot_from_form,
)
from .sanitize import ALLOWED_TAGS

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

PUBLISH_PERMISSION = "programmes.publish_programme"


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


class HistoryAdmin(admin.ModelAdmin):
    """Every change in the admin recorded as a revision; earlier versions viewed, restored."""

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

    # Recording -------------------------------------------------------------------------

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if not getattr(request, "_vip_recorded", False):
            revision_record(obj, action=Revision.Action.CREATED, user=request.user)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if not getattr(request, "_vip_recorded", False):
            # A save that changed nothing is no change.
            revision_record(obj, action=Revision.Action.CHANGED, user=request.user, if_changed=True)
        return entry

    def delete_model(self, request, obj):
        self._deletions_record(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._deletions_record(request, queryset)
        super().delete_queryset(request, queryset)

    # Deleting ----------------------------------------------------------------------------

    def with_descendants(self, objs) -> list:
        """The objects a deletion of `objs` starts from (a tree adds what is below)."""
        return list(objs)

    def _deletion(self, objs):
        """Everything deleting `objs` deletes, collected as Django's admin collects it."""
        objs = self.with_descendants(objs)
        collector = NestedObjects(using=router.db_for_write(self.model), origin=objs)
        collector.collect(objs)
        return objs, collector

    def _has_history(self, model) -> bool:
        return self.admin_site.is_registered(model) and isinstance(
            self.admin_site.get_model_admin(model), HistoryAdmin
        )

    def _deletions_record(self, request, objs) -> None:
        """A "deleted" revision of every object with a history that goes: the object,
        what lies below it in a tree, and content deleted with it."""
        _objs, collector = self._deletion(objs)
        for model, instances in collector.model_objs.items():
            if not self._has_history(model):
                continue
            many = [field.name for field in model._meta.many_to_many]
            revisions_record_many(
                model._default_manager.filter(pk__in=[obj.pk for obj in instances])
                .order_by("pk")
                .prefetch_related(*many),
                action=Revision.Action.DELETED,
                user=request.user,
            )

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
            if not self.admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
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
            parent = by_path.get(obj.path[:-steplen]) if steplen and obj.depth > 1 else None
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
        revisions = list(revisions_of(obj)[:500])
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
        revision = get_object_or_404(revisions_of(obj), pk=revision_id)
        current = draft_of(obj)
        current_data = current.data if current else snapshot(obj)
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            try:
                self.revision_restore(request, obj, revision)
            except (ValidationError, IntegrityError) as error:
                messages.error(request, _("This version cannot be restored: %s") % _message(error))
                return HttpResponseRedirect(request.path)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(when)s") % {"when": local_time(revision.created_at)},
            "subtitle": str(obj),
            "opts": self.opts,
            "object": obj,
            "revision": revision,
            "rows": snapshot_display(self.model, revision.data, compare=current_data),
            "compared_with_draft": current is not None,
            "can_restore": self.has_change_permission(request, obj)
            and revision.action != Revision.Action.DELETED,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/vip/revision.html", context)

    @transaction.atomic
    def revision_restore(self, request, obj, revision):
        """Published draft content gets the old version as its draft; the rest at once."""
        if is_draftable(obj) and obj.published:
            check = type(obj).objects.get(pk=obj.pk)
            snapshot_apply(check, revision.data, save=False)
            check.full_clean(exclude=["path", "depth", "numchild"])
            draft_save(obj, data=revision.data, user=request.user, action=Revision.Action.RESTORED)
            messages.success(
                request,
                _(
                    "The version of %(when)s is now the draft. Preview it, then publish it "
                    "to put it on the public site."
                )
                % {"when": local_time(revision.created_at)},
            )
            return
        snapshot_apply(obj, revision.data, save=False)
        obj.full_clean(exclude=["path", "depth", "numchild"])
        snapshot_apply(obj, revision.data)
        revision_record(obj, action=Revision.Action.RESTORED, user=request.user)
        messages.success(
            request,
            _("The version of %(when)s is restored.") % {"when": local_time(revision.created_at)},
        )


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("it clashes with other content (a slug already in use?).")


class EditTokenForm(forms.ModelForm):
    """Refuses a save when someone else saved the same object after this form was opened."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draft = draft_of(self.instance)
        if draft is not None:
            self.initial.update(_form_values(self, draft.data))
        self.current_token = edit_token(self.instance, draft)
        self.initial["edit_token"] = self.current_token

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("edit_token") != self.current_token:
            # The next save is a deliberate one: it carries the token of what is there now.
            self.data = self.data.copy()
            self.data["edit_token"] = self.current_token
            raise ValidationError(
                _(
                    "Someone else saved this since you opened it. Nothing of yours was saved, "
                    "and your text is still in the form. Open the history in a new tab to see "
                    "their change, then save again to replace it with yours."
                ),
                code="edit_conflict",
            )
        return cleaned


def edit_token(obj, draft) -> str:
    if obj.pk is None:
        return ""
    parts = [obj.updated_at.isoformat() if obj.updated_at else ""]
    parts.append(draft.updated_at.isoformat() if draft else "")
    return "|".join(parts)


def _form_values(form, data: dict) -> dict:
    """A snapshot's values for the form's own fields, as form initial data."""
    values = {}
    for name in form.fields:
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        key = model_field.name if model_field.many_to_many else model_field.attname
        if key in data:
            values[name] = data[key]
    return values


class DraftAdmin(HistoryAdmin):
    """Published content is saved as a draft until an editor publishes it."""

    change_form_template = "admin/vip/draft_change_form.html"
    actions = ["publish_selected"]

    # The form -----------------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not issubclass(form, EditTokenForm):
            form = type(form.__name__, (EditTokenForm, form), {})
        return form

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "published"]

    def _drafting(self, request, obj) -> bool:
        """A change to public content, not being published: it goes to the draft."""
        if obj is None or obj.pk is None or "_publish" in request.POST:
            return False
        return type(obj).objects.filter(pk=obj.pk, published=True).exists()

    def save_form(self, request, form, change):
        request._vip_drafting = change and self._drafting(request, form.instance)
        if request._vip_drafting:
            return form.instance
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_vip_drafting", False):
            live = type(obj).objects.get(pk=obj.pk)
            request._vip_moved = self.structure_save(request, live, form)
            data = snapshot_from_form(form)
            draft = draft_of(live)
            # Saved as it was (or only moved): no draft, no change in the history.
            request._vip_unchanged = same_content(draft.data if draft else snapshot(live), data)
            if not request._vip_unchanged:
                draft_save(live, data=data, user=request.user)
            request._vip_recorded = True
            return
        super().save_model(request, obj, form, change)

    def structure_save(self, request, obj, form) -> bool:
        """Changes that are not content (a move in the tree) apply at once, also in drafts.

        Returns whether anything changed.
        """
        return False

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_vip_drafting", False):
            # The object's own fields and tags wait in the draft; inlines are saved at once.
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)
        if "_publish" in request.POST:
            self._publish(request, form.instance)

    def _publish(self, request, obj):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        if draft := draft_of(obj):
            draft.delete()  # what the form held was saved just now; the draft is older
        published = publish(obj, user=request.user)
        request._vip_recorded = True
        return published

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return HttpResponseRedirect(self._preview_url(obj))
        if "_publish" in request.POST:
            return self._published_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return HttpResponseRedirect(self._preview_url(obj))
        if "_publish" in request.POST:
            return self._published_response(request, obj)
        if getattr(request, "_vip_drafting", False):
            if not getattr(request, "_vip_unchanged", False):
                message = _(
                    "The draft of “%s” is saved. The public site shows the published version "
                    "until you publish."
                )
            elif getattr(request, "_vip_moved", False):
                message = _(
                    "“%s” is moved: the public site shows it in its new place now. Nothing "
                    "else was changed, so no draft was saved."
                )
            else:
                message = _("Nothing was changed in “%s”, so no draft was saved.")
            messages.success(request, message % obj)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def _published_response(self, request, obj):
        messages.success(request, _("“%s” is published and on the public site now.") % obj)
        return HttpResponseRedirect(self._admin_url(obj, "change"))

    # Extra views --------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/preview/<str:language>/",
                view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            path(
                "<path:object_id>/publication/<str:act>/",
                view(self.publication_view),
                name="{}_{}_publication".format(*info),
            ),
        ] + super().get_urls()

    def _admin_url(self, obj, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[obj.pk, *args]
        )

    def _preview_url(self, obj, language=None):
        return self._admin_url(obj, "preview", *([language] if language else []))

    def preview_view(self, request, object_id, language=None):
        obj = self._object_or_404(request, object_id)
        language = language or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            raise Http404(_("There is no such language."))
        return preview_response(
            obj, request, language=language, admin_url=self._admin_url(obj, "change")
        )

    PUBLICATION_ACTS = {
        "publish": gettext_lazy("Publish"),
        "unpublish": gettext_lazy("Withdraw from the public site"),
        "discard": gettext_lazy("Discard the draft"),
    }

    def publication_view(self, request, object_id, act):
        obj = self._object_or_404(request, object_id)
        if act not in self.PUBLICATION_ACTS:
            raise Http404(_("There is no such action."))
        if not self.has_change_permission(request, obj) or (
            act != "discard" and not request.user.has_perm(PUBLISH_PERMISSION)
        ):
            raise PermissionDenied
        if request.method == "POST":
            if act == "publish":
                below = len(publish(obj, user=request.user)) - 1
                if below:
                    message = ngettext(
                        "“%(name)s” is published, with %(count)d item below it.",
                        "“%(name)s” is published, with %(count)d items below it.",
                        below,
                    ) % {"name": obj, "count": below}
                else:
                    message = _("“%(name)s” is published.") % {"name": obj}
                messages.success(request, message)
            elif act == "unpublish":
                unpublish(obj, user=request.user)
                messages.success(request, _("“%s” is withdrawn from the public site.") % obj)
            elif draft_discard(obj, user=request.user):
                messages.success(request, _("The draft of “%s” is discarded.") % obj)
            return HttpResponseRedirect(self._admin_url(obj, "change"))
        context = {
            **self.admin_site.each_context(request),
            "title": self.PUBLICATION_ACTS[act],
            "subtitle": str(obj),
            "opts": self.opts,
            "object": obj,
            "act": act,
            "change_url": self._admin_url(obj, "change"),
        }
        return TemplateResponse(request, "admin/vip/publication_confirm.html", context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["publication"] = {
                "status": status_of(obj),
                "draft": draft_of(obj),
                "published_at": obj.published_at,
                "published_by": obj.published_by,
                "preview_urls": [
                    (name, self._preview_url(obj, code)) for code, name in settings.LANGUAGES
                ],
                "publish_url": self._admin_url(obj, "publication", "publish"),
                "unpublish_url": self._admin_url(obj, "publication", "unpublish"),
                "discard_url": self._admin_url(obj, "publication", "discard"),
                "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    # The list -----------------------------------------------------------------------------

    def get_queryset(self, request):
        drafts = Draft.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        )
        return super().get_queryset(request).annotate(has_draft=Exists(drafts))

    @admin.display(description=gettext_lazy("publication"))
    def publication_status(self, obj):
        if not obj.published:
            label, modifier = _("not published"), "off"
        elif getattr(obj, "has_draft", False):
            label, modifier = _("published, draft waiting"), "draft"
        else:
            label, modifier = _("published"), "on"
        return format_html('<span class="vip-status vip-status--{}">{}</span>', modifier, label)

    @admin.action(description=gettext_lazy("Publish the selected items with their drafts"))
    def publish_selected(self, request, queryset):
        if not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        count = 0
        with transaction.atomic():
            for obj in queryset:
                count += len(publish(obj, user=request.user))
        messages.success(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
        )


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

    def save_model(self, request, obj, form, change):
        # A move asked for in the form is made by the form's save, before this.
        super().save_model(request, obj, form, change)
        if change and self.form_moves(form):
            self.move_record(request, obj)

    def move_node(self, request):
        """Drag and drop in the list, recorded as a move."""
        with transaction.atomic():
            response = super().move_node(request)
            if response.status_code == 200:
                self.move_record(request, self.model.objects.get(pk=request.POST.get("node")))
        return response

    def move_record(self, request, node) -> None:
        node = type(node).objects.get(pk=node.pk)
        revision_record(node, action=Revision.Action.MOVED, user=request.user)
        self.tree_changed(node)

    def tree_changed(self, node) -> None:
        """What the public sees follows a move: cached pages are stale from now on."""
        page_cache.content_changed()
