"""Changing and deleting one of the organisation's comments, and marking a part as having
no comments (which deletes the organisation's comments on it, once confirmed). Two
reviewers of the same organisation at once: the second gets a 409 page with their text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.versioning import EditConflict

from ...models import Comment, Invitation
from ...services.review import ReviewRefused, comment_delete, comment_save, part_no_comments
from .common import (
    add_errors,
    invitation_for,
    part_of,
    part_url,
    read_only_reason,
    refused,
    refused_now,
    review_crumbs,
    reviewer_view,
    round_url,
)
from .forms import CommentForm


def _comments_on(invitation: Invitation, part) -> list[Comment]:
    """The organisation's comments on the part (not its "no comments" mark)."""
    return list(
        Comment.objects.filter(invitation=invitation, part=part)
        .exclude(kind=Comment.Kind.NONE)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def _seen(request) -> dict[int, int]:
    """The comments (id: lock version) the confirmation page showed."""
    seen = {}
    for value in request.POST.getlist("seen"):
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and version.isdigit() and len(pk) < 19 and len(version) < 10:
            seen[int(pk)] = int(version)
    return seen


@reviewer_view(limited=True)
def review_no_comments(request, pk, part_pk):
    """Mark the part as having no comments from the organisation. If it has comments on
    it, they are listed first and deleted only once the reviewer confirms."""
    invitation = invitation_for(request.user, pk)
    part = part_of(invitation, part_pk)
    comments = _comments_on(invitation, part)
    if request.method == "POST" and (closed := refused_now(request, invitation)):
        return closed
    conflict = False
    if request.method == "POST" and (not comments or request.POST.get("confirm")):
        try:
            outcome = part_no_comments(
                invitation=invitation,
                part=part,
                user=request.user,
                seen=_seen(request) if request.POST.get("confirm") else {},
            )
        except ReviewRefused as error:
            return refused(request, invitation, error)
        except EditConflict:
            conflict = True
            comments = _comments_on(invitation, part)
        else:
            if outcome.removed:
                text = _(
                    "The part is marked as having no comments, and the comments on it are deleted."
                )
            else:
                text = _("The part is marked as having no comments.")
            messages.success(request, text)
            return redirect(round_url(invitation) + f"#part-{part.pk}")
    if request.method != "POST" and not comments:
        return redirect(part_url(invitation, part))
    return render(
        request,
        "consultation/review/no_comments.html",
        {
            "invitation": invitation,
            "part": part,
            "comments": comments,
            "conflict": conflict,
            "read_only": read_only_reason(invitation),
            "back_url": part_url(invitation, part),
            "breadcrumbs": review_crumbs(
                invitation,
                crumb(part.title, part_url(invitation, part)),
                crumb(_("No comments")),
            ),
        },
        status=409 if conflict else 200,
    )


def _comment(invitation: Invitation, comment_pk: int) -> Comment | None:
    return (
        Comment.objects.filter(invitation=invitation, pk=comment_pk).select_related("part").first()
    )


def _deleted_here(invitation: Invitation, comment_pk: int) -> bool:
    """Whether the organisation's comment `comment_pk` existed and has been deleted."""
    return Comment.history.filter(
        id=comment_pk, invitation_id=invitation.pk, history_type="-"
    ).exists()


@reviewer_view(limited=True)
def review_comment_edit(request, pk, comment_pk):
    """Change one of the organisation's comments. If a colleague saved it after this
    reviewer opened it, nothing is saved and the page shows both (409)."""
    invitation = invitation_for(request.user, pk)
    comment = _comment(invitation, comment_pk)
    if comment is None or comment.kind == Comment.Kind.NONE:
        if request.method == "POST" and comment is None and _deleted_here(invitation, comment_pk):
            return _gone(request, invitation, CommentForm(request.POST))
        raise Http404
    if request.method == "POST" and (closed := refused_now(request, invitation)):
        return closed
    part = comment.part
    form = CommentForm(request.POST if request.method == "POST" else None, instance=comment)
    conflict, status = None, None
    if request.method == "POST" and form.is_valid():
        try:
            comment_save(
                invitation=invitation,
                part=part,
                user=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                proposal=form.cleaned_data["proposal"],
                comment=form.instance,
                version=form.read_version,
            )
        except ReviewRefused as error:
            return refused(request, invitation, error)
        except ValidationError as error:
            add_errors(form, error)
        except EditConflict as error:
            if error.current is None:
                return _gone(request, invitation, form)
            conflict = _conflict(error.current, form)
            form = _refreshed(request, error.current)
            status = 409
        else:
            messages.success(request, _("The comment is saved."))
            return redirect(part_url(invitation, part) + "#comments")
    return render(
        request,
        "consultation/review/comment_form.html",
        {
            "invitation": invitation,
            "part": part,
            "comment": comment,
            "form": form,
            "conflict": conflict,
            "read_only": read_only_reason(invitation),
            "back_url": part_url(invitation, part),
            "breadcrumbs": review_crumbs(
                invitation,
                crumb(part.title, part_url(invitation, part)),
                crumb(_("Edit the comment")),
            ),
        },
        status=status or (400 if form.is_bound and form.errors else 200),
    )


def _conflict(current: Comment, form) -> dict:
    """Who saved the comment after this reviewer opened it, when, and where it differs."""
    record = current.history.select_related("history_user").order_by("-history_date").first()
    differences = []
    for name in ("kind", "text", "proposal"):
        mine = form.cleaned_data.get(name, "")
        if (getattr(current, name) or "") != (mine or ""):
            differences.append(
                {
                    "label": form.fields[name].label,
                    "saved": current.get_kind_display()
                    if name == "kind"
                    else getattr(current, name),
                    "mine": dict(form.fields["kind"].choices).get(mine, mine)
                    if name == "kind"
                    else mine,
                }
            )
    return {
        "by": record.history_user if record else None,
        "at": record.history_date if record else current.updated_at,
        "differences": differences,
    }


def _refreshed(request, current: Comment) -> CommentForm:
    """The reviewer's text again, now carrying the saved version: saving once more keeps
    theirs over the colleague's."""
    data = request.POST.copy()
    data["version"] = str(current.lock_version)
    form = CommentForm(data, instance=current)
    form.is_valid()
    return form


def _gone(request, invitation: Invitation, form):
    """A colleague deleted the comment this reviewer was changing: show what they wrote."""
    sent = [
        (field.label, request.POST.get(name, ""))
        for name, field in form.fields.items()
        if name in ("text", "proposal") and request.POST.get(name)
    ]
    return render(
        request,
        "consultation/review/gone.html",
        {
            "invitation": invitation,
            "sent": sent,
            "back_url": round_url(invitation),
            "breadcrumbs": review_crumbs(invitation, crumb(_("Deleted"))),
        },
        status=409,
    )


@reviewer_view(limited=True)
def review_comment_delete(request, pk, comment_pk):
    """Delete one of the organisation's comments, or its "no comments" mark on a part."""
    invitation = invitation_for(request.user, pk)
    comment = _comment(invitation, comment_pk)
    if comment is None:
        raise Http404
    if request.method == "POST" and (closed := refused_now(request, invitation)):
        return closed
    part = comment.part
    conflict = False
    if request.method == "POST":
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() and len(raw) < 10 else 0
        try:
            comment_delete(
                invitation=invitation, comment=comment, user=request.user, version=version
            )
        except ReviewRefused as error:
            return refused(request, invitation, error)
        except EditConflict as error:
            if error.current is None:
                messages.info(request, _("It had already been deleted."))
                return redirect(part_url(invitation, part))
            comment, conflict = error.current, True
        else:
            if comment.kind == Comment.Kind.NONE:
                messages.success(request, _("The part is no longer marked as having no comments."))
            else:
                messages.success(request, _("The comment is deleted."))
            return redirect(part_url(invitation, part) + "#comments")
    return render(
        request,
        "consultation/review/comment_delete.html",
        {
            "invitation": invitation,
            "part": part,
            "comment": comment,
            "conflict": conflict,
            "read_only": read_only_reason(invitation),
            "back_url": part_url(invitation, part),
            "breadcrumbs": review_crumbs(
                invitation,
                crumb(part.title, part_url(invitation, part)),
                crumb(_("Delete")),
            ),
        },
        status=409 if conflict else 200,
    )
