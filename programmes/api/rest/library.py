"""Case vignettes, indicators and materials: each a list (filter by programme or ICD-10
code) and an object of its own."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from programmes.models import CaseVignette, ContentNode, Indicator, Material
from programmes.selectors import attach_tags

from . import links
from . import schemas as s
from .envelope import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    Lang,
    dates,
    enveloped,
    not_found,
    paginate_queryset,
    responses,
    speaks,
    wrap,
)
from .nodes import locate
from .selectors import checked_code, programme_filter, programmes_covering, valid_slug

router = Router(tags=["case vignettes, indicators and materials"])

VignetteList = enveloped(list[s.Vignette], "VignetteList", paginated=True)
VignetteOne = enveloped(s.Vignette, "VignetteOne")
IndicatorList = enveloped(list[s.Indicator], "IndicatorList", paginated=True)
IndicatorOne = enveloped(s.Indicator, "IndicatorOne")
MaterialList = enveloped(list[s.Material], "MaterialList", paginated=True)
MaterialOne = enveloped(s.Material, "MaterialOne")

PROGRAMME = Query(None, description="A programme's id.", max_length=100)
CODE = Query(None, description="An ICD-10 code (F20, F41.1, X70).", max_length=50)
PAGE = Query(1, ge=1, le=MAX_PAGE)
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def _programmes(programme: str | None, code: str | None) -> list:
    chosen = programme_filter(programme)
    programmes = programmes_covering(checked_code(code))
    if chosen is not None:
        programmes = [p for p in programmes if p.pk == chosen.pk]
    return programmes


def _one(queryset, slug: str, message):
    found = list(queryset.filter(slug=slug)) if valid_slug(slug) else []
    if not found:
        raise not_found(message)
    return found


# Case vignettes -----------------------------------------------------------------------


def _vignette_queryset(programmes):
    return CaseVignette.objects.filter(published=True, programme__in=programmes).select_related(
        "programme"
    )


def vignettes_data(vignettes: list[CaseVignette]) -> list[dict]:
    """The vignettes with their levels and the interventions that show. Three queries."""
    if not vignettes:
        return []
    attach_tags(vignettes, ["care_levels"])
    used = list(
        ContentNode.objects.filter(vignettes__in=vignettes, published=True)
        .select_related("programme")
        .annotate(vignette_pk=F("vignettes"))
        .order_by("path")
    )
    located = {node.pk for node in locate(list({node.pk: node for node in used}.values()))}
    refs: dict[int, list] = {}
    for node in used:
        if node.pk in located:
            refs.setdefault(node.vignette_pk, []).append(links.node_ref(node.programme.slug, node))
    return [
        {
            **links.vignette_ref(vignette),
            "html_url": vignette.get_absolute_url(),
            "parent": links.programme_ref(vignette.programme),
            "children": [],
            **dates(vignette),
            "programme": links.programme_ref(vignette.programme),
            "title": vignette.title,
            "summary": vignette.summary or "",
            "story": vignette.story,
            "questions": vignette.question_list,
            "care_levels": [
                links.level_ref(tag.slug, tag.name) for tag in vignette.tags["care_levels"]
            ],
            "interventions": refs.get(vignette.pk, []),
        }
        for vignette in vignettes
    ]


@router.get("/vignettes", response=responses(VignetteList), summary="Case vignettes")
@speaks
def vignette_list(
    request,
    lang: Lang = "sv",
    programme: str | None = PROGRAMME,
    code: str | None = CODE,
    page: int = PAGE,
    limit: int = LIMIT,
):
    queryset = _vignette_queryset(_programmes(programme, code)).order_by(
        "programme__position", "programme__slug", "slug"
    )
    rows, pagination = paginate_queryset(request, queryset, page=page, limit=limit)
    return wrap(vignettes_data(rows), language=lang, pagination=pagination)


@router.get("/vignettes/{slug}", response=responses(VignetteOne), summary="A case vignette")
@speaks
def vignette_detail(request, slug: str = links.VIGNETTE_ID, lang: Lang = "sv"):
    found = _one(
        _vignette_queryset(programmes_covering(None)),
        slug,
        _("There is no published case vignette with that id."),
    )
    return wrap(vignettes_data(found)[0], language=lang)


# Indicators ---------------------------------------------------------------------------


def _indicator_queryset(programmes):
    return Indicator.objects.filter(published=True, programme__in=programmes).select_related(
        "programme", "pathway"
    )


def indicator_data(indicator: Indicator) -> dict:
    programme = indicator.programme
    pathway = indicator.pathway
    return {
        **links.indicator_ref(indicator),
        "html_url": reverse("programmes:indicators", args=[programme.slug])
        + f"#indicator-{indicator.slug}",
        "parent": links.programme_ref(programme),
        "children": [],
        **dates(indicator),
        "programme": links.programme_ref(programme),
        "pathway": links.pathway_ref(programme.slug, pathway)
        if pathway is not None and pathway.published
        else None,
        "kind": indicator.kind,
        "name": indicator.name,
        "purpose": indicator.purpose or "",
        "measure": indicator.measure or "",
        "numerator": indicator.numerator or "",
        "denominator": indicator.denominator or "",
        "direction": indicator.direction,
        "measure_kind": indicator.measure_kind,
        "target": indicator.target or "",
        "data_sources": indicator.data_sources or "",
        "error_sources": indicator.error_sources or "",
    }


@router.get("/indicators", response=responses(IndicatorList), summary="Indicators")
@speaks
def indicator_list(
    request,
    lang: Lang = "sv",
    programme: str | None = PROGRAMME,
    code: str | None = CODE,
    page: int = PAGE,
    limit: int = LIMIT,
):
    queryset = _indicator_queryset(_programmes(programme, code)).order_by(
        "programme__position", "programme__slug", "kind", "slug"
    )
    rows, pagination = paginate_queryset(request, queryset, page=page, limit=limit)
    return wrap([indicator_data(i) for i in rows], language=lang, pagination=pagination)


@router.get("/indicators/{slug}", response=responses(IndicatorOne), summary="An indicator")
@speaks
def indicator_detail(request, slug: str = links.INDICATOR_ID, lang: Lang = "sv"):
    found = _one(
        _indicator_queryset(programmes_covering(None)),
        slug,
        _("There is no published indicator with that id."),
    )
    return wrap(indicator_data(found[0]), language=lang)


# Materials ----------------------------------------------------------------------------


def _material_queryset(programmes, *, general: bool):
    """Published materials of `programmes`; `general` adds those of no programme."""
    belongs = Q(programme__in=programmes)
    if general:
        belongs |= Q(programme__isnull=True)
    return Material.objects.filter(belongs, published=True).select_related("programme")


def material_data(material: Material) -> dict:
    programme = material.programme
    return {
        **links.material_ref(material),
        "html_url": reverse("programmes:materials"),
        "parent": links.programme_ref(programme) if programme else None,
        "children": [],
        **dates(material),
        "programme": links.programme_ref(programme) if programme else None,
        "kind": material.kind,
        "audience": material.audience,
        "title": material.title,
        "description": material.description or "",
        "link": material.url or "",
        "open_url": material.get_absolute_url(),
    }


@router.get(
    "/materials",
    response=responses(MaterialList),
    summary="Materials",
    description="Presentations, films, flyers and folders; those of no programme are "
    "listed unless a programme or code is asked for.",
)
@speaks
def material_list(
    request,
    lang: Lang = "sv",
    programme: str | None = PROGRAMME,
    code: str | None = CODE,
    page: int = PAGE,
    limit: int = LIMIT,
):
    queryset = _material_queryset(
        _programmes(programme, code), general=programme is None and code is None
    ).order_by(F("programme__position").asc(nulls_first=True), "programme__slug", "slug")
    rows, pagination = paginate_queryset(request, queryset, page=page, limit=limit)
    return wrap([material_data(m) for m in rows], language=lang, pagination=pagination)


@router.get("/materials/{slug}", response=responses(MaterialOne), summary="A material")
@speaks
def material_detail(request, slug: str = links.MATERIAL_ID, lang: Lang = "sv"):
    found = _one(
        _material_queryset(programmes_covering(None), general=True),
        slug,
        _("There is no published material with that id."),
    )
    return wrap(material_data(found[0]), language=lang)
