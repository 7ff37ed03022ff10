"""The forms for a chart's settings, baselines and notes on the indicator page."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .models import Baseline, ChartKind, ChartNote, ChartSetting


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ChartSettingForm(forms.ModelForm):
    prefix = "setting"

    class Meta:
        model = ChartSetting
        fields = ["chart_kind", "target"]
        # A decimal comma, as Swedish readers write it.
        localized_fields = ["target"]

    def __init__(self, *args, default_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chart_kind"].choices = [
            ("", _("As the kind of measure says (%(chart)s)") % {"chart": default_label}),
            *ChartKind.choices,
        ]


class BaselineForm(forms.ModelForm):
    prefix = "baseline"

    class Meta:
        model = Baseline
        fields = ["start", "points", "reason"]
        widgets = {"start": DateInput()}

    def __init__(self, *args, last_period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_period = last_period

    def clean_start(self):
        start = self.cleaned_data["start"]
        if self.last_period is None:
            raise forms.ValidationError(_("There are no measurements to take a baseline from yet."))
        if start > self.last_period:
            raise forms.ValidationError(
                _("The baseline must start no later than the last measurement, %(date)s.")
                % {"date": formats.date_format(self.last_period)}
            )
        return start

    def validate_unique(self):
        # The plan and indicator are set by the view; a second baseline on the same day
        # gets a message on the date field instead of a database error.
        try:
            self.instance.validate_unique()
        except forms.ValidationError:
            self.add_error("start", _("There is already a baseline from this date."))


class ChartNoteForm(forms.ModelForm):
    prefix = "note"

    class Meta:
        model = ChartNote
        fields = ["date", "text"]
        widgets = {"date": DateInput()}
