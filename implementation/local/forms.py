"""The forms of the local additions pages: plain selects that work without JavaScript.

A new addition is made in two steps: first its programme (`ProgrammeChoiceForm`, sent by
GET), then the form itself, whose lists hold that programme's steps and interventions.
Every form that edits a saved addition carries the version it was read at.
"""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme
from programmes.versioning import VersionedFormMixin

from ..forms import organisation_label
from ..models import LocalAddition, Organisation
from . import selectors


def _indented(obj) -> str:
    return "\u2003" * (obj.depth - 1) + obj.name


class ProgrammeChoiceForm(forms.Form):
    """The first step of a new addition: the programme it belongs to."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label=_("Programme"), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.offered_programmes()


class LocalAdditionForm(VersionedFormMixin, forms.ModelForm):
    """An addition's organisation (when new), what it hangs on, and its texts."""

    link = forms.URLField(
        label=LocalAddition._meta.get_field("link").verbose_name,
        help_text=LocalAddition._meta.get_field("link").help_text,
        required=False,
        assume_scheme="https",
    )

    #: The fields whose lists are the person's rights or the programme's content: a value
    #: sent that the form never offered is refused with 404, as for someone else's plan.
    GUARDED = ("organisation", "care_level", "step", "intervention")

    class Meta:
        model = LocalAddition
        fields = [
            "organisation",
            "kind",
            "care_level",
            "step",
            "intervention",
            "title",
            *LocalAddition.TEXTS,
            "link",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in LocalAddition.TEXTS},
        }
        help_texts = {
            "care_level": _("For an addition to the programme at a care level."),
            "step": _("For an addition to a step of one of the programme's care pathways."),
            "intervention": _("For an addition to one of the programme's interventions."),
            "title": _("A short heading for the local text, e.g. “Referral to psychosis care”."),
        }

    def __init__(self, *args, organisations: list[Organisation], programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk:
            # An addition stays with its organisation and its programme.
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            ).order_by("path")
            field.label_from_instance = organisation_label
            field.empty_label = None
        self.fields["kind"].choices = LocalAddition.Kind.choices  # no empty choice
        self.fields["care_level"].queryset = selectors.offered_levels()
        self.fields["care_level"].label_from_instance = _indented
        self.fields["step"].queryset = selectors.offered_steps(programme, keep=instance.step_id)
        self.fields["step"].label_from_instance = selectors.step_label
        self.fields["intervention"].queryset = selectors.offered_interventions(
            programme, keep=instance.intervention_id
        )
        self.fields["intervention"].label_from_instance = lambda node: node.title
        for name in ("care_level", "step", "intervention"):
            self.fields[name].empty_label = "–"

    def refuse_forged(self) -> None:
        """404 for an organisation, level, step or intervention the form never offered."""
        if not self.is_bound:
            return
        for name in self.GUARDED:
            field = self.fields.get(name)
            sent = self.data.get(self.add_prefix(name), "")
            if field is None or not sent:
                continue
            if (
                not (sent.isdigit() and len(sent) < 10)
                or not field.queryset.filter(pk=int(sent)).exists()
            ):
                raise Http404("Nothing of yours with that id")
