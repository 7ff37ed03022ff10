"""The open data page's forms: which gender to show, and the comparison municipalities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organisation
from .models import Gender


class GenderForm(forms.Form):
    kon = forms.ChoiceField(label=_("Show values for"), choices=Gender.choices, required=False)

    def gender(self) -> str:
        if self.is_valid() and self.cleaned_data["kon"]:
            return self.cleaned_data["kon"]
        return Gender.TOTAL


class ComparisonForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Comparison municipalities"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to compare with the other municipalities of your county."),
    )

    def __init__(self, *args, exclude_code: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).exclude(
            municipality_code=""
        )
        if exclude_code:
            queryset = queryset.exclude(municipality_code=exclude_code)
        self.fields["municipalities"].queryset = queryset.order_by("name")
