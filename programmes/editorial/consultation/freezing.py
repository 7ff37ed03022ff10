"""Freezing a programme's draft as a consultation version (*remissversion*).

Each part takes the draft an editor saved where one waits, else the content as it is;
unpublished content (new parts of the draft) is included. A round may cover the whole
programme or chosen sections and care pathways; the programme as a whole is always a
part, for general comments.
"""

from django.db import transaction
from django.utils import translation

from programmes.models import ContentNode, Pathway, PathwayStep, Programme

from ..models import Draft
from ..releases import snapshot_texts
from ..snapshots import snapshot
from .models import ConsultationVersion, Part

NODE_KINDS = {
    ContentNode.Kind.SECTION: Part.Kind.SECTION,
    ContentNode.Kind.PAGE: Part.Kind.PAGE,
    ContentNode.Kind.INTERVENTION: Part.Kind.INTERVENTION,
}
KEY_PREFIX = {Programme: "programme", ContentNode: "node", Pathway: "pathway", PathwayStep: "step"}


def part_key(obj) -> str:
    return f"{KEY_PREFIX[type(obj)]}:{obj.pk}"


def _drafts(model, ids) -> dict[int, dict]:
    from django.contrib.contenttypes.models import ContentType

    rows = Draft.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
    )
    return {row.object_id: row.data for row in rows}


def _title(data: dict, name: str) -> tuple[str, str]:
    return data.get(f"{name}_sv") or "", data.get(f"{name}_en") or ""


def _in_scope(node: ContentNode, roots: list[ContentNode]) -> bool:
    return any(node.path.startswith(root.path) for root in roots)


@transaction.atomic
def version_freeze(
    *,
    programme: Programme,
    user,
    label: str,
    sections: list[ContentNode] | None = None,
    pathways: list[Pathway] | None = None,
) -> ConsultationVersion:
    """Freeze the programme's draft as it stands now (all of it, or only the sections
    and care pathways given) and return the consultation version."""
    version = ConsultationVersion.objects.create(programme=programme, label=label, made_by=user)
    nodes = list(
        programme.nodes.order_by("path").prefetch_related(
            "care_levels", "professions", "age_groups", "phases"
        )
    )
    if sections is not None:
        nodes = [node for node in nodes if _in_scope(node, sections)]
    chosen_pathways = list(programme.pathways.order_by("position", "slug"))
    if sections is not None and pathways is None:
        chosen_pathways = []
    elif pathways is not None:
        wanted = {pathway.pk for pathway in pathways}
        chosen_pathways = [pathway for pathway in chosen_pathways if pathway.pk in wanted]
    steps = list(
        PathwayStep.objects.filter(pathway__in=chosen_pathways)
        .order_by("pathway__position", "pathway__slug", "position", "pk")
        .prefetch_related("care_levels", "interventions")
    )
    drafts = {
        Programme: _drafts(Programme, [programme.pk]),
        ContentNode: _drafts(ContentNode, [node.pk for node in nodes]),
        Pathway: _drafts(Pathway, [pathway.pk for pathway in chosen_pathways]),
        PathwayStep: _drafts(PathwayStep, [step.pk for step in steps]),
    }

    parts = []

    def add(obj, kind, depth, title_field):
        data = drafts[type(obj)].get(obj.pk) or snapshot(obj)
        title_sv, title_en = _title(data, title_field)
        with translation.override("sv"):
            texts = snapshot_texts(type(obj), data)
        parts.append(
            Part(
                version=version,
                key=part_key(obj),
                kind=kind,
                position=len(parts),
                depth=depth,
                title_sv=title_sv[:300] or str(obj)[:300],
                title_en=title_en[:300],
                data=data,
                texts=texts,
            )
        )

    add(programme, Part.Kind.PROGRAMME, 0, "name")
    for node in nodes:
        add(node, NODE_KINDS[node.kind], node.depth, "title")
    steps_of = {}
    for step in steps:
        steps_of.setdefault(step.pathway_id, []).append(step)
    for pathway in chosen_pathways:
        add(pathway, Part.Kind.PATHWAY, 1, "title")
        for step in steps_of.get(pathway.pk, []):
            add(step, Part.Kind.STEP, 2, "title")
    Part.objects.bulk_create(parts)
    return version
