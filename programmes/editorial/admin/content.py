"""The editors' admin of the content: programmes, their content tree, case vignettes,
indicators, materials, and the accessibility reports visitors send."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.db import models
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from treebeard.forms import MoveNodeForm, movenodeform_factory

from care_levels.trees import ancestor_paths, numbered
from programmes.models import (
    AccessibilityReport,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Pathway,
    Programme,
    ProgrammeLevel,
)

from ..consultation.models import Member, Role
from .base import TreeHistoryAdmin, translated_pair
from .direct import ReleasedAdmin
from .drafts import DraftAdmin
from .imports import ProgrammeFileViews

TAGS_AS_CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}

admin.site.site_header = gettext_lazy("VIP portal administration")
admin.site.site_title = gettext_lazy("VIP portal administration")
admin.site.index_title = gettext_lazy("Content of the portal")


class ProgrammeLevelInline(TranslationTabularInline):
    model = ProgrammeLevel
    extra = 0
    fields = [
        "care_level",
        "early_detection",
        "assessment",
        "treatment",
        "support",
        *translated_pair("responsibility"),
    ]
    verbose_name_plural = gettext_lazy(
        "What each care level does (saved at once, not as a draft; details and referrals "
        "under Programme responsibilities at levels)"
    )


@admin.register(Programme)
class ProgrammeAdmin(ProgrammeFileViews, DraftAdmin, TranslationAdmin):
    list_display = ["name", "status", "version", "publication_status", "published_at", "updated_at"]
    list_filter = ["status", "published"]
    search_fields = ["name_sv", "name_en", "summary_sv", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    formfield_overrides = TAGS_AS_CHECKBOXES
    inlines = [ProgrammeLevelInline]
    # The working group moves the status, with who and when (programme work).
    readonly_fields = ["status"]
    change_list_template = "admin/vip/programme_change_list.html"
    fieldsets = [
        (None, {"fields": [translated_pair("name"), "slug"]}),
        (
            gettext_lazy("Summaries"),
            {"fields": [translated_pair("summary"), translated_pair("plain_summary")]},
        ),
        (
            gettext_lazy("About the programme"),
            {
                "fields": [
                    "status",
                    "version",
                    "icd10_codes",
                    "next_review",
                    "position",
                    "age_groups",
                ]
            },
        ),
    ]

    def get_urls(self):
        return self.file_urls() + super().get_urls()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Whoever makes a programme edits it: they belong to its working group.
            Member.objects.get_or_create(
                programme=obj, user=request.user, defaults={"role": Role.EDITOR}
            )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["programme_links"] = [
                (
                    _("Programme work: status, working group, consultation"),
                    reverse("consultation:programme", args=[obj.slug]),
                ),
                (
                    _("Content tree"),
                    reverse("admin:programmes_contentnode_changelist")
                    + "?"
                    + urlencode({"programme__id__exact": obj.pk}),
                ),
                (
                    _("Add a section or page"),
                    reverse("admin:programmes_contentnode_add")
                    + "?"
                    + urlencode({"programme": obj.pk}),
                ),
                (
                    _("Care pathways"),
                    reverse("admin:programmes_pathway_changelist")
                    + "?"
                    + urlencode({"programme__id__exact": obj.pk}),
                ),
                (
                    _("Add a care pathway"),
                    reverse("admin:programmes_pathway_add")
                    + "?"
                    + urlencode({"programme": obj.pk}),
                ),
                (
                    _("Export as a file"),
                    reverse("admin:programmes_programme_export", args=[obj.pk]),
                ),
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def depth_after_move(node: ContentNode | None, reference, position: str | None) -> int:
    """How deep the deepest node of `node`'s branch sits once it is placed as asked."""
    if reference is None:
        depth = 1
    elif position in ("first-child", "last-child", "sorted-child", "child"):
        depth = reference.depth + 1
    else:
        depth = reference.depth
    if node is None or node.pk is None:
        return depth
    deepest = (
        ContentNode.objects.filter(programme_id=node.programme_id, path__startswith=node.path)
        .aggregate(deepest=models.Max("depth"))
        .get("deepest")
        or node.depth
    )
    return depth + deepest - node.depth


TOO_DEEP = gettext_lazy("A programme's tree is at most %(depth)d levels deep.")


class ContentNodeForm(MoveNodeForm):
    """Place a node relative to nodes of its own programme; sections at the top."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance.programme_id or self.initial.get("programme")
        if self.is_bound:
            programme = self.data.get("programme") or programme
        field = self.fields["treebeard_ref_node"]
        if programme and str(programme).isdigit():
            field.queryset = field.queryset.filter(programme_id=programme)
            beside = self.initial.get("treebeard_ref_node")
            if str(getattr(beside, "programme_id", programme)) != str(programme):
                # A section's neighbour at the top of another programme's tree is no
                # choice here: the form shows no place and, sent back so, asks no move.
                self.initial["treebeard_ref_node"] = None
        field.label_from_instance = lambda node: f"{'— ' * (node.depth - 1)}{node.title}"
        field.help_text = _("Sections are at the top of the tree; pages and interventions below.")

    def _update_errors(self, errors):
        """The model names a translated field (`condition`) where the form has one field
        per language: its message goes to the Swedish one, which must have the text."""
        if hasattr(errors, "error_dict"):
            default = f"_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}"
            errors.error_dict = {
                (
                    f"{field}{default}"
                    if field not in self.fields and f"{field}{default}" in self.fields
                    else field
                ): messages
                for field, messages in errors.error_dict.items()
            }
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        programme = cleaned.get("programme") or (
            self.instance.programme if self.instance.programme_id else None
        )
        reference = cleaned.get("treebeard_ref_node")
        position = cleaned.get("treebeard_position")
        if programme and reference and reference.programme_id != programme.pk:
            self.add_error(
                "treebeard_ref_node", _("Choose a place in the same programme as the node.")
            )
            return cleaned
        if position is None:
            return cleaned
        at_top = reference is None or (position != "first-child" and reference.depth == 1)
        kind = cleaned.get("kind")
        if kind == ContentNode.Kind.SECTION and not at_top:
            self.add_error("treebeard_ref_node", _("A section belongs at the top of the tree."))
        elif kind and kind != ContentNode.Kind.SECTION and at_top:
            self.add_error(
                "treebeard_ref_node",
                _("Only sections sit at the top of the tree: place it in a section."),
            )
        elif depth_after_move(self.instance, reference, position) > ContentNode.MAX_DEPTH:
            self.add_error("treebeard_ref_node", TOO_DEEP % {"depth": ContentNode.MAX_DEPTH})
        return cleaned


@admin.register(ContentNode)
class ContentNodeAdmin(DraftAdmin, TreeHistoryAdmin, TranslationAdmin):
    form = movenodeform_factory(ContentNode, form=ContentNodeForm)
    list_display = ["title", "kind", "programme", "audience", "publication_status", "updated_at"]
    list_filter = ["programme", "kind", "audience", "published", "care_levels"]
    search_fields = ["title_sv", "title_en", "summary_sv", "summary_en", "slug"]
    list_select_related = ["programme"]
    formfield_overrides = TAGS_AS_CHECKBOXES
    prepopulated_fields = {"slug": ["title_sv"]}
    fieldsets = [
        (None, {"fields": ["programme", "kind", translated_pair("title"), "slug", "audience"]}),
        (
            gettext_lazy("Place in the tree"),
            {"fields": ["treebeard_position", "treebeard_ref_node"]},
        ),
        (gettext_lazy("Text"), {"fields": [translated_pair("summary"), translated_pair("body")]}),
        (
            gettext_lazy("Intervention"),
            {
                "classes": ["vip-intervention"],
                "description": gettext_lazy("Only for interventions."),
                "fields": [
                    translated_pair("target_group"),
                    "recommendation",
                    "guideline",
                    translated_pair("condition"),
                    "priority",
                    translated_pair("recommendation_reason"),
                    translated_pair("competence"),
                    translated_pair("synopsis"),
                    translated_pair("procedure"),
                    "severity",
                    "coordinated",
                ],
            },
        ),
        (
            gettext_lazy("Who it is for and who gives it"),
            {"fields": ["care_levels", "professions", "age_groups", "phases"]},
        ),
    ]

    #: The programme filter keeps the tree: it shows one programme's tree.
    TREE_PARAMS = {"programme__id__exact"}

    def is_filtered(self, request) -> bool:
        params = set(request.GET) - self.TREE_PARAMS
        if not params and not request.GET.get("q"):
            return False
        original, request.GET = request.GET, request.GET.copy()
        for name in self.TREE_PARAMS:
            request.GET.pop(name, None)
        try:
            return super().is_filtered(request)
        finally:
            request.GET = original

    def get_readonly_fields(self, request, obj=None):
        return ["programme"] if obj is not None and obj.pk else []

    def move_node(self, request):
        """Drag and drop in the tree, kept within one programme and its structure."""
        try:
            node = ContentNode.objects.get(pk=request.POST.get("node"))
            target = ContentNode.objects.get(pk=request.POST.get("target"))
        except (ContentNode.DoesNotExist, ValueError, TypeError):
            return HttpResponseBadRequest(_("Choose a node and where it should go."))
        relation = request.POST.get("relation")
        becomes_root = relation == "sibling" and target.depth == 1
        problem = None
        if node.programme_id != target.programme_id:
            problem = _("A node can only be moved within its own programme.")
        elif relation == "child" and target.is_intervention:
            problem = _("An intervention has no pages below it.")
        elif node.kind == ContentNode.Kind.SECTION and not becomes_root:
            problem = _("A section belongs at the top of the tree.")
        elif node.kind != ContentNode.Kind.SECTION and becomes_root:
            problem = _("Only sections sit at the top of the tree: place it in a section.")
        elif depth_after_move(node, target, relation) > ContentNode.MAX_DEPTH:
            problem = TOO_DEEP % {"depth": ContentNode.MAX_DEPTH}
        if problem:
            messages.error(request, problem)
            return HttpResponseBadRequest(problem)
        return super().move_node(request)

    def response_post_save_add(self, request, obj):
        """Back to the tree the new node belongs to."""
        return HttpResponseRedirect(
            reverse("admin:programmes_contentnode_changelist")
            + "?"
            + urlencode({"programme__id__exact": obj.programme_id})
        )


def intervention_labels(programme_ids=None) -> dict[int, str]:
    """“ADHD › 6 Treatment › Title” for each intervention: its programme, then the sections
    and pages above it, numbered as in the tree (published or not). One query."""
    nodes = ContentNode.objects.select_related("programme").order_by("programme_id", "path")
    if programme_ids is not None:
        nodes = nodes.filter(programme_id__in=programme_ids)
    nodes = list(nodes)
    step = ContentNode.steplen
    labels = {}
    by_programme: dict[int, list[ContentNode]] = {}
    for node in nodes:
        by_programme.setdefault(node.programme_id, []).append(node)
    for members in by_programme.values():
        numbers = numbered([node.path for node in members], step)
        titles = {node.path: f"{numbers.get(node.path, '')} {node.title}" for node in members}
        for node in members:
            if node.is_intervention:
                above = [titles[path] for path in ancestor_paths(node.path, step) if path in titles]
                labels[node.pk] = " › ".join([str(node.programme), *above, node.title])
    return labels


def interventions_offered(field, programme_ids, help_text) -> None:
    """An interventions field offers those of `programme_ids` (all when None), each named
    with its programme and place in the tree (`intervention_labels`)."""
    queryset = ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION).order_by(
        "programme__position", "programme__slug", "path"
    )
    if programme_ids is not None:
        queryset = queryset.filter(programme_id__in=programme_ids)
    labels = intervention_labels(programme_ids)
    field.queryset = queryset
    field.label_from_instance = lambda node: labels.get(node.pk, str(node))
    field.help_text = help_text


@admin.register(CaseVignette)
class CaseVignetteAdmin(ReleasedAdmin, TranslationAdmin):
    list_display = ["title", "programme", "published", "updated_at"]
    list_filter = ["programme", "published", "care_levels"]
    search_fields = ["title_sv", "title_en", "summary_sv", "slug"]
    list_select_related = ["programme"]
    prepopulated_fields = {"slug": ["title_sv"]}
    autocomplete_fields = []
    filter_horizontal = ["interventions"]
    formfield_overrides = TAGS_AS_CHECKBOXES
    fieldsets = [
        (None, {"fields": ["programme", translated_pair("title"), "slug", "published"]}),
        (
            gettext_lazy("Text"),
            {
                "fields": [
                    translated_pair("summary"),
                    translated_pair("story"),
                    translated_pair("questions"),
                ]
            },
        ),
        (gettext_lazy("Links"), {"fields": ["care_levels", "interventions"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "interventions":
            # A searchable list of two boxes, not the checkboxes of the other tags.
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        """The interventions to link are those of the vignette's programme, once it is
        known, each named with its programme and place in the tree."""
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("interventions")
        if field is None:
            return form
        programme = request.POST.get("programme") if request.method == "POST" else None
        programme = programme or (obj.programme_id if obj else request.GET.get("programme"))
        programme_ids = [programme] if programme and str(programme).isdigit() else None
        interventions_offered(
            field,
            programme_ids,
            _("The interventions of the vignette's programme.")
            if programme_ids
            else _("Choose the programme and save to see only its interventions."),
        )
        return form


@admin.register(Indicator)
class IndicatorAdmin(ReleasedAdmin, TranslationAdmin):
    list_display = ["name", "kind", "programme", "direction", "published", "updated_at"]
    list_filter = ["programme", "kind", "published"]
    search_fields = ["name_sv", "name_en", "slug"]
    list_select_related = ["programme"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "programme",
                    "kind",
                    translated_pair("name"),
                    "slug",
                    "published",
                    "pathway",
                ]
            },
        ),
        (
            gettext_lazy("Measure"),
            {
                "fields": [
                    translated_pair("purpose"),
                    translated_pair("measure"),
                    translated_pair("numerator"),
                    translated_pair("denominator"),
                    "direction",
                    "measure_kind",
                    translated_pair("target"),
                    translated_pair("data_sources"),
                    translated_pair("error_sources"),
                ]
            },
        ),
    ]

    def get_form(self, request, obj=None, **kwargs):
        """The pathway an indicator follows up is one of its programme's, once the
        programme is known."""
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("pathway")
        if field is None:
            return form
        programme = request.POST.get("programme") if request.method == "POST" else None
        programme = programme or (obj.programme_id if obj else request.GET.get("programme"))
        queryset = Pathway.objects.select_related("programme").order_by(
            "programme__position", "programme__slug", "position", "slug"
        )
        if programme and str(programme).isdigit():
            field.queryset = queryset.filter(programme_id=programme)
            field.label_from_instance = str
        else:
            field.queryset = queryset
            field.label_from_instance = lambda pathway: f"{pathway.programme} › {pathway}"
        return form


@admin.register(Material)
class MaterialAdmin(ReleasedAdmin, TranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "audience", "programme", "published", "updated_at"]
    list_filter = ["programme", "kind", "audience", "published"]
    search_fields = ["title_sv", "title_en", "slug"]
    list_select_related = ["programme"]
    fields = [
        "programme",
        "kind",
        "audience",
        translated_pair("title"),
        "slug",
        translated_pair("description"),
        "file",
        "url",
        "rendered",
        "published",
    ]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["page", "description", "email", "created_at"]
