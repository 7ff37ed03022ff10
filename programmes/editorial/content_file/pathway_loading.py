"""Loading a programme file's care pathways and their steps, in place.

A pathway is matched by its slug within the programme, a step by its slug within its
pathway: what the file still has keeps its id and history. National pathways are loaded
first, with their steps, so that each version for a setting finds the national pathway
and steps it names. What a schema cannot say is checked here: slugs used twice, a
`national` that is not a national pathway of the file, a `national_step` that is not a
step of that pathway, care levels and interventions that must exist.
"""

from django.utils.translation import gettext as _

from programmes.models import Pathway, PathwayStep, Programme

from . import values as check
from .format import PATHWAY_TEXTS, STEP_TEXTS, default
from .loading import FileState, assign, tags_set, texts
from .structure import node_place


def pathways_load(programme: Programme, entries: list, state: FileState) -> None:
    """The pathways of the file (`pathways`), national ones first, each with its steps."""
    places = {}
    for index, entry in enumerate(entries):
        at = node_place(f"pathways[{index}]", entry)
        slug = entry["slug"]
        if slug in places:
            raise check.problem(
                check.inside(at, "slug"),
                _(
                    "%(slug)s is already the slug of %(place)s; pathway slugs are unique "
                    "within a programme"
                )
                % {"slug": slug, "place": places[slug]},
            )
        places[slug] = at
    national = {entry["slug"] for entry in entries if "national" not in entry}
    order = sorted(range(len(entries)), key=lambda index: "national" in entries[index])
    for index in order:
        entry = entries[index]
        at = places[entry["slug"]]
        if "national" in entry:
            _national_check(entry["national"], check.inside(at, "national"), national, places)
        pathway = _pathway_load(programme, entry, index, at, state)
        state.pathways[pathway.slug] = pathway
        _steps_load(pathway, entry.get("steps", []), at, state)


def _national_check(slug: str, place: str, national: set[str], places: dict) -> None:
    """A version for a setting names a national pathway of the same file."""
    if slug in national:
        return
    if slug in places:
        raise check.problem(
            place,
            _("%(slug)s is a version for a setting (%(place)s), not a national pathway")
            % {"slug": slug, "place": places[slug]},
        )
    raise check.problem(place, check.unknown("national_pathways", slug, sorted(national)))


def _pathway_load(programme, entry: dict, index: int, at: str, state: FileState) -> Pathway:
    pathway = state.reuse(Pathway, entry["slug"], programme=programme)
    pathway.slug = entry["slug"]
    pathway.position = int(entry.get("position", index))  # JSON's whole numbers include 3.0
    pathway.published = entry.get("published", default("pathway", "published"))
    if "national" in entry:
        pathway.national = state.pathways[entry["national"]]
        pathway.setting = state.tags.pick(
            "levels", [entry["setting"]], check.inside(at, "setting")
        )[0]
    else:
        pathway.national, pathway.setting = None, None
    assign(pathway, texts(entry, PATHWAY_TEXTS))
    check.validated(pathway, at)
    state.save(pathway)
    return pathway


def _steps_load(pathway: Pathway, entries: list, pathway_at: str, state: FileState) -> None:
    # The national pathway's steps as the file has them (not those it drops).
    national_steps = state.steps[pathway.national.slug] if pathway.national is not None else None
    loaded = state.steps[pathway.slug] = {}
    places = {}
    for index, entry in enumerate(entries):
        at = node_place(f"{pathway_at}.steps[{index}]", entry)
        slug = entry["slug"]
        if slug in places:
            raise check.problem(
                check.inside(at, "slug"),
                _(
                    "%(slug)s is already the slug of %(place)s; step slugs are unique "
                    "within a pathway"
                )
                % {"slug": slug, "place": places[slug]},
            )
        places[slug] = at
        step = state.reuse(PathwayStep, (pathway.slug, slug), pathway=pathway)
        new = step.pk is None
        step.slug = slug
        step.position = index
        step.principal = entry.get("principal", "")
        step.time_goal_days = entry.get("time_goal_days")
        step.published = entry.get("published", default("step", "published"))
        step.national_step = _national_step(
            entry.get("national_step"), check.inside(at, "national_step"), pathway, national_steps
        )
        assign(step, texts(entry, STEP_TEXTS))
        check.validated(step, at)
        state.save(step)
        loaded[slug] = step
        levels = state.tags.pick("levels", entry.get("levels", []), check.inside(at, "levels"))
        tags_set(step.care_levels, levels, new=new)
        place = check.inside(at, "interventions")
        used = [
            state.intervention(
                slug, place, lambda name: check.unknown("interventions", name, state.interventions)
            )
            for slug in entry.get("interventions", [])
        ]
        tags_set(step.interventions, used, new=new)


def _national_step(slug, place: str, pathway: Pathway, national_steps: dict | None):
    """The national step a step of a version for a setting shortens (None if it names
    none)."""
    if slug is None:
        return None
    if national_steps is None:
        raise check.problem(
            place,
            _(
                "only a step of a version for a setting names a national step; this "
                "pathway is a national one"
            ),
        )
    if slug not in national_steps:
        raise check.problem(
            place,
            _("no step %(slug)s in the national pathway %(pathway)s (its steps: %(known)s)")
            % {
                "slug": slug,
                "pathway": pathway.national.slug,
                "known": ", ".join(national_steps) or _("none"),
            },
        )
    return national_steps[slug]


def pathway_of(slug: str | None, place: str, state: FileState) -> Pathway | None:
    """The pathway of the file an indicator follows up (None if it names none)."""
    if slug is None:
        return None
    if slug not in state.pathways:
        raise check.problem(place, check.unknown("pathways", slug, state.pathways))
    return state.pathways[slug]
