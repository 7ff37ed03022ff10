from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from care_levels.models import AgeGroup, CareLevel, Phase, Profession

from .models import AccessibilityReport, Material, Programme
from .selectors import levels_in_scope


class FastSelect(forms.Select):
    """A `<select>` drawn in Python, with the markup of Django's select.html and
    select_option.html. Those templates include a template per option and another per
    option's attributes: the search page's five filters, one of them a list of every
    programme, took more of its time than the search."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html('\n  <option value="{}"', str(option["value"]))
                    + _attrs(option["attrs"])
                    + format_html(">{}</option>", option["label"])
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for
    False."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class SlugChoiceField(forms.ChoiceField):
    """A choice among model rows by slug; `cleaned_data` holds the row itself.

    An unknown value is not echoed back in the error: it may be anything at all.
    """

    widget = FastSelect
    default_error_messages = {"invalid_choice": _("Choose one of the options in the list.")}

    def __init__(self, *, objects, label_for=str, **kwargs):
        self.objects = {obj.slug: obj for obj in objects}
        choices = [("", _("All"))] + [(obj.slug, label_for(obj)) for obj in objects]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        slug = super().clean(value)
        return self.objects.get(slug) if slug else None


def indented(level: CareLevel) -> str:
    return "\u2003" * (level.depth - 1) + level.name


class InterventionFilterForm(forms.Form):
    """Filters on a programme's interventions, read from plain GET parameters."""

    def __init__(self, data=None, *, levels, professions, age_groups, phases):
        super().__init__(data)
        self.fields["niva"] = SlugChoiceField(
            objects=levels, label_for=indented, label=_("Care level")
        )
        self.fields["befattning"] = SlugChoiceField(objects=professions, label=_("Profession"))
        self.fields["alder"] = SlugChoiceField(objects=age_groups, label=_("Age group"))
        self.fields["fas"] = SlugChoiceField(objects=phases, label=_("Phase"))

    @classmethod
    def for_request(cls, data):
        return cls(
            data,
            levels=list(CareLevel.objects.order_by("path")),
            professions=list(Profession.objects.all()),
            age_groups=list(AgeGroup.objects.all()),
            phases=list(Phase.objects.all()),
        )

    def filters(self) -> dict:
        """Keyword arguments for `filter_interventions`, the level as its scope of ids."""
        data = self.cleaned_data
        return {
            "levels": levels_in_scope(data["niva"]) if data["niva"] else None,
            "profession": data["befattning"],
            "age_group": data["alder"],
            "phase": data["fas"],
        }

    def active(self) -> list[tuple[str, object]]:
        return [
            (self.fields[name].label, value)
            for name, value in self.cleaned_data.items()
            if value is not None
        ]


class MaterialFilterForm(forms.Form):
    def __init__(self, data=None, *, programmes):
        super().__init__(data)
        self.fields["program"] = SlugChoiceField(objects=programmes, label=_("Programme"))
        self.fields["malgrupp"] = forms.ChoiceField(
            choices=[("", _("All"))] + list(Material.Audience.choices),
            required=False,
            label=_("Audience"),
            error_messages=SlugChoiceField.default_error_messages,
        )

    @classmethod
    def for_request(cls, data):
        return cls(data, programmes=list(Programme.objects.filter(published=True)))


class AccessibilityReportForm(forms.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "email"]
        labels = {
            "page": _("Which page? (optional)"),
            "description": _("What did not work?"),
            "email": _("Your email address, if you want an answer (optional)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
