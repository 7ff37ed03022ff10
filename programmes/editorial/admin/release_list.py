"""The editors' list of published versions (the public change log's records).

What a release recorded is history: its programme, version, kind and date, and what it
changed, are shown and never edited. Only the wording of its note may be corrected (a
typo, a clearer sentence); the admin's own log keeps who corrected it and when.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from programmes.models import ProgrammeRelease

from ..releases import ReleaseNote, release_note_correct


class ReleaseNoteForm(forms.ModelForm):
    """The note as publishing asks for it: Swedish text required."""

    def clean(self):
        cleaned = super().clean()
        note = ReleaseNote(
            self.instance.kind, cleaned.get("note_sv") or "", cleaned.get("note_en") or ""
        )
        try:
            note.checked()
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(ProgrammeRelease)
class ProgrammeReleaseAdmin(TranslationAdmin):
    form = ReleaseNoteForm
    list_display = ["programme", "version", "kind", "published_at", "note"]
    list_filter = ["programme", "kind"]
    list_select_related = ["programme"]
    search_fields = ["note_sv", "note_en", "version"]
    date_hierarchy = "published_at"
    fields = [
        "programme",
        "version",
        "kind",
        "published_at",
        "changed_items",
        "note_sv",
        "note_en",
    ]
    readonly_fields = ["programme", "version", "kind", "published_at", "changed_items"]
    #: Deleting a programme deletes its versions too (`base.HistoryAdmin`).
    goes_with_its_container = True

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("what it changed"))
    def changed_items(self, obj):
        language = get_language()
        changes = obj.changes.order_by("position", "pk")
        return format_html_join(
            "",
            '<p><a href="{}">{}</a></p>',
            ((change.url_in(language), change.title_in(language)) for change in changes),
        )

    def save_model(self, request, obj, form, change):
        release_note_correct(
            release=obj,
            note_sv=form.cleaned_data.get("note_sv") or "",
            note_en=form.cleaned_data.get("note_en") or "",
        )
