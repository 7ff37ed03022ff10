"""The working group's writes about the group itself: the programme's status and the
members (see `outcomes` for what they return; `access` for who may do what: the chair and
the editors lead).

- **Moving the status** follows `MOVES`. A programme becomes established only when no
  consultation round of it is open. The move is a fact of the process, so it is written to
  the programme at once (a draft never holds the status: `snapshots.SKIPPED_FIELDS`), and
  its edit version moves on, so that an editor's form read before the move cannot put the
  old status back. It never publishes anything: what is unpublished stays unpublished,
  drafts stay drafts. Each move is a `StatusChange`: from, to, who, when and why.
- **Exactly one chair, handed over in one step.** Once a group has a chair it always has
  one: the chair is never removed nor given another role directly. Making another person
  chair (adding them as chair, or changing their role to chair) hands the chair over: the
  old chair stays in the group as a member, in the same transaction. Only the chair (or
  an administrator) hands the chair over; a group without a chair gets one from any of
  its leaders.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import page_cache
from programmes.models import Programme

from .. import access
from ..models import Member, Role, Round, StatusChange
from ..models.group import MOVES
from .outcomes import Outcome, Result, not_leading, record, refused

Status = Programme.Status


# The status ---------------------------------------------------------------------------


def allowed_moves(programme: Programme) -> tuple[str, ...]:
    """The statuses the programme may move to from where it is."""
    return MOVES.get(programme.status, ())


def open_rounds(programme: Programme):
    """The programme's consultation rounds reviewers may still comment on (`Round.is_open`
    as a query: not closed early, deadline not passed in the site's time zone)."""
    return Round.objects.filter(
        programme=programme, closed_at__isnull=True, deadline__gte=timezone.localdate()
    )


@transaction.atomic
def status_move(*, programme: Programme, to: str, user, note: str = "") -> Outcome:
    """Move the programme's status to `to` and record who moved it, when and why.

    Refused when `user` does not lead the group, when `MOVES` does not allow the move
    from the status the programme has now (also when someone moved it meanwhile), or
    when it would become established while a consultation round is open. Publishes
    nothing (see the module)."""
    if not access.leads(user, programme):
        return not_leading()
    current = Programme.objects.filter(pk=programme.pk).values_list("status", flat=True).first()
    if current is None:
        return refused(_("The programme no longer exists."))
    if to not in MOVES.get(current, ()):
        return refused(
            _("A programme that is “%(from)s” cannot move to “%(to)s”.")
            % {"from": Status(current).label, "to": _status_label(to)},
            "to",
        )
    if to == Status.ESTABLISHED and open_rounds(programme).exists():
        return refused(
            _(
                "The programme cannot be established while a consultation round is open: "
                "close the round first."
            ),
            "to",
        )
    change = StatusChange(
        programme=programme,
        from_status=current,
        to_status=to,
        user=user if user.is_authenticated else None,
        note=note.strip(),
    )
    try:
        change.full_clean()
    except ValidationError as error:
        return Outcome(Result.REFUSED, error=error)
    # Moved only from the status read above: of two people moving at once, one wins.
    # The edit version moves on too, so that an editor's form read before the move
    # cannot put the old status back.
    moved = Programme.objects.filter(pk=programme.pk, status=current).update(
        status=to, lock_version=F("lock_version") + 1
    )
    if not moved:
        return refused(_("Someone else moved the status just now. Look at it again."), "to")
    change.save()
    page_cache.content_changed()  # public pages show the status
    programme.refresh_from_db(fields=["status", "lock_version"])
    return Outcome(Result.MOVED, obj=change)


def _status_label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


# The members ---------------------------------------------------------------------------


def _chair(programme: Programme) -> Member | None:
    return Member.objects.filter(programme=programme, role=Role.CHAIR).first()


def _may_hand_over(user, programme: Programme) -> bool:
    if user.is_superuser:
        return True
    member = access.membership(user, programme)
    return member is not None and member.role == Role.CHAIR


def _hand_over_from(chair: Member, *, by) -> None:
    """The old chair stays in the group as a member (before the new chair is saved: the
    database allows one chair)."""
    chair.role = Role.MEMBER
    record(chair, by)
    chair.save()


def _becoming_chair(programme: Programme, member_pk: int | None, by):
    """Whether making someone chair is allowed, and the chair it is handed over from.
    Returns (refusal or None, old chair or None)."""
    chair = _chair(programme)
    if chair is None or chair.pk == member_pk:
        return None, None
    if not _may_hand_over(by, programme):
        return (
            refused(
                _("Only the chair can hand the chair over to someone else."),
                "role",
            ),
            None,
        )
    return None, chair


@transaction.atomic
def member_add(*, programme: Programme, user_to_add, role: str, represents: str, by) -> Outcome:
    """Add `user_to_add` to the programme's working group with `role`, representing
    `represents`. Adding someone as chair hands the chair over (see the module)."""
    if not access.leads(by, programme):
        return not_leading()
    if Member.objects.filter(programme=programme, user=user_to_add).exists():
        return refused(_("This person is already in the working group."), "user")
    old_chair = None
    if role == Role.CHAIR:
        refusal, old_chair = _becoming_chair(programme, None, by)
        if refusal is not None:
            return refusal
    member = Member(programme=programme, user=user_to_add, role=role, represents=represents)
    try:
        member.full_clean(validate_constraints=False)
    except ValidationError as error:
        return Outcome(Result.REFUSED, error=error)
    if old_chair is not None:
        _hand_over_from(old_chair, by=by)
    record(member, by)
    member.save()
    return Outcome(Result.CREATED, obj=member)


@transaction.atomic
def member_change(*, member: Member, role: str, represents: str, by) -> Outcome:
    """Change a member's role or whom they represent. The chair keeps the role until
    someone else is made chair; making another member chair hands it over."""
    programme = member.programme
    if not access.leads(by, programme):
        return not_leading()
    stored = Member.objects.filter(pk=member.pk).first()
    if stored is None:
        return refused(_("This person is no longer in the working group."))
    if stored.role == Role.CHAIR and role != Role.CHAIR:
        return refused(
            _(
                "The group always has a chair: make another member chair first, and this "
                "member becomes a member."
            ),
            "role",
        )
    old_chair = None
    if role == Role.CHAIR:
        refusal, old_chair = _becoming_chair(programme, member.pk, by)
        if refusal is not None:
            return refusal
    if stored.role == role and stored.represents == represents:
        return Outcome(Result.UNCHANGED, obj=stored)
    stored.role, stored.represents = role, represents
    try:
        stored.full_clean(validate_constraints=False)
    except ValidationError as error:
        return Outcome(Result.REFUSED, error=error)
    if old_chair is not None:
        _hand_over_from(old_chair, by=by)
    record(stored, by)
    stored.save()
    member.role, member.represents = role, represents
    return Outcome(Result.CHANGED, obj=stored)


@transaction.atomic
def member_remove(*, member: Member, by) -> Outcome:
    """Remove a member from the working group; never the chair (hand it over first)."""
    if not access.leads(by, member.programme):
        return not_leading()
    stored = Member.objects.filter(pk=member.pk).first()
    if stored is None:
        return Outcome(Result.UNCHANGED, obj=member)
    if stored.role == Role.CHAIR:
        return refused(_("The chair cannot be removed: make another member chair first."))
    record(stored, by)
    stored.delete()
    return Outcome(Result.DELETED, obj=stored)
