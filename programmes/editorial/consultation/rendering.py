"""Showing a frozen part of a consultation version as the public page will show it.

A `Part` keeps its object's snapshot (`part.data`). Written onto an unsaved instance of
its model (`snapshot_apply(…, save=False)`), the snapshot reads like the live object: the
same translated fields with the same fallback to Swedish, the same choices and the same
recommendation in words. What the snapshot holds as ids (the guideline, the care levels
and other tags, a setting, the interventions a step uses) is read for all the parts at
once, so a page shows any number of parts in a fixed number of queries.

`templates/consultation/includes/part.html` draws one prepared part; both the reviewers'
pages and the working group's include it.
"""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from care_levels.models import AgeGroup, CareLevel, Phase, Profession
from programmes.models import ContentNode, Guideline, Pathway, PathwayStep, Programme
from programmes.sanitize import sanitize_html

from ..snapshots import snapshot_apply
from .models import Part

#: The model of each kind of key (`freezing.part_key`).
MODELS = {"programme": Programme, "node": ContentNode, "pathway": Pathway, "step": PathwayStep}
#: The tags a snapshot may hold, by field name, and the vocabulary they are words of.
TAGS = {
    "care_levels": CareLevel,
    "professions": Profession,
    "age_groups": AgeGroup,
    "phases": Phase,
}
HEADING = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


@dataclass
class Shown:
    """What `part.html` needs of one part: the unsaved object, the level of its title
    (1–6; headings inside it are `sub`), its rich texts ready for the page, its tags as
    words (`tags`, as the public pages give them), a pathway's setting and the titles of
    the interventions a step uses."""

    obj: object
    heading: int
    sub: int
    body: SafeString = SafeString("")
    procedure: SafeString = SafeString("")
    tags: dict = field(default_factory=dict)
    setting: CareLevel | None = None
    interventions: list[str] = field(default_factory=list)


def model_of(part: Part):
    return MODELS.get(part.key.partition(":")[0])


def instance_of(part: Part):
    """An unsaved instance of the part's model holding its frozen content (None for a key
    of an unknown kind)."""
    model = model_of(part)
    if model is None:
        return None
    obj = model()
    snapshot_apply(obj, part.data or {}, save=False)
    return obj


def rich_text(html: str, heading: int) -> SafeString:
    """Rich text for a part whose title is a heading of level `heading`: cleaned to the
    allow-list (again: frozen data is shown as it was kept) and its own headings moved
    below the part's title: its highest heading one level down, none skipping a level
    after the one before it (WCAG 1.3.1), at most h6."""
    cleaned = sanitize_html(html or "")
    found = [int(level) for closing, level in HEADING.findall(cleaned) if not closing]
    if not found:
        return mark_safe(cleaned)
    top, previous, opened = min(found), heading, []

    def move(match):
        nonlocal previous
        if match.group(1):
            return f"</h{opened.pop(0) if opened else previous}"
        level = min(heading + 1 + int(match.group(2)) - top, previous + 1, 6)
        previous = level
        opened.append(level)
        return f"<h{level}"

    return mark_safe(HEADING.sub(move, cleaned))


def _levels(parts: list[Part], heading: int, nested: bool) -> list[int]:
    """The level of each part's title: `heading` plus its depth below the shallowest part
    when `nested`, never more than one below the title before it, and at most 6."""
    if not nested or not parts:
        return [min(heading, 6)] * len(parts)
    top = min(part.depth for part in parts)
    levels, previous = [], heading - 1
    for part in parts:
        wanted = heading + part.depth - top
        level = max(min(heading, 6), min(wanted, previous + 1, 6))
        levels.append(level)
        previous = level
    return levels


def _read(model, ids: set[int]) -> dict:
    """The rows of `model` with these ids, by id, in the model's order (one query, or
    none without ids)."""
    if not ids:
        return {}
    return {row.pk: row for row in model.objects.filter(pk__in=ids)}


def _in_order(rows: dict, ids) -> list:
    found = [rows[pk] for pk in ids or () if pk in rows]
    order = {pk: index for index, pk in enumerate(rows)}
    return sorted(found, key=lambda row: order[row.pk])


def parts_for_display(parts, *, heading: int = 2, nested: bool = True) -> list[Part]:
    """Prepare parts (of one or more versions, in the order given) for `part.html`: sets
    `part.shown` (a `Shown`) on each and returns them as a list.

    With `nested`, the title of the first (shallowest) part is a heading of level
    `heading` and the parts below it go one level deeper per depth, never skipping a
    level; without, every title is of level `heading`. At most six queries, whatever the
    number of parts: guidelines, each kind of tag found, and the titles of interventions
    a step uses that are not among `parts`.
    """
    parts = list(parts)
    objects = [instance_of(part) for part in parts]
    data = [part.data or {} for part in parts]
    guidelines = _read(
        Guideline, {item.get("guideline_id") for item in data if item.get("guideline_id")}
    )
    tag_ids = {name: set() for name in TAGS}
    for item in data:
        for name in TAGS:
            tag_ids[name].update(item.get(name) or ())
        if item.get("setting_id"):
            tag_ids["care_levels"].add(item["setting_id"])
    words = {name: _read(model, tag_ids[name]) for name, model in TAGS.items()}
    titles = _intervention_titles(parts)

    for part, obj, item, level in zip(
        parts, objects, data, _levels(parts, heading, nested), strict=True
    ):
        shown = Shown(obj=obj, heading=level, sub=min(level + 1, 6))
        part.shown = shown
        if obj is None:
            continue
        if isinstance(obj, ContentNode) and obj.guideline_id:
            # Set the guideline read for all the parts (None if it has since been deleted).
            obj.guideline = guidelines.get(obj.guideline_id)
        shown.tags = {
            name: _in_order(words[name], item.get(name))
            for name in TAGS
            if name in item and item.get(name)
        }
        obj.tags = shown.tags
        shown.body = rich_text(item.get(_current("body", item)), level)
        if isinstance(obj, ContentNode):
            shown.procedure = rich_text(item.get(_current("procedure", item)), shown.sub)
        if isinstance(obj, Pathway) and obj.setting_id:
            shown.setting = words["care_levels"].get(obj.setting_id)
            obj.setting = shown.setting
        if isinstance(obj, PathwayStep):
            shown.interventions = [
                titles[pk] for pk in item.get("interventions") or () if pk in titles
            ]
    return parts


def part_for_display(part: Part, *, heading: int = 1) -> Part:
    """Prepare one part for `part.html`, its title a heading of level `heading`."""
    return parts_for_display([part], heading=heading, nested=False)[0]


def _current(name: str, data: dict) -> str:
    """The key of a translated text in the current language, falling back to Swedish as
    the public site does."""
    language = (get_language() or "sv")[:2]
    key = f"{name}_{language}"
    return key if data.get(key) else f"{name}_sv"


def _intervention_titles(parts: list[Part]) -> dict[int, str]:
    """The title of each intervention the steps among `parts` use, by node id: from the
    same frozen version where it is in it (read at most once), else the live node's."""
    wanted = {
        pk
        for part in parts
        if part.key.startswith("step:")
        for pk in (part.data or {}).get("interventions") or ()
    }
    if not wanted:
        return {}
    frozen = {
        part.object_id: part.title
        for part in parts
        if part.key.startswith("node:") and part.object_id in wanted
    }
    versions = {part.version_id for part in parts if part.key.startswith("step:")}
    missing = wanted - set(frozen)
    if missing:
        rows = Part.objects.filter(
            version_id__in=versions, key__in=[f"node:{pk}" for pk in missing]
        ).only("key", "title_sv", "title_en")
        frozen.update({row.object_id: row.title for row in rows})
    missing = wanted - set(frozen)
    if missing:
        rows = ContentNode.objects.filter(pk__in=missing).only("title_sv", "title_en")
        frozen.update({row.pk: row.title for row in rows})
    return frozen
