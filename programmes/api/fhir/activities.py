"""An intervention as an ActivityDefinition: what is done, for whom, at which care
levels, and, for a do-not-do, that it should not be done."""

from django.utils.translation import gettext as _

from ...models import ContentNode, RecommendationKind
from . import ids
from .common import (
    USAGE_CONTEXT,
    care_level_concept,
    coding,
    compact,
    dates,
    guideline_artifact,
    page_artifact,
    shared_elements,
)
from .selectors import ProgrammeContent


def activity_definition(content: ProgrammeContent, node: ContentNode) -> dict:
    programme = content.programme
    resource_id = ids.intervention_id(programme.slug, node.slug)
    shared = shared_elements(programme)
    when = dates(node)
    levels = node.tags["care_levels"]
    artifacts = [page_artifact(node.url, _("The intervention in the portal"))]
    if node.guideline is not None:
        artifacts.append(guideline_artifact(node.guideline))
    resource = {
        "resourceType": "ActivityDefinition",
        "id": resource_id,
        "language": shared["language"],
        "extension": when["extension"],
        "url": ids.canonical("ActivityDefinition", resource_id),
        "version": shared["version"],
        "name": ids.computable_name(programme.slug, node.slug),
        "title": node.title,
        "status": shared["status"],
        "experimental": shared["experimental"],
        "date": when["date"],
        "publisher": shared["publisher"],
        "description": node.summary or None,
        "useContext": shared["useContext"]
        + [
            {
                "code": coding(USAGE_CONTEXT, "venue"),
                "valueCodeableConcept": care_level_concept(tag.slug, tag.name),
            }
            for tag in levels
        ],
        "jurisdiction": shared["jurisdiction"],
        "purpose": node.synopsis or None,
        "usage": node.target_group or None,
        "copyright": shared["copyright"],
        "topic": shared["topic"],
        "relatedArtifact": artifacts,
        "kind": "ServiceRequest",
        "code": {"text": node.title},
        "intent": "proposal",
        "doNotPerform": True if node.recommendation == RecommendationKind.DO_NOT_DO else None,
        "participant": [
            {"type": "practitioner", "role": care_level_concept(tag.slug, tag.name)}
            for tag in levels
        ],
    }
    return compact(resource)
