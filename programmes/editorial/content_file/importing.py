"""Importing a whole programme from its content file, in place.

A programme with the file's slug is replaced: what the file still has (matched by slug)
is updated where it is, keeping its id, its history and what implementation plans refer
to; what the file no longer has is deleted; drafts waiting for the programme are
discarded, their text kept in the history. A new slug makes a new programme. Everything is
checked before anything is kept: a file with an error changes nothing, and the error
names the file and the place in it. Every change is recorded in the history.

The file's structure is checked first, as a whole, against the JSON Schema
(`structure.checked_document`); loading then checks only what a schema cannot say:
slugs used twice, names of tags, interventions and pathways that must exist, and each
model's own validation. Care pathways and their steps are loaded by `pathway_loading`.
"""

import datetime
import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes import page_cache
from programmes.models import (
    CaseVignette,
    ContentNode,
    Guideline,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
)

from ..drafts import draft_discard, programme_drafts
from ..history import history_record
from ..models import Action
from ..releases import ReleaseNote
from ..snapshots import snapshot
from . import values as check
from .errors import ContentFileError
from .format import (
    GUIDELINE_TEXTS,
    INDICATOR_TEXTS,
    INTERVENTION_TEXTS,
    MATERIAL_TEXTS,
    NODE_TEXTS,
    PROGRAMME_TEXTS,
    RESPONSIBILITY_TEXTS,
    TREE_FIELDS,
    VIGNETTE_TEXTS,
    default,
)
from .loading import FileState, assign, same_fields, tags_set, texts
from .outcome import (
    CONTENT_MODELS,
    ImportOutcome,
    import_release_note,
    import_release_record,
    imports_record,
    removed_delete,
    snapshots_before,
)
from .pathway_loading import pathway_of, pathways_load
from .structure import checked_document, node_place

# Importing a whole programme -----------------------------------------------------------


@transaction.atomic
def programme_import(
    *,
    data: dict,
    source: str = "",
    published: bool | None = None,
    user=None,
    release: ReleaseNote | None = None,
) -> Programme:
    """Create a programme, or replace the one with the same slug, from a content file.

    See `programme_import_outcome`, which this is, returning the programme only.
    """
    return programme_import_outcome(
        data=data, source=source, published=published, user=user, release=release
    ).programme


@transaction.atomic
def programme_import_outcome(
    *,
    data: dict,
    source: str = "",
    published: bool | None = None,
    user=None,
    release: ReleaseNote | None = None,
) -> ImportOutcome:
    """Create a programme, or replace the one with the same slug, from a content file.

    Replacing updates in place what the file still has — the programme, each content node
    and care pathway (by its slug within the programme), each step (by its slug within its
    pathway), case vignette, indicator and material (by slug) and level responsibility (by
    care level) — so ids, history and what refers to them stay; what the file no longer
    has is deleted. Drafts waiting for the programme or anything in it are discarded
    (their text stays in the history). Each object created, changed or deleted gets a
    revision by `user`; the programme always gets one, for the import.

    Every `published` flag comes from the file (a missing flag means published);
    `published=False` imports the programme itself unpublished, `True` published.
    Everything is validated before anything is kept: a file with an error changes nothing,
    and the error names the file and the place in it.

    What the import created or changed is recorded in the programme's change log as one
    publication (`releases`): `release` gives its kind and note, by default an editorial
    change with a note saying it came from a content file. A change in substance raises
    the version, unless the file gives a new one.
    """
    where = source or _("programme")
    release = (release or import_release_note()).checked()
    try:
        # One content change for the whole import, not one per row.
        with page_cache.changes_suspended():
            outcome = _programme_load(data, published, user, release)
    except ContentFileError as error:
        raise ContentFileError(f"{where}: {error}") from error
    except RecursionError as error:
        # Data given in Python rather than read from YAML can nest without limit.
        raise ContentFileError(
            _("%(file)s: nested too deeply to be read") % {"file": where}
        ) from error
    page_cache.content_changed()
    return outcome


def _programme_load(data, published: bool | None, user, release) -> ImportOutcome:
    data = checked_document(data)
    slug = data["slug"]
    programme = Programme.objects.filter(slug=slug).first()
    outcome = ImportOutcome(programme=programme, replaced=programme is not None)
    before = snapshots_before(programme)
    if programme is not None:
        for obj in programme_drafts(programme):
            draft_discard(obj=obj, user=user)
            outcome.drafts_discarded.append(str(obj))
    else:
        programme = Programme(position=Programme.objects.count())
    state = FileState(programme if outcome.replaced else None, before)

    programme.slug = slug
    programme.status = data.get("status", default("programme", "status"))
    programme.version = data.get("version", "").strip()
    programme.icd10_codes = data.get("icd10_codes", "").strip()
    next_review = data.get("next_review")
    programme.next_review = datetime.date.fromisoformat(next_review) if next_review else None
    from_file = data.get("published", default("programme", "published"))
    programme.published = from_file if published is None else published
    if "position" in data:
        programme.position = int(data["position"])  # JSON's whole numbers include 3.0
    assign(programme, texts(data, PROGRAMME_TEXTS))
    check.validated(programme, "")
    state.save(programme)
    outcome.programme = programme
    tags_set(
        programme.age_groups,
        state.tags.pick("age_groups", data.get("age_groups", []), "age_groups"),
        new=not outcome.replaced,
    )

    _guidelines_load(data.get("guidelines", []), state, user)
    _nodes_load(programme, data.get("sections", []), None, "sections", state)
    pathways_load(programme, data.get("pathways", []), state)
    _responsibilities_load(programme, data.get("level_responsibilities", []), state)
    _vignettes_load(programme, data.get("vignettes", []), state)
    _indicators_load(programme, data.get("indicators", []), state)
    _materials_load(programme, data.get("materials", []), state)
    removed_delete({model: state.removed(model) for model in CONTENT_MODELS}, before, outcome, user)
    touched = imports_record(programme, before, outcome, user)
    import_release_record(programme, before, touched, release=release, user=user)
    return outcome


def _nodes_load(programme, entries: list, parent, place: str, state: FileState) -> None:
    """The nodes of one list of the tree (`sections`, or a node's `children`), in order."""
    for index, entry in enumerate(entries):
        at = node_place(f"{place}[{index}]", entry)
        slug = entry["slug"]
        if slug in state.node_places:
            raise check.problem(
                check.inside(at, "slug"),
                _("%(slug)s is already the slug of %(place)s; slugs are unique within a programme")
                % {"slug": slug, "place": state.node_places[slug]},
            )
        kind = entry.get("kind", default("node", "kind"))
        state.node_places[slug] = at
        state.node_kinds[slug] = kind

        node = state.reuse(ContentNode, slug, programme=programme)
        new = node.pk is None
        # A page keeps no intervention fields: they are emptied if it was one before.
        node.kind = kind
        node.slug = slug
        node.audience = entry.get("audience", default("node", "audience"))
        node.published = entry.get("published", default("node", "published"))
        _recommendation_set(node, entry, at, state)
        node.severity = entry.get("severity", "")
        node.coordinated = entry.get("coordinated", default("node", "coordinated"))
        assign(node, texts(entry, NODE_TEXTS + INTERVENTION_TEXTS))
        children = entry.get("children", [])
        node.depth = 1 if parent is None else parent.depth + 1
        if parent is None:
            node.path = ContentNode._get_path(None, 1, state.next_root)
            state.next_root += 1
        else:
            node.path = ContentNode._get_path(parent.path, node.depth, index + 1)
        node.numchild = len(children)
        check.validated(node, at, exclude=TREE_FIELDS)
        state.save(node)
        for key, relation in [
            ("levels", node.care_levels),
            ("professions", node.professions),
            ("age_groups", node.age_groups),
            ("phases", node.phases),
        ]:
            tags = state.tags.pick(key, entry.get(key, []), check.inside(at, key))
            tags_set(relation, tags, new=new)
        if kind == ContentNode.Kind.INTERVENTION:
            state.interventions[slug] = node
        _nodes_load(programme, children, node, check.inside(at, "children"), state)


def _recommendation_set(node: ContentNode, entry: dict, at: str, state: FileState) -> None:
    """An intervention's recommendation as the file states it (the schema has checked
    which keys its kind has; the model checks the rest). Its condition and reason are
    among the intervention's texts."""
    node.recommendation = entry.get("recommendation", "")
    slug = entry.get("guideline")
    node.guideline = (
        None
        if slug is None
        else check.looked_up(slug, state.guidelines, check.inside(at, "guideline"), "guidelines")
    )
    priority = entry.get("priority")
    node.priority = None if priority is None else int(priority)


def _guidelines_load(entries: list, state: FileState, user) -> None:
    """The file's national guidelines, each created or updated by its slug.

    A guideline is shared: every programme that names it sees the change, and it is
    recorded in the history when it changed. The interventions may also name a
    guideline the portal already has and the file does not list.
    """
    state.guidelines = {guideline.slug: guideline for guideline in Guideline.objects.all()}
    places = {}
    for index, entry in enumerate(entries):
        at = f"guidelines[{index}]"
        slug = entry["slug"]
        if slug in places:
            raise check.problem(
                check.inside(at, "slug"),
                _("%(slug)s is already the slug of %(place)s")
                % {"slug": slug, "place": places[slug]},
            )
        places[slug] = at
        guideline = state.guidelines.get(slug) or Guideline(slug=slug)
        before = snapshot(guideline) if guideline.pk is not None else None
        guideline.issuer = entry.get("issuer", default("guideline", "issuer")).strip()
        guideline.year = int(entry["year"])  # JSON's whole numbers include 2021.0
        guideline.url = entry.get("url", "").strip()
        assign(guideline, texts(entry, GUIDELINE_TEXTS))
        check.validated(guideline, f"{at} ({slug})")
        if before is None or not same_fields(before, guideline):
            guideline.save()
            history_record(obj=guideline, action=Action.IMPORTED, user=user)
        state.guidelines[slug] = guideline


def _responsibilities_load(programme, entries: list, state: FileState) -> None:
    places = {}
    for index, entry in enumerate(entries):
        at = f"level_responsibilities[{index}]"
        level = state.tags.pick("levels", [entry["level"]], check.inside(at, "level"))[0]
        if level.slug in places:
            raise check.problem(
                check.inside(at, "level"),
                _("%(level)s already has its responsibility at %(place)s")
                % {"level": level.slug, "place": places[level.slug]},
            )
        places[level.slug] = at
        tasks = entry.get("tasks", [])
        responsibility = state.reuse(
            ProgrammeLevel, level.pk, programme=programme, care_level=level
        )
        new = responsibility.pk is None
        for task in ProgrammeLevel.TASKS:
            setattr(responsibility, task, task in tasks)
        assign(responsibility, texts(entry, RESPONSIBILITY_TEXTS))
        check.validated(responsibility, at)
        state.save(responsibility)
        refer_to = state.tags.pick(
            "levels", entry.get("refer_to", []), check.inside(at, "refer_to")
        )
        tags_set(responsibility.refer_to, refer_to, new=new)


VIGNETTE_UNKNOWN_INTERVENTION = gettext_lazy(
    "no intervention %(slug)s in this file's tree: a case vignette links "
    "interventions of its own programme"
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
    slug = entry["slug"]
    if slug in places:
        raise check.problem(
            check.inside(at, "slug"),
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
        raise check.problem(
            check.inside(at, "slug"), USED_ELSEWHERE[model] % {"slug": slug, "owner": owner}
        )
    return slug


def _vignettes_load(programme, entries: list, state: FileState) -> None:
    places = {}
    for index, entry in enumerate(entries):
        at = f"vignettes[{index}]"
        slug = _global_slug(CaseVignette, programme, entry, at, places)
        at = f"{at} ({slug})"
        vignette = state.reuse(CaseVignette, slug, programme=programme)
        new = vignette.pk is None
        vignette.slug = slug
        vignette.published = entry.get("published", default("vignette", "published"))
        assign(vignette, texts(entry, VIGNETTE_TEXTS))
        questions = entry.get("questions", {})
        for code, _language in settings.LANGUAGES:
            lines = [line.strip() for line in questions.get(code, [])]
            setattr(vignette, f"questions_{code}", "\n".join(line for line in lines if line))
        check.validated(vignette, at)
        state.save(vignette)
        levels = state.tags.pick("levels", entry.get("levels", []), check.inside(at, "levels"))
        tags_set(vignette.care_levels, levels, new=new)
        place = check.inside(at, "interventions")
        linked = [
            state.intervention(
                slug, place, lambda name: VIGNETTE_UNKNOWN_INTERVENTION % {"slug": name}
            )
            for slug in entry.get("interventions", [])
        ]
        tags_set(vignette.interventions, linked, new=new)


def _indicators_load(programme, entries: list, state: FileState) -> None:
    places = {}
    for index, entry in enumerate(entries):
        at = f"indicators[{index}]"
        slug = _global_slug(Indicator, programme, entry, at, places)
        indicator = state.reuse(Indicator, slug, programme=programme)
        indicator.slug = slug
        indicator.pathway = pathway_of(
            entry.get("pathway"), check.inside(f"{at} ({slug})", "pathway"), state
        )
        indicator.kind = entry["kind"]
        indicator.direction = entry["direction"]
        indicator.measure_kind = entry.get("measure_kind", default("indicator", "measure_kind"))
        indicator.published = entry.get("published", default("indicator", "published"))
        assign(indicator, texts(entry, INDICATOR_TEXTS))
        state.save(check.validated(indicator, f"{at} ({slug})"))


def _materials_load(programme, entries: list, state: FileState) -> None:
    places = {}
    for index, entry in enumerate(entries):
        at = f"materials[{index}]"
        slug = _global_slug(Material, programme, entry, at, places)
        material = state.reuse(Material, slug, programme=programme)
        material.slug = slug
        material.kind = entry["kind"]
        material.audience = entry["audience"]
        material.file = _material_file(entry.get("file", "").strip(), check.inside(at, "file"))
        material.url = entry.get("url", "").strip()
        material.rendered = entry.get("rendered", default("material", "rendered"))
        material.published = entry.get("published", default("material", "published"))
        assign(material, texts(entry, MATERIAL_TEXTS))
        state.save(check.validated(material, f"{at} ({slug})"))


#: The names the portal stores a material's upload under (`material_upload_to`).
STORED_NAME = re.compile(r"materials/[0-9a-f]{32}\.(?:pdf|pptx|docx|png|jpg|jpeg|mp4)")


def _material_file(name: str, place: str) -> str:
    """A material's file by its stored name: one the portal gave an upload, and there."""
    if not name:
        return ""
    if not STORED_NAME.fullmatch(name):
        raise check.problem(
            place, _("%(name)s is not the name of a material's file.") % {"name": name}
        )
    if not default_storage.exists(name):
        raise check.problem(
            place, _("No file %(name)s has been uploaded to this portal.") % {"name": name}
        )
    return name
