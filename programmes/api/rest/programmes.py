"""Programmes, their content tree and their interventions."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from care_levels.models import CareLevel
from programmes.models import ContentNode, Programme
from programmes.selectors import ProgrammeTree, level_scope

from . import links
from . import schemas as s
from .envelope import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    Lang,
    bad_request,
    dates,
    enveloped,
    not_found,
    paginate,
    responses,
    speaks,
    wrap,
)
from .nodes import full_nodes, locate, node_data
from .selectors import (
    checked_code,
    hidden_paths,
    programme_filter,
    programme_or_404,
    programmes_covering,
    shown,
    valid_slug,
)

router = Router(tags=["programmes"])

ProgrammeList = enveloped(list[s.Programme], "ProgrammeList", paginated=True)
ProgrammeOne = enveloped(s.Programme, "ProgrammeOne")
TreeOut = enveloped(list[s.TreeNode], "ContentTree")
NodeOne = enveloped(s.Node, "NodeOne")
InterventionList = enveloped(list[s.Node], "InterventionList", paginated=True)

CODE_HELP = "An ICD-10 code (F20, F41.1, X70): only content of the programmes covering it."


def programme_data(programme: Programme, roots: list[ContentNode]) -> dict:
    slug = programme.slug
    url = links.programme_url(slug)
    return {
        "id": slug,
        "type": "programme",
        "url": url,
        "html_url": programme.get_absolute_url(),
        "parent": None,
        "children": [links.node_ref(slug, node) for node in roots],
        **dates(programme),
        "name": programme.name,
        "summary": programme.summary,
        "plain_summary": programme.plain_summary or "",
        "status": programme.status,
        "status_label": str(programme.get_status_display()),
        "version": programme.version,
        "icd10_codes": programme.icd10_codes,
        "icd10_ranges": [str(r) for r in programme.icd10_ranges],
        "next_review": programme.next_review,
        "links": {
            "tree": f"{url}/tree",
            "interventions": f"{links.BASE}/interventions?programme={slug}",
            "pathways": f"{url}/pathways",
            "levels": f"{links.BASE}/levels?programme={slug}",
            "vignettes": f"{links.BASE}/vignettes?programme={slug}",
            "indicators": f"{links.BASE}/indicators?programme={slug}",
            "materials": f"{links.BASE}/materials?programme={slug}",
        },
    }


def roots_of(programmes: list[Programme]) -> dict[int, list[ContentNode]]:
    """Each programme's published sections at the top of its tree. One query."""
    found: dict[int, list[ContentNode]] = {programme.pk: [] for programme in programmes}
    rows = ContentNode.objects.filter(programme__in=programmes, depth=1, published=True).only(
        "pk", "programme_id", "path", "slug", "kind", "title"
    )
    for node in rows.order_by("path"):
        found[node.programme_id].append(node)
    return found


@router.get(
    "/programmes",
    response=responses(ProgrammeList),
    summary="Programmes",
    description="The published programmes; with `code`, those that cover an ICD-10 code.",
)
@speaks
def programme_list(
    request,
    lang: Lang = "sv",
    code: str | None = Query(None, description=CODE_HELP, max_length=50),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    programmes, pagination = paginate(
        request, programmes_covering(checked_code(code)), page=page, limit=limit
    )
    roots = roots_of(programmes)
    data = [programme_data(p, roots[p.pk]) for p in programmes]
    return wrap(data, language=lang, pagination=pagination)


@router.get("/programmes/{slug}", response=responses(ProgrammeOne), summary="A programme")
@speaks
def programme_detail(request, slug: str = links.PROGRAMME_ID, lang: Lang = "sv"):
    programme = programme_or_404(slug)
    return wrap(programme_data(programme, roots_of([programme])[programme.pk]), language=lang)


@router.get(
    "/programmes/{slug}/tree",
    response=responses(TreeOut),
    summary="A programme's content tree",
    description="Every node that shows, depth first in reading order, with its number, "
    "parent and children.",
)
@speaks
def programme_tree(request, slug: str = links.PROGRAMME_ID, lang: Lang = "sv"):
    programme = programme_or_404(slug)
    tree = ProgrammeTree.load(programme)
    data = []
    for node in tree:
        parent = node.parent
        data.append(
            {
                "id": links.node_id(slug, node.slug),
                "type": node.kind,
                "url": links.node_url(slug, node.slug),
                "html_url": node.url,
                "parent": links.node_ref(slug, parent)
                if parent
                else links.programme_ref(programme),
                "children": [links.node_ref(slug, child) for child in node.children],
                "created": None,
                "updated": None,
                "changed_in_substance": None,
                "kind": node.kind,
                "number": node.number,
                "depth": len(node.slugs),
                "title": node.title,
                "summary": node.summary or "",
                "audience": node.audience,
            }
        )
    _add_dates(data, tree)
    return wrap(data, language=lang)


def _add_dates(data: list[dict], tree: ProgrammeTree) -> None:
    """Both dates of every node of the tree, in one query."""
    pks = [node.pk for node in tree]
    found = {
        pk: (created, updated, changed)
        for pk, created, updated, changed in ContentNode.objects.filter(pk__in=pks).values_list(
            "pk", "created_at", "updated_at", "substance_changed_at"
        )
    }
    for item, node in zip(data, tree, strict=True):
        item["created"], item["updated"], item["changed_in_substance"] = found[node.pk]


@router.get(
    "/programmes/{slug}/nodes/{node}",
    response=responses(NodeOne),
    summary="A section, page or intervention",
)
@speaks
def node_detail(
    request, slug: str = links.PROGRAMME_ID, node: str = links.NODE_ID, lang: Lang = "sv"
):
    programme = programme_or_404(slug)
    tree = ProgrammeTree.load(programme)
    place = next((n for n in tree if n.slug == node), None) if valid_slug(node) else None
    if place is None:
        raise not_found(_("There is no published node with that id in the programme."))
    found = full_nodes([place.pk])[0]
    found.programme = programme
    found.html_url = place.url
    found.parent_ref = (
        links.node_ref(slug, place.parent) if place.parent else links.programme_ref(programme)
    )
    found.children_refs = [links.node_ref(slug, child) for child in place.children]
    return wrap(node_data(found, number=place.number), language=lang)


def _level_or_400(slug: str | None) -> list[int] | None:
    if slug is None:
        return None
    level = CareLevel.objects.filter(slug=slug).first() if valid_slug(slug) else None
    if level is None:
        raise bad_request(_("There is no care level with that id."), "level")
    return list(CareLevel.objects.filter(level_scope(level)).values_list("pk", flat=True))


@router.get(
    "/interventions",
    response=responses(InterventionList),
    summary="Interventions and their recommendations",
    description="Published interventions with the national guidelines' recommendation; "
    "filter by programme, care level (the level, the levels above it and below it, as "
    "the public pages do) or ICD-10 code.",
)
@speaks
def intervention_list(
    request,
    lang: Lang = "sv",
    programme: str | None = Query(None, description="A programme's id.", max_length=100),
    level: str | None = Query(None, description="A care level's id.", max_length=100),
    code: str | None = Query(None, description=CODE_HELP, max_length=50),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    chosen = programme_filter(programme)
    programmes = programmes_covering(checked_code(code))
    if chosen is not None:
        programmes = [p for p in programmes if p.pk == chosen.pk]
    scope = _level_or_400(level)
    candidates = ContentNode.objects.filter(
        kind=ContentNode.Kind.INTERVENTION, published=True, programme__in=programmes
    )
    if scope is not None:
        candidates = candidates.filter(Q(care_levels__in=scope)).distinct()
    order = {p.pk: index for index, p in enumerate(programmes)}
    rows = sorted(
        candidates.values_list("pk", "path", "programme_id"),
        key=lambda row: (order[row[2]], row[1]),
    )
    hidden = hidden_paths(order)
    visible = [pk for pk, path, _programme in rows if shown(path, hidden)]
    pks, pagination = paginate(request, visible, page=page, limit=limit)
    nodes = locate(full_nodes(pks)) if pks else []
    return wrap([node_data(n) for n in nodes], language=lang, pagination=pagination)
