"""Forms of the implementation pages. Every form that edits a saved row carries the version
it was read at, so a save from an old copy is refused rather than overwriting."""

import datetime
import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from care_levels.models import CareLevel
from programmes.models import Indicator, Pathway, Programme, RecommendationKind
from programmes.versioning import VersionedFormMixin, VersionField

from .models import (
    Activity,
    AgendaItem,
    GapAnalysis,
    GapItem,
    ImplementationLevel,
    Measurement,
    Organisation,
    PDSACycle,
    Plan,
    StatusReport,
)
from .selectors import followed_pathway, pathway_name
from .services import step_answer_problems


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedForm(VersionedFormMixin, forms.ModelForm):
    """A model form of a part of a plan: the row's version travels in a hidden field
    (`programmes.versioning`), dates are picked with the browser's date field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()


def organisation_label(organisation: Organisation) -> str:
    return "\u2003" * (organisation.depth - 1) + organisation.name


class PlanForm(VersionedForm):
    class Meta:
        model = Plan
        fields = [
            "organisation",
            "title",
            "phase",
            "period_start",
            "period_end",
            "ambition",
            "rationale",
            "key_people",
            "approach",
            "schedule",
            "decided_by",
            "decided_on",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("ambition", "rationale", "key_people", "approach", "schedule")
        }

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A plan stays with its organisation.
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            field.label_from_instance = organisation_label


class ActivityForm(VersionedForm):
    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "date",
            "duration",
            "status",
            "responsible",
            "unit",
            "programme",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, units: list[Organisation], programmes: list[Programme], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organisation.objects.filter(pk__in=[u.pk for u in units])
        self.fields["unit"].empty_label = _("The whole organisation")
        self.fields["programme"].empty_label = _("All programmes")
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Choose one of the units in the plan's organisation."
        )
        self.fields["programme"].queryset = Programme.objects.filter(
            pk__in=[p.pk for p in programmes]
        )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "duration", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 2})}


AgendaFormSet = forms.inlineformset_factory(
    Activity,
    AgendaItem,
    form=AgendaItemForm,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


def first_meeting_agenda() -> list[dict]:
    """The standard agenda for a workplace's first meeting about a programme."""
    return [
        {
            "title": _("Introduction and context: national knowledge management"),
            "duration": 10,
        },
        {
            "title": _("Our own organisation: mandate, decisions and what is expected of staff"),
            "duration": 10,
        },
        {
            "title": _("Trying the tool together from our own level of care (30–40 min)"),
            "duration": 40,
        },
    ]


#: The progress scale of the contact network's reports (after IHI's assessment scale).
SCORE_LABELS = {
    "0.5": _("Intent to participate"),
    "1.0": _("Forming the team"),
    "1.5": _("Planning begun"),
    "2.0": _("Activity, but no changes yet"),
    "2.5": _("Changes tested, no improvement yet"),
    "3.0": _("Modest improvement"),
    "3.5": _("Improvement"),
    "4.0": _("Significant improvement"),
    "4.5": _("Sustainable improvement"),
    "5.0": _("Outstanding, sustainable results"),
}


class StatusReportForm(VersionedForm):
    class Meta:
        model = StatusReport
        fields = ["reported_on", "score", "works", "difficulties", "support_needed"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("works", "difficulties", "support_needed")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].widget = forms.Select(
            choices=[("", "–")]
            + [(value, f"{value} {label}") for value, label in SCORE_LABELS.items()]
        )
        if not self.instance.pk:
            self.fields["reported_on"].initial = datetime.date.today


class GapAnalysisCreateForm(forms.ModelForm):
    """A programme (its prioritised interventions) or one of its care pathways (its steps),
    at a level of care. Choosing a pathway is enough: its programme follows."""

    class Meta:
        model = GapAnalysis
        fields = ["programme", "pathway", "care_level", "made_on"]
        widgets = {"made_on": DateInput()}
        help_texts = {
            "programme": _("Its prioritised interventions for the level are checked."),
            "pathway": _(
                "Or check the steps of one of the programme's care pathways that the level "
                "is responsible for, with their time goals."
            ),
        }

    def __init__(self, *args, programmes: list[Programme], pathways: list[Pathway], **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        programme.queryset = Programme.objects.filter(pk__in=[p.pk for p in programmes])
        programme.required = False
        programme.empty_label = _("The programme of the care pathway chosen below")
        pathway = self.fields["pathway"]
        pathway.queryset = Pathway.objects.filter(pk__in=[p.pk for p in pathways]).select_related(
            "programme", "setting"
        )
        pathway.label_from_instance = lambda p: f"{p.programme.name}: {pathway_name(p)}"
        pathway.empty_label = _("None: the programme's prioritised interventions")
        pathway.error_messages["invalid_choice"] = _("Choose one of the published care pathways.")
        self.fields["care_level"].queryset = CareLevel.objects.order_by("path")
        self.fields["care_level"].label_from_instance = organisation_label
        self.fields["made_on"].initial = datetime.date.today

    def clean(self):
        data = super().clean()
        programme, pathway = data.get("programme"), data.get("pathway")
        if pathway is not None:
            if programme is not None and programme.pk != pathway.programme_id:
                self.add_error(
                    "pathway",
                    _("Choose a care pathway of the programme chosen, or no programme."),
                )
            else:
                data["programme"] = pathway.programme
        elif programme is None and "programme" not in self.errors:
            self.add_error("programme", _("Choose a programme or one of its care pathways."))
        return data


class GapAnalysisForm(VersionedForm):
    class Meta:
        model = GapAnalysis
        fields = ["made_on"]


class GapItemForm(forms.ModelForm):
    """The answers about one of the interventions a programme gives at the level. The
    question fits its recommendation: one not to do (icke-göra) is asked about as
    something to phase out, one for research only (FoU) as something to give only
    within a systematic evaluation."""

    QUESTIONS = {
        RecommendationKind.DO_NOT_DO: _("Is this still done here?"),
        RecommendationKind.RESEARCH: _(
            "Is this offered here, only within research or a systematic evaluation?"
        ),
    }
    HELP = {
        RecommendationKind.DO_NOT_DO: _(
            "The guidelines say not to do it: if it is still done here, in full or in part, "
            "it is a gap to phase out."
        ),
        RecommendationKind.RESEARCH: _(
            "Offer it only within research or a systematic evaluation; it is never a gap."
        ),
    }

    class Meta:
        model = GapItem
        fields = ["offered", "measure", "owner", "due", "status"]
        widgets = {"measure": forms.Textarea(attrs={"rows": 2}), "due": DateInput()}
        labels = {"offered": _("Is this offered here?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.intervention.recommendation if self.instance.intervention_id else ""
        if kind in self.QUESTIONS:
            self.fields["offered"].label = self.QUESTIONS[kind]
            self.fields["offered"].help_text = self.HELP[kind]


class GapStepItemForm(forms.ModelForm):
    """The answers about one step of a care pathway: done here, within its time goal, how
    many days it takes here now; a gap gets a measure as an intervention's does."""

    class Meta:
        model = GapItem
        fields = ["offered", "time_goal_met", "days_now", "measure", "owner", "due", "status"]
        widgets = {"measure": forms.Textarea(attrs={"rows": 2}), "due": DateInput()}
        labels = {
            "offered": _("Is the step done here?"),
            "time_goal_met": _("Is it done within its time goal?"),
            "days_now": _("Days it takes here now"),
        }
        help_texts = {"time_goal_met": "", "days_now": _("A typical case, in whole days.")}

    def clean(self):
        data = super().clean()
        if {"offered", "time_goal_met", "days_now"} & set(self.errors):
            return data
        problems = step_answer_problems(
            step=self.instance.step,
            offered=data.get("offered"),
            time_goal_met=data.get("time_goal_met"),
            days_now=data.get("days_now"),
        )
        for name, message in problems.items():
            self.add_error(name, message)
        return data


def gap_item_form(item: GapItem, data=None) -> forms.ModelForm:
    """The form for one item: an intervention's, or a pathway step's."""
    form = GapStepItemForm if item.step_id is not None else GapItemForm
    return form(data, instance=item, prefix=f"item-{item.pk}")


def indicator_label(indicator: Indicator) -> str:
    """An indicator named with its programme, and the care pathway it follows up."""
    pathway = followed_pathway(indicator)
    if pathway is not None:
        return f"{indicator.programme.name}, {pathway_name(pathway)}: {indicator.name}"
    return f"{indicator.programme.name}: {indicator.name}"


def offer_indicators(field, indicators: list[Indicator]) -> None:
    """Limit an indicator field to `indicators`, each named with its programme (and its
    care pathway)."""
    field.queryset = Indicator.objects.filter(pk__in=[i.pk for i in indicators]).select_related(
        "programme", "pathway__setting"
    )
    field.label_from_instance = indicator_label
    field.empty_label = "–" if field.required else _("No particular indicator")


class MeasurementForm(VersionedForm):
    class Meta:
        model = Measurement
        fields = [
            "indicator",
            "period_start",
            "period_end",
            "numerator",
            "denominator",
            "value",
            "source",
        ]

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        offer_indicators(self.fields["indicator"], indicators)


class PDSACycleForm(VersionedForm):
    class Meta:
        model = PDSACycle
        fields = [
            "title",
            "indicator",
            "start",
            "end",
            "plan_text",
            "do_text",
            "study_text",
            "act_text",
            "decision",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("plan_text", "do_text", "study_text", "act_text")
        }

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        offer_indicators(self.fields["indicator"], indicators)


LEVEL_CHOICES = [("", "–")] + [(str(v), str(v)) for v in ImplementationLevel.values]


class TargetCellForm(forms.Form):
    """One unit × programme cell of the target matrix."""

    required = forms.TypedChoiceField(
        label=_("required level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    reached = forms.TypedChoiceField(
        label=_("level reached"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    reached_on = forms.DateField(label=_("reached on"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("required") is None and (data.get("reached") or data.get("reached_on")):
            raise forms.ValidationError(_("Set the required level first."))
        if data.get("reached") and not data.get("reached_on"):
            self.add_error("reached_on", _("Give the date the level was reached."))
        if data.get("reached_on") and not data.get("reached"):
            self.add_error("reached", _("Give the level that was reached."))
        if data.get("reached_on") and data["reached_on"] > datetime.date.today():
            self.add_error("reached_on", _("A level cannot be reached in the future."))
        return data

    def target_values(self) -> dict | None:
        data = self.cleaned_data
        if data.get("required") is None:
            return None
        return {
            "required_level": data["required"],
            "reached_level": data["reached"],
            "reached_on": data["reached_on"],
        }


class MatrixRowForm(forms.Form):
    leader = forms.CharField(label=_("implementation leader"), max_length=200, required=False)
    version = VersionField()
    #: The row as the form showed it (`row_fingerprint`), to tell a row the sender changed
    #: from one they left alone while someone else changed it.
    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def row_fingerprint(leader: str, cells: list[dict | None]) -> str:
    """A short digest of one matrix row: its leader and each cell's values."""
    parts = [leader.strip()]
    for cell in cells:
        parts.append(
            "-"
            if cell is None
            else f"{cell['required_level']}/{cell['reached_level']}/{cell['reached_on']}"
        )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
