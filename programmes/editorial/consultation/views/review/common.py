"""What the reviewers' pages share: login, no caching, the user's invitation, the state of
each part, refusals and rate limits."""

import functools
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from programmes.crumbs import crumb
from programmes.form_pages import address_key

from ...access import reviewer_invitations
from ...models import Comment, Invitation, Part
from ...services.review import ReviewRefused, refusal

LOGIN = "consultation:login"
#: Invited outsiders post these forms: at most this many a minute.
WRITE_RATE = "30/m"  # comments, "no comments", deletions and the submit, per user
WELCOME_RATE = "10/m"  # setting the password from the invitation link, per address
LOGIN_RATE = "10/m"  # logging in, per address (django-axes also counts failures)


def user_key(group, request) -> str:
    return (
        f"user:{request.user.pk}" if request.user.is_authenticated else address_key(group, request)
    )


def reviewer_view(view=None, *, limited: bool = False):
    """A page for logged-in people only (others go to the reviewers' login with `next`),
    never stored by a cache; with `limited`, its posts count against `WRITE_RATE`."""

    def wrap(view):
        inner = view
        if limited:
            # Counted without blocking (which would answer 403), then answered with 429.
            inner = ratelimit(
                group="consultation.review.write",
                key=user_key,
                rate=WRITE_RATE,
                method="POST",
                block=False,
            )(_answer_limited(view))
        return functools.wraps(view)(never_cache(login_required(inner, login_url=LOGIN)))

    return wrap(view) if view is not None else wrap


def _answer_limited(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and getattr(request, "limited", False):
            return too_many(request)
        return view(request, *args, **kwargs)

    return wrapped


def too_many(request):
    """Too many posts in a minute: say so, and when to try again (429)."""
    response = render(request, "consultation/review/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


def invitation_for(user, round_pk: int) -> Invitation:
    """The user's organisation's invitation to round `round_pk`, with what the pages
    show of it (one query); 404 for anyone not invited to it."""
    invitation = (
        reviewer_invitations(user)
        .select_related("round__version", "submitted_by")
        .filter(round_id=round_pk)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def part_of(invitation: Invitation, part_pk: int) -> Part:
    part = Part.objects.filter(version_id=invitation.round.version_id, pk=part_pk).first()
    if part is None:
        raise Http404
    return part


@dataclass
class PartState:
    """What the organisation has said about one part so far."""

    comments: int = 0
    none: bool = False

    @property
    def key(self) -> str:
        if self.comments:
            return "commented"
        return "none" if self.none else "open"


def part_states(invitation: Invitation) -> dict[int, PartState]:
    """Each part's state for the organisation, by part id (one query)."""
    states: dict[int, PartState] = {}
    rows = Comment.objects.filter(invitation=invitation).order_by().values_list("part_id", "kind")
    for part_id, kind in rows:
        state = states.setdefault(part_id, PartState())
        if kind == Comment.Kind.NONE:
            state.none = True
        else:
            state.comments += 1
    return states


def review_crumbs(invitation: Invitation | None = None, *more) -> list[dict]:
    crumbs = [crumb(_("My consultations"), reverse("consultation:review_list"))]
    if invitation is not None:
        crumbs.append(
            crumb(
                invitation.round.title,
                reverse("consultation:review_round", args=[invitation.round_id]),
            )
        )
    return crumbs + list(more)


def refused(request, invitation: Invitation, error: ReviewRefused):
    """A write that may not be made: why, with the status that fits."""
    return render(
        request,
        "consultation/review/refused.html",
        {
            "invitation": invitation,
            "reason": error.reason,
            "breadcrumbs": review_crumbs(invitation, crumb(_("Not saved"))),
        },
        status=error.status,
    )


def read_only_reason(invitation: Invitation) -> str:
    """Why the pages show the response read-only ("" while it can still change)."""
    found = refusal(invitation)
    return found.reason if found is not None else ""


def refused_now(request, invitation: Invitation):
    """The refusal page for a post to a response that can no longer change, else None
    (checked before the form, so that a closed round says so whatever was sent)."""
    found = refusal(invitation)
    return refused(request, invitation, found) if found is not None else None


def round_url(invitation: Invitation) -> str:
    return reverse("consultation:review_round", args=[invitation.round_id])


def part_url(invitation: Invitation, part: Part) -> str:
    return reverse("consultation:review_part", args=[invitation.round_id, part.pk])


def add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
