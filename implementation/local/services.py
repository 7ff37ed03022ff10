"""Writes to local additions. Each runs validated and in one transaction, records who made
it and why in the addition's history, refuses a write made from a copy someone else has
since saved (`EditConflict`), and returns what happened.

A published addition is edited as a draft: the public keeps seeing the published text
until it is published again. Whatever changes what the public sees (publishing,
withdrawing, restoring as published, deleting) sends `programmes.local.local_changed`, so
that cached pages and the search index follow.
"""

import copy
import dataclasses
import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.local import local_changed
from programmes.versioning import EditConflict, has_changes, version_claim, versioned_delete

from ..models import LocalAddition
from .drafts import apply, content_of, values_of


class Result(enum.StrEnum):
    """What a write did; also the reason its history record gives."""

    CREATED = "created"
    SAVED = "saved"
    DRAFTED = "draft"
    UNCHANGED = "unchanged"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    DISCARDED = "discarded"
    REVIEWED = "reviewed"
    RESTORED = "restored"
    RESTORED_AS_DRAFT = "restored-draft"
    RESTORED_AS_PUBLISHED = "restored-published"
    DELETED = "deleted"


@dataclasses.dataclass(frozen=True)
class Outcome:
    addition: LocalAddition
    result: Result


def _announce(addition: LocalAddition) -> None:
    """The public text of the addition's programme changed."""
    local_changed.send(sender=LocalAddition, programme_ids=[addition.programme_id])


def _write(addition: LocalAddition, *, actor, version: int | None, result: Result) -> Outcome:
    """Save a change to `addition` read at `version`, recorded in its history as `result`."""
    version_claim(addition, version=version)
    addition._history_user = actor
    addition._change_reason = result.value
    addition.save()
    return Outcome(addition, result)


def _publish(addition: LocalAddition, *, actor) -> None:
    now = timezone.now()
    addition.draft = None
    addition.published = True
    addition.published_at = now
    addition.published_by = actor if actor is not None and actor.is_authenticated else None
    addition.reviewed_at = now


@transaction.atomic
def local_addition_save(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Create an addition (no pk yet), or save an editor's values on one read at `version`.

    `addition` carries the values the editor sent. An unpublished addition takes them as
    they are; a published one keeps its public text and holds them as its draft (a draft
    back at the public text is no draft). Values as they were change nothing.
    """
    if addition.pk is None:
        addition.draft = None
        addition.full_clean()
        return _write(addition, actor=actor, version=None, result=Result.CREATED)
    stored = LocalAddition.objects.filter(pk=addition.pk).first()
    if stored is None:
        raise EditConflict(None)
    if not stored.published:
        addition.draft = None
        addition.full_clean()
        if not has_changes(addition):
            return Outcome(stored, Result.UNCHANGED)
        return _write(addition, actor=actor, version=version, result=Result.SAVED)
    addition.full_clean()
    values = values_of(addition)
    draft = None if values == values_of(stored) else values
    if draft == stored.draft:
        if stored.lock_version != version:
            raise EditConflict(stored)
        return Outcome(stored, Result.UNCHANGED)
    stored.draft = draft
    return _write(
        stored,
        actor=actor,
        version=version,
        result=Result.DRAFTED if draft else Result.DISCARDED,
    )


@transaction.atomic
def local_addition_publish(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Make the addition public as edited (its draft, if it has one), as reviewed now."""
    if addition.draft:
        apply(addition, addition.draft)
    _publish(addition, actor=actor)
    addition.full_clean()
    outcome = _write(addition, actor=actor, version=version, result=Result.PUBLISHED)
    _announce(addition)
    return outcome


@transaction.atomic
def local_addition_withdraw(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Take the addition off the public pages; a draft it has stays to be worked on."""
    if not addition.published:
        raise ValidationError(_("The addition is not published."))
    addition.published = False
    outcome = _write(addition, actor=actor, version=version, result=Result.WITHDRAWN)
    _announce(addition)
    return outcome


@transaction.atomic
def local_addition_discard_draft(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Throw the draft away: the addition is again what the public sees."""
    if not addition.draft:
        raise ValidationError(_("The addition has no draft."))
    addition.draft = None
    return _write(addition, actor=actor, version=version, result=Result.DISCARDED)


@transaction.atomic
def local_addition_review(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Record that the addition was read against the national text it hangs on, now."""
    addition.reviewed_at = timezone.now()
    return _write(addition, actor=actor, version=version, result=Result.REVIEWED)


@transaction.atomic
def local_addition_restore(
    *, actor, addition: LocalAddition, record, version: int | None, publish: bool = False
) -> Outcome:
    """Bring back the text of an earlier version (`record`, a historical row of it).

    An unpublished addition takes it as it is; a published one as its draft, or, with
    `publish`, as its new public text.
    """
    if record.id != addition.pk:
        raise ValidationError(_("That version belongs to another addition."))
    values = content_of(record)
    if publish:
        apply(addition, values)
        _publish(addition, actor=actor)
        addition.full_clean()
        outcome = _write(
            addition, actor=actor, version=version, result=Result.RESTORED_AS_PUBLISHED
        )
        _announce(addition)
        return outcome
    if not addition.published:
        apply(addition, values)
        addition.draft = None
        addition.full_clean()
        return _write(addition, actor=actor, version=version, result=Result.RESTORED)
    candidate = apply(copy.copy(addition), values)
    candidate.full_clean()
    addition.draft = None if values == values_of(addition) else values
    return _write(addition, actor=actor, version=version, result=Result.RESTORED_AS_DRAFT)


@transaction.atomic
def local_addition_delete(*, actor, addition: LocalAddition, version: int | None) -> Outcome:
    """Delete the addition; its history stays."""
    was_public = addition.published
    versioned_delete(addition, actor=actor, version=version)
    if was_public:
        _announce(addition)
    return Outcome(addition, Result.DELETED)
