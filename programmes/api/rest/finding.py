"""Search, and what changed since a moment."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from care_levels.trees import ancestor_paths
from programmes.models import (
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
    ProgrammeRelease,
)
from programmes.search import query as search
from programmes.search.hits import page_hits
from programmes.selectors import STEP, node_url_under, public_programmes

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
from .library import indicator_data, material_data
from .selectors import hidden_paths, programme_filter

router = Router(tags=["search and changes"])

SearchList = enveloped(list[s.SearchHit], "SearchList", paginated=True)
ChangeList = enveloped(list[s.Change], "ChangeList", paginated=True)
SINCE = Query(..., description="An ISO 8601 moment, e.g. 2026-01-31T00:00:00+01:00.")


@router.get(
    "/search",
    response=responses(SearchList),
    summary="Search",
    description="The site's search over published national content, ranked as the search "
    "page ranks it; `programme` narrows it to one programme.",
)
@speaks
def search_list(
    request,
    q: str = Query(..., min_length=1, max_length=1000, description="What to look for."),
    lang: Lang = "sv",
    programme: str | None = Query(None, description="A programme's id.", max_length=100),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    chosen = programme_filter(programme)
    query = search.clean_query(q)
    results, ids = search.search(query, language=lang, filters={"programme": chosen})
    ids, pagination = paginate(request, ids, page=page, limit=limit)
    hits = page_hits(ids, results.groups) if ids else []
    names = {p.pk: p for p in public_programmes()} if hits else {}
    data = []
    for hit in hits:
        programme_obj = names.get(hit.programme_id)
        data.append(
            {
                "type": hit.kind,
                "title": hit.title,
                "summary": strip_tags(hit.summary or "")[:500],
                "html_url": hit.url,
                "programme": links.programme_ref(programme_obj) if programme_obj else None,
            }
        )
    return wrap(data, language=lang, pagination=pagination)


# Changes ------------------------------------------------------------------------------


def _in_utc(since: datetime.datetime) -> datetime.datetime:
    """`since` in UTC (a moment without a zone is read as UTC), as every database takes it:
    PostgreSQL refuses odd offsets such as -23:05. A moment at the ends of the calendar
    is refused."""
    if since.year < 2 or since.year > 9998:
        raise bad_request(_("The moment must lie between the years 2 and 9998."), "since")
    if timezone.is_naive(since):
        return since.replace(tzinfo=datetime.UTC)
    return since.astimezone(datetime.UTC)


def _changed_since(since) -> Q:
    return Q(updated_at__gt=since) | Q(substance_changed_at__gt=since)


def _change(obj, *, kind: str, ref: dict, html_url: str, since) -> dict:
    changed = obj.substance_changed_at
    return {
        "id": ref["id"],
        "type": kind,
        "title": ref["title"],
        "url": ref["url"],
        "html_url": html_url,
        "created": obj.created_at,
        "updated": obj.updated_at,
        "changed_in_substance": changed,
        "in_substance": changed is not None and changed > since,
    }


def _programme_changes(programmes, since) -> list[dict]:
    return [
        _change(
            p,
            kind="programme",
            ref=links.programme_ref(p),
            html_url=p.get_absolute_url(),
            since=since,
        )
        for p in programmes
        if p.updated_at > since or (p.substance_changed_at and p.substance_changed_at > since)
    ]


def _node_changes(programmes: dict[int, Programme], since) -> list[dict]:
    """Changed nodes that show, with their public address. Three queries."""
    nodes = list(
        ContentNode.objects.filter(
            _changed_since(since), programme_id__in=list(programmes), published=True
        ).only(
            "pk",
            "programme_id",
            "path",
            "slug",
            "kind",
            "title",
            "created_at",
            "updated_at",
            "substance_changed_at",
        )
    )
    hidden = hidden_paths(programmes)
    above = dict(
        ContentNode.objects.filter(
            path__in={p for node in nodes for p in ancestor_paths(node.path, STEP)}
        ).values_list("path", "slug")
    )
    changes = []
    for node in nodes:
        chain = ancestor_paths(node.path, STEP)
        if any(path in hidden or path not in above for path in chain):
            continue
        programme = programmes[node.programme_id]
        slugs = [above[path] for path in chain] + [node.slug]
        changes.append(
            _change(
                node,
                kind=node.kind,
                ref=links.node_ref(programme.slug, node),
                html_url=node_url_under(programme.get_absolute_url(), slugs),
                since=since,
            )
        )
    return changes


def _pathway_changes(programmes: dict[int, Programme], since) -> list[dict]:
    changes = []
    pathways = Pathway.objects.filter(
        _changed_since(since), published=True, programme_id__in=list(programmes)
    ).defer("body")
    for pathway in pathways:
        pathway.programme = programmes[pathway.programme_id]
        ref = links.pathway_ref(pathway.programme.slug, pathway)
        changes.append(
            _change(
                pathway, kind="pathway", ref=ref, html_url=pathway.get_absolute_url(), since=since
            )
        )
    steps = (
        PathwayStep.objects.filter(
            _changed_since(since),
            published=True,
            pathway__published=True,
            pathway__programme_id__in=list(programmes),
        )
        .select_related("pathway")
        .only(
            "pk",
            "slug",
            "title",
            "created_at",
            "updated_at",
            "substance_changed_at",
            "pathway__slug",
            "pathway__programme_id",
        )
    )
    for step in steps:
        step.pathway.programme = programmes[step.pathway.programme_id]
        ref = links.step_ref(step.pathway.programme.slug, step.pathway.slug, step)
        changes.append(
            _change(step, kind="step", ref=ref, html_url=step.get_absolute_url(), since=since)
        )
    return changes


def _other_changes(programmes: dict[int, Programme], since) -> list[dict]:
    ids = list(programmes)
    changes = []
    for vignette in CaseVignette.objects.filter(
        _changed_since(since), published=True, programme_id__in=ids
    ).defer("story"):
        changes.append(
            _change(
                vignette,
                kind="vignette",
                ref=links.vignette_ref(vignette),
                html_url=vignette.get_absolute_url(),
                since=since,
            )
        )
    for indicator in Indicator.objects.filter(
        _changed_since(since), published=True, programme_id__in=ids
    ).select_related("pathway"):
        indicator.programme = programmes[indicator.programme_id]
        data = indicator_data(indicator)
        changes.append(
            _change(indicator, kind="indicator", ref=data, html_url=data["html_url"], since=since)
        )
    for material in Material.objects.filter(
        _changed_since(since), Q(programme_id__in=ids) | Q(programme__isnull=True), published=True
    ):
        material.programme = programmes.get(material.programme_id)
        data = material_data(material)
        changes.append(
            _change(material, kind="material", ref=data, html_url=data["html_url"], since=since)
        )
    for item in ProgrammeLevel.objects.filter(
        _changed_since(since), programme_id__in=ids
    ).select_related("care_level"):
        programme, level = programmes[item.programme_id], item.care_level
        item.programme = programme
        ref = links.ref(
            "responsibility",
            f"{programme.slug}/{level.slug}",
            links.level_url(level.slug),
            f"{programme.name} – {level.name}",
        )
        changes.append(
            _change(
                item, kind="responsibility", ref=ref, html_url=item.get_absolute_url(), since=since
            )
        )
    return changes


def _release_changes(programmes: dict[int, Programme], since) -> list[dict]:
    """Each publication of a programme since `since`, with its note (the change log)."""
    changes = []
    for release in ProgrammeRelease.objects.filter(
        published_at__gt=since, programme_id__in=list(programmes)
    ):
        programme = programmes[release.programme_id]
        moment = release.published_at
        changes.append(
            {
                "id": f"{programme.slug}/{release.anchor}",
                "type": "release",
                "title": f"{programme.name} {release.version}: {release.note}".strip(),
                "url": links.programme_url(programme.slug),
                "html_url": f"{programme.get_absolute_url()}#{release.anchor}",
                "created": moment,
                "updated": moment,
                "changed_in_substance": moment if release.is_professional else None,
                "in_substance": release.is_professional,
            }
        )
    return changes


@router.get(
    "/changes",
    response=responses(ChangeList),
    summary="What changed since a moment",
    description="Published objects edited or changed in substance after `since` (and the "
    "programmes' publications), most recent first, with both dates and whether the "
    "change was one of substance.",
)
@speaks
def change_list(
    request,
    since: datetime.datetime = SINCE,
    lang: Lang = "sv",
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    since = _in_utc(since)
    programmes = {p.pk: p for p in public_programmes()}
    changes = [
        *_programme_changes(programmes.values(), since),
        *_node_changes(programmes, since),
        *_pathway_changes(programmes, since),
        *_other_changes(programmes, since),
        *_release_changes(programmes, since),
    ]
    changes.sort(key=lambda change: (change["updated"], change["type"], change["id"]), reverse=True)
    data, pagination = paginate(request, changes, page=page, limit=limit)
    return wrap(data, language=lang, pagination=pagination)
