"""A whole programme out as one YAML file (the format: `programme.schema.json`).

`programme_export` reads a programme into the file's shape and `dump_yaml` writes it;
`reading.parse_programme_file` reads it back for `importing.programme_import`. Drafts and
history are not part of the file.
"""

import yaml
from django.conf import settings

from programmes.models import ContentNode, PathwayStep, Programme, ProgrammeLevel

from .format import (
    GUIDELINE_KEYS,
    GUIDELINE_TEXTS,
    INDICATOR_KEYS,
    INDICATOR_TEXTS,
    INTERVENTION_KEYS,
    INTERVENTION_TEXTS,
    MATERIAL_KEYS,
    MATERIAL_TEXTS,
    NODE_KEYS,
    NODE_TEXTS,
    PATHWAY_KEYS,
    PATHWAY_TEXTS,
    PROGRAMME_KEYS,
    PROGRAMME_TEXTS,
    RESPONSIBILITY_KEYS,
    RESPONSIBILITY_TEXTS,
    STEP_KEYS,
    STEP_TEXTS,
    VIGNETTE_KEYS,
    VIGNETTE_TEXTS,
)

#: Texts longer than this are written folded over several lines.
LONG_TEXT = 80


def programme_export(*, programme: Programme) -> dict:
    """The programme as a programme file: a dict with its keys in the schema's order.

    Every `published` flag is written so that importing the file keeps them. Reads a
    fixed number of queries however big the programme is.
    """
    nodes = list(
        programme.nodes.order_by("path")
        .select_related("guideline")
        .prefetch_related("care_levels", "professions", "age_groups", "phases")
    )
    values = {
        "slug": programme.slug,
        **_texts(programme, PROGRAMME_TEXTS),
        "status": programme.status,
        "version": programme.version,
        "icd10_codes": programme.icd10_codes,
        "next_review": programme.next_review,
        "published": programme.published,
        "position": programme.position,
        "age_groups": [group.slug for group in programme.age_groups.all()],
        "guidelines": _guidelines_export(nodes),
        "sections": _tree_export(nodes),
        "pathways": _pathways_export(programme),
        "level_responsibilities": [
            _responsibility_export(responsibility)
            for responsibility in programme.level_responsibilities.select_related("care_level")
            .prefetch_related("refer_to")
            .order_by("pk")
        ],
        "vignettes": [
            _vignette_export(vignette)
            for vignette in programme.vignettes.prefetch_related(
                "care_levels", "interventions"
            ).order_by("pk")
        ],
        "indicators": [
            _ordered(
                INDICATOR_KEYS,
                {
                    "slug": indicator.slug,
                    "kind": indicator.kind,
                    "published": indicator.published,
                    "pathway": indicator.pathway.slug if indicator.pathway else None,
                    "direction": indicator.direction,
                    "measure_kind": indicator.measure_kind,
                    **_texts(indicator, INDICATOR_TEXTS),
                },
            )
            for indicator in programme.indicators.select_related("pathway").order_by("pk")
        ],
        "materials": [
            _ordered(
                MATERIAL_KEYS,
                {
                    "slug": material.slug,
                    "kind": material.kind,
                    "audience": material.audience,
                    "published": material.published,
                    "file": material.file.name,
                    "url": material.url,
                    "rendered": material.rendered or None,
                    **_texts(material, MATERIAL_TEXTS),
                },
            )
            for material in programme.materials.order_by("pk")
        ],
    }
    return _ordered(PROGRAMME_KEYS, values)


def _ordered(keys, values: dict) -> dict:
    """`values` in the order of `keys`, leaving out what is empty (False is kept)."""
    return {
        key: values[key]
        for key in keys
        if values.get(key) is not None and values[key] not in ("", [], {})
    }


def _texts(obj, names) -> dict:
    """Translated fields as `{sv: …, en: …}`, without the languages that are empty."""
    texts = {}
    for name in names:
        text = {
            code: value.strip()
            for code, _language in settings.LANGUAGES
            if (value := getattr(obj, f"{name}_{code}") or "").strip()
        }
        if text:
            texts[name] = text
    return texts


def _slugs(objects) -> list[str]:
    return [obj.slug for obj in objects]


def _guidelines_export(nodes: list[ContentNode]) -> list[dict]:
    """The guidelines the programme's interventions name, by slug (so that the file can
    be imported where they do not exist yet)."""
    guidelines = {node.guideline.slug: node.guideline for node in nodes if node.guideline}
    return [
        _ordered(
            GUIDELINE_KEYS,
            {
                "slug": guideline.slug,
                "issuer": guideline.issuer,
                "year": guideline.year,
                "url": guideline.url,
                **_texts(guideline, GUIDELINE_TEXTS),
            },
        )
        for _slug, guideline in sorted(guidelines.items())
    ]


def _tree_export(nodes: list[ContentNode]) -> list[dict]:
    """The content tree, nested, from the nodes in path order (with their guidelines and
    tags: one query per relation)."""
    roots: list[dict] = []
    stack: list[tuple[int, list]] = []  # (depth, children) of the open ancestors
    children_of: list[tuple[dict, list]] = []
    for node in nodes:
        while stack and stack[-1][0] >= node.depth:
            stack.pop()
        entry, children = _node_export(node), []
        (stack[-1][1] if stack else roots).append(entry)
        stack.append((node.depth, children))
        children_of.append((entry, children))
    for entry, children in children_of:
        if children:
            entry["children"] = children  # the last key of a node
    return roots


def _node_export(node: ContentNode) -> dict:
    is_intervention = node.kind == ContentNode.Kind.INTERVENTION
    values = {
        "slug": node.slug,
        "kind": node.kind,
        "audience": node.audience,
        "published": node.published,
        "levels": _slugs(node.care_levels.all()),
        "professions": _slugs(node.professions.all()),
        "age_groups": _slugs(node.age_groups.all()),
        "phases": _slugs(node.phases.all()),
        **_texts(node, NODE_TEXTS),
    }
    if is_intervention:
        values |= {
            "recommendation": node.recommendation,
            "guideline": node.guideline.slug if node.guideline else None,
            "priority": node.priority,
            "severity": node.severity,
            "coordinated": node.coordinated,
            **_texts(node, INTERVENTION_TEXTS),
        }
    return _ordered(INTERVENTION_KEYS if is_intervention else NODE_KEYS, values)


def _pathways_export(programme: Programme) -> list[dict]:
    """The care pathways in their order, each with its steps in theirs.

    Four queries whatever the programme holds: the pathways, the steps, and the steps'
    levels and interventions (read from their link tables, in the portal's order). A
    pathway's `position` is written only where it is not its place in the list.
    """
    pathways = list(
        programme.pathways.select_related("national", "setting").order_by("position", "slug")
    )
    steps = PathwayStep.objects.filter(pathway__programme=programme).select_related("national_step")
    levels = _links(
        PathwayStep.care_levels.through.objects.filter(pathwaystep__pathway__programme=programme)
        .order_by("carelevel__path")
        .values_list("pathwaystep_id", "carelevel__slug")
    )
    interventions = _links(
        PathwayStep.interventions.through.objects.filter(pathwaystep__pathway__programme=programme)
        .order_by("contentnode__path")
        .values_list("pathwaystep_id", "contentnode__slug")
    )
    steps_of: dict[int, list[dict]] = {}
    for step in steps.order_by("position", "pk"):
        steps_of.setdefault(step.pathway_id, []).append(
            _ordered(
                STEP_KEYS,
                {
                    "slug": step.slug,
                    "national_step": step.national_step.slug if step.national_step else None,
                    "levels": levels.get(step.pk, []),
                    "principal": step.principal,
                    "time_goal_days": step.time_goal_days,
                    "interventions": interventions.get(step.pk, []),
                    "published": step.published,
                    **_texts(step, STEP_TEXTS),
                },
            )
        )
    return [
        _ordered(
            PATHWAY_KEYS,
            {
                "slug": pathway.slug,
                "national": pathway.national.slug if pathway.national else None,
                "setting": pathway.setting.slug if pathway.setting else None,
                "published": pathway.published,
                "position": pathway.position if pathway.position != index else None,
                "steps": steps_of.get(pathway.pk, []),
                **_texts(pathway, PATHWAY_TEXTS),
            },
        )
        for index, pathway in enumerate(pathways)
    ]


def _links(rows) -> dict[int, list[str]]:
    """(object id, slug) rows as each object's slugs, in the rows' order."""
    slugs: dict[int, list[str]] = {}
    for pk, slug in rows:
        slugs.setdefault(pk, []).append(slug)
    return slugs


def _responsibility_export(responsibility) -> dict:
    return _ordered(
        RESPONSIBILITY_KEYS,
        {
            "level": responsibility.care_level.slug,
            "tasks": [task for task in ProgrammeLevel.TASKS if getattr(responsibility, task)],
            "refer_to": _slugs(responsibility.refer_to.all()),
            **_texts(responsibility, RESPONSIBILITY_TEXTS),
        },
    )


def _vignette_export(vignette) -> dict:
    questions = {}
    for code, _language in settings.LANGUAGES:
        lines = [
            line.strip() for line in (getattr(vignette, f"questions_{code}") or "").splitlines()
        ]
        if any(lines):
            questions[code] = [line for line in lines if line]
    return _ordered(
        VIGNETTE_KEYS,
        {
            "slug": vignette.slug,
            "published": vignette.published,
            "questions": questions,
            "levels": _slugs(vignette.care_levels.all()),
            "interventions": _slugs(vignette.interventions.all()),
            **_texts(vignette, VIGNETTE_TEXTS),
        },
    )


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, long texts over several lines."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):
        return True


def _represent_text(dumper, text: str):
    style = "|" if "\n" in text else ">" if len(text) > LONG_TEXT else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def dump_yaml(data: dict) -> str:
    """A programme file as readable YAML, with a comment saying what it is."""
    name = data.get("name") or {}
    title = name.get("sv") if isinstance(name, dict) else None
    what = f"{title} ({data.get('slug')})" if title else str(data.get("slug") or "")
    header = (
        f"# VIP-portalen programme file: {what}.\n"
        "# Format: fixtures/SCHEMA.md; JSON Schema: "
        "programmes/editorial/content_file/programme.schema.json.\n"
    )
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return header + body
