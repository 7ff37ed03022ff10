"""The reviewers' pages: their consultations, a round's version as a document, one part
with the organisation's comments on it and a form to add one, and submitting the response
(changing, deleting and "no comments": `comments.py`).

Reviewers see only the rounds their organisations are invited to (anything else is 404);
once the response is submitted, or the round is closed or past its deadline, the pages
are read-only and every write is refused (403 or 409, `services.review.ReviewRefused`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programmes.crumbs import crumb

from ...access import reviewer_invitations
from ...models import Comment, Invitation, Part
from ...rendering import part_for_display, parts_for_display
from ...services.review import ReviewRefused, comment_save, response_submit
from .common import (
    PartState,
    add_errors,
    invitation_for,
    part_of,
    part_states,
    part_url,
    read_only_reason,
    refused,
    refused_now,
    review_crumbs,
    reviewer_view,
    round_url,
)
from .forms import CommentForm


@reviewer_view
def review_list(request):
    """The rounds the user's organisations are invited to, newest first."""
    invitations = list(reviewer_invitations(request.user))
    counts: dict[int, int] = {}
    rows = (
        Comment.objects.filter(invitation__in=invitations)
        .exclude(kind=Comment.Kind.NONE)
        .order_by()
        .values_list("invitation_id", flat=True)
    )
    for invitation_id in rows:
        counts[invitation_id] = counts.get(invitation_id, 0) + 1
    for invitation in invitations:
        invitation.comment_count = counts.get(invitation.pk, 0)
    return render(
        request,
        "consultation/review/list.html",
        {"invitations": invitations, "breadcrumbs": review_crumbs()[:1]},
    )


@reviewer_view
def review_round(request, pk):
    """The round: its purpose, questions and deadline, and its version as one document,
    each part with the organisation's state and a link to comment on it."""
    invitation = invitation_for(request.user, pk)
    parts = parts_for_display(
        Part.objects.filter(version_id=invitation.round.version_id).order_by("position"),
        heading=2,
    )
    states = part_states(invitation)
    totals = {"commented": 0, "none": 0, "open": 0, "comments": 0}
    for part in parts:
        part.state = states.get(part.pk) or PartState()
        totals[part.state.key] += 1
        totals["comments"] += part.state.comments
    return render(
        request,
        "consultation/review/round.html",
        {
            "invitation": invitation,
            "round": invitation.round,
            "parts": parts,
            "totals": totals,
            "read_only": read_only_reason(invitation),
            "breadcrumbs": review_crumbs(invitation),
        },
    )


def _neighbours(invitation: Invitation, part: Part) -> tuple[dict | None, dict | None]:
    """The parts before and after `part` in the version (one query of titles only)."""
    rows = list(
        Part.objects.filter(version_id=invitation.round.version_id)
        .order_by("position")
        .only("pk", "title_sv", "title_en", "position")
    )
    index = next(i for i, row in enumerate(rows) if row.pk == part.pk)

    def shown(row):
        return {"title": row.title, "url": part_url(invitation, row)} if row else None

    before = rows[index - 1] if index > 0 else None
    after = rows[index + 1] if index + 1 < len(rows) else None
    return shown(before), shown(after)


@reviewer_view(limited=True)
def review_part(request, pk, part_pk):
    """One part as it will look, the organisation's comments on it, and a form to add
    one (or to say the organisation has none)."""
    invitation = invitation_for(request.user, pk)
    part = part_of(invitation, part_pk)
    if request.method == "POST" and (closed := refused_now(request, invitation)):
        return closed
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                outcome = comment_save(
                    invitation=invitation,
                    part=part,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    proposal=form.cleaned_data["proposal"],
                )
            except ReviewRefused as error:
                return refused(request, invitation, error)
            except ValidationError as error:
                add_errors(form, error)
            else:
                text = _(
                    "Your comment is saved. You can change it until the response is submitted."
                )
                if outcome.removed:
                    text += " " + _("The part is no longer marked as having no comments.")
                messages.success(request, text)
                return redirect(part_url(invitation, part) + "#comments")
    return _part_page(request, invitation, part, form)


def _part_page(request, invitation, part, form, status=None):
    part_for_display(part, heading=1)
    read_only = read_only_reason(invitation)
    comments = list(
        Comment.objects.filter(invitation=invitation, part=part)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    before, after = _neighbours(invitation, part)
    return render(
        request,
        "consultation/review/part.html",
        {
            "invitation": invitation,
            "round": invitation.round,
            "part": part,
            "comments": [row for row in comments if row.kind != Comment.Kind.NONE],
            "none_mark": next((row for row in comments if row.kind == Comment.Kind.NONE), None),
            "form": form,
            "read_only": read_only,
            "can_write": not read_only,
            "previous": before,
            "next": after,
            "breadcrumbs": review_crumbs(invitation, crumb(part.title)),
        },
        status=status or (400 if form.is_bound and form.errors else 200),
    )


@reviewer_view(limited=True)
def review_submit(request, pk):
    """What the response holds, and the button that submits it, once."""
    invitation = invitation_for(request.user, pk)
    if request.method == "POST":
        try:
            response_submit(invitation=invitation, user=request.user)
        except ReviewRefused as error:
            return refused(request, invitation, error)
        messages.success(
            request,
            _("Your organisation's response is submitted. Thank you! It can no longer be changed."),
        )
        return redirect(round_url(invitation))
    parts = list(
        Part.objects.filter(version_id=invitation.round.version_id)
        .order_by("position")
        .only("pk", "title_sv", "title_en", "position")
    )
    states = part_states(invitation)
    totals = {"commented": 0, "none": 0, "open": 0, "comments": 0}
    open_parts = []
    for part in parts:
        state = states.get(part.pk) or PartState()
        totals[state.key] += 1
        totals["comments"] += state.comments
        if state.key == "open":
            open_parts.append({"title": part.title, "url": part_url(invitation, part)})
    return render(
        request,
        "consultation/review/submit.html",
        {
            "invitation": invitation,
            "round": invitation.round,
            "totals": totals,
            "open_parts": open_parts,
            "read_only": read_only_reason(invitation),
            "breadcrumbs": review_crumbs(invitation, crumb(_("Submit the response"))),
        },
    )
