"""Reads for the care pathway pages: a programme's published pathways, a pathway's steps
in order with what its pages show, and the steps a care level is responsible for.

A pathway shows when it and its programme are published; a step when it and its pathway
are. Everything else answers 404.
"""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse

from care_levels.slugs import SLUG_PATTERN

from ..models import ContentNode, Pathway, PathwayStep, Programme
from .content import attach_locations, attach_tags, interventions

#: Long text fields a list of steps never shows.
HEAVY_STEP_FIELDS = (
    "body",
    "entry_criteria",
    "exit_criteria",
    "patient_contact",
    "patient_plan",
    "patient_next",
)


def valid_slug(value: str) -> bool:
    """Whether `value` can be a slug at all: anything else is a wrong address (404)."""
    return len(value) <= 80 and SLUG_PATTERN.fullmatch(value) is not None


def programme_pathways(programme: Programme) -> list[Pathway]:
    """The programme's published pathways in order, each national one carrying its
    published `versions` for settings. A version whose national pathway is not public is
    listed on its own."""
    rows = list(
        programme.pathways.filter(published=True)
        .select_related("setting")
        .defer("body")
        .order_by("position", "slug")
    )
    by_id = {pathway.pk: pathway for pathway in rows}
    listed = []
    for pathway in rows:
        pathway.versions = []
        pathway.programme = programme
    for pathway in rows:
        national = by_id.get(pathway.national_id)
        if national is not None:
            national.versions.append(pathway)
        else:
            listed.append(pathway)
    return listed


def get_public_pathway(programme: Programme, slug: str) -> Pathway:
    """The programme's published pathway `slug`, with its national pathway and setting."""
    pathway = None
    if valid_slug(slug):
        pathway = (
            programme.pathways.filter(published=True, slug=slug)
            .select_related("national", "setting")
            .first()
        )
    if pathway is None:
        raise Http404("No such care pathway")
    pathway.programme = programme
    national = pathway.national
    # The national pathway is linked only while the public can see it.
    pathway.public_national = national if national and national.published else None
    if pathway.public_national is not None:
        national.programme = programme
    return pathway


def setting_versions(pathway: Pathway) -> list[Pathway]:
    """A national pathway's published versions for settings (none for a version)."""
    if pathway.is_setting_version:
        return []
    versions = list(
        pathway.setting_versions.filter(published=True)
        .select_related("setting")
        .defer("body")
        .order_by("position", "slug")
    )
    for version in versions:
        version.programme = pathway.programme
    return versions


def pathway_steps(pathway: Pathway, *, full: bool = False) -> list[PathwayStep]:
    """The pathway's published steps in order, each with its `number` (1, 2 …), `url`,
    responsible levels (`tags["care_levels"]`) and, in a version for a setting, the
    `national_url` of the national step it shortens (when that step is public).

    `full` reads every text of the steps (the step page); otherwise the long ones wait.
    Two queries, whatever the number of steps and levels.
    """
    programme = pathway.programme
    national = getattr(pathway, "public_national", None)
    queryset = pathway.steps.filter(published=True).order_by("position", "id")
    if national is not None:
        queryset = queryset.select_related("national_step")
    if not full:
        queryset = queryset.defer(*HEAVY_STEP_FIELDS)
    steps = attach_tags(list(queryset), ["care_levels"])
    for number, step in enumerate(steps, 1):
        step.pathway = pathway
        step.number = number
        step.url = reverse(
            "programmes:pathway_step", args=[programme.slug, pathway.slug, step.slug]
        )
        step.national_url = ""
        if national is not None and step.national_step_id is not None:
            shortened = step.national_step
            if shortened.published and shortened.pathway_id == national.pk:
                step.national_url = reverse(
                    "programmes:pathway_step", args=[programme.slug, national.slug, shortened.slug]
                )
                step.national_title = shortened.title
    return steps


def responsible_levels(steps: list[PathwayStep]) -> list:
    """Every level responsible for one of `steps`, once each, in the order of the flow."""
    seen, levels = set(), []
    for step in steps:
        for level in step.tags["care_levels"]:
            if level.slug not in seen:
                seen.add(level.slug)
                levels.append(level)
    return levels


def step_interventions(step: PathwayStep, programme: Programme) -> list[ContentNode]:
    """The published interventions of the programme that `step` uses, located in its tree
    (`url`); those under an unpublished section are left out."""
    nodes = list(interventions().filter(programme=programme, pathway_steps=step))
    for node in nodes:
        node.programme = programme
    return attach_locations(nodes)


def _step_number():
    """A step's number in its pathway: one more than the published steps before it."""
    earlier = (
        PathwayStep.objects.filter(pathway=OuterRef("pathway"), published=True)
        .filter(
            Q(position__lt=OuterRef("position"))
            | Q(position=OuterRef("position"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("pathway")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(earlier[:1]), 0) + 1


def steps_at_levels(programme: Programme, level_ids: list[int]) -> list[PathwayStep]:
    """The published steps of the programme's published pathways that any of `level_ids`
    is responsible for, by pathway and in order, each with its `number` and `url`. One
    query."""
    responsible = PathwayStep.care_levels.through.objects.filter(carelevel_id__in=level_ids).values(
        "pathwaystep_id"
    )
    steps = list(
        PathwayStep.objects.filter(
            published=True,
            pathway__published=True,
            pathway__programme=programme,
            pk__in=responsible,
        )
        .select_related("pathway", "pathway__setting")
        .defer(*HEAVY_STEP_FIELDS, "pathway__body")
        .annotate(number=_step_number())
        .order_by("pathway__position", "pathway__slug", "position", "id")
    )
    for step in steps:
        step.pathway.programme = programme
        step.url = reverse(
            "programmes:pathway_step", args=[programme.slug, step.pathway.slug, step.slug]
        )
    return steps
