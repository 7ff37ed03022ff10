"""Drafts, previews and publishing in the admin: once public, content is saved as a draft
until an editor publishes it, and a preview shows the public page as it will be."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programmes.versioning import EditConflict, VersionedFormMixin

from ..drafts import draft_discard, draft_of
from ..models import Draft
from ..publishing import (
    content_publish,
    content_withdraw,
    preview_response,
    publish_refusal,
    status_of,
)
from ..services import Saved, content_save, is_drafting
from ..snapshots import snapshot_from_form
from .base import HistoryAdmin
from .releases import ReleaseForm, SelectedReleaseForm, release_fields, release_from

PUBLISH_PERMISSION = "programmes.publish_programme"

CONFLICT = gettext_lazy(
    "Someone else saved this since you opened it. Nothing of yours was saved, and your text "
    "is still in the form. Open the history in a new tab to see their change, then save "
    "again to replace it with yours."
)


class DraftForm(VersionedFormMixin):
    """The change form of draft content: it shows the draft, if there is one, and refuses
    a save made from a copy someone else has since saved (`programmes.versioning`)."""

    # A programme's `version` is its edition, one of the fields the editor changes.
    version_field = "lock_version"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        draft = draft_of(self.instance)
        if draft is not None:
            self.initial.update(_form_values(self, draft.data))
        # "Save and publish" asks for the kind of change and its note (`releases`).
        self.fields.update(release_fields(required=False))
        self.release = None

    @property
    def publishing(self) -> bool:
        return self.is_bound and "_publish" in self.data

    def clean(self):
        cleaned = super().clean()
        if self.publishing:
            try:
                self.release = release_from(cleaned)
            except ValidationError as error:
                self.add_error(None, error)
            refusal = publish_refusal(self.instance)
            if refusal:
                self.add_error(None, refusal)
        if self.instance.pk is None:
            return cleaned
        current = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values_list("lock_version", flat=True)
            .first()
        )
        if cleaned.get(self.version_field) != current:
            # The next save is a deliberate one: it carries the version there is now.
            self.data = self.data.copy()
            self.data[self.version_field] = str(current)
            raise ValidationError(CONFLICT, code="edit_conflict")
        return cleaned


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
        if not issubclass(form, DraftForm):
            form = type(form.__name__, (DraftForm, form), {})
        return form

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "published"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's check and its save: nothing was kept.
            # Shown again, the form finds the conflict itself and keeps the sender's text.
            return super().changeform_view(request, object_id, form_url, extra_context)

    # Saving -------------------------------------------------------------------------------

    def content_save(self, request, obj, form, change):
        if "_publish" in request.POST and not request.user.has_perm(PUBLISH_PERMISSION):
            raise PermissionDenied
        return content_save(
            obj=obj,
            data=snapshot_from_form(form),
            user=request.user,
            version=form.read_version,
            placement=self.placement(form, change),
            publish_now="_publish" in request.POST,
            release=form.release,
        )

    def saved(self, request, outcome) -> None:
        super().saved(request, outcome)
        if "_preview" in request.POST or not outcome.drafting:
            return  # unpublished content, saved as it is: the admin's own message follows
        if outcome.saved == Saved.DRAFTED:
            message = _(
                "The draft of “%s” is saved. The public site shows the published version "
                "until you publish."
            )
        elif outcome.moved:
            message = _(
                "“%s” is moved: the public site shows it in its new place now. Nothing "
                "else was changed, so no draft was saved."
            )
        else:
            message = _("Nothing was changed in “%s”, so no draft was saved.")
        messages.success(request, message % outcome.obj)

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
        if is_drafting(obj):
            # A draft was saved (or nothing changed): the editor stays with the form.
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
        form = ReleaseForm(request.POST or None) if act == "publish" else None
        if request.method == "POST" and (form is None or form.is_valid()):
            if act == "publish":
                refusal = publish_refusal(obj)
                if refusal:
                    messages.error(request, refusal)
                    return HttpResponseRedirect(self._admin_url(obj, "change"))
                published = content_publish(obj=obj, user=request.user, release=form.release)
                below = len(published) - 1
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
                content_withdraw(obj=obj, user=request.user)
                messages.success(request, _("“%s” is withdrawn from the public site.") % obj)
            elif draft_discard(obj=obj, user=request.user):
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
            "release_form": form,
        }
        status = 400 if form is not None and form.is_bound else 200
        return TemplateResponse(
            request, "admin/vip/publication_confirm.html", context, status=status
        )

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
        form = SelectedReleaseForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            # First the kind of change and its note, on a page of their own.
            context = {
                **self.admin_site.each_context(request),
                "title": _("Publish the selected items"),
                "opts": self.opts,
                "queryset": queryset,
                "release_form": form,
                "action": request.POST.get("action", "publish_selected"),
                "select_across": request.POST.get("select_across", "0"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            status = 400 if form.is_bound else 200
            return TemplateResponse(
                request, "admin/vip/publish_selected.html", context, status=status
            )
        count, together = 0, {}  # one release per programme for the whole act
        with transaction.atomic():
            for obj in queryset:
                refusal = publish_refusal(obj)
                if refusal:
                    messages.warning(request, refusal)
                    continue
                count += len(
                    content_publish(
                        obj=obj, user=request.user, release=form.release, together=together
                    )
                )
        messages.success(
            request,
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count},
        )
