"""The working group's meetings: one meeting's page, and keeping them (leaders only)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.crumbs import crumb

from ...models import Meeting
from ...services.process import meeting_delete as meeting_remove
from ...services.process import meeting_save
from . import reads
from .common import (
    Work,
    add_errors,
    conflict_details,
    group_view,
    posted_version,
    refreshed,
    work_of,
)
from .forms import MeetingForm

#: The page of the group's work a meeting of each kind concerns.
CONCERNS = {
    Meeting.Kind.INDICATORS: ("consultation:indicator_checks", gettext_lazy("Indicator checks")),
    Meeting.Kind.PRACTICAL_TEST: ("consultation:practical_tests", gettext_lazy("Practical test")),
    Meeting.Kind.DISSEMINATION: ("consultation:dissemination", gettext_lazy("Dissemination plan")),
    Meeting.Kind.SELF_EVALUATION: ("consultation:self_evaluation", gettext_lazy("Self-evaluation")),
}


def _timeline_url(programme) -> str:
    return reverse("consultation:programme", args=[programme.slug]) + "#meetings"


def _meeting(work: Work, pk: int) -> Meeting:
    meeting = reads.meeting_of(work.programme, pk)
    if meeting is None:
        raise Http404
    return meeting


def concerns(meeting: Meeting) -> list[tuple[str, str]]:
    """Links to what the meeting concerns: the round it discusses, the page of its kind."""
    links = []
    if meeting.round is not None:
        links.append(
            (
                reverse("consultation:round", args=[meeting.programme.slug, meeting.round.number]),
                meeting.round.title,
            )
        )
    if meeting.kind in CONCERNS:
        name, label = CONCERNS[meeting.kind]
        links.append((reverse(name, args=[meeting.programme.slug]), str(label)))
    return links


@group_view
def meeting(request, slug, pk):
    work = work_of(request, slug)
    found = _meeting(work, pk)
    found.programme = work.programme
    found.when_class, found.when_word = reads.when(found.date)
    return render(
        request,
        "consultation/process/meeting.html",
        work.context(crumb(str(found)), meeting=found, concerns=concerns(found)),
    )


@group_view
def meeting_new(request, slug):
    work = work_of(request, slug, lead=True)
    return _meeting_form(request, work, None)


@group_view
def meeting_edit(request, slug, pk):
    work = work_of(request, slug, lead=True)
    return _meeting_form(request, work, _meeting(work, pk))


def _meeting_form(request, work: Work, instance: Meeting | None):
    programme = work.programme
    data = request.POST if request.method == "POST" else None
    initial = {}
    if instance is None and request.GET.get("kind") in Meeting.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(
        data,
        instance=instance or Meeting(programme=programme),
        programme=programme,
        initial=initial,
    )
    conflict, status = None, 200
    if data is not None:
        status = 400
        if form.is_valid():
            outcome = meeting_save(
                programme=programme,
                user=request.user,
                data=form.values(),
                meeting=instance,
                version=form.read_version,
            )
            if outcome.ok:
                messages.success(request, _("The meeting has been saved."))
                return redirect(
                    reverse("consultation:meeting", args=[programme.slug, outcome.obj.pk])
                )
            if outcome.conflict:
                status = 409
                conflict = conflict_details(form, outcome.current)
                if outcome.current is not None:
                    form = refreshed(MeetingForm, request, outcome.current, programme=programme)
            else:
                add_errors(form, outcome.error)
    title = _("Change the meeting") if instance else _("New meeting")
    more = (
        [crumb(str(instance), reverse("consultation:meeting", args=[programme.slug, instance.pk]))]
        if instance
        else []
    )
    return render(
        request,
        "consultation/process/meeting_form.html",
        work.context(
            *more,
            crumb(title),
            form=form,
            title=title,
            conflict=conflict,
            meeting=instance,
            back_url=reverse("consultation:meeting", args=[programme.slug, instance.pk])
            if instance
            else _timeline_url(programme),
        ),
        status=status,
    )


@group_view
def meeting_delete(request, slug, pk):
    work = work_of(request, slug, lead=True)
    found = _meeting(work, pk)
    conflict = False
    if request.method == "POST":
        outcome = meeting_remove(meeting=found, user=request.user, version=posted_version(request))
        if outcome.ok or (outcome.conflict and outcome.current is None):
            messages.success(request, _("The meeting has been deleted."))
            return redirect(_timeline_url(work.programme))
        conflict = True
        found = _meeting(work, pk)
    return render(
        request,
        "consultation/process/confirm_delete.html",
        work.context(
            crumb(str(found), reverse("consultation:meeting", args=[slug, found.pk])),
            crumb(_("Delete")),
            object=found,
            version=found.lock_version,
            conflict=conflict,
            explanation=_(
                "The meeting is deleted from the timeline. Its history keeps a record of it."
            ),
            back_url=reverse("consultation:meeting", args=[slug, found.pk]),
        ),
        status=409 if conflict else 200,
    )
