"""What an editor does to content, as services: each takes keyword arguments, runs in one
transaction, records what happened in the history and returns an outcome that says so.
The editors' admin calls these; so could anything else that edits content.

Importing a whole programme file is `content_file.programme_import`; publishing,
withdrawing and previewing are in `publishing`.
"""

import enum
from dataclasses import dataclass, field

from django.db import transaction

from programmes.versioning import has_changes, version_claim

from .direct_releases import (
    before_save,
    direct_release_prepare,
    direct_release_record,
    is_released_directly,
    public_change,
)
from .drafts import draft_of, draft_save
from .history import has_history, history_record, history_record_many, record_snapshot
from .models import Action
from .publishing import content_publish
from .releases import ReleaseNote, published_before
from .snapshots import is_draftable, same_content, snapshot, snapshot_apply


@dataclass(frozen=True)
class Placement:
    """Where a node of a tree goes: `position` relative to `reference` (treebeard's
    positions: first-child, left, right …); no reference is the top of the tree."""

    position: str
    reference: object | None = None


class Saved(enum.Enum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    DRAFTED = "drafted"
    PUBLISHED = "published"


@dataclass
class SaveOutcome:
    """What a save did: created, changed or left the object as it was, saved a draft, or
    published it (with `published`, everything that went with it); `moved` when its place
    in a tree changed."""

    obj: object
    saved: Saved
    moved: bool = False
    published: list = field(default_factory=list)
    #: The save went to (or, unchanged, would have gone to) the draft of public content.
    drafting: bool = False
    #: The change log's records of a change the public saw at once (`direct_releases`).
    releases: list = field(default_factory=list)


def is_drafting(obj) -> bool:
    """Whether a save of `obj` goes to its draft: it is public and edited as a draft."""
    return (
        obj.pk is not None
        and is_draftable(obj)
        and type(obj).objects.filter(pk=obj.pk, published=True).exists()
    )


def _tags_of(obj, data: dict) -> dict[str, list[int]]:
    """The tags `data` chooses, by many-to-many field."""
    return {f.name: data[f.name] for f in obj._meta.many_to_many if f.name in data}


def _tags_set(obj, data: dict) -> None:
    for name in [f.name for f in obj._meta.many_to_many if f.name in data]:
        related = obj._meta.get_field(name).related_model
        getattr(obj, name).set(related.objects.filter(pk__in=data[name]))


def _placed(obj, placement: Placement):
    """Put `obj` (new, or already in the tree) where `placement` says; returns it as saved."""
    manager = type(obj).objects
    reference, position = placement.reference, placement.position
    if obj.pk is None:
        if reference is None:
            return manager.add_root(instance=obj)
        obj = manager.add_child(reference, instance=obj)
        manager.move(obj, reference, pos=position)
        return type(obj).objects.get(pk=obj.pk)
    if reference is None:
        manager.move(obj, manager.get_first_root_node(), "first-sibling")
    else:
        manager.move(obj, reference, pos=position)
    return type(obj).objects.get(pk=obj.pk)


@transaction.atomic
def content_save(
    *,
    obj,
    data: dict,
    user,
    version: int | None = None,
    placement: Placement | None = None,
    publish_now: bool = False,
    release: ReleaseNote | None = None,
) -> SaveOutcome:
    """Save an editor's change to `obj` (its fields already set, `data` its snapshot with
    the tags as chosen).

    Public content edited as a draft keeps its row and gets `data` as its draft, unless
    it is published now; a move asked for applies at once either way. Other content is
    saved, tags and all. `version` is the one the editor read (`programmes.versioning`):
    a save from a copy someone else has since saved raises `EditConflict` and changes
    nothing. Every change is recorded: created, changed, moved, draft saved or published;
    a save that changes nothing (the form sent back as it came) writes nothing at all, from
    whatever version: no version, no record, no "updated" date. Publishing now needs
    `release`, the kind of change and its note (`releases.ReleaseNote`); without a usable
    one, ValidationError is raised before anything is saved. Content saved at once that the
    public sees (`direct_releases`) needs `release` for any change, and records it in the
    change log.
    """
    created = obj.pk is None
    if publish_now:
        release = (release or ReleaseNote()).checked()
    drafting = not created and not publish_now and is_drafting(obj)
    if not created and not publish_now and placement is None:
        if drafting:
            live = type(obj).objects.get(pk=obj.pk)
            draft = draft_of(live)
            if same_content(draft.data if draft else snapshot(live), data):
                return SaveOutcome(live, Saved.UNCHANGED, drafting=True)
        elif not has_changes(obj, tags=_tags_of(obj, data)):
            return SaveOutcome(obj, Saved.UNCHANGED)
    if hasattr(obj, "lock_version"):
        version_claim(obj, version=version)
    if drafting:
        live = type(obj).objects.get(pk=obj.pk)
        moved = placement is not None
        if moved:
            live = _placed(live, placement)
            live.save()  # the page cache and the search index follow saves
            history_record(obj=live, action=Action.MOVED, user=user)
        draft = draft_of(live)
        if same_content(draft.data if draft else snapshot(live), data):
            return SaveOutcome(live, Saved.UNCHANGED, moved=moved, drafting=True)
        draft_save(obj=live, data=data, user=user)
        return SaveOutcome(live, Saved.DRAFTED, moved=moved, drafting=True)

    before = None
    if publish_now and not created:
        before = published_before(type(obj).objects.get(pk=obj.pk))
    direct, when = None, None
    if not publish_now and is_released_directly(obj):
        # Seen by the public at once: the note is checked before anything is written.
        direct = public_change(obj, data=data, before=before_save(obj))
        release, when = direct_release_prepare(obj, change=direct, release=release)
    if created and placement is not None:
        obj = _placed(obj, placement)
    else:
        obj.save()
    _tags_set(obj, data)
    moved = not created and placement is not None
    if moved:
        obj = _placed(obj, placement)
        obj.save()
        history_record(obj=obj, action=Action.MOVED, user=user)
    if publish_now:
        if draft := draft_of(obj):
            draft.delete()  # what the form held is saved now; the draft is older
        published = content_publish(obj=obj, user=user, release=release, before=before)
        return SaveOutcome(obj, Saved.PUBLISHED, moved=moved, published=published)
    releases = (
        direct_release_record(obj=obj, change=direct, release=release, when=when, user=user)
        if direct is not None
        else []
    )
    if created:
        history_record(obj=obj, action=Action.CREATED, user=user)
        return SaveOutcome(obj, Saved.CREATED, releases=releases)
    changed = history_record(obj=obj, action=Action.CHANGED, user=user, if_changed=True)
    saved = Saved.CHANGED if changed else Saved.UNCHANGED
    return SaveOutcome(obj, saved, moved=moved, releases=releases)


@transaction.atomic
def content_moved(*, obj, user) -> None:
    """Record that `obj` moved in its tree (dragged and dropped, say), by `user`."""
    history_record(obj=type(obj).objects.get(pk=obj.pk), action=Action.MOVED, user=user)


@transaction.atomic
def contents_deleted(*, objects_by_model: dict, user) -> None:
    """Record the deletion of every object about to be deleted that has a history.

    `objects_by_model` maps a model to the objects of it that go (what a deletion of some
    content takes with it: what lies below it in a tree, what refers to it)."""
    for model, instances in objects_by_model.items():
        if not has_history(model):
            continue
        many = [f.name for f in model._meta.many_to_many]
        history_record_many(
            objects=model._default_manager.filter(pk__in=[obj.pk for obj in instances])
            .order_by("pk")
            .prefetch_related(*many),
            action=Action.DELETED,
            user=user,
        )


@dataclass
class RestoreOutcome:
    obj: object
    as_draft: bool


@transaction.atomic
def version_restore(*, obj, row, user) -> RestoreOutcome:
    """Make the content of the recorded change `row` current again.

    Published content edited as a draft gets it as its draft, to preview and publish;
    the rest has it at once. Raises ValidationError (or IntegrityError) when the old
    content no longer fits, e.g. its slug is taken now; nothing changes then.
    """
    data = record_snapshot(row)
    check = type(obj).objects.get(pk=obj.pk)
    snapshot_apply(check, data, save=False)
    check.full_clean(exclude=["path", "depth", "numchild"])
    if is_draftable(obj) and obj.published:
        if hasattr(obj, "lock_version"):
            version_claim(obj, version=obj.lock_version)
        draft_save(obj=obj, data=data, user=user, action=Action.RESTORED)
        return RestoreOutcome(obj, as_draft=True)
    if hasattr(obj, "lock_version"):
        obj.lock_version += 1
    snapshot_apply(obj, data)
    history_record(obj=obj, action=Action.RESTORED, user=user)
    return RestoreOutcome(obj, as_draft=False)
