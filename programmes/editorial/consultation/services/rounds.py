"""The working group's writes around consultation rounds: opening a round on a frozen
version of the draft, inviting organisations, closing a round early, answering comments
and publishing a round's compilation.

Each service takes keyword arguments, runs in one transaction, validates what it saves
(`full_clean`) and returns what happened. A person who may not do it gets
`PermissionDenied` (the pages answer 404 before they get that far); a write the rules
refuse raises `ValidationError` with the reason, and nothing is saved.

Decisions kept here:

- Only **submitted** responses count. Comments an organisation saved but never submitted
  are its own unfinished work: the group sees how many there are, never their text, and
  neither answers nor compiles them, before or after the deadline.
- A comment marked "no comments" needs no answer.
- Answers are written by any member of the working group, while the compilation is not
  published (a published compilation is withdrawn first, so that the public never reads
  an answer that changed under it).
- One round of a programme is open at a time; an earlier round is closed (or past its
  deadline) before the next opens, so that "what changed since the last round" compares
  two finished versions.
"""

import dataclasses
import datetime
import enum

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from programmes import page_cache
from programmes.models import ContentNode, Pathway, PathwayStep, Programme
from programmes.versioning import EditConflict, version_claim, versioned_save

from ...models import Version
from .. import access
from ..freezing import version_freeze
from ..models import Answer, Comment, Invitation, Organisation, Round

#: The model of the live object each kind of part key names (`freezing.part_key`).
KEY_MODELS = {
    "programme": Programme,
    "node": ContentNode,
    "pathway": Pathway,
    "step": PathwayStep,
}
#: The statuses of a programme whose compilations may be published: established, or an
#: established programme under review.
PUBLISHABLE = (Programme.Status.ESTABLISHED, Programme.Status.REVIEW)


class Result(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CLOSED = "closed"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


@dataclasses.dataclass(frozen=True)
class RoundOutcome:
    round: Round
    result: Result
    invitations: list[Invitation] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class InvitationOutcome:
    invitation: Invitation
    result: Result


@dataclasses.dataclass(frozen=True)
class AnswerOutcome:
    answer: Answer
    result: Result


def _require_lead(user, programme: Programme) -> None:
    if not access.leads(user, programme):
        raise PermissionDenied("Only the chair and the editors lead the working group.")


def _require_member(user, programme: Programme) -> None:
    if not access.can_see_group(user, programme):
        raise PermissionDenied("Only the working group answers comments.")


def _record(instance, user) -> None:
    instance._history_user = user if user is not None and user.is_authenticated else None


def _round_save(round_: Round, *, user, version: int | None) -> None:
    """Save a change to a round read at `version` (who opened it may since have been
    deleted: the field is then empty, and the round still closes and publishes)."""
    round_.full_clean()
    version_claim(round_, version=version)
    _record(round_, user)
    round_.save()


def version_label(programme: Programme, number: int) -> str:
    """The frozen version's label, "1.3 remissversion 2": the programme's version and the
    round's number, in Swedish (the language of the programme's text)."""
    with translation.override("sv"):
        label = _("consultation version %(number)s") % {"number": number}
    return f"{programme.version} {label}".strip()[:40]


def open_round(programme: Programme, now: datetime.datetime | None = None) -> Round | None:
    """The programme's round that reviewers may still comment on, if any."""
    now = now or timezone.now()
    for round_ in programme.consultation_rounds.filter(closed_at__isnull=True).order_by("number"):
        if round_.is_open(now):
            return round_
    return None


@transaction.atomic
def round_open(
    *,
    programme: Programme,
    user,
    title: str,
    purpose: str,
    questions: str,
    deadline: datetime.date,
    organisations: list[Organisation],
    sections: list[ContentNode] | None = None,
    pathways: list[Pathway] | None = None,
) -> RoundOutcome:
    """Open the programme's next consultation round: freeze the draft as it stands now
    (all of it, or the top-level `sections` and care `pathways` chosen) and invite
    `organisations`. Refused for anyone but the group's leaders, for a deadline that is
    not in the future, without an organisation, with another round still open, for an
    archived programme, and for sections or pathways of another programme."""
    _require_lead(user, programme)
    # Numbering rounds one after the other: hold the programme's row while counting.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    problems = {}
    if deadline is None or deadline <= timezone.localdate():
        problems["deadline"] = _("The deadline must be a day after today.")
    if not organisations:
        problems["organisations"] = _("Choose at least one organisation to invite.")
    sections = list(sections or [])
    pathways = list(pathways or [])
    if any(s.programme_id != programme.pk or s.depth != 1 for s in sections):
        problems["sections"] = _("Choose only top-level sections of this programme.")
    if any(p.programme_id != programme.pk for p in pathways):
        problems["pathways"] = _("Choose only care pathways of this programme.")
    if problems:
        raise ValidationError(problems)
    if programme.status == Programme.Status.ARCHIVED:
        raise ValidationError(_("An archived programme is not sent for consultation."))
    still_open = open_round(programme)
    if still_open is not None:
        raise ValidationError(
            _("Round %(number)s is still open. Close it before opening the next one.")
            % {"number": still_open.number}
        )
    number = (programme.consultation_rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    chosen = bool(sections or pathways)
    version = version_freeze(
        programme=programme,
        user=user,
        label=version_label(programme, number),
        sections=sections if chosen else None,
        pathways=pathways if chosen else None,
    )
    round_ = Round(
        programme=programme,
        number=number,
        title=title,
        purpose=purpose,
        questions="\n".join(line.strip() for line in questions.splitlines() if line.strip()),
        deadline=deadline,
        version=version,
        opened_by=user,
    )
    round_.full_clean()
    _record(round_, user)
    round_.save()
    invitations = [_invite(round_, organisation, user) for organisation in organisations]
    return RoundOutcome(round_, Result.CREATED, invitations)


def _invite(round_: Round, organisation: Organisation, user) -> Invitation:
    invitation = Invitation(round=round_, organisation=organisation)
    invitation.full_clean()
    _record(invitation, user)
    invitation.save()
    return invitation


@transaction.atomic
def organisation_add(*, programme: Programme, name: str, kind: str, user) -> Organisation:
    """Add an organisation to the list that rounds invite from, as a leader of
    `programme`'s working group."""
    _require_lead(user, programme)
    name = " ".join(name.split())
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("That organisation is already in the list: choose it there.")}
        )
    organisation = Organisation(name=name, kind=kind)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def invitation_add(*, round: Round, organisation: Organisation, user) -> InvitationOutcome:
    """Invite one more organisation to an open round (an organisation already invited
    is left as it is). Its reviewers are added with `invitations.reviewer_invite`."""
    _require_lead(user, round.programme)
    existing = Invitation.objects.filter(round=round, organisation=organisation).first()
    if existing is not None:
        return InvitationOutcome(existing, Result.UNCHANGED)
    if not round.is_open():
        raise ValidationError(_("The round is closed: no more organisations can be invited."))
    return InvitationOutcome(_invite(round, organisation, user), Result.CREATED)


@transaction.atomic
def round_close(*, round: Round, user, version: int | None = None) -> RoundOutcome:
    """Close an open round before its deadline: reviewers can change nothing after this.
    `version` is the round's edit version the leader read (by default, as it is now)."""
    _require_lead(user, round.programme)
    if not round.is_open():
        raise ValidationError(_("The round is already closed."))
    round.closed_at = timezone.now()
    _round_save(round, user=user, version=round.lock_version if version is None else version)
    return RoundOutcome(round, Result.CLOSED)


def _answerable(comment: Comment) -> None:
    if comment.kind == Comment.Kind.NONE:
        raise ValidationError(_("A part marked “no comments” needs no answer."))
    if comment.invitation.submitted_at is None:
        raise ValidationError(
            _("The organisation has not submitted its response: its comments are not answered.")
        )
    if comment.invitation.round.compilation_published_at is not None:
        raise ValidationError(
            _("The compilation is published. Withdraw it before changing an answer.")
        )


def part_changes(part, round_: Round) -> QuerySet[Version]:
    """The recorded changes of the part's object since the round opened, newest first:
    what an answer may name as the change made in the draft."""
    prefix, _sep, _pk = part.key.partition(":")
    model = KEY_MODELS.get(prefix)
    if model is None or part.object_id is None:
        return Version.objects.none()
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=part.object_id,
        created_at__gte=round_.opened_at,
    ).select_related("user")


@transaction.atomic
def answer_save(
    *,
    comment: Comment,
    user,
    verdict: str,
    reason: str,
    change: Version | None = None,
    version: int | None = None,
) -> AnswerOutcome:
    """The working group's answer to a submitted comment: accepted, partly or not, why,
    and the recorded change of the part's object that carried it out (one made after
    the round opened). `version` is the answer's edit version the member read (None:
    there was no answer yet); if someone else answered in between, `EditConflict` is
    raised with their answer, and nothing is saved."""
    round_ = comment.invitation.round
    _require_member(user, round_.programme)
    _answerable(comment)
    if change is not None and not part_changes(comment.part, round_).filter(pk=change.pk).exists():
        raise ValidationError(
            {"change": _("Choose a change of this part made after the round opened.")}
        )
    answer = Answer.objects.filter(comment=comment).first()
    created = answer is None
    if created:
        answer = Answer(comment=comment)
    elif (
        answer.verdict == verdict
        and answer.reason == reason
        and answer.change_id == (change.pk if change else None)
        and answer.lock_version == version
    ):
        return AnswerOutcome(answer, Result.UNCHANGED)
    answer.verdict, answer.reason, answer.change = verdict, reason, change
    answer.answered_by = user
    try:
        with transaction.atomic():
            versioned_save(answer, actor=user, version=version)
    except IntegrityError as error:
        # Someone else answered the comment first, after this person read it.
        raise EditConflict(Answer.objects.filter(comment=comment).first()) from error
    return AnswerOutcome(answer, Result.CREATED if created else Result.CHANGED)


def publishable(round_: Round) -> str | None:
    """Why the round's compilation may not be published now (None: it may)."""
    programme = round_.programme
    if round_.is_open():
        return _("The round is still open: publish the compilation once it has closed.")
    if programme.status not in PUBLISHABLE or not programme.published:
        return _("The compilation can be published once the programme is established and public.")
    return None


@transaction.atomic
def compilation_publish(*, round: Round, user) -> RoundOutcome:
    """Put the round's compilation on the public site: the comments of the organisations
    that responded, with the group's answers, naming organisations and never people.
    Only for a round that has closed, of a programme that is public and established
    (or under review)."""
    _require_lead(user, round.programme)
    if round.compilation_published_at is not None:
        return RoundOutcome(round, Result.UNCHANGED)
    reason = publishable(round)
    if reason:
        raise ValidationError(reason)
    round.compilation_published_at = timezone.now()
    round.compilation_published_by = user
    _round_save(round, user=user, version=round.lock_version)
    page_cache.content_changed()
    return RoundOutcome(round, Result.PUBLISHED)


@transaction.atomic
def compilation_withdraw(*, round: Round, user) -> RoundOutcome:
    """Take the round's compilation off the public site."""
    _require_lead(user, round.programme)
    if round.compilation_published_at is None:
        raise ValidationError(_("The compilation is not published."))
    round.compilation_published_at = None
    round.compilation_published_by = None
    _round_save(round, user=user, version=round.lock_version)
    page_cache.content_changed()
    return RoundOutcome(round, Result.WITHDRAWN)
