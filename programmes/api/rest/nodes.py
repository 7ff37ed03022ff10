"""Nodes of a programme's content tree as the API gives them: their place in the tree
(parent, children, public address) and, for an intervention, its fields and its national
recommendation. Every function reads in a fixed number of queries."""

from functools import reduce

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language

from care_levels.trees import ancestor_paths, parent_path
from programmes.models import ContentNode, strength_of
from programmes.selectors import STEP, attach_tags, node_url_under

from . import links
from .envelope import dates


def _title_fields() -> tuple[str, str]:
    return f"title_{get_language()}", f"title_{settings.LANGUAGE_CODE}"


def locate(nodes: list[ContentNode]) -> list[ContentNode]:
    """Keep the nodes that show (they and every node above them published), each with
    `slugs`, `html_url`, `parent_ref` and `children_refs`. Two queries, whatever the number
    of nodes. The nodes must have their programme selected."""
    nodes = [node for node in nodes if node.published]
    title, fallback = _title_fields()
    above = {
        row[0]: row
        for row in ContentNode.objects.filter(
            path__in={p for node in nodes for p in ancestor_paths(node.path, STEP)}
        )
        .rewrite(False)
        .values_list("path", "slug", "published", "kind", title, fallback)
    }
    located = []
    for node in nodes:
        chain = [above.get(path) for path in ancestor_paths(node.path, STEP)]
        if any(link is None or not link[2] for link in chain):
            continue
        programme = node.programme
        node.slugs = [link[1] for link in chain] + [node.slug]
        node.html_url = node_url_under(programme.get_absolute_url(), node.slugs)
        node.parent_ref = None
        if chain:
            _path, slug, _published, kind, text, text_fb = chain[-1]
            node.parent_ref = links.ref(
                kind,
                links.node_id(programme.slug, slug),
                links.node_url(programme.slug, slug),
                text or text_fb,
            )
        located.append(node)
    _attach_children(located)
    return located


def _attach_children(nodes: list[ContentNode]) -> None:
    for node in nodes:
        node.children_refs = []
    if not nodes:
        return
    title, fallback = _title_fields()
    below = reduce(
        lambda q, node: q | Q(path__startswith=node.path, depth=node.depth + 1),
        nodes,
        Q(pk__in=[]),
    )
    by_path = {node.path: node for node in nodes}
    rows = (
        ContentNode.objects.filter(below, published=True)
        .order_by("path")
        .rewrite(False)
        .values_list("path", "slug", "kind", title, fallback)
    )
    for path, slug, kind, text, text_fb in rows:
        parent = by_path.get(parent_path(path, STEP))
        if parent is not None:
            programme = parent.programme.slug
            parent.children_refs.append(
                links.ref(
                    kind,
                    links.node_id(programme, slug),
                    links.node_url(programme, slug),
                    text or text_fb,
                )
            )


def guideline_data(guideline) -> dict | None:
    if guideline is None:
        return None
    return {
        "id": guideline.slug,
        "name": guideline.name,
        "year": guideline.year,
        "issuer": guideline.issuer,
        "url": guideline.url,
    }


def recommendation_data(node: ContentNode) -> dict | None:
    """The intervention's recommendation: its kind, its words and the guideline it is in."""
    if not node.recommendation:
        return None
    strength = strength_of(node.recommendation, node.priority)
    return {
        "kind": node.recommendation,
        "kind_label": str(node.get_recommendation_display()),
        "words": str(strength.label) if strength else None,
        "explanation": str(strength.explanation) if strength else None,
        "rank": node.priority,
        "guideline": guideline_data(node.guideline),
        "condition": node.condition or "",
        "reason": node.recommendation_reason or "",
    }


def _tags(node, name: str) -> list[dict]:
    return [{"slug": tag.slug, "name": tag.name} for tag in node.tags[name]]


def intervention_data(node: ContentNode) -> dict | None:
    if not node.is_intervention:
        return None
    return {
        "target_group": node.target_group or "",
        "recommendation": recommendation_data(node),
        "competence": node.competence or "",
        "synopsis": node.synopsis or "",
        "procedure": node.procedure or "",
        "severity": node.severity,
        "coordinated": node.coordinated,
        "care_levels": [links.level_ref(tag.slug, tag.name) for tag in node.tags["care_levels"]],
        "professions": _tags(node, "professions"),
        "age_groups": _tags(node, "age_groups"),
        "phases": _tags(node, "phases"),
    }


def node_data(node: ContentNode, *, number: str | None = None) -> dict:
    """A located node (`locate`, or the tree's place copied onto it) with its tags."""
    programme = node.programme
    return {
        "id": links.node_id(programme.slug, node.slug),
        "type": node.kind,
        "url": links.node_url(programme.slug, node.slug),
        "html_url": node.html_url,
        "parent": node.parent_ref,
        "children": node.children_refs,
        **dates(node),
        "programme": links.programme_ref(programme),
        "kind": node.kind,
        "number": number,
        "title": node.title,
        "summary": node.summary or "",
        "body": node.body or "",
        "audience": node.audience,
        "intervention": intervention_data(node),
    }


def full_nodes(pks: list[int]) -> list[ContentNode]:
    """The nodes `pks` with every field, their programme, guideline and tags, in the
    order of `pks`. Five queries."""
    by_pk = {
        node.pk: node
        for node in ContentNode.objects.filter(pk__in=pks).select_related("programme", "guideline")
    }
    nodes = [by_pk[pk] for pk in pks if pk in by_pk]
    return attach_tags(nodes)
