"""The care pathway pages: the whole pathway, one step, and the pathway seen from one care
level ("your steps"). Each shows the chosen place's local text beside the national text."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from care_levels.selectors import get_level

from .. import local
from ..crumbs import crumb, programme_crumbs
from ..local import Target
from ..selectors import (
    get_public_pathway,
    get_public_programme,
    pathway_steps,
    scope_of,
    setting_versions,
    step_interventions,
    valid_slug,
)
from ..selectors.pathways import responsible_levels
from ..timeline import pathway_timeline, timeline_steps
from .blocks import blocks_on, level_blocks


def _pathway_crumbs(programme, pathway, *, link: bool = True) -> list[dict]:
    return programme_crumbs(programme) + [
        crumb(pathway.title, pathway.get_absolute_url() if link else None)
    ]


def pathway_detail(request, slug, pathway):
    """The whole pathway: the steps as an ordered list, with a timeline beside it."""
    programme = get_public_programme(slug)
    pathway = get_public_pathway(programme, pathway)
    steps = pathway_steps(pathway)
    found = local.page_blocks(programme_ids=[programme.pk], step=[step.pk for step in steps])
    blocks_on(found, Target.STEP, steps)
    timeline = pathway_timeline(
        timeline_steps(steps),
        title=_("Timeline of the steps of %(pathway)s") % {"pathway": pathway.title},
        chart_id=f"timeline-{pathway.pk}",
    )
    return render(
        request,
        "programmes/pathway.html",
        {
            "programme": programme,
            "pathway": pathway,
            "steps": steps,
            "versions": setting_versions(pathway),
            "levels": responsible_levels(steps),
            "timeline": timeline,
            "breadcrumbs": _pathway_crumbs(programme, pathway, link=False),
        },
    )


def pathway_step(request, slug, pathway, step):
    """One step: what happens, who is responsible, how soon, what it uses, the person's
    own part, and the steps before and after it."""
    programme = get_public_programme(slug)
    pathway = get_public_pathway(programme, pathway)
    if not valid_slug(step):
        raise Http404("No such step")
    steps = pathway_steps(pathway, full=True)
    current = next((item for item in steps if item.slug == step), None)
    if current is None:
        raise Http404("No such step")
    found = local.page_blocks(programme_ids=[programme.pk], step=[current.pk])
    blocks_on(found, Target.STEP, [current])
    index = current.number - 1
    return render(
        request,
        "programmes/pathway_step.html",
        {
            "programme": programme,
            "pathway": pathway,
            "step": current,
            "step_count": len(steps),
            "interventions": step_interventions(current, programme),
            "previous": steps[index - 1] if index > 0 else None,
            "next": steps[index + 1] if index + 1 < len(steps) else None,
            "breadcrumbs": _pathway_crumbs(programme, pathway)
            + [
                crumb(
                    _("Step %(number)s: %(title)s")
                    % {"number": current.number, "title": current.title}
                )
            ],
        },
    )


def pathway_level(request, slug, pathway, level):
    """The pathway seen from one care level: the steps it (or a level in its scope) is
    responsible for in full, the others briefly, so that the whole flow stays clear."""
    programme = get_public_programme(slug)
    pathway = get_public_pathway(programme, pathway)
    if not valid_slug(level):
        raise Http404("No such care level")
    care_level = get_level(level)
    scope = scope_of(care_level)
    steps = pathway_steps(pathway)
    for item in steps:
        item.yours = any(tag.slug in scope.slugs for tag in item.tags["care_levels"])
    yours = [item for item in steps if item.yours]
    found = local.page_blocks(
        programme_ids=[programme.pk], level=scope.below, step=[item.pk for item in yours]
    )
    blocks_on(found, Target.STEP, yours)
    return render(
        request,
        "programmes/pathway_level.html",
        {
            "programme": programme,
            "pathway": pathway,
            "level": care_level,
            "steps": steps,
            "yours": yours,
            "levels": responsible_levels(steps),
            "level_blocks": level_blocks(found, scope.below),
            "breadcrumbs": _pathway_crumbs(programme, pathway) + [crumb(care_level.name)],
        },
    )
