"""What an editor says when publishing: the kind of change and a note for the change log.

The same three fields appear wherever the admin publishes (the change form's "Save and
publish", the publish page, the list's "publish selected" and a content file's import):
`ReleaseFields` puts them on a form, under names no model field has.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from programmes.models import ChangeKind

from ..releases import ReleaseNote

KIND_HELP = _(
    "A change in substance changes what the programme says (a recommendation, a dose, "
    "who does what): it raises the programme's version and the pages show it as changed. "
    "An editorial change (spelling, wording, links, layout) does neither."
)
NAMES = {"kind": "release_kind", "note_sv": "release_note_sv", "note_en": "release_note_en"}


def release_fields(*, required: bool = True, initial_kind: str | None = None) -> dict:
    """The form fields of a release note, by their form names."""
    return {
        NAMES["kind"]: forms.ChoiceField(
            label=_("Kind of change"),
            choices=ChangeKind.choices,
            widget=forms.RadioSelect,
            required=required,
            initial=initial_kind,
            help_text=KIND_HELP,
        ),
        NAMES["note_sv"]: forms.CharField(
            label=_("Change note (Swedish)"),
            widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            required=required,
            max_length=1000,
            help_text=_("One or two sentences for the public change log: what changed and why."),
        ),
        NAMES["note_en"]: forms.CharField(
            label=_("Change note (English)"),
            widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
            required=False,
            max_length=1000,
            help_text=_("Optional; the English change log shows the Swedish note without it."),
        ),
    }


def release_from(cleaned_data: dict) -> ReleaseNote:
    """The release note of valid form data; ValidationError under the form's names."""
    note = ReleaseNote(
        kind=cleaned_data.get(NAMES["kind"]) or "",
        note_sv=cleaned_data.get(NAMES["note_sv"]) or "",
        note_en=cleaned_data.get(NAMES["note_en"]) or "",
    )
    try:
        return note.checked()
    except ValidationError as error:
        raise ValidationError(
            {NAMES[name]: messages for name, messages in error.message_dict.items()}
        ) from error


class ReleaseForm(forms.Form):
    """The kind and note of a publication, on a page of its own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(release_fields())

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self.release = release_from(cleaned)
        return cleaned


class SelectedReleaseForm(ReleaseForm):
    """The list's "publish selected": the note, and the rows chosen on the list."""

    apply = forms.CharField(widget=forms.HiddenInput, initial="1")
