from django import forms
from django.utils.translation import gettext_lazy as _

from care_levels.models import CareLevel, Profession
from programmes.forms import FastSelect, SlugChoiceField, indented
from programmes.models import Programme
from programmes.selectors import levels_in_scope

from .models import SearchDocument


class SearchForm(forms.Form):
    """The filters of the search page, all plain GET parameters. The query itself (q)
    is read by the view: whatever it holds, it is cleaned, never refused."""

    def __init__(self, data=None, *, programmes, levels, professions):
        super().__init__(data)
        self.fields["program"] = SlugChoiceField(objects=programmes, label=_("Programme"))
        self.fields["niva"] = SlugChoiceField(
            objects=levels, label_for=indented, label=_("Care level")
        )
        self.fields["befattning"] = SlugChoiceField(objects=professions, label=_("Profession"))
        self.fields["malgrupp"] = forms.ChoiceField(
            choices=[
                ("", _("All")),
                ("staff", _("Staff")),
                ("public", _("Patients and relatives")),
            ],
            required=False,
            widget=FastSelect,
            label=_("Written for"),
            error_messages=SlugChoiceField.default_error_messages,
        )
        self.fields["typ"] = forms.ChoiceField(
            choices=[("", _("All"))] + list(SearchDocument.Kind.choices),
            required=False,
            widget=FastSelect,
            label=_("Type of content"),
            error_messages=SlugChoiceField.default_error_messages,
        )

    @classmethod
    def for_request(cls, data):
        return cls(
            data,
            # What the choice and the facets show: not the programme's texts.
            programmes=list(Programme.objects.filter(published=True).only("slug", "name")),
            levels=list(CareLevel.objects.order_by("path")),
            professions=list(Profession.objects.all()),
        )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "programme": data["program"],
            "levels": levels_in_scope(data["niva"]) if data["niva"] else None,
            "profession": data["befattning"],
            "audience": data["malgrupp"],
            "kind": data["typ"],
        }

    def filter_fields(self):
        return [self[name] for name in ("program", "typ", "malgrupp", "niva", "befattning")]
