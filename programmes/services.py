"""Writes to programme content. Each runs validated, in one transaction."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from care_levels.models import CareLevel, Profession, ProgrammeLevel

from . import page_cache
from .content_files import ContentFileError, translated, translated_fields, type_name
from .models import (
    AgeGroup,
    Audience,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Phase,
    Programme,
)

TREE_FIELDS = ["path", "depth", "numchild"]
NODE_TEXTS = ["title", "summary", "body"]
INTERVENTION_TEXTS = ["target_group", "priority_missing", "competence", "synopsis", "procedure"]
INDICATOR_TEXTS = [
    "name",
    "purpose",
    "measure",
    "numerator",
    "denominator",
    "target",
    "data_sources",
    "error_sources",
]
TASKS = ["early_detection", "assessment", "treatment", "support"]

# The keys a programme file may use, in the order an export writes them (fixtures/SCHEMA.md).
PROGRAMME_KEYS = (
    "slug",
    "name",
    "summary",
    "plain_summary",
    "status",
    "version",
    "next_review",
    "published",
    "position",
    "age_groups",
    "sections",
    "level_responsibilities",
    "vignettes",
    "indicators",
    "materials",
)
TAG_KEYS = ("levels", "professions", "age_groups", "phases")
NODE_KEYS = (
    "slug",
    "kind",
    "audience",
    "published",
    "title",
    "summary",
    *TAG_KEYS,
    "body",
    "children",
)
INTERVENTION_KEYS = (
    "slug",
    "kind",
    "audience",
    "published",
    "title",
    "summary",
    "body",
    "target_group",
    "priority",
    "priority_missing",
    "competence",
    "synopsis",
    "procedure",
    *TAG_KEYS,
    "severity",
    "coordinated",
    "children",
)
RESPONSIBILITY_KEYS = (
    "level",
    "tasks",
    "responsibility",
    "refer_when",
    "refer_to",
    "coordination",
)
VIGNETTE_KEYS = (
    "slug",
    "published",
    "title",
    "summary",
    "story",
    "questions",
    "levels",
    "interventions",
)
INDICATOR_KEYS = (
    "slug",
    "kind",
    "published",
    "name",
    "purpose",
    "measure",
    "numerator",
    "denominator",
    "direction",
    "target",
    "data_sources",
    "error_sources",
)
MATERIAL_KEYS = (
    "slug",
    "kind",
    "audience",
    "published",
    "title",
    "description",
    "url",
)

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: Materialised paths have room for this many levels.
MAX_DEPTH = ContentNode._meta.get_field("path").max_length // ContentNode.steplen
MAX_POSITION = 32767


def _validated(instance, where: str, *, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        problems = error.message_dict
        codes = [code for code, _name in settings.LANGUAGES]
        details = "; ".join(
            _place(where, " ".join(messages))
            if field == "__all__"
            else f"{_at(where, _file_key(field))}: {' '.join(messages)}"
            for field, messages in problems.items()
            # `title` repeats the problem of `title_sv`: name the language only.
            if not any(f"{field}_{code}" in problems for code in codes)
        )
        raise ContentFileError(details) from error
    return instance


def _file_key(field: str) -> str:
    """`title_en` as the file names it: `title.en`."""
    for code, _name in settings.LANGUAGES:
        if field.endswith(f"_{code}"):
            return f"{field.removesuffix(f'_{code}')}.{code}"
    return field


@transaction.atomic
def lookup_list_load(*, model, data: list, where: str) -> int:
    """Create or update a list of named tags (professions, age groups, phases) by slug."""
    for position, entry in enumerate(data or []):
        at = f"{where}[{position}]"
        if not isinstance(entry, dict) or not entry.get("slug"):
            raise ContentFileError(f"{at}: an entry needs a slug")
        values = {"position": position, **translated_fields(entry, at, ["name"], required=["name"])}
        model.objects.update_or_create(slug=entry["slug"], defaults=values)
    return len(data or [])


# Reading a programme file: each helper checks one kind of value and names its place.


def _at(place: str, key) -> str:
    return f"{place}.{key}" if place else str(key)


def _place(place: str, message: str) -> str:
    return f"{place}: {message}" if place else message


def _error(place: str, message: str) -> ContentFileError:
    return ContentFileError(_place(place, message))


def _shown(value) -> str:
    """A value from the file, short enough for a message."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else f"{text[:57]}…"


def _mapping(entry, place: str, what: str, keys) -> dict:
    if not isinstance(entry, dict):
        raise _error(place, f"expected {what} (a mapping), not {type_name(entry)}")
    unknown = [str(key) for key in entry if key not in keys]
    if unknown:
        raise _error(
            place,
            f"unknown key {', '.join(map(_shown, unknown))}; {what} can have {', '.join(keys)}",
        )
    return entry


def _slug(value, place: str) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        shown = "nothing" if value is None else _shown(value)
        raise _error(
            place,
            "expected a slug of lower-case letters a-z, digits and hyphens "
            f"(like tidiga-tecken), not {shown}",
        )
    return value


def _slug_list(value, place: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(place, f"expected a list of slugs, not {type_name(value)}")
    return [_slug(item, f"{place}[{index}]") for index, item in enumerate(value)]


def _list(value, place: str, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(place, f"expected a list of {what}, not {type_name(value)}")
    return value


def _flag(entry: dict, key: str, place: str, default: bool) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise _error(_at(place, key), f"expected true or false, not {_shown(value)}")
    return value


def _whole_number(entry: dict, key: str, place: str, low: int, high: int) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(
            _at(place, key), f"expected a whole number from {low} to {high}, not {_shown(value)}"
        )
    return value


def _plain_text(entry: dict, key: str, place: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _error(_at(place, key), f"expected a text in quotes, not {_shown(value)}")
    return value.strip()


def _choice(value, choices, where: str, default=None):
    value = default if value is None else value
    if not isinstance(value, str) or value not in choices.values:
        found = "it is missing" if value is None else f"not {_shown(value)}"
        raise _error(where, f"expected one of {', '.join(map(str, choices.values))}; {found}")
    return value


def _texts(entry: dict, place: str, names, *, required=()) -> dict[str, str]:
    """Translated texts; a required one needs every language (Swedish and English)."""
    for name in names:
        value = entry.get(name)
        if value is not None and not isinstance(value, dict):
            raise _error(
                _at(place, name),
                f"expected a text in Swedish and English ({{sv: …, en: …}}), "
                f"not {type_name(value)}",
            )
    return translated_fields(entry, place, names, required=required, every_language=True)


class _Tags:
    """Slug look-ups for the tags a programme file names, loaded once."""

    LABELS = {
        "levels": "care level",
        "professions": "profession",
        "age_groups": "age group",
        "phases": "phase",
    }

    def __init__(self):
        self.tables = {
            "levels": {obj.slug: obj for obj in CareLevel.objects.all()},
            "professions": {obj.slug: obj for obj in Profession.objects.all()},
            "age_groups": {obj.slug: obj for obj in AgeGroup.objects.all()},
            "phases": {obj.slug: obj for obj in Phase.objects.all()},
        }

    def pick(self, kind: str, slugs, where: str) -> list:
        table = self.tables[kind]
        slugs = _slug_list(slugs, where)
        unknown = [slug for slug in slugs if slug not in table]
        if unknown:
            raise _error(
                where,
                f"unknown {self.LABELS[kind]} {', '.join(unknown)} "
                f"(known: {', '.join(table) or 'none'})",
            )
        return [table[slug] for slug in slugs]

    def one(self, kind: str, slug, where: str):
        if slug is None:
            raise _error(where, f"a {self.LABELS[kind]} is needed")
        return self.pick(kind, [slug], where)[0]


class _FileState:
    """What the loading has seen so far of one file, for checks across places."""

    def __init__(self):
        self.tags = _Tags()
        self.node_places: dict[str, str] = {}  # slug → where in the file
        self.node_kinds: dict[str, str] = {}
        self.interventions: dict[str, ContentNode] = {}
        self.seen: dict[int, str] = {}  # id() of a node mapping → where


@transaction.atomic
def programme_import(*, data: dict, source: str = "", published: bool | None = None) -> Programme:
    """Create a programme, or replace the one with the same slug, from a content file.

    Every `published` flag comes from the file (a missing flag means published);
    `published=False` imports the programme itself unpublished, `True` published.
    Everything is validated before anything is kept: a file with an error changes nothing,
    and the error names the file and the place in it.
    """
    try:
        # One content change for the whole import, not one per row.
        with page_cache.changes_suspended():
            programme = _programme_load(data, published)
    except ContentFileError as error:
        raise ContentFileError(f"{source or 'programme'}: {error}") from error
    page_cache.content_changed()
    return programme


def _programme_load(data, published: bool | None) -> Programme:
    _mapping(data, "", "a programme", PROGRAMME_KEYS)
    slug = _slug(data.get("slug"), "slug")
    state = _FileState()
    from_file = _flag(data, "published", "", True)
    next_review = data.get("next_review")
    if next_review is not None and (
        isinstance(next_review, datetime.datetime) or not isinstance(next_review, datetime.date)
    ):
        raise _error("next_review", f"expected a date like 2027-06-01, not {_shown(next_review)}")
    position = _whole_number(data, "position", "", 0, MAX_POSITION)

    Programme.objects.filter(slug=slug).delete()
    programme = _validated(
        Programme(
            slug=slug,
            status=_choice(data.get("status"), Programme.Status, "status", "utkast"),
            version=_plain_text(data, "version", ""),
            next_review=next_review,
            published=from_file if published is None else published,
            position=Programme.objects.count() if position is None else position,
            **_texts(data, "", ["name", "summary", "plain_summary"], required=["name", "summary"]),
        ),
        "",
    )
    programme.save()
    _related_set(
        programme.age_groups, state.tags.pick("age_groups", data.get("age_groups"), "age_groups")
    )

    _nodes_load(programme, data.get("sections"), None, "sections", state, frozenset())
    _responsibilities_load(programme, data.get("level_responsibilities"), state)
    _vignettes_load(programme, data.get("vignettes"), state)
    _indicators_load(programme, data.get("indicators"))
    _materials_load(programme, data.get("materials"))
    return programme


def _nodes_load(programme, entries, parent, place, state, ancestors):
    what = "sections" if parent is None else "pages and interventions"
    entries = _list(entries, place, what)
    if entries and parent is not None and parent.depth >= MAX_DEPTH:
        raise _error(place, f"the tree can be at most {MAX_DEPTH} levels deep")
    for index, entry in enumerate(entries):
        at = f"{place}[{index}]"
        if not isinstance(entry, dict):
            raise _error(
                at, f"expected a section, page or intervention (a mapping), not {type_name(entry)}"
            )
        if id(entry) in ancestors:
            raise _error(
                at,
                "this node is inside itself (a cycle): a YAML alias (*name) puts it "
                "among its own children",
            )
        if id(entry) in state.seen:
            raise _error(
                at,
                f"this node appears twice in the tree (also at {state.seen[id(entry)]}): "
                "a YAML alias (*name) can repeat a text, not a node",
            )
        if isinstance(entry.get("slug"), str):
            at = f"{at} ({_shown(entry['slug'])})"
        state.seen[id(entry)] = at
        if "parent" in entry:
            raise _error(
                _at(at, "parent"),
                "nodes do not name their parent: the tree is nested, so put the node "
                "in its parent's children",
            )
        kind = _choice(entry.get("kind"), ContentNode.Kind, _at(at, "kind"), "page")
        is_intervention = kind == ContentNode.Kind.INTERVENTION
        if not is_intervention:
            only_interventions = [
                key for key in entry if key in set(INTERVENTION_KEYS) - set(NODE_KEYS)
            ]
            if only_interventions:
                raise _error(
                    at,
                    f"{', '.join(only_interventions)}: only an intervention has these "
                    f"(kind: intervention), not a {kind}",
                )
        _mapping(
            entry,
            at,
            "an intervention" if is_intervention else f"a {kind}",
            INTERVENTION_KEYS if is_intervention else NODE_KEYS,
        )
        slug = _slug(entry.get("slug"), _at(at, "slug"))
        if slug in state.node_places:
            raise _error(
                _at(at, "slug"),
                f"{slug} is already the slug of {state.node_places[slug]}; "
                "slugs are unique within a programme",
            )
        state.node_places[slug] = at
        state.node_kinds[slug] = kind
        if parent is None and kind != ContentNode.Kind.SECTION:
            raise _error(
                _at(at, "kind"),
                "only sections sit at the top of the tree: put pages and interventions in "
                "a section's children",
            )
        if parent is not None and kind == ContentNode.Kind.SECTION:
            raise _error(_at(at, "kind"), "a section belongs at the top of the tree (sections)")
        if is_intervention and entry.get("children"):
            raise _error(_at(at, "children"), "an intervention has no pages below it")

        texts = NODE_TEXTS + (INTERVENTION_TEXTS if is_intervention else [])
        node = ContentNode(
            programme=programme,
            kind=kind,
            slug=slug,
            audience=_choice(entry.get("audience"), Audience, _at(at, "audience"), "staff"),
            published=_flag(entry, "published", at, True),
            priority=_whole_number(entry, "priority", at, 1, 10),
            severity=_choice(entry.get("severity"), ContentNode.Severity, _at(at, "severity"))
            if entry.get("severity") is not None
            else "",
            coordinated=_flag(entry, "coordinated", at, False),
            **_texts(entry, at, texts, required=["title"]),
        )
        _validated(node, at, exclude=TREE_FIELDS)
        if parent is None:
            node = ContentNode.objects.add_root(instance=node)
        else:
            node = ContentNode.objects.add_child(parent, instance=node)
        tags = state.tags
        for key, relation in [
            ("levels", node.care_levels),
            ("professions", node.professions),
            ("age_groups", node.age_groups),
            ("phases", node.phases),
        ]:
            _related_set(relation, tags.pick(key, entry.get(key), _at(at, key)))
        if is_intervention:
            state.interventions[slug] = node
        _nodes_load(
            programme,
            entry.get("children"),
            node,
            _at(at, "children"),
            state,
            ancestors | {id(entry)},
        )


def _responsibilities_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "level_responsibilities", "care levels")):
        at = f"level_responsibilities[{index}]"
        _mapping(entry, at, "a level's responsibility", RESPONSIBILITY_KEYS)
        level = state.tags.one("levels", entry.get("level"), _at(at, "level"))
        if level.slug in places:
            raise _error(
                _at(at, "level"),
                f"{level.slug} already has its responsibility at {places[level.slug]}",
            )
        places[level.slug] = at
        tasks = _list(entry.get("tasks"), _at(at, "tasks"), "tasks")
        unknown = [_shown(task) for task in tasks if not isinstance(task, str) or task not in TASKS]
        if unknown:
            raise _error(
                _at(at, "tasks"),
                f"unknown task {', '.join(unknown)} (the tasks are {', '.join(TASKS)})",
            )
        responsibility = _validated(
            ProgrammeLevel(
                programme=programme,
                care_level=level,
                **{task: task in tasks for task in TASKS},
                **_texts(
                    entry,
                    at,
                    ["responsibility", "refer_when", "coordination"],
                    required=["responsibility"],
                ),
            ),
            at,
        )
        responsibility.save()
        _related_set(
            responsibility.refer_to,
            state.tags.pick("levels", entry.get("refer_to"), _at(at, "refer_to")),
        )


def _related_set(relation, objects: list) -> None:
    """Tags of a new object: it has none yet, so an empty list costs no queries."""
    if objects:
        relation.set(objects)


def _global_slug(model, entry: dict, at: str, places: dict, what: str) -> str:
    """A slug unique across all programmes: not twice in the file, not used by another."""
    slug = _slug(entry.get("slug"), _at(at, "slug"))
    if slug in places:
        raise _error(_at(at, "slug"), f"{slug} is already the slug of {places[slug]}")
    places[slug] = at
    # The programme being replaced is gone already: a match belongs to another one.
    other = model.objects.filter(slug=slug).select_related("programme").first()
    if other is not None:
        owner = (
            f"the programme {other.programme} ({other.programme.slug})"
            if other.programme
            else "no programme"
        )
        raise _error(
            _at(at, "slug"),
            f"{slug} is already used by a {what} of {owner}; "
            f"{what} slugs are unique across all programmes",
        )
    return slug


def _vignettes_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "vignettes", "case vignettes")):
        at = f"vignettes[{index}]"
        _mapping(entry, at, "a case vignette", VIGNETTE_KEYS)
        slug = _global_slug(CaseVignette, entry, at, places, "case vignette")
        at = f"{at} ({slug})"
        vignette = _validated(
            CaseVignette(
                programme=programme,
                slug=slug,
                published=_flag(entry, "published", at, True),
                **_texts(entry, at, ["title", "summary", "story"], required=["title"]),
                **_questions(entry.get("questions"), _at(at, "questions")),
            ),
            at,
        )
        vignette.save()
        _related_set(
            vignette.care_levels, state.tags.pick("levels", entry.get("levels"), _at(at, "levels"))
        )
        linked = []
        place = _at(at, "interventions")
        for slug in _slug_list(entry.get("interventions"), place):
            if slug in state.interventions:
                linked.append(state.interventions[slug])
            elif slug in state.node_kinds:
                raise _error(
                    place,
                    f"{slug} is a {state.node_kinds[slug]} ({state.node_places[slug]}), "
                    "not an intervention",
                )
            else:
                raise _error(
                    place,
                    f"no intervention {slug} in this file's tree: a case vignette links "
                    "interventions of its own programme",
                )
        _related_set(vignette.interventions, linked)


def _indicators_load(programme, entries):
    places = {}
    for index, entry in enumerate(_list(entries, "indicators", "indicators")):
        at = f"indicators[{index}]"
        _mapping(entry, at, "an indicator", INDICATOR_KEYS)
        slug = _global_slug(Indicator, entry, at, places, "indicator")
        at = f"{at} ({slug})"
        _validated(
            Indicator(
                programme=programme,
                slug=slug,
                kind=_choice(entry.get("kind"), Indicator.Kind, _at(at, "kind")),
                direction=_choice(
                    entry.get("direction"), Indicator.Direction, _at(at, "direction")
                ),
                published=_flag(entry, "published", at, True),
                **_texts(entry, at, INDICATOR_TEXTS, required=["name"]),
            ),
            at,
        ).save()


def _materials_load(programme, entries):
    places = {}
    for index, entry in enumerate(_list(entries, "materials", "materials")):
        at = f"materials[{index}]"
        _mapping(entry, at, "a material", MATERIAL_KEYS)
        slug = _global_slug(Material, entry, at, places, "material")
        at = f"{at} ({slug})"
        _validated(
            Material(
                programme=programme,
                slug=slug,
                kind=_choice(entry.get("kind"), Material.Kind, _at(at, "kind")),
                audience=_choice(entry.get("audience"), Material.Audience, _at(at, "audience")),
                url=_plain_text(entry, "url", at),
                published=_flag(entry, "published", at, True),
                **_texts(entry, at, ["title", "description"], required=["title"]),
            ),
            at,
        ).save()


def _questions(value, where: str) -> dict[str, str]:
    """Discussion questions, one per line, from `{sv: [...], en: [...]}`."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _error(where, f"expected a list of questions per language, not {type_name(value)}")
    joined = {}
    for code, lines in value.items():
        place = _at(where, code)
        lines = _list(lines, place, "questions")
        for index, line in enumerate(lines):
            if not isinstance(line, str):
                raise _error(f"{place}[{index}]", f"expected a question, not {_shown(line)}")
        joined[code] = "\n".join(line.strip() for line in lines if line.strip())
    texts = translated(joined, where, required=False)
    return {f"questions_{code}": text for code, text in texts.items()}
