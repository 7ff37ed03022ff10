"""Local additions: what a region or municipality publishes beside the national text.

They reach the API as they reach the public pages, through the content core's extension
point (`programmes.local`): the API never knows who writes them or where they are kept.
A place shows its own text and that of the organisations it takes in (a municipality
shows its region's too); each addition names the organisation that wrote it.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from care_levels.models import CareLevel
from programmes import local as extension
from programmes.local import PLACE_PARAM, LocalBlock, Target
from programmes.models import ContentNode, PathwayStep
from programmes.selectors import public_programmes

from . import links
from . import schemas as s
from .envelope import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    Lang,
    bad_request,
    enveloped,
    paginate,
    responses,
    speaks,
    wrap,
)
from .nodes import locate

router = Router(tags=["local additions"])

PlaceList = enveloped(list[s.Place], "PlaceList")
LocalList = enveloped(list[s.LocalAddition], "LocalAdditionList", paginated=True)


def _places():
    source = extension.source()
    return source.places() if source is not None else []


@router.get(
    "/places",
    response=responses(PlaceList),
    summary="Regions and municipalities with a local view",
)
@speaks
def place_list(request, lang: Lang = "sv"):
    data = [
        {
            "id": place.slug,
            "name": place.name,
            "kind": place.kind,
            "group": place.group,
            "url": f"{links.BASE}/local-additions?organisation={place.slug}",
        }
        for place in _places()
    ]
    return wrap(data, language=lang)


class _Targets:
    """What the blocks hang on, read once for them all (a fixed number of queries), and
    whether the public can see it."""

    def __init__(self, blocks: list[LocalBlock]):
        def ids(kind):
            return {block.target_id for block in blocks if block.kind == kind}

        self.programmes = {p.pk: p for p in public_programmes()}
        self.levels = {
            level.pk: level for level in CareLevel.objects.filter(pk__in=ids(Target.LEVEL))
        }
        self.steps = {
            step.pk: step
            for step in PathwayStep.objects.filter(
                pk__in=ids(Target.STEP), published=True, pathway__published=True
            ).select_related("pathway")
        }
        nodes = ContentNode.objects.filter(
            pk__in=ids(Target.INTERVENTION), published=True
        ).select_related("programme")
        self.nodes = {node.pk: node for node in locate(list(nodes))}

    def hung_on(self, block: LocalBlock, place_slug: str) -> tuple[dict, str] | None:
        """The ref and public address of what `block` hangs on, or None if not public."""
        programme = self.programmes.get(block.programme_id)
        if programme is None:
            return None
        in_place = f"?{urlencode({PLACE_PARAM: place_slug})}"
        if block.kind == Target.PROGRAMME:
            url = reverse(
                "programmes:regional_page", args=[programme.slug, block.organisation_slug]
            )
            return links.programme_ref(programme), url
        if block.kind == Target.LEVEL and block.target_id in self.levels:
            level = self.levels[block.target_id]
            url = reverse("programmes:programme_level", args=[programme.slug, level.slug])
            return links.level_ref(level.slug, level.name), url + in_place
        if block.kind == Target.STEP and block.target_id in self.steps:
            step = self.steps[block.target_id]
            step.pathway.programme = programme
            ref = links.step_ref(programme.slug, step.pathway.slug, step)
            return ref, step.get_absolute_url() + in_place
        if block.kind == Target.INTERVENTION and block.target_id in self.nodes:
            node = self.nodes[block.target_id]
            return links.node_ref(programme.slug, node), node.html_url + in_place
        return None


@router.get(
    "/local-additions",
    response=responses(LocalList),
    summary="Local additions of a region or municipality",
    description="The published local text a place shows (`organisation`: the id of a "
    "region or municipality from /places), beside published national content only.",
)
@speaks
def local_addition_list(
    request,
    organisation: str = Query(..., description="A region's or municipality's id.", max_length=100),
    lang: Lang = "sv",
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    place = next((p for p in _places() if p.slug == organisation), None)
    if place is None:
        raise bad_request(_("There is no region or municipality with that id."), "organisation")
    blocks = extension.source().blocks_of_place(place)
    targets = _Targets(blocks)
    data = []
    for block in blocks:
        found = targets.hung_on(block, place.slug)
        if found is None:
            continue
        hangs_on, html_url = found
        data.append(
            {
                "id": f"{block.organisation_slug}/{block.id}",
                "type": "local-addition",
                "organisation": {"slug": block.organisation_slug, "name": block.organisation},
                "hangs_on": hangs_on,
                "programme": links.programme_ref(targets.programmes[block.programme_id]),
                "title": block.title,
                "texts": [{"label": label, "text": text} for label, text in block.texts],
                "link": block.link,
                "html_url": html_url,
                "created": block.created_at,
                "updated": block.updated_at,
                "reviewed": block.reviewed_at,
            }
        )
    data, pagination = paginate(request, data, page=page, limit=limit)
    return wrap(data, language=lang, pagination=pagination)
