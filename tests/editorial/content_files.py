"""What the content file's tests share: the demo files, importing a file as the admin and
the command do, and snapshots of every content table to prove a refusal changed nothing."""

import datetime
import json

import jsonschema

from programmes.editorial.content_file import (
    fixtures_dir,
    parse_programme_file,
    programme_export,
    programme_import,
)
from programmes.editorial.content_file import format as file_format
from programmes.editorial.models import Draft
from programmes.models import (
    CaseVignette,
    ContentNode,
    ContentState,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
)

FILES = sorted((fixtures_dir() / "programmes").glob("*.yaml"))
SLUGS = [path.stem for path in FILES]
SCHEMA = json.loads(file_format.SCHEMA_PATH.read_text(encoding="utf-8"))
#: The demo programme the broken files pretend to replace.
TARGET = "adhd"


def import_file(content, name: str = f"{TARGET}.yaml", **options) -> Programme:
    """What the admin upload and the import command do with a file."""
    return programme_import(data=parse_programme_file(content, name), source=name, **options)


def without_implementation_plans() -> None:
    """Implementation plans hold on to programmes and indicators (a deletion is refused
    while they do): out of the way for the tests that delete programmes on purpose."""
    from implementation.models import Plan

    Plan.objects.all().delete()


def exported(slug: str) -> dict:
    return programme_export(programme=Programme.objects.get(slug=slug))


def row_counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            Programme,
            ContentNode,
            Pathway,
            PathwayStep,
            CaseVignette,
            Indicator,
            Material,
            ProgrammeLevel,
        )
    ]


CONTENT_TABLES = [
    Programme,
    Programme.age_groups.through,
    ContentNode,
    ContentNode.care_levels.through,
    ContentNode.professions.through,
    ContentNode.age_groups.through,
    ContentNode.phases.through,
    CaseVignette,
    CaseVignette.care_levels.through,
    CaseVignette.interventions.through,
    Indicator,
    Material,
    ProgrammeLevel,
    ProgrammeLevel.refer_to.through,
    Pathway,
    PathwayStep,
    PathwayStep.care_levels.through,
    PathwayStep.interventions.through,
    Draft,
    *(
        model.history.model
        for model in (
            Programme,
            ContentNode,
            Pathway,
            PathwayStep,
            CaseVignette,
            Indicator,
            Material,
            ProgrammeLevel,
        )
    ),
    ContentState,
]


def content_snapshot() -> dict:
    """Every row of every content table, every column: what a file must not change when
    it is refused (including drafts, history and the page cache's timestamp)."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values_list())
        for model in CONTENT_TABLES
    }


def node_tree(slug: str) -> list[tuple]:
    """The tree as a reader sees it: order, nesting, slugs, kinds and tags (not raw paths)."""
    nodes = list(
        ContentNode.objects.filter(programme__slug=slug)
        .order_by("path")
        .prefetch_related("care_levels", "professions", "age_groups", "phases")
    )
    slug_at = {node.path: node.slug for node in nodes}
    return [
        (
            node.depth,
            slug_at.get(node.path[: -ContentNode.steplen]),
            node.slug,
            node.kind,
            node.published,
            *(
                sorted(tag.slug for tag in getattr(node, name).all())
                for name in ("care_levels", "professions", "age_groups", "phases")
            ),
        )
        for node in nodes
    ]


def programme_counts(slug: str) -> dict:
    programme = Programme.objects.get(slug=slug)
    return {
        "nodes": programme.nodes.count(),
        "interventions": programme.nodes.filter(kind=ContentNode.Kind.INTERVENTION).count(),
        "vignettes": programme.vignettes.count(),
        "vignette links": CaseVignette.interventions.through.objects.filter(
            casevignette__programme=programme
        ).count(),
        "indicators": programme.indicators.count(),
        "materials": programme.materials.count(),
        "responsibilities": programme.level_responsibilities.count(),
        "pathways": programme.pathways.count(),
        "steps": PathwayStep.objects.filter(pathway__programme=programme).count(),
        "step links": PathwayStep.interventions.through.objects.filter(
            pathwaystep__pathway__programme=programme
        ).count(),
    }


def as_json(value):
    """A programme file as JSON sees it: dates as ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def schema_errors(data) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(as_json(data))
    ]


def small_file() -> dict:
    """The ADHD programme cut down to two sections, a page and two interventions: the real
    texts and the slug of a programme that exists, quick to import."""
    data = exported(TARGET)
    nodes = []
    stack = list(data["sections"])
    while stack:
        node = stack.pop(0)
        nodes.append(node)
        stack.extend(node.pop("children", []))
    page = next(node for node in nodes if node["kind"] == "page")
    interventions = [node for node in nodes if node["kind"] == "intervention"][:2]
    first, second = data["sections"][:2]
    data["sections"] = [first | {"children": [page]}, second | {"children": interventions}]
    for vignette in data["vignettes"]:
        vignette["interventions"] = [interventions[0]["slug"]]
    for key in ("level_responsibilities", "vignettes", "indicators", "materials"):
        data[key] = data[key][:2]
    return data
