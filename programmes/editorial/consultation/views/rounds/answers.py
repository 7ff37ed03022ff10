"""One part of a round's version as the group answers it: the frozen text, every submitted
comment on it (organisation and reviewer named), and an answer form for each."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.versioning import EditConflict

from ...compilation import answer_of, earlier_round, part_diffs
from ...models import Answer, Comment, Part
from ...rendering import part_for_display
from ...services.rounds import answer_save, part_changes
from .common import add_errors, group_place, group_view, round_crumbs, round_url
from .forms import AnswerForm


def part_comments(part: Part) -> list[Comment]:
    """The comments of submitted responses on `part`, with their organisation, reviewer,
    answer and the answer's change, in one query."""
    return list(
        Comment.objects.filter(part=part, invitation__submitted_at__isnull=False)
        .select_related(
            "invitation__organisation", "author", "answer__answered_by", "answer__change"
        )
        .order_by("invitation__organisation__name", "pk")
    )


def _conflict(current: Answer | None) -> dict:
    """Who answered the comment in between, when, and how (their answer is shown)."""
    if current is None:
        return {"deleted": True}
    record = current.history.select_related("history_user").order_by("-history_date").first()
    return {
        "deleted": False,
        "answer": current,
        "by": record.history_user if record else current.answered_by,
        "at": record.history_date if record else current.answered_at,
    }


@group_view
def round_part(request, slug, number, part_pk):
    place = group_place(request, slug, number)
    round_ = place.round
    # The titles of every part, for the links to the part before and after this one.
    parts = list(
        Part.objects.filter(version_id=round_.version_id)
        .only("pk", "position", "title_sv", "title_en")
        .order_by("position")
    )
    index = next((i for i, part in enumerate(parts) if part.pk == part_pk), None)
    if index is None:
        raise Http404("No such part in this round")
    part = Part.objects.get(pk=part_pk)
    comments = part_comments(part)
    changes = list(part_changes(part, round_))
    unsubmitted = (
        Comment.objects.filter(part=part, invitation__round=round_)
        .filter(invitation__submitted_at__isnull=True)
        .exclude(kind=Comment.Kind.NONE)
        .count()
    )
    bound, conflict, status = None, None, 200
    if request.method == "POST":
        pk = request.POST.get("comment", "")
        comment = next((c for c in comments if str(c.pk) == pk), None)
        if comment is None:
            raise Http404("No such submitted comment on this part")
        comment.invitation.round = round_
        bound = AnswerForm(request.POST, prefix=f"c{comment.pk}", changes=changes)
        if bound.is_valid():
            try:
                answer_save(
                    comment=comment,
                    user=request.user,
                    verdict=bound.cleaned_data["verdict"],
                    reason=bound.cleaned_data["reason"],
                    change=bound.cleaned_data["change"],
                    version=bound.read_version,
                )
            except EditConflict as error:
                conflict, status = _conflict(error.current), 409
                data = request.POST.copy()
                if error.current is not None:
                    data[bound.add_prefix("version")] = str(error.current.lock_version)
                bound = AnswerForm(data, prefix=f"c{comment.pk}", changes=changes)
                bound.is_valid()
                comment.conflict = conflict
            except ValidationError as error:
                add_errors(bound, error)
                status = 400
            else:
                messages.success(request, _("The answer has been saved."))
                return redirect(round_url(round_, "round_part", part.pk) + f"#comment-{pk}")
        else:
            status = 400
        comment.form = bound
    for comment in comments:
        comment.answer_shown = answer_of(comment)
        if comment.kind != Comment.Kind.NONE and not hasattr(comment, "form"):
            comment.form = AnswerForm(
                prefix=f"c{comment.pk}", changes=changes, answer=answer_of(comment)
            )
    earlier = earlier_round(round_)
    diffs, new_part = None, False
    if earlier is not None:
        before = Part.objects.filter(version_id=earlier.version_id, key=part.key).first()
        new_part = before is None
        if before is not None and before.texts != part.texts:
            diffs = part_diffs(before, part, request.LANGUAGE_CODE[:2])
    return render(
        request,
        "consultation/rounds/part_detail.html",
        {
            "work_programme": place.programme,
            "round": round_,
            "part": part_for_display(part, heading=3),
            "previous": parts[index - 1] if index > 0 else None,
            "next": parts[index + 1] if index + 1 < len(parts) else None,
            "comments": comments,
            "no_comments": [c for c in comments if c.kind == Comment.Kind.NONE],
            "answerable": [c for c in comments if c.kind != Comment.Kind.NONE],
            "unsubmitted_comments": unsubmitted,
            "published": round_.compilation_published_at is not None,
            "changes_available": bool(changes),
            "earlier": earlier,
            "diffs": diffs,
            "new_part": new_part,
            "bound": bound,
            "breadcrumbs": round_crumbs(place, crumb(part.title)),
        },
        status=status,
    )
