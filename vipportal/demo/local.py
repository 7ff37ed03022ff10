"""The demo's local additions (fixtures/local.yaml): what a region or a municipality
publishes beside the national text of a programme.

Each addition is written through `implementation.local.services`, as a local editor would
write and publish it, so the validation (no personal identity numbers, a real link) and
the history are the real ones, and publishing tells the page cache and the search index
(`programmes.local.local_changed`).
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from care_levels.models import CareLevel
from implementation.local.services import (
    local_addition_publish,
    local_addition_save,
    local_addition_withdraw,
)
from implementation.models import LONG_TEXT, SHORT_TEXT, LocalAddition, Organisation
from programmes.editorial.content_file import values as check
from programmes.models import ContentNode, Pathway, PathwayStep, Programme

from .organisations import organisation_named

ORGANISATION_KEYS = ("organisation", "additions")
#: What each kind of addition names besides its programme: the thing it hangs on.
TARGET_KEYS = {
    LocalAddition.Kind.PROGRAMME: (),
    LocalAddition.Kind.LEVEL: ("level",),
    LocalAddition.Kind.STEP: ("pathway", "step"),
    LocalAddition.Kind.INTERVENTION: ("intervention",),
}
ALL_TARGET_KEYS = ("level", "pathway", "step", "intervention")
ADDITION_KEYS = (
    "programme",
    "kind",
    *ALL_TARGET_KEYS,
    "title",
    *LocalAddition.TEXTS,
    "link",
    "published",
)
#: The fields of the file, in the order an addition compares them.
TEXT_FIELDS = ("title", *LocalAddition.TEXTS, "link")
#: Model fields the file names differently (for messages that point into the file).
FIELDS = {"care_level": "level", "care_level_id": "level"}


@dataclasses.dataclass
class LocalLoad:
    """What loading the file did: how many additions it holds, and how many of them were
    created, changed (written and published again) or left as they were."""

    additions: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclasses.dataclass
class _Lookups:
    programmes: dict[str, Programme]
    levels: dict[str, CareLevel]

    @classmethod
    def load(cls) -> "_Lookups":
        return cls(
            programmes={p.slug: p for p in Programme.objects.all()},
            levels={level.slug: level for level in CareLevel.objects.all()},
        )


@transaction.atomic
def local_additions_load(*, data, where: str = "local.yaml") -> LocalLoad:
    """Create, or bring up to date, the local additions in `data`; returns what it did.

    An addition is the one of the same organisation, programme, kind, target (level, step
    or intervention) and title. A new one is created and published; an existing one whose
    published text differs from the file's is given the file's text and published again
    (a draft waiting on it is replaced); one that already shows the file's text is left
    alone, its drafts included. Additions not in the file are left alone too. Every write
    is recorded in the addition's history (with no user). A file with an error changes
    nothing.
    """
    lookups = _Lookups.load()
    done = LocalLoad()
    seen: dict[tuple, str] = {}
    for index, group in enumerate(check.a_list(data, where, _("organisations"))):
        at = f"{where}[{index}]"
        check.mapping(group, at, _("an organisation's local additions"), ORGANISATION_KEYS)
        organisation = _organisation(group, at)
        additions = check.a_list(
            group.get("additions"), check.inside(at, "additions"), _("local additions")
        )
        for position, entry in enumerate(additions):
            entry_at = f"{at}.additions[{position}]"
            addition, published = _addition(entry, organisation, entry_at, lookups)
            key = (
                organisation.pk,
                addition.programme_id,
                addition.kind,
                addition.care_level_id,
                addition.step_id,
                addition.intervention_id,
                addition.title,
            )
            if key in seen:
                raise check.problem(
                    check.inside(entry_at, "title"),
                    _("%(organisation)s has this addition twice (also at %(place)s)")
                    % {"organisation": organisation, "place": seen[key]},
                )
            seen[key] = entry_at
            _write(addition, published, entry_at, done)
            done.additions += 1
    return done


def _organisation(group: dict, at: str) -> Organisation:
    """The organisation a group names; a county has no local view of its own."""
    place = check.inside(at, "organisation")
    organisation = organisation_named(group.get("organisation"), place)
    if organisation.kind == Organisation.Kind.COUNTY:
        raise check.problem(
            place,
            _(
                "%(name)s is a county, which has no local view: name its region, a "
                "municipality or an organisation below one"
            )
            % {"name": organisation.name},
        )
    return organisation


def _addition(entry, organisation: Organisation, at: str, lookups: _Lookups):
    """The addition `entry` describes (not saved), and whether it is to be published."""
    check.mapping(entry, at, _("a local addition"), ADDITION_KEYS)
    programme = check.looked_up(
        entry.get("programme"),
        lookups.programmes,
        check.inside(at, "programme"),
        "programmes",
    )
    kind = LocalAddition.Kind(
        check.choice(entry.get("kind"), LocalAddition.Kind, check.inside(at, "kind"))
    )
    wanted = TARGET_KEYS[kind]
    for key in ALL_TARGET_KEYS:
        if key not in wanted and entry.get(key) is not None:
            raise check.problem(check.inside(at, key), _not_for_kind(kind, key))
    addition = LocalAddition(
        organisation=organisation,
        programme=programme,
        kind=kind,
        title=check.plain_text(entry, "title", at, required=True, max_length=SHORT_TEXT),
        **{
            name: check.plain_text(entry, name, at, max_length=LONG_TEXT)
            for name in LocalAddition.TEXTS
        },
        link=check.plain_text(entry, "link", at, max_length=200),
    )
    if kind == LocalAddition.Kind.LEVEL:
        addition.care_level = check.looked_up(
            entry.get("level"), lookups.levels, check.inside(at, "level"), "levels"
        )
    elif kind == LocalAddition.Kind.STEP:
        addition.step = _step(entry, programme, at)
    elif kind == LocalAddition.Kind.INTERVENTION:
        addition.intervention = _intervention(entry, programme, at)
    return addition, check.flag(entry, "published", at, True)


def _not_for_kind(kind: LocalAddition.Kind, key: str) -> str:
    if kind == LocalAddition.Kind.PROGRAMME:
        return _("a regional programme page hangs on the programme itself: leave out %(key)s") % {
            "key": key
        }
    return _("an addition of kind %(kind)s names only %(keys)s, not %(key)s") % {
        "kind": kind.value,
        "keys": ", ".join(TARGET_KEYS[kind]),
        "key": key,
    }


def _slug_in(entry: dict, key: str, at: str) -> str:
    value = entry.get(key)
    if value is None:
        raise check.problem(check.inside(at, key), check.not_a_slug(None))
    return check.slug(value, check.inside(at, key))


def _step(entry: dict, programme: Programme, at: str) -> PathwayStep:
    pathway_slug = _slug_in(entry, "pathway", at)
    step_slug = _slug_in(entry, "step", at)
    pathways = {p.slug: p for p in Pathway.objects.filter(programme=programme)}
    if pathway_slug not in pathways:
        raise check.problem(
            check.inside(at, "pathway"),
            _("%(programme)s has no care pathway %(slug)s (its pathways: %(known)s)")
            % {
                "programme": programme.slug,
                "slug": pathway_slug,
                "known": ", ".join(pathways) or _("none"),
            },
        )
    steps = {s.slug: s for s in PathwayStep.objects.filter(pathway=pathways[pathway_slug])}
    if step_slug not in steps:
        raise check.problem(
            check.inside(at, "step"),
            _("the care pathway %(pathway)s has no step %(slug)s (its steps: %(known)s)")
            % {"pathway": pathway_slug, "slug": step_slug, "known": ", ".join(steps) or _("none")},
        )
    return steps[step_slug]


def _intervention(entry: dict, programme: Programme, at: str) -> ContentNode:
    slug = _slug_in(entry, "intervention", at)
    found = ContentNode.objects.filter(
        programme=programme, slug=slug, kind=ContentNode.Kind.INTERVENTION
    ).first()
    if found is None:
        known = ContentNode.objects.filter(
            programme=programme, kind=ContentNode.Kind.INTERVENTION
        ).values_list("slug", flat=True)
        names = list(known[: check.KNOWN_LISTED + 1])
        listed = ", ".join(names[: check.KNOWN_LISTED]) + (
            ", …" if len(names) > check.KNOWN_LISTED else ""
        )
        raise check.problem(
            check.inside(at, "intervention"),
            _("%(programme)s has no intervention %(slug)s (its interventions: %(known)s)")
            % {"programme": programme.slug, "slug": slug, "known": listed or _("none")},
        )
    return found


def _write(addition: LocalAddition, published: bool, at: str, done: LocalLoad) -> None:
    """Create `addition`, or give the stored one its values, through the local editor's
    services; publish or withdraw it as the file says."""
    stored = (
        LocalAddition.objects.filter(
            organisation=addition.organisation,
            programme=addition.programme,
            kind=addition.kind,
            care_level=addition.care_level,
            step=addition.step,
            intervention=addition.intervention,
            title=addition.title,
        )
        .order_by("id")
        .first()
    )
    if stored is None:
        outcome = check.saved(
            at, local_addition_save, FIELDS, actor=None, addition=addition, version=None
        )
        if published:
            _publish(outcome.addition, at)
        done.created += 1
        return
    same_text = all(getattr(stored, name) == getattr(addition, name) for name in TEXT_FIELDS)
    if same_text and stored.published == published:
        done.unchanged += 1
        return
    if stored.published and not published:
        stored = check.saved(
            at,
            local_addition_withdraw,
            FIELDS,
            actor=None,
            addition=stored,
            version=stored.lock_version,
        ).addition
    for name in TEXT_FIELDS:
        setattr(stored, name, getattr(addition, name))
    outcome = check.saved(
        at, local_addition_save, FIELDS, actor=None, addition=stored, version=stored.lock_version
    )
    if published:
        _publish(outcome.addition, at)
    done.changed += 1


def _publish(addition: LocalAddition, at: str) -> None:
    check.saved(
        at,
        local_addition_publish,
        FIELDS,
        actor=None,
        addition=addition,
        version=addition.lock_version,
    )
