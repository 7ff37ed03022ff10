"""Every FHIR resource of a programme, built once per request from its content: the
package ($package), the search and the reads all draw on it, so one resource reads the
same wherever it is found."""

from .activities import activity_definition
from .plandefinitions import pathway_plan, programme_plan, recommendation_plan, strategy_plan
from .selectors import ProgrammeContent


def plan_definitions(content: ProgrammeContent) -> list[dict]:
    """The programme's PlanDefinitions in reading order: the programme, its strategies,
    its recommendations, its care pathways."""
    return [
        programme_plan(content),
        *(strategy_plan(content, level) for level in content.levels),
        *(recommendation_plan(content, node) for node in content.interventions),
        *(pathway_plan(content, pathway) for pathway in content.pathways),
    ]


def activity_definitions(content: ProgrammeContent) -> list[dict]:
    return [activity_definition(content, node) for node in content.interventions]


def package(content: ProgrammeContent) -> list[dict]:
    """The whole programme: every PlanDefinition, then every ActivityDefinition."""
    return plan_definitions(content) + activity_definitions(content)


def find(contents: list[ProgrammeContent], resource_type: str, resource_id: str) -> dict | None:
    """The resource `resource_type`/`resource_id` among the programmes' (None if none)."""
    build = plan_definitions if resource_type == "PlanDefinition" else activity_definitions
    for content in contents:
        for resource in build(content):
            if resource["id"] == resource_id:
                return resource
    return None
