"""The change log of content saved straight from the admin, without a draft.

Case vignettes, indicators, materials, what each level does in a programme and the
national guidelines are saved as the editor saves them: the public sees the change at
once. A change to one the public sees is therefore a publication, and says what any
publication says (`releases`): its kind and a note. A change in substance moves the
object's `substance_changed_at` and raises the programme's version; either kind is a
`ProgrammeRelease` of the object's programme with the object's text before and after.
Content the public does not see is simply saved; a save that changes nothing records
nothing.

A national guideline belongs to no programme: its change is recorded in every published
programme whose published interventions cite it, because those pages show it (its name
and year beside each recommendation). A change in substance is a change of those
interventions' recommendations, so their `substance_changed_at` moves with it, to the
moment of the release that their programme's change log shows.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from programmes.models import ContentNode, Guideline, Programme

from .releases import ReleaseNote, object_texts, release_record
from .snapshots import same_content, snapshot

#: Content saved at once, whose public changes still go into the change log.
DIRECT_MODELS = frozenset(
    {
        "programmes.CaseVignette",
        "programmes.Indicator",
        "programmes.Material",
        "programmes.ProgrammeLevel",
        "programmes.Guideline",
    }
)


def is_released_directly(obj_or_model) -> bool:
    return obj_or_model._meta.label in DIRECT_MODELS


def _citing(guideline):
    """The published interventions of published programmes that cite `guideline`."""
    return ContentNode.objects.filter(
        guideline=guideline,
        kind=ContentNode.Kind.INTERVENTION,
        published=True,
        programme__published=True,
    )


def public_programmes(obj) -> list[Programme]:
    """The published programmes whose public pages show `obj` as it is now in memory (its
    fields as the editor set them, saved or not); none when the public does not see it."""
    if isinstance(obj, Guideline):
        if obj.pk is None:
            return []
        ids = _citing(obj).values("programme_id")
        return list(Programme.objects.filter(pk__in=ids).order_by("position", "slug"))
    if not getattr(obj, "published", True) or obj.programme_id is None:
        return []
    return list(Programme.objects.filter(pk=obj.programme_id, published=True))


@dataclass(frozen=True)
class Before:
    """What a direct save starts from: the stored object's content (None: new) and, when
    the public sees it, the programmes that show it and the text they show."""

    data: dict | None = None
    programmes: list = field(default_factory=list)
    texts: dict | None = None


def before_save(obj) -> Before:
    """The stored state of `obj`, read before its new values are written."""
    stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk is not None else None
    if stored is None:
        return Before()
    programmes = public_programmes(stored)
    return Before(
        data=snapshot(stored),
        programmes=programmes,
        texts=object_texts(stored) if programmes else None,
    )


@dataclass(frozen=True)
class DirectChange:
    """What a direct save changes for the public: where it is recorded, from which text.
    `programmes` empty: nothing public changes, nothing is recorded."""

    programmes: list
    before_texts: dict | None


def public_change(obj, *, data: dict, before: Before) -> DirectChange:
    """Whether saving `obj` with `data` (its snapshot as edited) changes what the public
    sees, and where: the programmes showing it afterwards (or, withdrawn, before)."""
    if same_content(before.data, data):
        return DirectChange([], None)
    after = public_programmes(obj)
    return DirectChange(after or before.programmes, before.texts)


def release_needed(obj, *, data: dict) -> bool:
    """Whether saving `obj` with `data` needs the kind of change and a note (a form asks
    for them before anything is saved)."""
    return bool(public_change(obj, data=data, before=before_save(obj)).programmes)


def direct_release_prepare(obj, *, change: DirectChange, release: ReleaseNote | None):
    """Check the note and date `obj` before it is saved; returns the note, checked, and the
    moment of the release (both None when nothing public changes). Raises ValidationError
    when the public sees the change and the note is not usable."""
    if not change.programmes:
        return None, None
    release = (release or ReleaseNote()).checked()
    now = timezone.now()
    if release.is_professional and not isinstance(obj, Guideline):
        obj.substance_changed_at = now
    return release, now


def direct_release_record(*, obj, change: DirectChange, release, when, user) -> list:
    """Record the saved change of `obj` in each programme's change log; returns the
    releases (none when nothing public changed)."""
    if not change.programmes:
        return []
    if isinstance(obj, Guideline):
        touched = {"updated_at": when}
        if release.is_professional:
            touched["substance_changed_at"] = when
        _citing(obj).update(**touched)
    return [
        release_record(
            programme=programme,
            release=release,
            user=user,
            changes=[(obj, change.before_texts)],
            when=when,
        )
        for programme in change.programmes
    ]
