"""The change form of content saved at once (`direct_releases`): case vignettes,
indicators, materials, what each level does and the national guidelines.

It asks what "Save and publish" asks (`releases.release_fields`): a save that changes
what the public sees needs the kind of change and a note, and the form stays open with a
message until it has them. Content the public does not see is simply saved.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..direct_releases import before_save, release_needed
from ..services import content_save
from ..snapshots import snapshot_from_form
from .base import HistoryAdmin
from .releases import release_fields, release_from


class ReleasedForm(forms.ModelForm):
    """A change form with the kind of change and the note, needed when the save changes
    what the public sees (once the instance holds the edited values)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(release_fields(required=False))
        self.release = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not release_needed(self.instance, data=snapshot_from_form(self)):
            return
        try:
            self.release = release_from(self.cleaned_data)
        except ValidationError as error:
            self.add_error(None, error)


class ReleasedAdmin(HistoryAdmin):
    """Content saved at once: a public change says its kind and note, and is recorded."""

    change_form_template = "admin/vip/released_change_form.html"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not issubclass(form, ReleasedForm):
            form = type(form.__name__, (ReleasedForm, form), {})
        return form

    def content_save(self, request, obj, form, change):
        return content_save(
            obj=obj,
            data=snapshot_from_form(form),
            user=request.user,
            version=getattr(form, "read_version", None),
            placement=self.placement(form, change),
            release=form.release,
        )

    def saved(self, request, outcome) -> None:
        super().saved(request, outcome)
        for release in outcome.releases:
            message = (
                _("The change is in the change log of %(programme)s as version %(version)s.")
                if release.is_professional
                else _("The change is in the change log of %(programme)s as an editorial change.")
            )
            messages.info(
                request, message % {"programme": release.programme, "version": release.version}
            )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # What the public sees now, whatever the form holds.
        shown_in = before_save(obj).programmes if obj is not None and obj.pk else []
        context["released"] = {
            "public": bool(shown_in),
            "programmes": ", ".join(str(item) for item in shown_in),
        }
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
