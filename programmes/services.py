"""Writes to programme content. Each runs validated, in one transaction."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from care_levels.models import CareLevel, Profession, ProgrammeLevel

from . import page_cache
from .content_files import ContentFileError, translated, translated_fields, value_kind
from .models import (
    AgeGroup,
    Audience,
    CaseVignette,
    ContentNode,
    Indicator,
    Material,
    Phase,
    Programme,
    Revision,
)
from .revisions import (
    draft_discard,
    programme_contents,
    programme_drafts,
    revision_record,
    revisions_record_many,
    snapshot,
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
}
#: What a list in a file holds: "expected a list of sections …".
LIST_OF = {
    "sections": gettext_lazy("sections"),
    "children": gettext_lazy("pages and interventions"),
    "levels": gettext_lazy("care levels"),
    "tasks": gettext_lazy("tasks"),
    "vignettes": gettext_lazy("case vignettes"),
    "indicators": gettext_lazy("indicators"),
    "materials": gettext_lazy("materials"),
    "questions": gettext_lazy("questions"),
}


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
            raise _error(at, _("an entry needs a slug"))
        values = {"position": position, **translated_fields(entry, at, ["name"], required=["name"])}
        model.objects.update_or_create(slug=entry["slug"], defaults=values)
    return len(data or [])


# Reading a programme file: each helper checks one kind of value and names its place.
# The places (sections[0] (slug).title) are the file's own words and stay as they are;
# the explanations are in the language of the page.


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
        raise _error(
            place,
            _("expected %(what)s (a mapping), not %(found)s")
            % {"what": WHAT[what], "found": value_kind(entry)},
        )
    unknown = [str(key) for key in entry if key not in keys]
    if unknown:
        raise _error(
            place,
            ngettext(
                "unknown key %(unknown)s; %(what)s can have %(keys)s",
                "unknown keys %(unknown)s; %(what)s can have %(keys)s",
                len(unknown),
            )
            % {
                "unknown": ", ".join(map(_shown, unknown)),
                "what": WHAT[what],
                "keys": ", ".join(keys),
            },
        )
    return entry


def _slug(value, place: str) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        shown = _("nothing") if value is None else _shown(value)
        raise _error(
            place,
            _(
                "expected a slug of lower-case letters a-z, digits and hyphens "
                "(like tidiga-tecken), not %(found)s"
            )
            % {"found": shown},
        )
    return value


def _slug_list(value, place: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(
            place, _("expected a list of slugs, not %(found)s") % {"found": value_kind(value)}
        )
    return [_slug(item, f"{place}[{index}]") for index, item in enumerate(value)]


def _list(value, place: str, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _error(
            place,
            _("expected a list of %(what)s, not %(found)s")
            % {"what": LIST_OF[what], "found": value_kind(value)},
        )
    return value


def _flag(entry: dict, key: str, place: str, default: bool) -> bool:
    value = entry.get(key, default)
    if not isinstance(value, bool):
        raise _error(
            _at(place, key), _("expected true or false, not %(found)s") % {"found": _shown(value)}
        )
    return value


def _whole_number(entry: dict, key: str, place: str, low: int, high: int) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _error(
            _at(place, key),
            _("expected a whole number from %(low)d to %(high)d, not %(found)s")
            % {"low": low, "high": high, "found": _shown(value)},
        )
    return value


def _plain_text(entry: dict, key: str, place: str) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _error(
            _at(place, key),
            _("expected a text in quotes, not %(found)s") % {"found": _shown(value)},
        )
    return value.strip()


def _choice(value, choices, where: str, default=None):
    value = default if value is None else value
    if not isinstance(value, str) or value not in choices.values:
        known = ", ".join(map(str, choices.values))
        if value is None:
            message = _("expected one of %(choices)s; it is missing") % {"choices": known}
        else:
            message = _("expected one of %(choices)s; not %(found)s") % {
                "choices": known,
                "found": _shown(value),
            }
        raise _error(where, message)
    return value


def _texts(entry: dict, place: str, names, *, required=()) -> dict[str, str]:
    """Translated texts; a required one needs every language (Swedish and English).

    Every language of every name gets a value, "" where the file has none: a replaced
    object loses a text the file no longer has, and no column is left NULL.
    """
    for name in names:
        value = entry.get(name)
        if value is not None and not isinstance(value, dict):
            raise _error(
                _at(place, name),
                _("expected a text in Swedish and English ({sv: …, en: …}), not %(found)s")
                % {"found": value_kind(value)},
            )
    values = translated_fields(entry, place, names, required=required, every_language=True)
    return {
        f"{name}_{code}": values.get(f"{name}_{code}", "")
        for name in names
        for code, _language in settings.LANGUAGES
    }


class _Tags:
    """Slug look-ups for the tags a programme file names, loaded once."""

    UNKNOWN = {
        "levels": gettext_lazy("unknown care level %(slugs)s (known: %(known)s)"),
        "professions": gettext_lazy("unknown profession %(slugs)s (known: %(known)s)"),
        "age_groups": gettext_lazy("unknown age group %(slugs)s (known: %(known)s)"),
        "phases": gettext_lazy("unknown phase %(slugs)s (known: %(known)s)"),
    }
    NEEDED = {
        "levels": gettext_lazy("a care level is needed"),
        "professions": gettext_lazy("a profession is needed"),
        "age_groups": gettext_lazy("an age group is needed"),
        "phases": gettext_lazy("a phase is needed"),
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
                self.UNKNOWN[kind]
                % {"slugs": ", ".join(unknown), "known": ", ".join(table) or _("none")},
            )
        return [table[slug] for slug in slugs]

    def one(self, kind: str, slug, where: str):
        if slug is None:
            raise _error(where, str(self.NEEDED[kind]))
        return self.pick(kind, [slug], where)[0]


# Importing a whole programme -----------------------------------------------------------

#: What a programme holds, in the order an import reports it.
CONTENT_MODELS = (Programme, ContentNode, CaseVignette, Indicator, Material, ProgrammeLevel)


@dataclass
class ImportOutcome:
    """What an import did: per kind of content, the objects created, changed, unchanged
    and deleted, and the objects whose waiting drafts it discarded."""

    programme: Programme
    replaced: bool
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: dict = field(default_factory=dict)  # model → [str(object)]
    drafts_discarded: list = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One row per kind of content the import touched, for a summary table."""
        return [
            {
                "kind": model._meta.verbose_name_plural,
                "created": self.created[model],
                "changed": self.changed[model],
                "unchanged": self.unchanged[model],
                "deleted": len(self.deleted.get(model, [])),
                "deleted_names": self.deleted.get(model, []),
            }
            for model in CONTENT_MODELS
            if self.created[model]
            or self.changed[model]
            or self.unchanged[model]
            or self.deleted.get(model)
        ]


class _FileState:
    """What the loading has seen so far of one file, for checks across places, and what
    the programme held before: each object the file still has is updated in place."""

    def __init__(self, programme: Programme | None):
        self.tags = _Tags()
        self.node_places: dict[str, str] = {}  # slug → where in the file
        self.node_kinds: dict[str, str] = {}
        self.interventions: dict[str, ContentNode] = {}
        self.seen: dict[int, str] = {}  # id() of a node mapping → where
        self.old = {model: {} for model in CONTENT_MODELS}  # model → key → object
        self.kept = {model: set() for model in CONTENT_MODELS}  # model → ids
        if programme is not None:
            self.old[ContentNode] = {node.slug: node for node in programme.nodes.all()}
            self.old[CaseVignette] = {obj.slug: obj for obj in programme.vignettes.all()}
            self.old[Indicator] = {obj.slug: obj for obj in programme.indicators.all()}
            self.old[Material] = {obj.slug: obj for obj in programme.materials.all()}
            self.old[ProgrammeLevel] = {
                obj.care_level_id: obj for obj in programme.level_responsibilities.all()
            }
        # The programme's sections get root paths after every path in use, so that no
        # node, moved or new, ever takes a path another node still has.
        last_root = ContentNode.objects.get_last_root_node()
        self.next_root = last_root._get_lastpos_in_path() + 1 if last_root else 1

    def reuse(self, model, key, **new):
        """The object the programme already has under `key`, or a new one."""
        obj = self.old[model].get(key)
        if obj is None:
            return model(**new)
        self.kept[model].add(obj.pk)
        return obj

    def removed(self, model) -> list:
        return [obj for obj in self.old[model].values() if obj.pk not in self.kept[model]]


def _tags_set(relation, objects: list, *, new: bool) -> None:
    """Tags of an object: a new one has none yet, so an empty list costs no queries."""
    if objects or not new:
        relation.set(objects)


@transaction.atomic
def programme_import(
    *, data: dict, source: str = "", published: bool | None = None, user=None
) -> Programme:
    """Create a programme, or replace the one with the same slug, from a content file.

    See `programme_import_outcome`, which this is, returning the programme only.
    """
    return programme_import_outcome(
        data=data, source=source, published=published, user=user
    ).programme


@transaction.atomic
def programme_import_outcome(
    *, data: dict, source: str = "", published: bool | None = None, user=None
) -> ImportOutcome:
    """Create a programme, or replace the one with the same slug, from a content file.

    Replacing updates in place what the file still has — the programme, each content node
    (by its slug within the programme), case vignette, indicator and material (by slug)
    and level responsibility (by care level) — so ids, history and what refers to them
    stay; what the file no longer has is deleted. Drafts waiting for the programme or its
    nodes are discarded (their text stays in the history). Each object created, changed
    or deleted gets a revision by `user`; the programme always gets one, for the import.

    Every `published` flag comes from the file (a missing flag means published);
    `published=False` imports the programme itself unpublished, `True` published.
    Everything is validated before anything is kept: a file with an error changes nothing,
    and the error names the file and the place in it.
    """
    try:
        # One content change for the whole import, not one per row.
        with page_cache.changes_suspended():
            outcome = _programme_load(data, published, user)
    except ContentFileError as error:
        where = source or _("programme")
        raise ContentFileError(f"{where}: {error}") from error
    page_cache.content_changed()
    return outcome


def _before(programme: Programme | None) -> dict:
    """Snapshots of the programme and everything in it, by model and id."""
    if programme is None:
        return {model: {} for model in CONTENT_MODELS}
    return {
        objects.model: {obj.pk: snapshot(obj) for obj in objects}
        for objects in programme_contents(programme)
    }


def _programme_load(data, published: bool | None, user) -> ImportOutcome:
    _mapping(data, "", "programme", PROGRAMME_KEYS)
    slug = _slug(data.get("slug"), "slug")
    from_file = _flag(data, "published", "", True)
    next_review = data.get("next_review")
    if next_review is not None and (
        isinstance(next_review, datetime.datetime) or not isinstance(next_review, datetime.date)
    ):
        raise _error(
            "next_review",
            _("expected a date like 2027-06-01, not %(found)s") % {"found": _shown(next_review)},
        )
    position = _whole_number(data, "position", "", 0, MAX_POSITION)

    programme = Programme.objects.filter(slug=slug).first()
    outcome = ImportOutcome(programme=programme, replaced=programme is not None)
    before = _before(programme)
    if programme is not None:
        for obj in programme_drafts(programme):
            draft_discard(obj, user=user)
            outcome.drafts_discarded.append(str(obj))
    else:
        programme = Programme(position=Programme.objects.count())
    state = _FileState(programme if outcome.replaced else None)

    programme.slug = slug
    programme.status = _choice(data.get("status"), Programme.Status, "status", "utkast")
    programme.version = _plain_text(data, "version", "")
    programme.next_review = next_review
    programme.published = from_file if published is None else published
    if position is not None:
        programme.position = position
    for name, value in _texts(
        data, "", ["name", "summary", "plain_summary"], required=["name", "summary"]
    ).items():
        setattr(programme, name, value)
    _validated(programme, "")
    programme.save()
    outcome.programme = programme
    _tags_set(
        programme.age_groups,
        state.tags.pick("age_groups", data.get("age_groups"), "age_groups"),
        new=not outcome.replaced,
    )

    _nodes_load(programme, data.get("sections"), None, "sections", state, frozenset())
    _responsibilities_load(programme, data.get("level_responsibilities"), state)
    _vignettes_load(programme, data.get("vignettes"), state)
    _indicators_load(programme, data.get("indicators"), state)
    _materials_load(programme, data.get("materials"), state)
    _removed_delete(state, before, outcome, user)
    _imports_record(programme, before, outcome, user)
    return outcome


def _removed_delete(state: _FileState, before: dict, outcome: ImportOutcome, user) -> None:
    """Delete what the file no longer has, each with a revision saying so."""
    for model, key in [
        (ContentNode, "sections"),
        (CaseVignette, "vignettes"),
        (Indicator, "indicators"),
        (Material, "materials"),
        (ProgrammeLevel, "level_responsibilities"),
    ]:
        removed = state.removed(model)
        if not removed:
            continue
        queryset = model.objects.filter(pk__in=[obj.pk for obj in removed])
        try:
            # Plain deletion, also for nodes: treebeard's would look for descendants by
            # the old paths, and every node the file keeps has a new path already.
            QuerySet.delete(queryset)
        except (ProtectedError, RestrictedError) as error:
            blocking = getattr(error, "protected_objects", None) or error.restricted_objects
            raise _error(
                key,
                _(
                    "%(objects)s is not in the file, but it cannot be deleted while other "
                    "content refers to it (%(refs)s); keep it in the file"
                )
                % {
                    "objects": ", ".join(sorted(str(obj) for obj in removed)[:5]),
                    "refs": ", ".join(sorted({str(obj) for obj in blocking})[:3]),
                },
            ) from error
        for obj in removed:
            revision_record(
                obj, action=Revision.Action.DELETED, user=user, data=before[model][obj.pk]
            )
        outcome.deleted[model] = sorted(str(obj) for obj in removed)


def _imports_record(programme: Programme, before: dict, outcome: ImportOutcome, user) -> None:
    """A revision of each object created or changed, and of the programme in any case."""
    for objects in programme_contents(programme):
        model = objects.model
        objects = list(objects)
        recorded = revisions_record_many(
            objects,
            action=Revision.Action.IMPORTED,
            user=user,
            before=before[model],
            unchanged=model is Programme,
        )
        new = sum(revision.object_id not in before[model] for revision in recorded)
        changed = sum(
            revision.object_id in before[model] and bool(revision.changed_fields)
            for revision in recorded
        )
        outcome.created[model] = new
        outcome.changed[model] = changed
        outcome.unchanged[model] = len(objects) - new - changed


def _nodes_load(programme, entries, parent, place, state, ancestors):
    what = "sections" if parent is None else "children"
    entries = _list(entries, place, what)
    if entries and parent is not None and parent.depth >= MAX_DEPTH:
        raise _error(
            place, _("the tree can be at most %(depth)d levels deep") % {"depth": MAX_DEPTH}
        )
    for index, entry in enumerate(entries):
        at = f"{place}[{index}]"
        if not isinstance(entry, dict):
            raise _error(
                at,
                _("expected a section, page or intervention (a mapping), not %(found)s")
                % {"found": value_kind(entry)},
            )
        if id(entry) in ancestors:
            raise _error(
                at,
                _(
                    "this node is inside itself (a cycle): a YAML alias (*name) puts it "
                    "among its own children"
                ),
            )
        if id(entry) in state.seen:
            raise _error(
                at,
                _(
                    "this node appears twice in the tree (also at %(place)s): "
                    "a YAML alias (*name) can repeat a text, not a node"
                )
                % {"place": state.seen[id(entry)]},
            )
        if isinstance(entry.get("slug"), str):
            at = f"{at} ({_shown(entry['slug'])})"
        state.seen[id(entry)] = at
        if "parent" in entry:
            raise _error(
                _at(at, "parent"),
                _(
                    "nodes do not name their parent: the tree is nested, so put the node "
                    "in its parent's children"
                ),
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
                    _("%(keys)s: only an intervention has these (kind: intervention), not %(what)s")
                    % {"keys": ", ".join(only_interventions), "what": WHAT[kind]},
                )
        _mapping(entry, at, kind, INTERVENTION_KEYS if is_intervention else NODE_KEYS)
        slug = _slug(entry.get("slug"), _at(at, "slug"))
        if slug in state.node_places:
            raise _error(
                _at(at, "slug"),
                _("%(slug)s is already the slug of %(place)s; slugs are unique within a programme")
                % {"slug": slug, "place": state.node_places[slug]},
            )
        state.node_places[slug] = at
        state.node_kinds[slug] = kind
        if parent is None and kind != ContentNode.Kind.SECTION:
            raise _error(
                _at(at, "kind"),
                _(
                    "only sections sit at the top of the tree: put pages and interventions in "
                    "a section's children"
                ),
            )
        if parent is not None and kind == ContentNode.Kind.SECTION:
            raise _error(_at(at, "kind"), _("a section belongs at the top of the tree (sections)"))
        if is_intervention and entry.get("children"):
            raise _error(_at(at, "children"), _("an intervention has no pages below it"))

        node = state.reuse(ContentNode, slug, programme=programme)
        new = node.pk is None
        # A page keeps no intervention fields: they are emptied if it was one before.
        node.kind = kind
        node.slug = slug
        node.audience = _choice(entry.get("audience"), Audience, _at(at, "audience"), "staff")
        node.published = _flag(entry, "published", at, True)
        node.priority = _whole_number(entry, "priority", at, 1, 10)
        node.severity = (
            _choice(entry.get("severity"), ContentNode.Severity, _at(at, "severity"))
            if entry.get("severity") is not None
            else ""
        )
        node.coordinated = _flag(entry, "coordinated", at, False)
        for name, value in _texts(
            entry, at, NODE_TEXTS + INTERVENTION_TEXTS, required=["title"]
        ).items():
            setattr(node, name, value)
        children = entry.get("children")
        node.depth = 1 if parent is None else parent.depth + 1
        if parent is None:
            node.path = ContentNode._get_path(None, 1, state.next_root)
            state.next_root += 1
        else:
            node.path = ContentNode._get_path(parent.path, node.depth, index + 1)
        node.numchild = len(children) if isinstance(children, list) else 0
        _validated(node, at, exclude=TREE_FIELDS)
        node.save()
        tags = state.tags
        for key, relation in [
            ("levels", node.care_levels),
            ("professions", node.professions),
            ("age_groups", node.age_groups),
            ("phases", node.phases),
        ]:
            _tags_set(relation, tags.pick(key, entry.get(key), _at(at, key)), new=new)
        if is_intervention:
            state.interventions[slug] = node
        _nodes_load(programme, children, node, _at(at, "children"), state, ancestors | {id(entry)})


def _responsibilities_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "level_responsibilities", "levels")):
        at = f"level_responsibilities[{index}]"
        _mapping(entry, at, "responsibility", RESPONSIBILITY_KEYS)
        level = state.tags.one("levels", entry.get("level"), _at(at, "level"))
        if level.slug in places:
            raise _error(
                _at(at, "level"),
                _("%(level)s already has its responsibility at %(place)s")
                % {"level": level.slug, "place": places[level.slug]},
            )
        places[level.slug] = at
        tasks = _list(entry.get("tasks"), _at(at, "tasks"), "tasks")
        unknown = [_shown(task) for task in tasks if not isinstance(task, str) or task not in TASKS]
        if unknown:
            raise _error(
                _at(at, "tasks"),
                ngettext(
                    "unknown task %(unknown)s (the tasks are %(tasks)s)",
                    "unknown tasks %(unknown)s (the tasks are %(tasks)s)",
                    len(unknown),
                )
                % {"unknown": ", ".join(unknown), "tasks": ", ".join(TASKS)},
            )
        responsibility = state.reuse(
            ProgrammeLevel, level.pk, programme=programme, care_level=level
        )
        new = responsibility.pk is None
        for task in TASKS:
            setattr(responsibility, task, task in tasks)
        for name, value in _texts(
            entry, at, ["responsibility", "refer_when", "coordination"], required=["responsibility"]
        ).items():
            setattr(responsibility, name, value)
        _validated(responsibility, at)
        responsibility.save()
        _tags_set(
            responsibility.refer_to,
            state.tags.pick("levels", entry.get("refer_to"), _at(at, "refer_to")),
            new=new,
        )


#: A slug another programme has already, by the kind of content.
USED_ELSEWHERE = {
    CaseVignette: gettext_lazy(
        "%(slug)s is already used by a case vignette of %(owner)s; case vignette slugs "
        "are unique across all programmes"
    ),
    Indicator: gettext_lazy(
        "%(slug)s is already used by an indicator of %(owner)s; indicator slugs are "
        "unique across all programmes"
    ),
    Material: gettext_lazy(
        "%(slug)s is already used by a material of %(owner)s; material slugs are unique "
        "across all programmes"
    ),
}


def _global_slug(model, programme, entry: dict, at: str, places: dict) -> str:
    """A slug unique across all programmes: not twice in the file, not used by another."""
    slug = _slug(entry.get("slug"), _at(at, "slug"))
    if slug in places:
        raise _error(
            _at(at, "slug"),
            _("%(slug)s is already the slug of %(place)s") % {"slug": slug, "place": places[slug]},
        )
    places[slug] = at
    other = (
        model.objects.filter(slug=slug)
        .exclude(programme=programme)
        .select_related("programme")
        .first()
    )
    if other is not None:
        owner = (
            _("the programme %(name)s (%(slug)s)")
            % {"name": other.programme, "slug": other.programme.slug}
            if other.programme
            else _("no programme")
        )
        raise _error(_at(at, "slug"), USED_ELSEWHERE[model] % {"slug": slug, "owner": owner})
    return slug


def _vignettes_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "vignettes", "vignettes")):
        at = f"vignettes[{index}]"
        _mapping(entry, at, "vignette", VIGNETTE_KEYS)
        slug = _global_slug(CaseVignette, programme, entry, at, places)
        at = f"{at} ({slug})"
        vignette = state.reuse(CaseVignette, slug, programme=programme)
        new = vignette.pk is None
        vignette.slug = slug
        vignette.published = _flag(entry, "published", at, True)
        values = {
            **_texts(entry, at, ["title", "summary", "story"], required=["title"]),
            **_questions(entry.get("questions"), _at(at, "questions")),
        }
        for name, value in values.items():
            setattr(vignette, name, value)
        _validated(vignette, at)
        vignette.save()
        _tags_set(
            vignette.care_levels,
            state.tags.pick("levels", entry.get("levels"), _at(at, "levels")),
            new=new,
        )
        linked = []
        place = _at(at, "interventions")
        for slug in _slug_list(entry.get("interventions"), place):
            if slug in state.interventions:
                linked.append(state.interventions[slug])
            elif slug in state.node_kinds:
                raise _error(
                    place,
                    _("%(slug)s is %(what)s (%(place)s), not an intervention")
                    % {
                        "slug": slug,
                        "what": WHAT[state.node_kinds[slug]],
                        "place": state.node_places[slug],
                    },
                )
            else:
                raise _error(
                    place,
                    _(
                        "no intervention %(slug)s in this file's tree: a case vignette links "
                        "interventions of its own programme"
                    )
                    % {"slug": slug},
                )
        _tags_set(vignette.interventions, linked, new=new)


def _indicators_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "indicators", "indicators")):
        at = f"indicators[{index}]"
        _mapping(entry, at, "indicator", INDICATOR_KEYS)
        slug = _global_slug(Indicator, programme, entry, at, places)
        at = f"{at} ({slug})"
        indicator = state.reuse(Indicator, slug, programme=programme)
        indicator.slug = slug
        indicator.kind = _choice(entry.get("kind"), Indicator.Kind, _at(at, "kind"))
        indicator.direction = _choice(
            entry.get("direction"), Indicator.Direction, _at(at, "direction")
        )
        indicator.published = _flag(entry, "published", at, True)
        for name, value in _texts(entry, at, INDICATOR_TEXTS, required=["name"]).items():
            setattr(indicator, name, value)
        _validated(indicator, at).save()


def _materials_load(programme, entries, state):
    places = {}
    for index, entry in enumerate(_list(entries, "materials", "materials")):
        at = f"materials[{index}]"
        _mapping(entry, at, "material", MATERIAL_KEYS)
        slug = _global_slug(Material, programme, entry, at, places)
        at = f"{at} ({slug})"
        material = state.reuse(Material, slug, programme=programme)
        material.slug = slug
        material.kind = _choice(entry.get("kind"), Material.Kind, _at(at, "kind"))
        material.audience = _choice(entry.get("audience"), Material.Audience, _at(at, "audience"))
        material.url = _plain_text(entry, "url", at)
        material.published = _flag(entry, "published", at, True)
        for name, value in _texts(entry, at, ["title", "description"], required=["title"]).items():
            setattr(material, name, value)
        _validated(material, at).save()


def _questions(value, where: str) -> dict[str, str]:
    """Discussion questions, one per line, from `{sv: [...], en: [...]}`."""
    codes = [code for code, _language in settings.LANGUAGES]
    if value is None:
        return {f"questions_{code}": "" for code in codes}
    if not isinstance(value, dict):
        raise _error(
            where,
            _("expected a list of questions per language, not %(found)s")
            % {"found": value_kind(value)},
        )
    joined = {}
    for code, lines in value.items():
        place = _at(where, code)
        lines = _list(lines, place, "questions")
        for index, line in enumerate(lines):
            if not isinstance(line, str):
                raise _error(
                    f"{place}[{index}]",
                    _("expected a question, not %(found)s") % {"found": _shown(line)},
                )
        joined[code] = "\n".join(line.strip() for line in lines if line.strip())
    texts = translated(joined, where, required=False)
    return {f"questions_{code}": texts.get(code, "") for code in codes}
