"""PlanDefinitions after the HL7 Clinical Practice Guidelines IG (CPG): a programme as a
pathway definition, one strategy per care level (what the level does, and the
recommendations it gives), one recommendation per intervention (pointing at its
ActivityDefinition, with the strength of the national recommendation), and the care
pathways as clinical protocols with ordered, timed steps."""

from django.utils.translation import gettext as _

from ...models import ContentNode, Pathway, ProgrammeLevel
from . import ids
from .common import (
    EXT_PART_OF,
    PROFILE_PATHWAY,
    PROFILE_RECOMMENDATION,
    PROFILE_STRATEGY,
    USAGE_CONTEXT,
    care_level_concept,
    coding,
    compact,
    dates,
    guideline_artifact,
    page_artifact,
    plan_type,
    shared_elements,
    strength_extension,
)
from .selectors import ProgrammeContent

UCUM = "http://unitsofmeasure.org"


def _head(resource_id: str, profile: str, name: str, title: str) -> dict:
    head = {"resourceType": "PlanDefinition", "id": resource_id, "meta": {"profile": [profile]}}
    head["url"] = ids.canonical("PlanDefinition", resource_id)
    head["name"] = name
    head["title"] = title
    return head


def _finish(resource: dict, programme, obj, *, part_of: bool = True, updated=None) -> dict:
    """Add the shared metadata and the dates, keeping a fixed order of elements."""
    shared = shared_elements(programme)
    when = dates(obj, updated=updated)
    extension = list(when["extension"])
    if part_of:
        extension.insert(
            0,
            {
                "url": EXT_PART_OF,
                "valueCanonical": ids.canonical("PlanDefinition", ids.programme_id(programme.slug)),
            },
        )
    ordered = {
        "resourceType": resource.pop("resourceType"),
        "id": resource.pop("id"),
        "meta": resource.pop("meta", None),
        "language": shared.pop("language"),
        "extension": extension,
        "url": resource.pop("url"),
        "version": shared.pop("version"),
        "name": resource.pop("name"),
        "title": resource.pop("title"),
        "type": resource.pop("type"),
        "status": shared.pop("status"),
        "experimental": shared.pop("experimental"),
        "date": when["date"],
        "publisher": shared.pop("publisher"),
        "description": resource.pop("description", None),
        "useContext": shared.pop("useContext") + resource.pop("useContext", []),
        "jurisdiction": shared.pop("jurisdiction"),
        "purpose": resource.pop("purpose", None),
        "usage": resource.pop("usage", None),
        "copyright": shared.pop("copyright"),
        "topic": shared.pop("topic"),
        "relatedArtifact": resource.pop("relatedArtifact", []),
    }
    ordered.update(resource)
    return compact(ordered)


def programme_plan(content: ProgrammeContent) -> dict:
    """The programme as a CPG pathway definition: one action per care level, each
    defined by that level's strategy; its care pathways are related artifacts."""
    programme = content.programme
    resource_id = ids.programme_id(programme.slug)
    resource = _head(
        resource_id, PROFILE_PATHWAY, ids.computable_name(programme.slug), programme.name
    )
    resource["type"] = plan_type("clinical-protocol")
    resource["description"] = programme.summary
    resource["usage"] = programme.plain_summary or None
    artifacts = [page_artifact(programme.get_absolute_url(), _("The programme in the portal"))]
    artifacts += [guideline_artifact(g) for g in _guidelines(content.interventions)]
    artifacts += [
        {
            "type": "composed-of",
            "display": pathway.title,
            "resource": ids.canonical(
                "PlanDefinition", ids.pathway_id(programme.slug, pathway.slug)
            ),
        }
        for pathway in content.pathways
    ]
    resource["relatedArtifact"] = artifacts
    resource["action"] = [
        compact(
            {
                "id": level.care_level.slug,
                "title": level.care_level.name,
                "description": level.responsibility,
                "definitionCanonical": ids.canonical(
                    "PlanDefinition", ids.strategy_id(programme.slug, level.care_level.slug)
                ),
            }
        )
        for level in content.levels
    ]
    return _finish(resource, programme, programme, part_of=False)


def _guidelines(interventions: list[ContentNode]) -> list:
    seen = {}
    for node in interventions:
        if node.guideline is not None:
            seen.setdefault(node.guideline.pk, node.guideline)
    return sorted(seen.values(), key=lambda g: (g.name, g.year, g.slug))


def strategy_plan(content: ProgrammeContent, level: ProgrammeLevel) -> dict:
    """What a care level does in the programme (a CPG strategy): its responsibility and
    tasks, when and where it refers, and one action per recommendation it gives."""
    programme = content.programme
    care_level = level.care_level
    resource_id = ids.strategy_id(programme.slug, care_level.slug)
    resource = _head(
        resource_id,
        PROFILE_STRATEGY,
        ids.computable_name(programme.slug, "level", care_level.slug),
        f"{programme.name}: {care_level.name}",
    )
    resource["type"] = plan_type("clinical-protocol")
    resource["description"] = level.responsibility
    resource["purpose"] = ", ".join(level.tasks) or None
    usage = [level.refer_when, level.coordination]
    referrals = ", ".join(tag.name for tag in level.tags["refer_to"])
    if referrals:
        usage.append(_("Refer to: %(levels)s") % {"levels": referrals})
    resource["usage"] = "\n\n".join(part for part in usage if part) or None
    resource["useContext"] = [_care_level_context(care_level.slug, care_level.name)]
    resource["relatedArtifact"] = [
        page_artifact(level.get_absolute_url(), _("The level in the portal"))
    ]
    given = [node for node in content.interventions if _given_at(node, care_level.slug)]
    resource["action"] = [
        compact(
            {
                "id": node.slug,
                "title": node.title,
                "definitionCanonical": ids.canonical(
                    "PlanDefinition", ids.intervention_id(programme.slug, node.slug)
                ),
            }
        )
        for node in given
    ] or [{"title": care_level.name, "description": level.responsibility}]
    return _finish(resource, programme, level)


def _given_at(node: ContentNode, level_slug: str) -> bool:
    return any(tag.slug == level_slug for tag in node.tags["care_levels"])


def _care_level_context(slug: str, name: str) -> dict:
    """A use context naming a care level (the venue where the content applies)."""
    return {
        "code": coding(USAGE_CONTEXT, "venue"),
        "valueCodeableConcept": care_level_concept(slug, name),
    }


def recommendation_plan(content: ProgrammeContent, node: ContentNode) -> dict:
    """One intervention's national recommendation (a CPG recommendation): one action
    defined by the intervention's ActivityDefinition, carrying the strength, the
    condition it is for and, for no recommendation, the reason; it cites the guideline."""
    programme = content.programme
    resource_id = ids.intervention_id(programme.slug, node.slug)
    resource = _head(
        resource_id,
        PROFILE_RECOMMENDATION,
        ids.computable_name(programme.slug, node.slug),
        node.title,
    )
    resource["type"] = plan_type("eca-rule")
    resource["description"] = node.summary or None
    resource["usage"] = node.target_group or None
    resource["useContext"] = [
        _care_level_context(tag.slug, tag.name) for tag in node.tags["care_levels"]
    ]
    artifacts = [page_artifact(node.url, _("The intervention in the portal"))]
    if node.guideline is not None:
        artifacts.append(guideline_artifact(node.guideline))
    resource["relatedArtifact"] = artifacts
    strength = strength_extension(node)
    action = {
        "extension": [strength] if strength else [],
        "id": node.slug,
        "title": node.title,
        "description": node.recommendation_reason or None,
        "reason": [{"text": node.condition}] if node.condition else [],
        "definitionCanonical": ids.canonical("ActivityDefinition", resource_id),
    }
    resource["action"] = [compact(action)]
    return _finish(resource, programme, node)


def pathway_plan(content: ProgrammeContent, pathway: Pathway) -> dict:
    """A care pathway as a clinical protocol: one action per published step in order,
    each after the end of the one before, with its time goal (in words and, when given, in
    days) and the interventions it uses."""
    programme = content.programme
    resource_id = ids.pathway_id(programme.slug, pathway.slug)
    resource = _head(
        resource_id,
        PROFILE_PATHWAY,
        ids.computable_name(programme.slug, "pathway", pathway.slug),
        pathway.title,
    )
    resource["type"] = plan_type("clinical-protocol")
    resource["description"] = pathway.summary or None
    artifacts = [page_artifact(pathway.get_absolute_url(), _("The care pathway in the portal"))]
    if pathway.public_national is not None:
        national = pathway.public_national
        artifacts.append(
            {
                "type": "derived-from",
                "display": national.title,
                "resource": ids.canonical(
                    "PlanDefinition", ids.pathway_id(programme.slug, national.slug)
                ),
            }
        )
    resource["relatedArtifact"] = artifacts
    if pathway.setting is not None:
        resource["useContext"] = [_care_level_context(pathway.setting.slug, pathway.setting.name)]
    actions, previous = [], None
    for number, step in enumerate(pathway.shown_steps, 1):
        actions.append(_step_action(programme, step, number, previous))
        previous = step
    resource["action"] = actions or [{"title": pathway.title}]
    updated = max([pathway.updated_at, *(step.updated_at for step in pathway.shown_steps)])
    return _finish(resource, programme, pathway, updated=updated)


def _step_action(programme, step, number: int, previous) -> dict:
    """A step: who is responsible (the care levels), what starts and ends it (in words),
    when (within `time_goal_days` of the step before, or of the start), and the
    interventions it uses as nested actions defined by their ActivityDefinitions."""
    action = {
        "id": step.slug,
        "prefix": str(number),
        "title": step.title,
        "description": step.summary,
        "textEquivalent": step.time_goal or None,
        "documentation": [page_artifact(step.get_absolute_url(), step.title)],
        "condition": [
            {"kind": kind, "expression": {"description": text, "language": "text/plain"}}
            for kind, text in (("applicability", step.entry_criteria), ("stop", step.exit_criteria))
            if text
        ],
        "participant": [
            {"type": "practitioner", "role": care_level_concept(tag.slug, tag.name)}
            for tag in step.tags["care_levels"]
        ],
    }
    if previous is not None:
        action["relatedAction"] = [{"actionId": previous.slug, "relationship": "after-end"}]
    if step.time_goal_days is not None:
        action["timingRange"] = {
            "low": _days(0),
            "high": _days(step.time_goal_days),
        }
    action["action"] = [
        {
            "id": f"{step.slug}.{node.slug}",
            "title": node.title,
            "definitionCanonical": ids.canonical(
                "ActivityDefinition", ids.intervention_id(programme.slug, node.slug)
            ),
        }
        for node in step.interventions_shown
    ]
    return compact(action)


def _days(value: int) -> dict:
    return {"value": value, "unit": _("days"), "system": UCUM, "code": "d"}
