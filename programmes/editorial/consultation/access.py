"""Who may do what around a programme's draft.

- A **member** of the working group sees the group's pages: the meetings, the rounds and
  every comment, and answers comments, records practical tests and indicator checks,
  and writes the dissemination plan and the self-evaluation.
- The **chair** and the programme's **editors** lead: they also open and close rounds,
  invite organisations and reviewers, move the programme's status, keep the meetings
  and publish a round's compilation.
- A **reviewer** sees only the rounds their organisation is invited to, never the
  group's pages nor the Django admin.

Administrators and the portal's editors (staff who may publish programmes) may do
what a chair may, in every programme: they start a group where no one leads it yet.
"""

from django.db.models import QuerySet
from django.http import Http404

from programmes.models import Programme

from .models import Invitation, Member, Round

#: The right of the portal's editors (the Redaktör group) to publish programmes.
PUBLISH_PERMISSION = "programmes.publish_programme"


def oversees(user) -> bool:
    """Whether the user leads every programme's work: an administrator or an editor."""
    return user.is_authenticated and (
        user.is_superuser or (user.is_staff and user.has_perm(PUBLISH_PERMISSION))
    )


def membership(user, programme: Programme) -> Member | None:
    """The user's place in the programme's working group, if any."""
    if not user.is_authenticated:
        return None
    return Member.objects.filter(programme=programme, user=user).first()


def can_see_group(user, programme: Programme) -> bool:
    return oversees(user) or membership(user, programme) is not None


def leads(user, programme: Programme) -> bool:
    if oversees(user):
        return True
    member = membership(user, programme)
    return member is not None and member.leads


def group_programmes(user) -> QuerySet[Programme]:
    """The programmes whose working group the user belongs to (every one, for an
    administrator or an editor), in their order."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if oversees(user):
        return Programme.objects.all()
    return Programme.objects.filter(group_members__user=user).distinct()


def group_programme_or_404(user, slug: str, *, lead: bool = False) -> Programme:
    """The programme `slug` if the user is in its working group (leads it, with
    `lead`); otherwise 404, so that outsiders learn nothing of what exists."""
    programme = group_programmes(user).filter(slug=slug).first()
    if programme is None or (lead and not leads(user, programme)):
        raise Http404
    return programme


def reviewer_invitations(user) -> QuerySet[Invitation]:
    """The invitations the user answers as a reviewer, newest round first."""
    if not user.is_authenticated:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(reviewers__user=user)
        .select_related("round__programme", "organisation")
        .order_by("-round__opened_at", "organisation__name")
        .distinct()
    )


def invitation_or_404(user, round_pk: int) -> Invitation:
    """The user's organisation's invitation to round `round_pk`; 404 for anyone not
    invited to it."""
    invitation = reviewer_invitations(user).filter(round_id=round_pk).first()
    if invitation is None:
        raise Http404
    return invitation


def group_round_or_404(user, slug: str, number: int, *, lead: bool = False) -> Round:
    programme = group_programme_or_404(user, slug, lead=lead)
    found = Round.objects.filter(programme=programme, number=number).select_related(
        "programme", "version"
    )
    round_ = found.first()
    if round_ is None:
        raise Http404
    return round_
