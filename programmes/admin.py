import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from treebeard.forms import MoveNodeForm, movenodeform_factory

from care_levels.models import ProgrammeLevel

from . import page_cache
from .admin_tools import (
    DraftAdmin,
    HistoryAdmin,
    TreeHistoryAdmin,
    local_time,
    translated_pair,
)
from .content_files import ContentFileError, nothing_changed
from .exchange import dump_yaml, parse_programme_file, programme_export
from .models import (
    AccessibilityReport,
    AgeGroup,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Phase,
    Programme,
    Revision,
)
from .revisions import changed_labels, snapshot_display
from .services import ImportOutcome, programme_import_outcome

TAGS_AS_CHECKBOXES = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
MAX_UPLOAD = 5 * 1024 * 1024
#: Where an uploaded programme file waits while the editor checks what its import does.
IMPORT_SESSION_KEY = "vip_programme_import"

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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Programme file (YAML)"),
        help_text=gettext_lazy(
            "A file exported from this portal or written by the format in "
            "fixtures/SCHEMA.md. A programme with the same slug is replaced; before anything "
            "changes you see what the import will do."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("The file is larger than 5 MB."))
        content = upload.read()
        try:
            self.cleaned_data["data"] = parse_programme_file(content, upload.name)
        except ContentFileError as error:
            raise ValidationError(str(error)) from error
        # Read as UTF-8 already: parse_programme_file refuses anything else.
        self.cleaned_data["text"] = content.decode("utf-8").removeprefix("\ufeff")
        return upload


class ImportConfirmForm(forms.Form):
    """The second step of an import: the editor has seen what it does and says how the
    programme should be afterwards."""

    token = forms.CharField(widget=forms.HiddenInput)
    published = forms.TypedChoiceField(
        label=gettext_lazy("After the import"),
        choices=[
            ("1", gettext_lazy("the programme is on the public site")),
            (
                "0",
                gettext_lazy(
                    "the programme is not published: preview it, then publish it when it is ready"
                ),
            ),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


def programme_import_try(*, data, source) -> ImportOutcome:
    """What importing `data` would do, found by importing it in a transaction that is rolled
    back: nothing is kept, no page cache or search index changes."""
    with transaction.atomic(), page_cache.changes_suspended():
        outcome = programme_import_outcome(data=data, source=source)
        transaction.set_rollback(True)
    return outcome


@admin.register(Programme)
class ProgrammeAdmin(DraftAdmin, TranslationAdmin):
    list_display = ["name", "status", "version", "publication_status", "published_at", "updated_at"]
    list_filter = ["status", "published"]
    search_fields = ["name_sv", "name_en", "summary_sv", "summary_en", "slug"]
    prepopulated_fields = {"slug": ["name_sv"]}
    formfield_overrides = TAGS_AS_CHECKBOXES
    inlines = [ProgrammeLevelInline]
    change_list_template = "admin/vip/programme_change_list.html"
    fieldsets = [
        (None, {"fields": [translated_pair("name"), "slug"]}),
        (
            gettext_lazy("Summaries"),
            {"fields": [translated_pair("summary"), translated_pair("plain_summary")]},
        ),
        (
            gettext_lazy("About the programme"),
            {"fields": ["status", "version", "next_review", "position", "age_groups"]},
        ),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="programmes_programme_import"),
            path(
                "<path:object_id>/export/",
                view(self.export_view),
                name="programmes_programme_export",
            ),
        ] + super().get_urls()

    def export_view(self, request, object_id):
        programme = self._object_or_404(request, object_id)
        response = HttpResponse(
            dump_yaml(programme_export(programme=programme)),
            content_type="application/yaml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{programme.slug}.yaml"'
        return response

    def import_view(self, request):
        """Upload a programme file, see what its import does, then import it."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._import_confirmed(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload, data = form.cleaned_data["file"], form.cleaned_data["data"]
            existing = Programme.objects.filter(slug=data.get("slug")).first()
            try:
                outcome = programme_import_try(data=data, source=upload.name)
            except ContentFileError as error:
                form.add_error("file", nothing_changed(error))
            else:
                token = secrets.token_urlsafe(16)
                request.session[IMPORT_SESSION_KEY] = {
                    "token": token,
                    "name": upload.name,
                    "text": form.cleaned_data["text"],
                }
                confirm = ImportConfirmForm(
                    initial={
                        "token": token,
                        # As it is now; a new programme waits to be previewed first.
                        "published": "1" if existing and existing.published else "0",
                    }
                )
                return self._import_page(
                    request,
                    "admin/vip/import_confirm.html",
                    title=_("Check the import"),
                    form=confirm,
                    outcome=outcome,
                    existing=existing,
                    source=upload.name,
                )
        return self._import_page(
            request, "admin/vip/import.html", title=_("Import a programme file"), form=form
        )

    def _import_page(self, request, template, **context):
        context = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, template, context)

    def _import_confirmed(self, request):
        stored = request.session.get(IMPORT_SESSION_KEY) or {}
        form = ImportConfirmForm(request.POST)
        again = HttpResponseRedirect(reverse("admin:programmes_programme_import"))
        if not form.is_valid() or not secrets.compare_digest(
            form.cleaned_data["token"], stored.get("token") or ""
        ):
            messages.error(
                request, _("The uploaded file is no longer here. Please upload it again.")
            )
            return again
        try:
            data = parse_programme_file(stored["text"], stored["name"])
            with transaction.atomic():
                outcome = programme_import_outcome(
                    data=data,
                    source=stored["name"],
                    published=form.cleaned_data["published"],
                    user=request.user,
                )
        except ContentFileError as error:
            messages.error(request, nothing_changed(error))
            return again
        del request.session[IMPORT_SESSION_KEY]
        programme = outcome.programme
        if outcome.replaced and programme.published:
            message = _("“%s” is replaced by the file and on the public site now.")
        elif outcome.replaced:
            message = _(
                "“%s” is replaced by the file. It is not published: preview it, then publish "
                "it when it is ready."
            )
        elif programme.published:
            message = _("“%s” is imported and on the public site now.")
        else:
            message = _(
                "“%s” is imported. It is not published: preview it, then publish it when it "
                "is ready."
            )
        messages.success(request, message % programme)
        if discarded := len(outcome.drafts_discarded):
            messages.warning(
                request,
                ngettext(
                    "%(count)d waiting draft was discarded; its text stays in the history.",
                    "%(count)d waiting drafts were discarded; their text stays in the history.",
                    discarded,
                )
                % {"count": discarded},
            )
        return HttpResponseRedirect(
            reverse("admin:programmes_programme_change", args=[programme.pk])
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["programme_links"] = [
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
                    _("Export as a file"),
                    reverse("admin:programmes_programme_export", args=[obj.pk]),
                ),
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


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
        field.label_from_instance = lambda node: f"{'— ' * (node.depth - 1)}{node.title}"
        field.help_text = _("Sections are at the top of the tree; pages and interventions below.")

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
                    "priority",
                    translated_pair("priority_missing"),
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

    def structure_save(self, request, obj, form) -> bool:
        """A move asked for while saving a draft: the node moves now, the text waits."""
        if not self.form_moves(form):
            return False
        reference = form.cleaned_data.get("treebeard_ref_node")
        position = form.cleaned_data["treebeard_position"]
        if reference is None:
            ContentNode.objects.move(
                obj, ContentNode.objects.get_first_root_node(), "first-sibling"
            )
        else:
            ContentNode.objects.move(obj, reference, position)
        moved = ContentNode.objects.get(pk=obj.pk)
        moved.save()  # the page cache and search index follow saves
        self.move_record(request, moved)
        return True

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
    numbers, counts, titles, labels = {}, {}, {}, {}
    step = ContentNode.steplen
    for node in nodes:
        parent = node.path[:-step] if node.depth > 1 else (node.programme_id,)
        counts[parent] = counts.get(parent, 0) + 1
        above = numbers.get(node.path[:-step]) if node.depth > 1 else None
        numbers[node.path] = f"{above}.{counts[parent]}" if above else str(counts[parent])
        titles[node.path] = f"{numbers[node.path]} {node.title}"
        if node.is_intervention:
            ancestors = [titles[node.path[:end]] for end in range(step, len(node.path), step)]
            labels[node.pk] = " › ".join([str(node.programme), *ancestors, node.title])
    return labels


@admin.register(CaseVignette)
class CaseVignetteAdmin(HistoryAdmin, TranslationAdmin):
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
        queryset = ContentNode.objects.filter(kind=ContentNode.Kind.INTERVENTION).order_by(
            "programme__position", "programme__slug", "path"
        )
        if programme_ids is not None:
            queryset = queryset.filter(programme_id__in=programme_ids)
        labels = intervention_labels(programme_ids)
        field.queryset = queryset
        field.label_from_instance = lambda node: labels.get(node.pk, str(node))
        field.help_text = (
            _("The interventions of the vignette's programme.")
            if programme_ids
            else _("Choose the programme and save to see only its interventions.")
        )
        return form


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "kind", "programme", "direction", "published", "updated_at"]
    list_filter = ["programme", "kind", "published"]
    search_fields = ["name_sv", "name_en", "slug"]
    list_select_related = ["programme"]
    fieldsets = [
        (
            None,
            {"fields": ["programme", "kind", translated_pair("name"), "slug", "published"]},
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
                    translated_pair("target"),
                    translated_pair("data_sources"),
                    translated_pair("error_sources"),
                ]
            },
        ),
    ]


@admin.register(Material)
class MaterialAdmin(HistoryAdmin, TranslationAdmin):
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
        "url",
        "published",
    ]


@admin.register(AgeGroup, Phase)
class LookupAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name_sv", "name_en", "slug"]
    fields = [translated_pair("name"), "slug", "position"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Every change to content, newest first: read only. A version opens where its
    object's history shows it, to compare and restore; a deleted object's, here."""

    list_display = ["created_at", "object_link", "content_type", "action", "user", "changed"]
    list_filter = ["action", "content_type", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type", "user"]

    @admin.display(description=gettext_lazy("object"))
    def object_link(self, revision):
        model = revision.content_type.model_class()
        if model is None or revision.action == Revision.Action.DELETED:
            return revision.object_repr
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id])
        return format_html('<a href="{}">{}</a>', url, revision.object_repr)

    @admin.display(description=gettext_lazy("changed fields"))
    def changed(self, revision):
        model = revision.content_type.model_class()
        return capfirst(changed_labels(model, revision.changed_fields[:8])) + (
            " …" if len(revision.changed_fields) > 8 else ""
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None or not self.has_view_permission(request, revision):
            raise Http404(_("There is no such version."))
        model = revision.content_type.model_class()
        registered = model is not None and self.admin_site.is_registered(model)
        model_admin = self.admin_site.get_model_admin(model) if registered else None
        if (
            isinstance(model_admin, HistoryAdmin)
            and revision.action != Revision.Action.DELETED
            and model._default_manager.filter(pk=revision.object_id).exists()
            and model_admin.has_view_or_change_permission(request)
        ):
            opts = model._meta
            return HttpResponseRedirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_revision",
                    args=[revision.object_id, revision.pk],
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(when)s") % {"when": local_time(revision.created_at)},
            "subtitle": revision.object_repr,
            "opts": self.opts,
            "revision": revision,
            "rows": snapshot_display(model, revision.data) if model is not None else [],
        }
        return TemplateResponse(request, "admin/vip/revision_gone.html", context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "handled"]
    list_filter = ["handled"]
    readonly_fields = ["page", "description", "email", "created_at"]
