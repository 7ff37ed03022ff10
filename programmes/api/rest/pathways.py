"""Care pathways and their steps."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from ninja import Router

from programmes.models import ContentNode, Pathway, PathwayStep
from programmes.selectors import attach_tags

from . import links
from . import schemas as s
from .envelope import Lang, dates, enveloped, not_found, responses, speaks, wrap
from .nodes import locate
from .selectors import programme_or_404, valid_slug

router = Router(tags=["care pathways"])

PathwayList = enveloped(list[s.Pathway], "PathwayList")
PathwayOne = enveloped(s.Pathway, "PathwayOne")
StepOne = enveloped(s.Step, "StepOne")


def _pathways(programme) -> list[Pathway]:
    """The programme's published pathways in order, each with `versions`. One query."""
    rows = list(
        programme.pathways.filter(published=True)
        .select_related("setting")
        .order_by("position", "slug")
    )
    by_pk = {pathway.pk: pathway for pathway in rows}
    for pathway in rows:
        pathway.programme = programme
        pathway.versions = []
        pathway.public_national = by_pk.get(pathway.national_id)
    for pathway in rows:
        if pathway.public_national is not None:
            pathway.public_national.versions.append(pathway)
    return rows


def _steps(pathways: list[Pathway]) -> list[PathwayStep]:
    """The published steps of `pathways` in order, with their levels, interventions that
    show, and the national step they shorten (when it shows). Four queries."""
    by_pk = {pathway.pk: pathway for pathway in pathways}
    steps = attach_tags(
        list(
            PathwayStep.objects.filter(pathway__in=pathways, published=True)
            .select_related("national_step")
            .order_by("pathway_id", "position", "id")
        ),
        ["care_levels"],
    )
    numbers: dict[int, int] = {}
    for step in steps:
        step.pathway = by_pk[step.pathway_id]
        numbers[step.pathway_id] = numbers.get(step.pathway_id, 0) + 1
        step.number = numbers[step.pathway_id]
        step.intervention_refs = []
    used = list(
        ContentNode.objects.filter(pathway_steps__in=steps, published=True)
        .select_related("programme")
        .annotate(step_pk=F("pathway_steps"))
        .order_by("path")
    )
    located = {node.pk for node in locate(list({node.pk: node for node in used}.values()))}
    by_step = {step.pk: step for step in steps}
    for node in used:
        if node.pk in located:
            by_step[node.step_pk].intervention_refs.append(
                links.node_ref(node.programme.slug, node)
            )
    return steps


def step_data(step: PathwayStep) -> dict:
    pathway = step.pathway
    programme = pathway.programme.slug
    national = pathway.public_national
    shortened = step.national_step
    national_step = None
    if national is not None and shortened is not None and shortened.published:
        if shortened.pathway_id == national.pk:
            national_step = links.step_ref(programme, national.slug, shortened)
    return {
        **links.step_ref(programme, pathway.slug, step),
        "html_url": step.get_absolute_url(),
        "parent": links.pathway_ref(programme, pathway),
        "children": [],
        **dates(step),
        "pathway": links.pathway_ref(programme, pathway),
        "number": step.number,
        "title": step.title,
        "summary": step.summary,
        "body": step.body or "",
        "care_levels": [links.level_ref(tag.slug, tag.name) for tag in step.tags["care_levels"]],
        "principal": step.principal,
        "time_goal": step.time_goal or "",
        "time_goal_days": step.time_goal_days,
        "entry_criteria": step.entry_criteria or "",
        "exit_criteria": step.exit_criteria or "",
        "interventions": step.intervention_refs,
        "patient_contact": step.patient_contact or "",
        "patient_plan": step.patient_plan or "",
        "patient_next": step.patient_next or "",
        "national_step": national_step,
    }


def pathway_data(pathway: Pathway, steps: list[PathwayStep] | None) -> dict:
    programme = pathway.programme
    own = [step for step in steps or [] if step.pathway_id == pathway.pk]
    national = pathway.public_national
    setting = pathway.setting
    return {
        **links.pathway_ref(programme.slug, pathway),
        "html_url": pathway.get_absolute_url(),
        "parent": links.programme_ref(programme),
        "children": [links.step_ref(programme.slug, pathway.slug, step) for step in own],
        **dates(pathway),
        "programme": links.programme_ref(programme),
        "title": pathway.title,
        "summary": pathway.summary or "",
        "body": pathway.body or "",
        "national": links.pathway_ref(programme.slug, national) if national else None,
        "setting": links.level_ref(setting.slug, setting.name) if setting else None,
        "versions": [links.pathway_ref(programme.slug, v) for v in pathway.versions],
        "steps": [step_data(step) for step in own] if steps is not None else None,
    }


@router.get(
    "/programmes/{slug}/pathways",
    response=responses(PathwayList),
    summary="A programme's care pathways",
    description="The published pathways, national ones and settings' versions, in order; "
    "their steps are linked as children.",
)
@speaks
def pathway_list(request, slug: str = links.PROGRAMME_ID, lang: Lang = "sv"):
    programme = programme_or_404(slug)
    pathways = _pathways(programme)
    steps = list(
        PathwayStep.objects.filter(pathway__in=pathways, published=True)
        .only("pk", "pathway_id", "slug", "title")
        .order_by("pathway_id", "position", "id")
    )
    data = []
    for pathway in pathways:
        item = pathway_data(pathway, None)
        item["children"] = [
            links.step_ref(slug, pathway.slug, step)
            for step in steps
            if step.pathway_id == pathway.pk
        ]
        data.append(item)
    return wrap(data, language=lang)


def _pathway_or_404(programme, pathway_slug: str) -> Pathway:
    pathway = None
    if valid_slug(pathway_slug):
        pathway = next((p for p in _pathways(programme) if p.slug == pathway_slug), None)
    if pathway is None:
        raise not_found(_("There is no published care pathway with that id."))
    return pathway


@router.get(
    "/programmes/{slug}/pathways/{pathway}",
    response=responses(PathwayOne),
    summary="A care pathway with its steps",
)
@speaks
def pathway_detail(
    request, slug: str = links.PROGRAMME_ID, pathway: str = links.PATHWAY_ID, lang: Lang = "sv"
):
    programme = programme_or_404(slug)
    found = _pathway_or_404(programme, pathway)
    return wrap(pathway_data(found, _steps([found])), language=lang)


@router.get(
    "/programmes/{slug}/pathways/{pathway}/steps/{step}",
    response=responses(StepOne),
    summary="A step of a care pathway",
)
@speaks
def step_detail(
    request,
    slug: str = links.PROGRAMME_ID,
    pathway: str = links.PATHWAY_ID,
    step: str = links.STEP_ID,
    lang: Lang = "sv",
):
    programme = programme_or_404(slug)
    found = _pathway_or_404(programme, pathway)
    steps = [one for one in _steps([found]) if one.slug == step]
    if not steps:
        raise not_found(_("There is no published step with that id in the care pathway."))
    return wrap(step_data(steps[0]), language=lang)
