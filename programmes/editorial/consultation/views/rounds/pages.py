"""Opening a round, and a round's page: its state, purpose and questions, the invited
organisations with their reviewers and responses, the parts with their comments counted,
and what changed since the previous round. The group's leaders also invite organisations
and reviewers, send an invitation again and close the round here."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.crumbs import crumb
from programmes.versioning import EditConflict

from ...compilation import changes_since
from ...invitations import invitation_resend, reviewer_invite
from ...models import Comment, Invitation, Part, Reviewer, Round
from ...services.rounds import (
    invitation_add,
    open_round,
    organisation_add,
    round_close,
    round_open,
)
from .common import (
    Place,
    add_errors,
    group_place,
    group_view,
    refusal,
    round_crumbs,
    round_url,
    status_for,
)
from .forms import InviteForm, ReviewerForm, RoundForm

#: A round's page shows these counts of each part's comments (submitted responses only).
SUBMITTED = Q(comments__invitation__submitted_at__isnull=False) & ~Q(
    comments__kind=Comment.Kind.NONE
)


@group_view
def round_new(request, slug):
    """Open a round on the draft as it stands: the leaders only."""
    place = group_place(request, slug, lead=True)
    programme = place.programme
    number = programme.consultation_rounds.count() + 1
    initial = {
        "title": _("Consultation round %(number)s") % {"number": number},
        "deadline": timezone.localdate() + datetime.timedelta(days=30),
    }
    form = RoundForm(request.POST or None, programme=programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                organisations = list(data["organisations"])
                new = form.new_organisation_instance()
                if new is not None:
                    organisations.append(
                        organisation_add(
                            programme=programme, name=new.name, kind=new.kind, user=request.user
                        )
                    )
                outcome = round_open(
                    programme=programme,
                    user=request.user,
                    title=data["title"],
                    purpose=data["purpose"],
                    questions=data["questions"],
                    deadline=data["deadline"],
                    organisations=organisations,
                    sections=list(data["sections"]),
                    pathways=list(data["pathways"]),
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Round %(number)s is open. Add the reviewers of each organisation below.")
                % {"number": outcome.round.number},
            )
            return redirect(round_url(outcome.round))
    return render(
        request,
        "consultation/rounds/round_form.html",
        {
            "work_programme": programme,
            "still_open": open_round(programme),
            "form": form,
            "breadcrumbs": round_crumbs(place, crumb(_("New consultation round"))),
        },
        status=status_for(form),
    )


def round_invitations(round_: Round) -> list[Invitation]:
    """The invited organisations with their reviewers and the number of comments they
    have saved (parts marked "no comments" left out), in two queries."""
    return list(
        Invitation.objects.filter(round=round_)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("reviewers", Reviewer.objects.select_related("user").order_by("user__email"))
        )
        .annotate(comment_count=Count("comments", filter=~Q(comments__kind=Comment.Kind.NONE)))
        .order_by("organisation__name")
    )


def round_parts(round_: Round) -> list[Part]:
    """The version's parts with the number of submitted comments on each and how many
    of them are answered, in one query."""
    return list(
        Part.objects.filter(version_id=round_.version_id)
        .annotate(
            comment_count=Count("comments", filter=SUBMITTED, distinct=True),
            answered_count=Count(
                "comments", filter=SUBMITTED & Q(comments__answer__isnull=False), distinct=True
            ),
        )
        .order_by("position")
    )


def _round_page(request, place: Place, *, status: int = 200, **forms):
    round_ = place.round
    invitations = round_invitations(round_)
    parts = round_parts(round_)
    changes = changes_since(round_, parts)
    if place.leads:
        forms.setdefault(
            "invite_form",
            InviteForm(invited_ids=[invitation.organisation_id for invitation in invitations]),
        )
        bound = forms.get("reviewer_form")
        for invitation in invitations:
            if bound is not None and bound.prefix == f"i{invitation.pk}":
                invitation.reviewer_form = bound
            else:
                invitation.reviewer_form = ReviewerForm(prefix=f"i{invitation.pk}")
    unsubmitted = sum(
        invitation.comment_count for invitation in invitations if not invitation.submitted_at
    )
    return render(
        request,
        "consultation/rounds/round_detail.html",
        {
            "work_programme": place.programme,
            "round": round_,
            "leads": place.leads,
            "is_open": round_.is_open(),
            "invitations": invitations,
            "submitted": sum(1 for invitation in invitations if invitation.submitted_at),
            "unsubmitted_comments": unsubmitted,
            "parts": parts,
            "changes": changes,
            "breadcrumbs": round_crumbs(place)[:-1] + [crumb(round_.title)],
            **forms,
        },
        status=status,
    )


@group_view
def round_detail(request, slug, number):
    place = group_place(request, slug, number)
    return _round_page(request, place)


@require_POST
@group_view
def round_invite(request, slug, number):
    """Invite one more organisation, chosen from the list or named as a new one."""
    place = group_place(request, slug, number, lead=True)
    round_ = place.round
    invited = Invitation.objects.filter(round=round_).values_list("organisation_id", flat=True)
    form = InviteForm(request.POST, invited_ids=list(invited))
    if form.is_valid():
        try:
            with transaction.atomic():
                organisation = form.cleaned_data["organisation"]
                new = form.new_organisation_instance()
                if new is not None:
                    organisation = organisation_add(
                        programme=place.programme, name=new.name, kind=new.kind, user=request.user
                    )
                invitation_add(round=round_, organisation=organisation, user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(organisation)s is invited. Add its reviewers below.")
                % {"organisation": organisation.name},
            )
            return redirect(round_url(round_) + "#organisations")
    return _round_page(request, place, invite_form=form, status=status_for(form))


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _mailed(request, outcome, email: str, sent: str) -> None:
    if outcome.mailed:
        messages.success(request, sent % {"email": email})
    else:
        messages.warning(
            request,
            _(
                "%(email)s is a reviewer now, but the mail could not be sent. "
                "Try sending the invitation again later."
            )
            % {"email": email},
        )


@require_POST
@group_view
def round_reviewer_add(request, slug, number):
    """Add a reviewer to an invited organisation, by e-mail: they get a link to set a
    password and read the round."""
    place = group_place(request, slug, number, lead=True)
    pk = request.POST.get("invitation", "")
    invitation = (
        Invitation.objects.filter(round=place.round, pk=pk).select_related("organisation").first()
        if pk.isdigit() and len(pk) < 10
        else None
    )
    if invitation is None:
        raise Http404("No such invitation in this round")
    invitation.round = place.round
    form = ReviewerForm(request.POST, prefix=f"i{invitation.pk}")
    if form.is_valid():
        if not place.round.is_open():
            form.add_error(None, _("The round is closed: no more reviewers can be invited."))
        else:
            email = form.cleaned_data["email"]
            try:
                outcome = reviewer_invite(
                    invitation=invitation,
                    email=email,
                    name=form.cleaned_data["name"],
                    invited_by=request.user,
                    base_url=_base_url(request),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                _mailed(request, outcome, email, _("The invitation has been sent to %(email)s."))
                return redirect(round_url(place.round) + f"#invitation-{invitation.pk}")
    return _round_page(request, place, reviewer_form=form, status=400)


@require_POST
@group_view
def round_reviewer_resend(request, slug, number, reviewer_pk):
    """Send a reviewer's invitation again, with a new link."""
    place = group_place(request, slug, number, lead=True)
    reviewer = (
        Reviewer.objects.filter(pk=reviewer_pk, invitation__round=place.round)
        .select_related("user")
        .first()
    )
    if reviewer is None:
        raise Http404("No such reviewer in this round")
    if not place.round.is_open():
        messages.error(request, _("The round is closed: invitations are not sent again."))
        return _round_page(request, place, status=400)
    outcome = invitation_resend(reviewer=reviewer, base_url=_base_url(request))
    _mailed(
        request,
        outcome,
        reviewer.user.email,
        _("The invitation has been sent again to %(email)s."),
    )
    return redirect(round_url(place.round) + f"#invitation-{reviewer.invitation_id}")


@require_POST
@group_view
def round_close_view(request, slug, number):
    """Close the round before its deadline."""
    place = group_place(request, slug, number, lead=True)
    version = request.POST.get("version", "")
    try:
        round_close(
            round=place.round,
            user=request.user,
            version=int(version) if version.isdigit() and len(version) < 10 else 0,
        )
    except EditConflict:
        messages.error(
            request,
            _("Someone else changed the round after you opened the page. Look again first."),
        )
        place.round.refresh_from_db()
        return _round_page(request, place, status=409)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return _round_page(request, place, status=400)
    messages.success(request, _("The round is closed."))
    return redirect(round_url(place.round))
