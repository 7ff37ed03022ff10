"""The reviewers' forms: a comment, and the password chosen from the invitation link."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from programmes.versioning import VersionedFormMixin

from ...models import Comment

KINDS = [(value, label) for value, label in Comment.Kind.choices if value != Comment.Kind.NONE]


class CommentForm(VersionedFormMixin, forms.ModelForm):
    """A comment on one part: its kind, the text and, if the reviewer has one, a proposed
    wording. ("No comments" is a button of its own.)"""

    class Meta:
        model = Comment
        fields = ["kind", "text", "proposal"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "proposal": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "proposal": _("Optional: the wording you propose instead."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind"))] + KINDS
        self.fields["text"].required = True
        self.fields["text"].error_messages["required"] = _("Write the comment.")
        self.fields["kind"].error_messages["required"] = _("Choose what kind of comment it is.")


class ChoosePasswordForm(SetPasswordForm):
    """Django's form to set a password, its rules given as plain text (the page shows a
    field's help as one paragraph)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = " ".join(password_validation.password_validators_help_texts())
        self.fields["new_password1"].help_text = rules
        self.fields["new_password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["new_password2"].widget.attrs["autocomplete"] = "new-password"
