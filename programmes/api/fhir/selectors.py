"""Reads for FHIR: the published content of one or more programmes, in a fixed number of
queries whatever the number of programmes, interventions, levels, pathways and steps.

What is served is what the public pages show (`programmes.selectors`): a published
programme; an intervention that is published under published sections; a level's
responsibility in a published programme; a published pathway and its published steps.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from care_levels.trees import ancestor_paths

from ...models import ContentNode, Pathway, PathwayStep, Programme, ProgrammeLevel
from ...models.evidence import recommendation_order
from ...selectors import STEP, attach_tags, node_url_under, public_programmes

#: Long text fields of a node FHIR never serves.
UNUSED_NODE_FIELDS = ("body", "competence", "procedure")
#: Long text fields of a step FHIR never serves.
UNUSED_STEP_FIELDS = ("body", "patient_contact", "patient_plan", "patient_next")


@dataclass
class ProgrammeContent:
    """A programme and what FHIR serves of it, each list in reading order (interventions
    as every list of them: by guideline, kind and rank, `recommendation_order`).

    Each intervention has `slugs` (root to node), `url` (its public page, a path) and
    `tags["care_levels"]`; each level `tags["refer_to"]`; each pathway its `shown_steps`, and
    each step `tags["care_levels"]` and `intervention_ids` (only visible interventions).
    """

    programme: Programme
    interventions: list[ContentNode] = field(default_factory=list)
    levels: list[ProgrammeLevel] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)


def programmes() -> QuerySet[Programme]:
    """The programmes FHIR serves (the public pages' rule), in the portal's order."""
    return public_programmes().order_by("position", "slug")


def programme_contents(chosen: list[Programme]) -> list[ProgrammeContent]:
    """What FHIR serves of each of `chosen` (published programmes). Seven queries at
    most, whatever the amount of content; fewer when there is nothing to tag."""
    contents = {programme.pk: ProgrammeContent(programme) for programme in chosen}
    if not contents:
        return []
    _load_interventions(contents)
    _load_levels(contents)
    _load_pathways(contents)
    return list(contents.values())


def _load_interventions(contents: dict[int, ProgrammeContent]) -> None:
    """Every published node of the programmes in one query: the sections and pages tell
    which interventions are visible (all above them published) and give their URLs."""
    nodes = list(
        ContentNode.objects.filter(programme_id__in=contents, published=True)
        .select_related("guideline")
        .defer(*UNUSED_NODE_FIELDS)
        .order_by("path")
    )
    slugs_by_path = {node.path: node.slug for node in nodes}
    bases = {pk: content.programme.get_absolute_url() for pk, content in contents.items()}
    visible = []
    for node in nodes:
        if node.kind != ContentNode.Kind.INTERVENTION:
            continue
        above = ancestor_paths(node.path, STEP)
        if any(path not in slugs_by_path for path in above):
            continue
        node.slugs = [slugs_by_path[path] for path in above] + [node.slug]
        node.url = node_url_under(bases[node.programme_id], node.slugs)
        content = contents[node.programme_id]
        node.programme = content.programme
        content.interventions.append(node)
        visible.append(node)
    attach_tags(visible, ["care_levels"])
    for content in contents.values():
        content.interventions.sort(key=recommendation_order)


def _load_levels(contents: dict[int, ProgrammeContent]) -> None:
    levels = list(
        ProgrammeLevel.objects.filter(programme_id__in=contents)
        .select_related("care_level")
        .order_by("care_level__path")
    )
    attach_tags(levels, ["refer_to"])
    for level in levels:
        content = contents[level.programme_id]
        level.programme = content.programme
        content.levels.append(level)


def _load_pathways(contents: dict[int, ProgrammeContent]) -> None:
    """Published pathways with their published steps; a step names only the interventions
    the public can see."""
    pathways = list(
        Pathway.objects.filter(programme_id__in=contents, published=True)
        .select_related("setting", "national")
        .order_by("programme_id", "position", "slug")
    )
    by_id = {pathway.pk: pathway for pathway in pathways}
    for pathway in pathways:
        content = contents[pathway.programme_id]
        pathway.programme = content.programme
        pathway.shown_steps = []
        national = pathway.national
        pathway.public_national = national if national and national.published else None
        content.pathways.append(pathway)
    if not pathways:
        return
    steps = list(
        PathwayStep.objects.filter(pathway_id__in=by_id, published=True)
        .defer(*UNUSED_STEP_FIELDS)
        .order_by("pathway_id", "position", "id")
    )
    attach_tags(steps, ["care_levels"])
    visible = {node.pk: node for content in contents.values() for node in content.interventions}
    uses: dict[int, list[int]] = {}
    through = PathwayStep.interventions.through.objects.filter(
        pathwaystep_id__in=[step.pk for step in steps]
    ).values_list("pathwaystep_id", "contentnode_id")
    for step_id, node_id in through:
        uses.setdefault(step_id, []).append(node_id)
    for step in steps:
        pathway = by_id[step.pathway_id]
        step.pathway = pathway
        ordered = sorted(
            (visible[pk] for pk in uses.get(step.pk, []) if pk in visible),
            key=lambda node: node.path,
        )
        step.interventions_shown = ordered
        pathway.shown_steps.append(step)
