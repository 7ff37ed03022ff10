"""A programme file's structure, checked against `programme.schema.json` before anything
is loaded, and its first problem said in the words every content file uses (`values`).

`checked_document` first walks the content tree for what a schema cannot see (a node a
YAML alias puts inside itself or in two places, a tree deeper than the portal allows),
then validates the whole file with jsonschema. Of the errors it finds, the one that comes
first in the file is reported: by the position of each step of its path in the data (the
order of a mapping's keys as read, a list's index). It is said by what the schema checks
(`type`, `required`, `enum` …) and where: which kind of entry (the programme, a section,
a page or intervention, a care pathway or one of its steps, a level's responsibility, a
case vignette, an indicator, a material) and which of its keys, of which kind of value
(`format.value_kind`).
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from jsonschema import Draft202012Validator, FormatChecker

from care_levels.slugs import SLUG_PATTERN
from programmes.models import ContentNode
from programmes.models.evidence import RecommendationKind, recommendation_errors

from . import values as check
from .errors import (
    ContentFileError,
    no_translated_text,
    not_a_language_text,
    text_missing,
    unknown_languages,
    value_kind,
)
from .format import (
    DEFINITIONS,
    ENTRY_LISTS,
    INNER_LISTS,
    INTERVENTION_KEYS,
    INTERVENTION_ONLY_KEYS,
    NODE_KEYS,
    SCHEMA,
    kind_of_value,
    property_of,
)

#: What a file's entry is, in a message: "expected a section (a mapping) …".
WHAT = {
    "programme": gettext_lazy("a programme"),
    ContentNode.Kind.SECTION: gettext_lazy("a section"),
    ContentNode.Kind.PAGE: gettext_lazy("a page"),
    ContentNode.Kind.INTERVENTION: gettext_lazy("an intervention"),
    "responsibility": gettext_lazy("a level's responsibility"),
    "vignette": gettext_lazy("a case vignette"),
    "indicator": gettext_lazy("an indicator"),
    "material": gettext_lazy("a material"),
    "pathway": gettext_lazy("a care pathway"),
    "step": gettext_lazy("a pathway step"),
    "guideline": gettext_lazy("a national guideline"),
}
#: What a list in a file holds: "expected a list of sections …".
LIST_OF = {
    "guidelines": gettext_lazy("national guidelines"),
    "sections": gettext_lazy("sections"),
    "children": gettext_lazy("pages and interventions"),
    "pathways": gettext_lazy("care pathways"),
    "steps": gettext_lazy("steps"),
    "level_responsibilities": gettext_lazy("care levels"),
    "tasks": gettext_lazy("tasks"),
    "vignettes": gettext_lazy("case vignettes"),
    "indicators": gettext_lazy("indicators"),
    "materials": gettext_lazy("materials"),
    "questions": gettext_lazy("questions"),
}
#: What the model says of a reserved slug (the same words as its own validation, which
#: the schema checks first); an intervention's recommendation is said in the model's
#: words too (`evidence.recommendation_errors`).
RESERVED_SLUG = gettext_lazy("This word is used by the portal's own URLs.")
SETTING_VERSION = gettext_lazy(
    "A version for a setting names both the national pathway and the setting."
)

# The only format the schema's check uses: a date is checked as the ISO text JSON has.
# (A material's url is checked by the model, which allows the addresses a link may have.)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=FormatChecker(formats=["date"]))
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def checked_document(data: dict) -> dict:
    """`data` as the schema reads it, once its structure is right: a key with no value
    (null) left out, and the schema's dates as ISO texts.

    Raises ContentFileError naming the place of the first problem in the file.
    """
    if not isinstance(data, dict):
        raise check.problem("", check.not_a_mapping(WHAT["programme"], data))
    _tree_check(data.get("sections"), "sections", 1, frozenset(), {})
    document = _as_read(data, "programme")
    errors = list(VALIDATOR.iter_errors(document))
    if errors:
        # min() keeps the first of equals: jsonschema's own order within one place.
        first = min(errors, key=lambda error: _position(document, error))
        raise _problem(document, first)
    return document


def _as_read(entry: dict, kind: str) -> dict:
    """A copy of an entry (a key of format.DEFINITIONS) as the schema reads it, and of
    the entries, texts and questions in it.

    A key the format has but the file gives no value (`en:` with nothing after it) is
    left out, as YAML files are written by hand (unknown keys stay, for the schema to
    name). YAML reads an unquoted date as a date, JSON has none: where the schema wants
    a date (`format: date`) it checks the ISO text; a date anywhere else is of the wrong
    type. Called after `_tree_check`, so the tree has no cycles to follow.
    """
    properties = DEFINITIONS[kind]["properties"]
    copy = {}
    for key, value in entry.items():
        definition = properties.get(key)
        if definition is not None and value is None:
            continue
        kind_of_key = kind_of_value(definition) if definition is not None else None
        if kind_of_key in ("text", "lines") and isinstance(value, dict):
            value = {
                code: text
                for code, text in value.items()
                if text is not None or code not in LANGUAGE_CODES
            }
        elif kind_of_key == "date":
            value = _iso(value)
        elif kind_of_key == "entries" and isinstance(value, list):
            inner = INNER_LISTS.get(key) or ENTRY_LISTS[key]
            value = [_as_read(item, inner) if isinstance(item, dict) else item for item in value]
        copy[key] = value
    return copy


def _iso(value):
    """A date as its ISO text (a date and time is left as it is: it is not a date)."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def node_place(place: str, entry) -> str:
    """A node's place, with its slug once it has one: `sections[0] (tidiga-tecken)`."""
    if isinstance(entry, dict) and isinstance(entry.get("slug"), str):
        return f"{place} ({check.shown(entry['slug'])})"
    return place


def _tree_check(entries, place: str, depth: int, ancestors: frozenset, seen: dict) -> None:
    """Nodes a YAML alias repeats, and a tree deeper than ContentNode.MAX_DEPTH: checked
    before the schema, which would follow a node inside itself for ever."""
    if not isinstance(entries, list):
        return
    if entries and depth > ContentNode.MAX_DEPTH:
        raise check.problem(
            place,
            _("the tree can be at most %(depth)d levels deep") % {"depth": ContentNode.MAX_DEPTH},
        )
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        at = f"{place}[{index}]"
        if id(entry) in ancestors:
            raise check.problem(
                at,
                _(
                    "this node is inside itself (a cycle): a YAML alias (*name) puts it "
                    "among its own children"
                ),
            )
        if id(entry) in seen:
            raise check.problem(
                at,
                _(
                    "this node appears twice in the tree (also at %(place)s): "
                    "a YAML alias (*name) can repeat a text, not a node"
                )
                % {"place": seen[id(entry)]},
            )
        at = node_place(at, entry)
        seen[id(entry)] = at
        _tree_check(
            entry.get("children"), f"{at}.children", depth + 1, ancestors | {id(entry)}, seen
        )


# Which error comes first --------------------------------------------------------------


def _extra_keys(error) -> list:
    """The keys an `additionalProperties` error is about, in the file's order."""
    allowed = error.schema.get("properties", {})
    return [key for key in error.instance if key not in allowed]


def _intervention_only(node: dict) -> list:
    """The keys only an intervention has that a node has, in the file's order."""
    return [key for key in node if key in INTERVENTION_ONLY_KEYS]


def _position(document, error) -> tuple[int, ...]:
    """Where in the file an error is: each step of its path as a position in the data.

    An error about keys (unknown ones, or ones only an intervention has) is where the
    first of them is. A key that is missing, or missing with another one (an
    intervention's recommendation), is where its mapping ends: a misspelt key is named as
    unknown before the right one is missed.
    """
    positions, value = [], document
    for step in error.absolute_path:
        positions.append(list(value).index(step) if isinstance(value, dict) else step)
        value = value[step]
    if error.validator == "additionalProperties":
        positions.append(list(value).index(_extra_keys(error)[0]))
    elif error.schema is False:
        # jsonschema leaves the key out of the path of a `false` schema's error.
        positions.append(list(value).index(_intervention_only(value)[0]))
    elif error.validator in ("required", "dependentRequired", "oneOf") and isinstance(value, dict):
        positions.append(len(value))
    return tuple(positions)


# Where an error is -----------------------------------------------------------------------


@dataclass
class _Location:
    """The entry an error is in, its place in the file, and the path inside it."""

    kind: str  # a key of format.DEFINITIONS
    entry: object
    place: str
    rest: list
    top: bool = False  # a node at the top of the tree

    def key_place(self, key) -> str:
        """The place of `key` of the entry. A case vignette, indicator or material is
        named by its slug once it has a valid one, as everything after its slug is."""
        place = self.place
        if self.kind in ("vignette", "indicator", "material", "guideline") and key != "slug":
            slug = self.entry.get("slug") if isinstance(self.entry, dict) else None
            if isinstance(slug, str) and SLUG_PATTERN.fullmatch(slug):
                place = f"{place} ({slug})"
        return check.inside(place, key)

    @property
    def node_kind(self) -> str:
        """A node's kind for a message: its own when valid, else what it must be here."""
        kind = self.entry.get("kind") if isinstance(self.entry, dict) else None
        if isinstance(kind, str) and kind in ContentNode.Kind.values:
            return kind
        return ContentNode.Kind.SECTION if self.top else ContentNode.Kind.PAGE


def _locate(document: dict, path: list) -> _Location:
    """The entry that holds the value at `path` of the document, and its place."""
    if len(path) < 2 or path[0] not in ENTRY_LISTS:
        return _Location("programme", document, "", path)
    key, index, rest = path[0], path[1], path[2:]
    entry = document[key][index]
    place = f"{key}[{index}]"
    if ENTRY_LISTS[key] == "pathway":
        place = node_place(place, entry)
        if len(rest) >= 2 and rest[0] == "steps":
            step = entry["steps"][rest[1]]
            return _Location("step", step, node_place(f"{place}.steps[{rest[1]}]", step), rest[2:])
        return _Location("pathway", entry, place, rest)
    if ENTRY_LISTS[key] != "node":
        return _Location(ENTRY_LISTS[key], entry, place, rest)
    place, top = node_place(place, entry), True
    while len(rest) >= 2 and rest[0] == "children":
        entry = entry["children"][rest[1]]
        place, top = node_place(f"{place}.children[{rest[1]}]", entry), False
        rest = rest[2:]
    return _Location("node", entry, place, rest, top)


# What an error says ----------------------------------------------------------------------


def _problem(document: dict, error) -> ContentFileError:
    where = _locate(document, list(error.absolute_path))
    if error.schema is False:  # the node's `else`: keys only an intervention has
        return check.problem(
            where.place,
            _("%(keys)s: only an intervention has these (kind: intervention), not %(what)s")
            % {"keys": ", ".join(_intervention_only(where.entry)), "what": WHAT[where.node_kind]},
        )
    if where.rest:
        return _value_problem(where, error)
    return _entry_problem(where, error)


def _entry_problem(where: _Location, error) -> ContentFileError:
    """A problem of an entry as a whole: not a mapping, unknown or missing keys, an
    intervention's recommendation."""
    entry, validator = where.entry, error.validator
    if validator == "type":
        if where.kind == "node":
            return check.problem(
                where.place,
                _("expected a section, page or intervention (a mapping), not %(found)s")
                % {"found": value_kind(entry)},
            )
        return check.problem(where.place, check.not_a_mapping(WHAT[where.kind], entry))
    if validator == "additionalProperties":
        extra = [str(key) for key in _extra_keys(error)]
        if where.kind == "node":
            if "parent" in extra:
                return check.problem(
                    check.inside(where.place, "parent"),
                    _(
                        "nodes do not name their parent: the tree is nested, so put the "
                        "node in its parent's children"
                    ),
                )
            kind = where.node_kind
            keys = INTERVENTION_KEYS if kind == ContentNode.Kind.INTERVENTION else NODE_KEYS
            return check.problem(where.place, check.unknown_keys(extra, WHAT[kind], keys))
        keys = DEFINITIONS[where.kind]["properties"]
        return check.problem(where.place, check.unknown_keys(extra, WHAT[where.kind], keys))
    if validator == "required":
        missing = next(key for key in error.validator_value if key not in entry)
        return _missing(where, missing, error)
    if validator == "dependentRequired":  # a version for a setting: national and setting
        missing = "setting" if "national" in entry else "national"
        return check.problem(where.key_place(missing), str(SETTING_VERSION))
    if validator == "oneOf":  # an intervention's recommendation and the keys of its kind
        return _recommendation_problem(where)
    return _unexpected(where.place, error)


def _recommendation_problem(where: _Location) -> ContentFileError:
    """An intervention whose recommendation lacks a key its kind needs, or has one it
    cannot have: said in the model's words, at the first such key in the file (a missing
    one where the intervention ends)."""
    entry = where.entry
    kind = entry.get("recommendation")
    if kind is None:
        return check.problem(
            check.inside(where.place, "recommendation"),
            _("say what the national guidelines recommend: one of %(kinds)s")
            % {"kinds": ", ".join(RecommendationKind.values)},
        )
    as_given = SimpleNamespace(
        recommendation=kind,
        guideline_id=entry.get("guideline"),
        condition="condition" if "condition" in entry else "",
        priority=entry.get("priority"),
        recommendation_reason="reason" if "recommendation_reason" in entry else "",
    )
    errors = recommendation_errors(as_given)
    if not errors:  # not one of the kinds (said where the value is, which comes first)
        return check.problem(
            check.inside(where.place, "recommendation"),
            check.not_a_choice(kind, RecommendationKind.values),
        )
    keys = list(entry)
    first = min(errors, key=lambda key: keys.index(key) if key in keys else len(keys))
    return check.problem(check.inside(where.place, first), str(errors[first]))


def _missing(where: _Location, key: str, error) -> ContentFileError:
    """A key the entry must have."""
    place = where.key_place(key)
    if where.kind == "node" and key == "kind":
        return check.problem(place, _top_only())
    if where.kind == "responsibility" and key == "level":
        return check.problem(place, str(check.NEEDED["levels"]))
    kind = kind_of_value(property_of(where.kind, key))
    if kind == "text":
        return ContentFileError(no_translated_text(place))
    if kind == "slug":
        return check.problem(place, check.not_a_slug(None))
    if kind == "choice":
        return check.problem(place, check.not_a_choice(None, property_of(where.kind, key)["enum"]))
    if kind == "number":
        definition = property_of(where.kind, key)
        return check.problem(
            place, check.not_a_whole_number(None, definition["minimum"], definition["maximum"])
        )
    return _unexpected(place, error)


def _top_only() -> str:
    return _(
        "only sections sit at the top of the tree: put pages and interventions in "
        "a section's children"
    )


def _value_problem(where: _Location, error) -> ContentFileError:
    """A problem of one key's value, or of something inside it."""
    key, inner = where.rest[0], where.rest[1:]
    place = where.key_place(key)
    value = where.entry[key]
    definition = property_of(where.kind, key)
    kind = kind_of_value(definition)
    validator = error.validator
    if kind == "text":
        return _text_problem(place, value, inner, error)
    if validator == "maxLength" and not inner:
        return check.problem(place, check.too_long(value, error.validator_value) or "")
    if kind == "slug":
        if validator == "not":
            return check.problem(place, str(RESERVED_SLUG))
        return check.problem(place, check.not_a_slug(value))
    if kind == "slugs":
        if not inner:
            return check.problem(place, check.not_a_slug_list(value))
        item = value[inner[0]]
        item_place = f"{place}[{inner[0]}]"
        if validator == "maxLength":
            return check.problem(item_place, check.too_long(item, error.validator_value) or "")
        return check.problem(item_place, check.not_a_slug(item))
    if kind == "choice":
        return check.problem(place, _choice_problem(where, key, value))
    if kind == "flag":
        return check.problem(place, check.not_a_flag(value))
    if kind == "number":
        low, high = definition["minimum"], definition["maximum"]
        return check.problem(place, check.not_a_whole_number(value, low, high))
    if kind == "plain":
        return check.problem(place, check.not_a_plain_text(value))
    if kind == "date":
        return check.problem(place, check.not_a_date(value))
    if kind == "entries":
        if validator == "maxItems":  # an intervention's children
            return check.problem(place, _("an intervention has no pages below it"))
        return check.problem(place, check.not_a_list(LIST_OF[key], value))
    if kind == "choices":
        return check.problem(place, _choices_problem(value, definition))
    if kind == "lines":
        return _lines_problem(place, value, inner, error)
    return _unexpected(place, error)


def _text_problem(place: str, value, inner: list, error) -> ContentFileError:
    """A translated text `{sv: …, en: …}`, as `errors.translated` says it."""
    validator = error.validator
    if not inner:
        if validator == "type":
            return check.problem(place, check.not_translated_text(value))
        if validator == "additionalProperties":
            return ContentFileError(unknown_languages(place, _extra_keys(error)))
        if validator == "required":
            missing = next(code for code in error.validator_value if code not in value)
            return ContentFileError(text_missing(place, missing))
        return _unexpected(place, error)
    code = inner[0]
    if validator == "type":
        return ContentFileError(not_a_language_text(check.inside(place, code), value[code]))
    if validator == "pattern":  # nothing but white space
        return ContentFileError(text_missing(place, code))
    if validator == "maxLength":
        message = check.too_long(value[code], error.validator_value) or ""
        return check.problem(check.inside(place, code), message)
    return _unexpected(place, error)


def _choice_problem(where: _Location, key: str, value) -> str:
    """One of the schema's `enum`; a node's kind also by where the node is."""
    known = property_of(where.kind, key)["enum"]
    if where.kind == "node" and key == "kind" and isinstance(value, str) and value in known:
        if where.top:
            return _top_only()
        return _("a section belongs at the top of the tree (sections)")
    return check.not_a_choice(value, known)


def _choices_problem(value, definition: dict) -> str:
    """A list of choices: a level's tasks."""
    if not isinstance(value, list):
        return check.not_a_list(LIST_OF["tasks"], value)
    known = definition["items"]["enum"]
    unknown = [
        check.shown(item) for item in value if not isinstance(item, str) or item not in known
    ]
    return ngettext(
        "unknown task %(unknown)s (the tasks are %(tasks)s)",
        "unknown tasks %(unknown)s (the tasks are %(tasks)s)",
        len(unknown),
    ) % {"unknown": ", ".join(unknown), "tasks": ", ".join(known)}


def _lines_problem(place: str, value, inner: list, error) -> ContentFileError:
    """A case vignette's questions: a list of texts per language."""
    if not inner:
        if error.validator == "additionalProperties":
            return ContentFileError(unknown_languages(place, _extra_keys(error)))
        return check.problem(
            place,
            _("expected a list of questions per language, not %(found)s")
            % {"found": value_kind(value)},
        )
    code = inner[0]
    if len(inner) == 1:
        return check.problem(
            check.inside(place, code), check.not_a_list(LIST_OF["questions"], value[code])
        )
    line = value[code][inner[1]]
    return check.problem(
        f"{check.inside(place, code)}[{inner[1]}]",
        _("expected a question, not %(found)s") % {"found": check.shown(line)},
    )


def _unexpected(place: str, error) -> ContentFileError:
    """A check of the schema this module has no words of its own for: jsonschema's own
    (English) words, so that a new rule in the schema is never passed over in silence."""
    return check.problem(place, error.message)
