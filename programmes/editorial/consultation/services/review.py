"""What reviewers do: comment on the parts of a round's version, say they have no comments
on a part, and submit their organisation's response once.

Every write first locks the invitation's row and reads it again, then refuses
(`ReviewRefused`, with the reason the page shows and the status it answers with) when the
response is already submitted, the round is closed or past its deadline, the part is not
in the round's version, or the user is not one of the organisation's reviewers. Locking
the invitation makes a submit and a comment saved at the same moment happen one after
the other, on PostgreSQL and SQLite alike. Two reviewers of the same organisation saving
the same comment: the second gets `EditConflict` (programmes/versioning.py). Each change
is recorded by django-simple-history with the reviewer as its author.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from programmes.versioning import EditConflict, versioned_delete, versioned_save

from ..models import Comment, Invitation, Part


class ReviewRefused(Exception):
    """The write is not allowed now; `reason` says why in the reviewer's language and
    `status` is the HTTP status a page answers with (403, 404 or 409)."""

    def __init__(self, reason: str, status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class CommentOutcome:
    """A comment written (`created`) or changed; or, for "no comments", the mark. `removed`
    counts the organisation's rows on the part the write took away: its "no comments"
    mark when a comment is written, its comments when it marks the part as having none."""

    comment: Comment
    created: bool
    removed: int = 0


def refusal(invitation: Invitation, now=None) -> ReviewRefused | None:
    """Why the organisation's response can no longer change, if it cannot."""
    round_ = invitation.round
    if invitation.submitted_at is not None:
        when = formats.date_format(timezone.localtime(invitation.submitted_at), "j F Y")
        return ReviewRefused(
            _(
                "Your organisation's response was submitted on %(date)s. "
                "Nothing in it can be changed now."
            )
            % {"date": when},
            status=409,
        )
    if round_.closed_at is not None:
        when = formats.date_format(timezone.localtime(round_.closed_at), "j F Y")
        return ReviewRefused(
            _("The consultation round was closed on %(date)s. Nothing can be changed now.")
            % {"date": when}
        )
    if not round_.is_open(now):
        when = formats.date_format(round_.deadline, "j F Y")
        return ReviewRefused(
            _("The deadline of the consultation round was %(date)s. Nothing can be changed now.")
            % {"date": when}
        )
    return None


def _writable(invitation: Invitation, user, part: Part | None = None) -> Invitation:
    """The invitation read again under a lock, if `user` may still write to its response
    (on `part`); otherwise `ReviewRefused`."""
    locked = (
        Invitation.objects.select_for_update()
        .select_related("round")
        .filter(pk=invitation.pk)
        .first()
    )
    if locked is None or not locked.reviewers.filter(user=user).exists():
        raise ReviewRefused(_("You are not a reviewer for this organisation."), status=404)
    if part is not None and part.version_id != locked.round.version_id:
        raise ReviewRefused(_("That part is not in this round's version."), status=404)
    if (refused := refusal(locked)) is not None:
        raise refused
    return locked


def _own(comment: Comment, invitation: Invitation, part: Part | None = None) -> None:
    if comment.invitation_id != invitation.pk or (part is not None and comment.part_id != part.pk):
        raise ReviewRefused(_("That comment is not your organisation's."), status=404)


def _delete(rows, user) -> int:
    count = 0
    for row in rows:
        row._history_user = user
        row.delete()
        count += 1
    return count


def comment_save(
    *,
    invitation: Invitation,
    part: Part,
    user,
    kind: str,
    text: str,
    proposal: str,
    comment: Comment | None = None,
    version: int | None = None,
) -> CommentOutcome:
    """Write a new comment on `part` for the invited organisation, or change `comment`
    (read at lock version `version`). Writing one takes away the organisation's "no
    comments" mark on the part.

    Raises `ReviewRefused`, `ValidationError` (no text, an unknown kind) or
    `EditConflict` (someone saved or deleted the comment after `version` was read).
    """
    if kind == Comment.Kind.NONE:
        raise ValidationError({"kind": _("Choose what kind of comment it is.")})
    with transaction.atomic():
        invitation = _writable(invitation, user, part)
        created = comment is None
        if created:
            comment = Comment(invitation=invitation, part=part, author=user)
        else:
            _own(comment, invitation, part)
        comment.invitation = invitation
        comment.kind = kind
        comment.text = (text or "").strip()
        comment.proposal = (proposal or "").strip()
        versioned_save(comment, actor=user, version=version)
        removed = _delete(
            Comment.objects.filter(invitation=invitation, part=part, kind=Comment.Kind.NONE),
            user,
        )
    return CommentOutcome(comment=comment, created=created, removed=removed)


def comment_delete(*, invitation: Invitation, comment: Comment, user, version: int | None) -> None:
    """Delete the organisation's `comment` (or its "no comments" mark), read at `version`.

    Raises `ReviewRefused` or `EditConflict` (changed or deleted since it was read).
    """
    with transaction.atomic():
        invitation = _writable(invitation, user)
        _own(comment, invitation)
        versioned_delete(comment, actor=user, version=version)


def part_no_comments(
    *, invitation: Invitation, part: Part, user, seen: dict[int, int] | None = None
) -> CommentOutcome:
    """Mark that the organisation has no comments on `part`. Its comments on the part
    are deleted (the reviewer confirms that first: `seen` maps each comment's id to the
    lock version it was read at, and anything written, changed or deleted since raises
    `EditConflict`). Marking a part already marked changes nothing.

    Raises `ReviewRefused` or `EditConflict`.
    """
    with transaction.atomic():
        invitation = _writable(invitation, user, part)
        rows = list(Comment.objects.filter(invitation=invitation, part=part).order_by("pk"))
        mark = next((row for row in rows if row.kind == Comment.Kind.NONE), None)
        comments = [row for row in rows if row.kind != Comment.Kind.NONE]
        if seen is not None and {row.pk: row.lock_version for row in comments} != seen:
            changed = [row for row in comments if seen.get(row.pk) != row.lock_version]
            raise EditConflict(changed[0] if changed else None)
        removed = _delete(comments, user)
        if mark is not None:
            return CommentOutcome(comment=mark, created=False, removed=removed)
        mark = Comment(invitation=invitation, part=part, author=user, kind=Comment.Kind.NONE)
        versioned_save(mark, actor=user, version=None)
    return CommentOutcome(comment=mark, created=True, removed=removed)


def response_submit(*, invitation: Invitation, user) -> Invitation:
    """Submit the organisation's response: from now on nothing in it changes, for any of
    its reviewers. Raises `ReviewRefused` (already submitted, closed, past the deadline)."""
    with transaction.atomic():
        invitation = _writable(invitation, user)
        invitation.submitted_at = timezone.now()
        invitation.submitted_by = user
        invitation._history_user = user
        invitation.save(update_fields=["submitted_at", "submitted_by"])
    return invitation
