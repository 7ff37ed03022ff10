"""The working group's forms. Every form that edits a row two people may save at once
carries the version it was read at (`programmes.versioning`), so that a save from an old
copy is refused rather than overwriting; the writes themselves are the services'."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from care_levels.models import CareLevel
from programmes.models import Material, PathwayStep, Programme
from programmes.versioning import VersionedFormMixin, VersionField

from ...models import (
    DisseminationItem,
    IndicatorCheck,
    Meeting,
    PracticalTest,
    Role,
    SelfEvaluationAnswer,
)
from ...services.group import allowed_moves
from ...services.process import (
    DISSEMINATION_FIELDS,
    MEETING_FIELDS,
    PRACTICAL_TEST_FIELDS,
)

NOTE = 2000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VersionedForm(VersionedFormMixin, forms.ModelForm):
    """A model form of a versioned row, with the browser's date field for dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()

    def values(self) -> dict:
        """The cleaned values the services take, without the version."""
        return {
            name: value for name, value in self.cleaned_data.items() if name != self.version_field
        }


class StatusMoveForm(forms.Form):
    """Where the status may go from where it is: only the allowed moves are offered."""

    to = forms.ChoiceField(label=_("new status"))
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the status moves now: the decision, the meeting it was taken at."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (value, Programme.Status(value).label.capitalize())
            for value in allowed_moves(programme)
        ]


class MemberAddForm(forms.Form):
    """Add an existing user by username or e-mail address."""

    user = forms.CharField(
        label=_("username or e-mail address"),
        max_length=254,
        help_text=_("The person must already have an account in the portal."),
    )
    role = forms.ChoiceField(
        label=_("role"),
        choices=[(value, capfirst(label)) for value, label in Role.choices],
        initial=Role.MEMBER,
        help_text=_(
            "Adding someone as chair hands the chair over: the chair until now stays in the "
            "group as a member."
        ),
    )
    represents = forms.CharField(
        label=_("represents"),
        required=False,
        max_length=200,
        help_text=_("The region or organisation the member represents in the group."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "member")
        super().__init__(*args, **kwargs)

    def clean_user(self):
        given = self.cleaned_data["user"].strip()
        found = list(
            get_user_model()
            .objects.filter(Q(username__iexact=given) | Q(email__iexact=given), is_active=True)
            .order_by("pk")[:2]
        )
        if not found:
            raise forms.ValidationError(_("No one in the portal has this username or address."))
        exact = [user for user in found if user.get_username().lower() == given.lower()]
        if len(found) > 1 and not exact:
            raise forms.ValidationError(
                _("Several people have this e-mail address: give the username instead.")
            )
        return exact[0] if exact else found[0]


class MemberForm(forms.Form):
    """A member's role and whom they represent."""

    role = forms.ChoiceField(
        label=_("role"),
        choices=[(value, capfirst(label)) for value, label in Role.choices],
        help_text=_(
            "Making someone chair hands the chair over: the chair until now stays in the "
            "group as a member."
        ),
    )
    represents = MemberAddForm.base_fields["represents"]


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in ("due_before", "agenda", "minutes", "decisions")
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = self.fields["round"]
        rounds.queryset = programme.consultation_rounds.order_by("number")
        rounds.label_from_instance = _round_label
        rounds.help_text = _("For a meeting that discusses a consultation round's comments.")
        self.fields["title"].help_text = _("Leave empty to call it by its kind.")


def _round_label(round_) -> str:
    return round_.title


def _node_label(node) -> str:
    return "\u2003" * (node.depth - 1) + node.title


def _step_label(step) -> str:
    return f"{step.pathway.title}: {step.title}"


class PracticalTestForm(VersionedForm):
    class Meta:
        model = PracticalTest
        fields = [*PRACTICAL_TEST_FIELDS, "nodes", "steps"]
        widgets = {
            "described_case": forms.Textarea(attrs={"rows": 4}),
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "must_change": forms.Textarea(attrs={"rows": 4}),
            "nodes": forms.CheckboxSelectMultiple,
            "steps": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        levels = self.fields["care_level"]
        levels.queryset = CareLevel.objects.order_by("path")
        levels.label_from_instance = _level_label
        vignette = self.fields["vignette"]
        vignette.queryset = programme.vignettes.order_by("title")
        vignette.help_text = _(
            "A case vignette of this programme, or describe a case below. Never patient data."
        )
        self.fields["described_case"].help_text = _(
            "A fictional or anonymised case in a few sentences. Never patient data: no "
            "names, personal identity numbers or details that could identify a person."
        )
        nodes = self.fields["nodes"]
        nodes.queryset = programme.nodes.order_by("path")
        nodes.label_from_instance = _node_label
        nodes.help_text = _("The sections, pages and interventions the test concerns.")
        steps = self.fields["steps"]
        steps.queryset = (
            PathwayStep.objects.filter(pathway__programme=programme)
            .select_related("pathway")
            .order_by("pathway__position", "pathway__slug", "position", "pk")
        )
        steps.label_from_instance = _step_label
        steps.help_text = _("The care pathway steps the test concerns.")


def _level_label(level) -> str:
    return "\u2003" * (level.depth - 1) + level.name


class IndicatorCheckForm(VersionedForm):
    class Meta:
        model = IndicatorCheck
        fields = ["fetchable", "source", "fetched_by", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].help_text = _("The register, record system or survey.")
        self.fields["fetched_by"].help_text = _("Who fetches the data: an authority, the region…")


class DisseminationItemForm(VersionedForm):
    class Meta:
        model = DisseminationItem
        fields = list(DISSEMINATION_FIELDS)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        material = self.fields["material"]
        material.queryset = Material.objects.filter(programme=programme).order_by("title")
        material.help_text = _("One of the programme's materials; or say what below.")


class SelfEvaluationForm(forms.Form):
    """The six questions, one answer each, with the version each answer was read at."""

    def __init__(self, *args, answers: dict[str, SelfEvaluationAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers
        for question, label in SelfEvaluationAnswer.Question.choices:
            saved = answers.get(question)
            self.fields[question] = forms.CharField(
                label=label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=saved.answer if saved else "",
            )
            self.fields[f"version-{question}"] = VersionField(
                initial=saved.lock_version if saved else None
            )

    def questions(self):
        """Each question's field with its saved answer (None if not answered yet)."""
        return [(self[q], self.answers.get(q)) for q in SelfEvaluationAnswer.Question.values]

    def answers_sent(self) -> dict[str, str]:
        return {q: self.cleaned_data.get(q, "") for q in SelfEvaluationAnswer.Question.values}

    def versions_sent(self) -> dict[str, int | None]:
        return {
            q: self.cleaned_data.get(f"version-{q}") for q in SelfEvaluationAnswer.Question.values
        }
