"""A programme file in the admin: exported with one click, imported in two steps (upload
and see what the import will do, then confirm)."""

import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from programmes import page_cache
from programmes.models import ChangeKind, Programme

from ..content_file import (
    MAX_FILE_SIZE,
    ContentFileError,
    ImportOutcome,
    dump_yaml,
    nothing_changed,
    parse_programme_file,
    programme_export,
    programme_import_outcome,
)
from ..content_file.outcome import import_release_note
from ..releases import ReleaseNote
from .releases import release_fields

#: Where an uploaded programme file waits while the editor checks what its import does.
IMPORT_SESSION_KEY = "vip_programme_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Programme file (YAML)"),
        help_text=gettext_lazy(
            "A file exported from this portal or written by the format in "
            "fixtures/SCHEMA.md. A programme with the same slug is replaced; before anything "
            "changes you see what the import will do."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise ValidationError(_("The file is larger than 5 MB."))
        content = upload.read()
        try:
            self.cleaned_data["data"] = parse_programme_file(content, upload.name)
        except ContentFileError as error:
            raise ValidationError(str(error)) from error
        # Read as UTF-8 already: parse_programme_file refuses anything else.
        self.cleaned_data["text"] = content.decode("utf-8").removeprefix("\ufeff")
        return upload


class ImportConfirmForm(forms.Form):
    """The second step of an import: the editor has seen what it does and says how the
    programme should be afterwards."""

    token = forms.CharField(widget=forms.HiddenInput)
    published = forms.TypedChoiceField(
        label=gettext_lazy("After the import"),
        choices=[
            ("1", gettext_lazy("the programme is on the public site")),
            (
                "0",
                gettext_lazy(
                    "the programme is not published: preview it, then publish it when it is ready"
                ),
            ),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # How the change log records the import; without a note, the standard one.
        self.fields.update(release_fields(required=False, initial_kind=ChangeKind.EDITORIAL))

    @property
    def release(self) -> ReleaseNote:
        kind = self.cleaned_data.get("release_kind") or ChangeKind.EDITORIAL
        note_sv = self.cleaned_data.get("release_note_sv", "").strip()
        if not note_sv:
            return ReleaseNote(kind, *_standard_notes())
        return ReleaseNote(kind, note_sv, self.cleaned_data.get("release_note_en", ""))


def _standard_notes() -> tuple[str, str]:
    note = import_release_note()
    return note.note_sv, note.note_en


def programme_import_try(*, data, source) -> ImportOutcome:
    """What importing `data` would do, found by importing it in a transaction that is rolled
    back: nothing is kept, no page cache or search index changes."""
    with transaction.atomic(), page_cache.changes_suspended():
        outcome = programme_import_outcome(data=data, source=source)
        transaction.set_rollback(True)
    return outcome


class ProgrammeFileViews:
    """The export and import views of the programme admin."""

    def file_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="programmes_programme_import"),
            path(
                "<path:object_id>/export/",
                view(self.export_view),
                name="programmes_programme_export",
            ),
        ]

    def export_view(self, request, object_id):
        programme = self._object_or_404(request, object_id)
        response = HttpResponse(
            dump_yaml(programme_export(programme=programme)),
            content_type="application/yaml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{programme.slug}.yaml"'
        return response

    def import_view(self, request):
        """Upload a programme file, see what its import does, then import it."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._import_confirmed(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, data = form.cleaned_data["file"], form.cleaned_data["data"]
            existing = Programme.objects.filter(slug=data.get("slug")).first()
            try:
                outcome = programme_import_try(data=data, source=upload.name)
            except ContentFileError as error:
                form.add_error("file", nothing_changed(error))
            else:
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "text": form.cleaned_data["text"],
                }
                confirm = ImportConfirmForm(
                    initial={
                        "token": token,
                        # As it is now; a new programme waits to be previewed first.
                        "published": "1" if existing and existing.published else "0",
                    }
                )
                return self._import_page(
                    request,
                    "admin/vip/import_confirm.html",
                    title=_("Check the import"),
                    form=confirm,
                    outcome=outcome,
                    existing=existing,
                    source=upload.name,
                )
        return self._import_page(
            request, "admin/vip/import.html", title=_("Import a programme file"), form=form
        )

    def _import_page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, template, context)

    def _import_confirmed(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        form = ImportConfirmForm(request.POST)
        again = HttpResponseRedirect(reverse("admin:programmes_programme_import"))
        if not form.is_valid() or not secrets.compare_digest(
            form.cleaned_data["token"], stored.get("token") or ""
        ):
            messages.error(
                request, _("The uploaded file is no longer here. Please upload it again.")
            )
            return again
        try:
            data = parse_programme_file(stored["text"], stored["name"])
            with transaction.atomic():
                outcome = programme_import_outcome(
                    data=data,
                    source=stored["name"],
                    published=form.cleaned_data["published"],
                    user=request.user,
                    release=form.release,
                )
        except ContentFileError as error:
            messages.error(request, nothing_changed(error))
            return again
        del request.session[IMPORT_SESSION_KEY]
        programme = outcome.programme
        if outcome.replaced and programme.published:
            message = _("“%s” is replaced by the file and on the public site now.")
        elif outcome.replaced:
            message = _(
                "“%s” is replaced by the file. It is not published: preview it, then publish "
                "it when it is ready."
            )
        elif programme.published:
            message = _("“%s” is imported and on the public site now.")
        else:
            message = _(
                "“%s” is imported. It is not published: preview it, then publish it when it "
                "is ready."
            )
        messages.success(request, message % programme)
        if discarded := len(outcome.drafts_discarded):
            messages.warning(
                request,
                ngettext(
                    "%(count)d waiting draft was discarded; its text stays in the history.",
                    "%(count)d waiting drafts were discarded; their text stays in the history.",
                    discarded,
                )
                % {"count": discarded},
            )
        return HttpResponseRedirect(
            reverse("admin:programmes_programme_change", args=[programme.pk])
        )
