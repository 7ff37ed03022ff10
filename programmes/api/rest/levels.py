"""Care levels and what each level does in each programme."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from care_levels.models import CareLevel
from care_levels.trees import parent_path
from programmes.models import ProgrammeLevel
from programmes.selectors import attach_tags

from . import links
from . import schemas as s
from .envelope import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    Lang,
    enveloped,
    not_found,
    paginate,
    responses,
    speaks,
    wrap,
)
from .selectors import checked_code, programme_filter, programmes_covering, valid_slug

router = Router(tags=["care levels"])

LevelList = enveloped(list[s.Level], "LevelList", paginated=True)
LevelOne = enveloped(s.Level, "LevelOne")


def responsibility_data(item: ProgrammeLevel, level: CareLevel) -> dict:
    programme = item.programme
    return {
        "id": f"{programme.slug}/{level.slug}",
        "type": "responsibility",
        "url": links.level_url(level.slug),
        "html_url": reverse("programmes:programme_level", args=[programme.slug, level.slug]),
        "parent": links.programme_ref(programme),
        "children": [],
        "created": item.created_at,
        "updated": item.updated_at,
        "changed_in_substance": item.substance_changed_at,
        "programme": links.programme_ref(programme),
        "level": links.level_ref(level.slug, level.name),
        "tasks": [
            {"key": name, "label": str(item._meta.get_field(name).verbose_name)}
            for name in ProgrammeLevel.TASKS
            if getattr(item, name)
        ],
        "responsibility": item.responsibility,
        "refer_when": item.refer_when or "",
        "refer_to": [links.level_ref(tag.slug, tag.name) for tag in item.tags["refer_to"]],
        "coordination": item.coordination or "",
    }


def levels_data(programmes, only: str | None = None) -> list[dict]:
    """Every care level in tree order (or only the level `only`), each with what it does
    in `programmes`. Three queries."""
    levels = list(CareLevel.objects.order_by("path"))
    by_path = {level.path: level for level in levels}
    wanted = [level for level in levels if only is None or level.slug == only]
    items = attach_tags(
        list(
            ProgrammeLevel.objects.filter(
                programme__in=programmes, care_level__in=wanted
            ).select_related("programme")
        ),
        ["refer_to"],
    )
    order = {programme.pk: index for index, programme in enumerate(programmes)}
    items.sort(key=lambda item: order[item.programme_id])
    by_level: dict[int, list] = {}
    for item in items:
        by_level.setdefault(item.care_level_id, []).append(item)
    data = []
    for level in wanted:
        parent = by_path.get(parent_path(level.path, level.steplen)) if level.depth > 1 else None
        children = [
            other
            for other in levels
            if other.depth == level.depth + 1 and other.path.startswith(level.path)
        ]
        data.append(
            {
                "id": level.slug,
                "type": "level",
                "url": links.level_url(level.slug),
                "html_url": level.get_absolute_url(),
                "parent": links.level_ref(parent.slug, parent.name) if parent else None,
                "children": [links.level_ref(child.slug, child.name) for child in children],
                "created": level.created_at,
                "updated": level.updated_at,
                "changed_in_substance": None,
                "name": level.name,
                "principal": level.principal,
                "step": level.step,
                "description": level.description or "",
                "responsibilities": [
                    responsibility_data(item, level) for item in by_level.get(level.pk, [])
                ],
            }
        )
    return data


@router.get(
    "/levels",
    response=responses(LevelList),
    summary="Care levels and what each does",
    description="Every care level, in tree order, with what it is responsible for in each "
    "published programme (filter by programme or ICD-10 code).",
)
@speaks
def level_list(
    request,
    lang: Lang = "sv",
    programme: str | None = Query(None, description="A programme's id.", max_length=100),
    code: str | None = Query(None, description="An ICD-10 code.", max_length=50),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    chosen = programme_filter(programme)
    programmes = programmes_covering(checked_code(code))
    if chosen is not None:
        programmes = [p for p in programmes if p.pk == chosen.pk]
    data, pagination = paginate(request, levels_data(programmes), page=page, limit=limit)
    return wrap(data, language=lang, pagination=pagination)


@router.get("/levels/{slug}", response=responses(LevelOne), summary="A care level")
@speaks
def level_detail(request, slug: str = links.LEVEL_ID, lang: Lang = "sv"):
    data = levels_data(programmes_covering(None), slug) if valid_slug(slug) else []
    if not data:
        raise not_found(_("There is no care level with that id."))
    return wrap(data[0], language=lang)
