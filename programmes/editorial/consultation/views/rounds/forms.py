"""The working group's forms around a round: opening it, inviting an organisation, adding
a reviewer, and answering a comment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models import ContentNode, Pathway, Programme
from programmes.versioning import VersionField

from ....models import Version
from ...models import Answer, Organisation
from ...models.rounds import LONG


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NewOrganisationMixin(forms.Form):
    """An organisation not yet in the list, named and given its kind."""

    new_organisation = forms.CharField(
        label=_("Another organisation, not in the list"),
        max_length=200,
        required=False,
        help_text=_("Its name. It is added to the list of organisations."),
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=[("", "–"), *Organisation.Kind.choices],
        required=False,
    )

    def clean_new_organisation(self) -> str:
        name = " ".join(self.cleaned_data["new_organisation"].split())
        if name and Organisation.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(
                _("That organisation is already in the list: choose it there.")
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_organisation") and not cleaned.get("new_organisation_kind"):
            self.add_error("new_organisation_kind", _("Choose the kind of organisation."))
        return cleaned

    def new_organisation_instance(self) -> Organisation | None:
        name = self.cleaned_data.get("new_organisation")
        if not name:
            return None
        return Organisation(name=name, kind=self.cleaned_data["new_organisation_kind"])


class RoundForm(NewOrganisationMixin):
    SCOPE_ALL, SCOPE_CHOSEN = "all", "chosen"

    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the round is for, in a few sentences the reviewers read first."),
    )
    questions = forms.CharField(
        label=_("Questions"),
        max_length=LONG,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The questions the reviewers are asked to answer, one per line."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    scope = forms.ChoiceField(
        label=_("What the round covers"),
        choices=[
            (SCOPE_ALL, _("The whole programme")),
            (SCOPE_CHOSEN, _("Chosen sections and care pathways")),
        ],
        initial=SCOPE_ALL,
        widget=forms.RadioSelect,
    )
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections"),
        queryset=ContentNode.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pathways = forms.ModelMultipleChoiceField(
        label=_("Care pathways"),
        queryset=Pathway.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Invited organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "title",
        "purpose",
        "questions",
        "deadline",
        "scope",
        "sections",
        "pathways",
        "organisations",
        "new_organisation",
        "new_organisation_kind",
    ]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = programme.nodes.filter(depth=1).order_by("path")
        self.fields["pathways"].queryset = programme.pathways.order_by("position", "slug")
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("The deadline must be a day after today."))
        return deadline

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("scope") == self.SCOPE_CHOSEN
        if chosen and not (cleaned.get("sections") or cleaned.get("pathways")):
            self.add_error("sections", _("Choose at least one section or care pathway."))
        if not chosen:
            cleaned["sections"], cleaned["pathways"] = [], []
        if not cleaned.get("organisations") and not cleaned.get("new_organisation"):
            if "new_organisation" not in self.errors:
                self.add_error("organisations", _("Choose at least one organisation to invite."))
        return cleaned


class InviteForm(NewOrganisationMixin):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="–",
    )

    field_order = ["organisation", "new_organisation", "new_organisation_kind"]

    def __init__(self, *args, invited_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk__in=list(invited_ids)
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation") and cleaned.get("new_organisation"):
            self.add_error(
                "new_organisation", _("Choose an organisation or name a new one, not both.")
            )
        elif not cleaned.get("organisation") and not cleaned.get("new_organisation"):
            if "new_organisation" not in self.errors:
                self.add_error("organisation", _("Choose an organisation or name a new one."))
        return cleaned


class ReviewerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)


class AnswerForm(forms.Form):
    """The group's answer to one comment. `changes` are the recorded changes of the
    comment's part since the round opened (read once for every form on the page);
    `version` is the answer's edit version as read (empty while there is no answer)."""

    verdict = forms.ChoiceField(
        label=_("Answer"), choices=Answer.Verdict.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=LONG, widget=forms.Textarea(attrs={"rows": 3})
    )
    change = forms.ChoiceField(
        label=_("Change made in the draft"),
        required=False,
        help_text=_("Changes recorded on this part since the round opened."),
    )
    version = VersionField()

    def __init__(self, *args, changes=(), answer: Answer | None = None, **kwargs):
        self.changes = {str(change.pk): change for change in changes}
        if answer is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = {
                "verdict": answer.verdict,
                "reason": answer.reason,
                "change": answer.change_id or "",
                "version": answer.lock_version,
            }
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = [("", _("No change linked"))] + [
            (key, change_label(change)) for key, change in self.changes.items()
        ]

    def clean_change(self) -> Version | None:
        return self.changes.get(self.cleaned_data["change"])

    @property
    def read_version(self) -> int | None:
        return self.cleaned_data.get("version")


def change_label(version) -> str:
    when = timezone.localtime(version.created_at).strftime("%Y-%m-%d %H:%M")
    by = ""
    if version.user_id and version.user:
        by = " – " + (version.user.get_full_name() or version.user.get_username())
    return f"{when} {version.get_action_display()}: {version.object_repr}{by}"
