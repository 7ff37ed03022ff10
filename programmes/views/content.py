"""The public pages of the knowledge portal: programmes, their content, the programmes
seen from a care level, case vignettes, materials, pages for patients and relatives."""

from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from care_levels.models import CareLevel
from care_levels.selectors import get_level, level_tree
from care_levels.slugs import SLUG_PATTERN

from .. import local
from ..crumbs import crumb, programme_crumbs
from ..form_pages import address_count, address_refused_for, minutes_of
from ..forms import AccessibilityReportForm, InterventionFilterForm, MaterialFilterForm
from ..local import Target
from ..models import ContentNode, Material, ProgrammeLevel, recommendation_order
from ..selectors import (
    ProgrammeTree,
    attach_locations,
    attach_tags,
    filter_interventions,
    get_public_programme,
    in_tree,
    indicators_for,
    interventions,
    levels_in_scope,
    programme_pathways,
    public_pages,
    public_programmes,
    regional_pages,
    vignettes,
)
from ..selectors.level_page import level_page
from .blocks import blocks_on, level_blocks
from .summary import ASSESSMENT, EARLY_SIGNS, part_of


def home(request):
    return render(
        request,
        "programmes/home.html",
        {"programmes": list(public_programmes()), "level_roots": level_tree()},
    )


def programme_list(request):
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": list(public_programmes()),
            "breadcrumbs": [crumb(_("Programmes"))],
        },
    )


def programme_detail(request, slug):
    programme = get_public_programme(slug)
    found = local.page_blocks(programme_ids=[programme.pk], programme=[programme.pk])
    tree = ProgrammeTree.load(programme)
    regional = regional_pages(programme)
    # The chosen place's regional page, as a block that leads to it.
    addresses = {page.organisation_slug: page.url for page in regional}
    local_blocks = found.of(Target.PROGRAMME, programme.pk)
    for block in local_blocks:
        block.url = addresses.get(block.organisation_slug, "")
    responsibilities = (
        ProgrammeLevel.objects.filter(programme=programme)
        .select_related("care_level")
        .order_by("care_level__path")
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "age_groups": list(programme.age_groups.all()),
            "tree": tree,
            "responsibilities": list(responsibilities),
            "vignettes": list(vignettes().filter(programme=programme)),
            "pathways": programme_pathways(programme),
            "regional_pages": regional,
            "local_blocks": local_blocks,
            "breadcrumbs": programme_crumbs(programme, link_programme=False),
        },
    )


def node_detail(request, slug, node_path):
    slugs = node_path.strip("/").split("/")
    if len(slugs) > ContentNode.MAX_DEPTH or not all(
        SLUG_PATTERN.fullmatch(s) and len(s) <= 80 for s in slugs
    ):
        raise Http404("Malformed page address")
    programme = get_public_programme(slug)
    tree = ProgrammeTree.load(programme)
    found = tree.find(slugs)
    if found is None:
        raise Http404("No such page")
    node = ContentNode.objects.select_related("guideline").get(pk=found.pk)
    node.number, node.url, node.children = found.number, found.url, found.children
    context = {
        "programme": programme,
        "tree": tree,
        "node": node,
        "breadcrumbs": programme_crumbs(programme)
        + [crumb(f"{a.number} {a.title}", a.url) for a in tree.ancestors(found)]
        + [crumb(f"{node.number} {node.title}")],
    }
    flat = list(tree)
    index = flat.index(found)
    context["previous"] = flat[index - 1] if index > 0 else None
    context["next"] = flat[index + 1] if index + 1 < len(flat) else None
    if node.is_intervention:
        attach_tags([node])
        context["vignettes"] = list(node.vignettes.filter(published=True))
        found = local.page_blocks(programme_ids=[programme.pk], intervention=[node.pk])
        context["local_blocks"] = found.of(Target.INTERVENTION, node.pk)
    else:
        local.chosen_place()
    return render(request, "programmes/node_detail.html", context)


def intervention_list(request, slug):
    programme = get_public_programme(slug)
    tree = ProgrammeTree.load(programme)
    form = InterventionFilterForm.for_request(request.GET)
    status, found = 200, []
    if form.is_valid():
        queryset = filter_interventions(
            interventions().filter(programme=programme), **form.filters()
        )
        found = attach_tags(in_tree(tree, queryset))
    else:
        status = 400
    return render(
        request,
        "programmes/intervention_list.html",
        {
            "programme": programme,
            "tree": tree,
            "form": form,
            "interventions": found,
            "breadcrumbs": programme_crumbs(programme) + [crumb(_("Interventions"))],
        },
        status=status,
    )


def programme_level(request, slug, level):
    page = level_page(slug, level)
    programme, care_level, scope = page.programme, page.level, page.scope
    found = local.page_blocks(
        programme_ids=[programme.pk], level=scope.below, step=[step.pk for step in page.steps]
    )
    blocks_on(found, Target.STEP, page.steps)
    # Early signs and what to assess, in place near the top (read from the tree already
    # loaded: no query of their own).
    paths = {node.path for node in page.pages}
    at_level = {node.pk for node in page.interventions}
    early_signs = part_of(page.tree, EARLY_SIGNS, paths, at_level)
    assessment = part_of(page.tree, ASSESSMENT, paths, at_level)
    parts = [part for part in (early_signs, assessment) if part]
    shown = {node.path for part in parts for node in [part.section, *part.items]}
    return render(
        request,
        "programmes/programme_level.html",
        {
            "programme": programme,
            "level": care_level,
            "tree": page.tree,
            "responsibility": page.responsibility,
            "interventions": page.interventions,
            "pages": [node for node in page.pages if node.path not in shown],
            "vignettes": page.vignettes,
            "scope": scope,
            "steps": page.steps,
            "level_blocks": level_blocks(found, scope.below),
            "early_signs": early_signs,
            "assessment": assessment,
            "breadcrumbs": programme_crumbs(programme) + [crumb(care_level.name)],
        },
    )


def indicator_list(request, slug):
    programme = get_public_programme(slug)
    return render(
        request,
        "programmes/indicator_list.html",
        {
            "programme": programme,
            "indicators": list(indicators_for(programme)),
            "breadcrumbs": programme_crumbs(programme) + [crumb(_("Indicators"))],
        },
    )


def vignette_list(request):
    by_programme = [
        (programme, list(items))
        for programme, items in groupby(vignettes(), key=lambda vignette: vignette.programme)
    ]
    return render(
        request,
        "programmes/vignette_list.html",
        {"by_programme": by_programme, "breadcrumbs": [crumb(_("Case vignettes"))]},
    )


def vignette_detail(request, slug):
    vignette = vignettes().filter(slug=slug).first()
    if vignette is None:
        raise Http404("No such case vignette")
    linked = vignette.interventions.filter(published=True).select_related("programme")
    return render(
        request,
        "programmes/vignette_detail.html",
        {
            "vignette": vignette,
            "programme": vignette.programme,
            "care_levels": list(vignette.care_levels.order_by("path")),
            "interventions": attach_locations(list(linked.order_by("path"))),
            "breadcrumbs": [
                crumb(_("Case vignettes"), reverse("programmes:vignettes")),
                crumb(vignette.title),
            ],
        },
    )


def material_list(request):
    form = MaterialFilterForm.for_request(request.GET)
    materials, status = [], 200
    if form.is_valid():
        queryset = Material.objects.filter(published=True).select_related("programme")
        queryset = queryset.exclude(programme__published=False)
        if form.cleaned_data["program"]:
            queryset = queryset.filter(programme=form.cleaned_data["program"])
        if form.cleaned_data["malgrupp"]:
            queryset = queryset.filter(audience=form.cleaned_data["malgrupp"])
        materials = list(queryset)
    else:
        status = 400
    return render(
        request,
        "programmes/material_list.html",
        {"form": form, "materials": materials, "breadcrumbs": [crumb(_("Materials"))]},
        status=status,
    )


def for_you_index(request):
    return render(
        request,
        "programmes/for_you_index.html",
        {
            "programmes": list(public_programmes()),
            "breadcrumbs": [crumb(_("For patients and relatives"))],
        },
    )


def for_you_programme(request, slug):
    programme = get_public_programme(slug)
    tree = ProgrammeTree.load(programme)
    return render(
        request,
        "programmes/for_you_programme.html",
        {
            "programme": programme,
            "pages": public_pages(programme, tree),
            "breadcrumbs": [
                crumb(_("For patients and relatives"), reverse("programmes:for_you")),
                crumb(programme.name),
            ],
        },
    )


#: Accessibility reports accepted from one address (`VIP_ACCESSIBILITY_REPORT_RATE`).
REPORTS = "accessibility.report"


@require_http_methods(["GET", "HEAD", "POST"])
def accessibility(request):
    form = AccessibilityReportForm(request.POST or None)
    rate = settings.VIP_ACCESSIBILITY_REPORT_RATE
    refused = request.method == "POST" and address_refused_for(request, group=REPORTS, rate=rate)
    if refused:
        # The form stays filled in, so the text is not lost when they come back later.
        minutes = minutes_of(refused)
        form.add_error(
            None,
            ngettext(
                "Many reports have been sent from your address in a short while, so this "
                "one was not received. Wait %(minutes)d minute and send it again.",
                "Many reports have been sent from your address in a short while, so this "
                "one was not received. Wait %(minutes)d minutes and send it again.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response = _accessibility_page(request, form, status=429)
        response["Retry-After"] = str(refused)
        return response
    if request.method == "POST" and form.is_valid():
        form.save()
        address_count(request, group=REPORTS, rate=rate)
        messages.success(request, _("Thank you. We have received your report."))
        return redirect("programmes:accessibility")
    return _accessibility_page(request, form, status=400 if form.is_bound and form.errors else 200)


def _accessibility_page(request, form, status):
    return render(
        request,
        "programmes/accessibility.html",
        {"form": form, "breadcrumbs": [crumb(_("Accessibility"))]},
        status=status,
    )


def level_list(request):
    return render(
        request,
        "programmes/level_list.html",
        {"level_roots": level_tree(), "breadcrumbs": [crumb(_("Care levels"))]},
    )


def level_detail(request, slug):
    """Every programme seen from one care level."""
    level = get_level(slug)
    above = list(CareLevel.objects.filter(path__in=level.related_paths()[:-1]).order_by("path"))
    below = list(
        CareLevel.objects.filter(path__startswith=level.path, depth=level.depth + 1).order_by(
            "path"
        )
    )
    programmes = list(public_programmes())
    responsibilities = {
        item.programme_id: item
        for item in attach_tags(
            list(ProgrammeLevel.objects.filter(care_level=level, programme__in=programmes)),
            ["refer_to"],
        )
    }
    found = filter_interventions(
        interventions().filter(programme__in=programmes).select_related("programme"),
        levels=levels_in_scope(level),
    )
    found = attach_locations(list(found.order_by("programme", "path")))
    by_programme = {pid: list(items) for pid, items in groupby(found, lambda n: n.programme_id)}
    sections = [
        {
            "programme": programme,
            "responsibility": responsibilities.get(programme.pk),
            "interventions": sorted(by_programme.get(programme.pk, []), key=recommendation_order),
        }
        for programme in programmes
    ]
    crumbs = [crumb(_("Care levels"), reverse("programmes:levels"))]
    crumbs += [crumb(a.name, a.get_absolute_url()) for a in above]
    crumbs.append(crumb(level.name))
    return render(
        request,
        "programmes/level_detail.html",
        {"level": level, "below": below, "sections": sections, "breadcrumbs": crumbs},
    )
