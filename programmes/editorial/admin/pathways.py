"""The editors' admin of care pathways and their steps: drafts, previews, publishing and
history as for the rest of the content (`DraftAdmin`)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db.models import Max
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from care_levels.models import CareLevel
from programmes.models import Pathway, PathwayStep

from .base import translated_pair
from .content import TAGS_AS_CHECKBOXES, interventions_offered
from .drafts import DraftAdmin


def _known_id(request, obj, name: str, attname: str):
    """The id of the container a form belongs to: the object's own, else the one the
    form sends (a POST) or was opened with (`?programme=` / `?pathway=`); None if none is
    known or it is no number."""
    value = getattr(obj, attname, None) if obj is not None else None
    if value is None and request.method == "POST":
        value = request.POST.get(name)
    if value is None:
        value = request.GET.get(name)
    return int(value) if value is not None and str(value).isdigit() else None


def _level_label(level: CareLevel) -> str:
    """A care level indented by its depth, as the care-level tree shows it."""
    return f"{'— ' * (level.depth - 1)}{level.name}"


def _changelist(model, **filters) -> str:
    url = reverse(f"admin:programmes_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _add_url(model, **initial) -> str:
    return f"{reverse(f'admin:programmes_{model._meta.model_name}_add')}?{urlencode(initial)}"


class PathwayForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        pathway = self.instance
        if (
            pathway.pk is not None
            and cleaned.get("national") is not None
            and pathway.setting_versions.exists()
        ):
            self.add_error(
                "national",
                _(
                    "This pathway has versions for settings of its own, so it stays a "
                    "national pathway."
                ),
            )
        return cleaned


@admin.register(Pathway)
class PathwayAdmin(DraftAdmin, TranslationAdmin):
    form = PathwayForm
    list_display = [
        "title",
        "programme",
        "setting",
        "position",
        "publication_status",
        "updated_at",
    ]
    list_filter = ["programme", "published", ("setting", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title_sv", "title_en", "summary_sv", "summary_en", "slug"]
    list_select_related = ["programme", "setting"]
    ordering = ["programme__position", "programme__slug", "position", "slug"]
    prepopulated_fields = {"slug": ["title_sv"]}
    readonly_fields = ["step_list"]
    fieldsets = [
        (None, {"fields": ["programme", translated_pair("title"), "slug", "position"]}),
        (
            gettext_lazy("Text"),
            {"fields": [translated_pair("summary"), translated_pair("body")]},
        ),
        (
            gettext_lazy("Version for a setting"),
            {
                "description": gettext_lazy(
                    "Leave both empty for a national pathway. A version for a setting (say, "
                    "primary care) names the national pathway it follows and the setting."
                ),
                "fields": ["national", "setting"],
            },
        ),
        (gettext_lazy("Steps"), {"fields": ["step_list"]}),
    ]

    def get_form(self, request, obj=None, **kwargs):
        """The national pathway is one of the same programme's national pathways; the
        setting is picked from the care-level tree. The programme is fixed once saved."""
        form = super().get_form(request, obj, **kwargs)
        fields = form.base_fields
        if obj is not None and obj.pk and "programme" in fields:
            fields["programme"].disabled = True
        national = fields.get("national")
        if national is not None:
            programme = _known_id(request, obj, "programme", "programme_id")
            queryset = Pathway.objects.filter(national__isnull=True).select_related("programme")
            if programme is not None:
                queryset = queryset.filter(programme_id=programme)
            if obj is not None and obj.pk:
                queryset = queryset.exclude(pk=obj.pk)
            national.queryset = queryset.order_by("programme__position", "position", "slug")
            national.label_from_instance = (
                (lambda pathway: pathway.title)
                if programme is not None
                else (lambda pathway: f"{pathway.programme} › {pathway.title}")
            )
        setting = fields.get("setting")
        if setting is not None:
            setting.queryset = CareLevel.objects.order_by("path")
            setting.label_from_instance = _level_label
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        programme = initial.get("programme")
        if programme and str(programme).isdigit() and "position" not in initial:
            initial["position"] = Pathway.objects.filter(programme_id=programme).count()
        return initial

    @admin.display(description=gettext_lazy("steps, in order"))
    def step_list(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the pathway first; then add its steps.")
        steps = obj.steps.order_by("position", "pk")
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            (
                (reverse("admin:programmes_pathwaystep_change", args=[step.pk]), step.title)
                for step in steps
            ),
        )
        add = format_html(
            '<a class="addlink" href="{}">{}</a>',
            _add_url(PathwayStep, pathway=obj.pk),
            _("Add a step"),
        )
        if not items:
            return format_html("<p>{}</p><p>{}</p>", _("No steps yet."), add)
        return format_html("<ol>{}</ol><p>{}</p>", items, add)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["programme_links"] = [
                (_("Steps"), _changelist(PathwayStep, pathway__id__exact=obj.pk)),
                (_("Add a step"), _add_url(PathwayStep, pathway=obj.pk)),
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


@admin.register(PathwayStep)
class PathwayStepAdmin(DraftAdmin, TranslationAdmin):
    list_display = [
        "title",
        "pathway",
        "position",
        "principal",
        "time_goal_days",
        "publication_status",
        "updated_at",
    ]
    list_filter = ["pathway__programme", "pathway", "principal", "published", "care_levels"]
    search_fields = ["title_sv", "title_en", "summary_sv", "summary_en", "slug"]
    list_select_related = ["pathway", "pathway__programme"]
    ordering = [
        "pathway__programme__position",
        "pathway__programme__slug",
        "pathway__position",
        "pathway__slug",
        "position",
        "pk",
    ]
    prepopulated_fields = {"slug": ["title_sv"]}
    formfield_overrides = TAGS_AS_CHECKBOXES
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "pathway",
                    translated_pair("title"),
                    "slug",
                    "position",
                    "national_step",
                ]
            },
        ),
        (
            gettext_lazy("What happens"),
            {"fields": [translated_pair("summary"), translated_pair("body")]},
        ),
        (
            gettext_lazy("Who is responsible and how soon"),
            {
                "fields": [
                    "care_levels",
                    "principal",
                    translated_pair("time_goal"),
                    "time_goal_days",
                    translated_pair("entry_criteria"),
                    translated_pair("exit_criteria"),
                ]
            },
        ),
        (gettext_lazy("Interventions"), {"fields": ["interventions"]}),
        (
            gettext_lazy("The person's own part"),
            {
                "fields": [
                    translated_pair("patient_contact"),
                    translated_pair("patient_plan"),
                    translated_pair("patient_next"),
                ]
            },
        ),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":
            # A searchable list of two boxes, not the checkboxes of the other tags.
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        """Once the step's pathway is known: the interventions are those of its programme
        (named by their place in the tree), and the national step one of the national
        pathway's steps. The pathway is fixed once saved."""
        form = super().get_form(request, obj, **kwargs)
        fields = form.base_fields
        pathway_id = _known_id(request, obj, "pathway", "pathway_id")
        pathway = (
            Pathway.objects.filter(pk=pathway_id).select_related("programme").first()
            if pathway_id is not None
            else None
        )
        if "pathway" in fields:
            fields["pathway"].queryset = Pathway.objects.select_related("programme").order_by(
                "programme__position", "programme__slug", "position", "slug"
            )
            fields["pathway"].label_from_instance = lambda item: f"{item.programme} › {item}"
            if obj is not None and obj.pk:
                fields["pathway"].disabled = True
        if "interventions" in fields:
            self._interventions_limit(fields["interventions"], pathway)
        if "national_step" in fields:
            self._national_steps_limit(fields["national_step"], pathway)
        return form

    @staticmethod
    def _interventions_limit(field, pathway: Pathway | None) -> None:
        interventions_offered(
            field,
            [pathway.programme_id] if pathway is not None else None,
            _("The interventions of the pathway's programme that the step uses.")
            if pathway is not None
            else _("Choose the pathway and save to see only its programme's interventions."),
        )

    @staticmethod
    def _national_steps_limit(field, pathway: Pathway | None) -> None:
        if pathway is not None and pathway.national_id is not None:
            field.queryset = PathwayStep.objects.filter(pathway_id=pathway.national_id).order_by(
                "position", "pk"
            )
            field.help_text = _("The step of the national pathway this text shortens.")
        else:
            field.queryset = PathwayStep.objects.none()
            field.help_text = _(
                "Only for a step of a version for a setting: the national step it shortens."
            )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        pathway = initial.get("pathway")
        if pathway and str(pathway).isdigit() and "position" not in initial:
            last = PathwayStep.objects.filter(pathway_id=pathway).aggregate(last=Max("position"))
            initial["position"] = 0 if last["last"] is None else last["last"] + 1
        return initial

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["programme_links"] = [
                (
                    _("The pathway"),
                    reverse("admin:programmes_pathway_change", args=[obj.pathway_id]),
                ),
                (_("Add a step"), _add_url(PathwayStep, pathway=obj.pathway_id)),
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
