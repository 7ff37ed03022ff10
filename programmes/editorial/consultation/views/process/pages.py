"""The start page of programme work, a programme's work page, moving its status and
keeping its working group's members."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.crumbs import crumb

from ... import access
from ...models import Member
from ...services.group import member_add, member_change, member_remove, status_move
from . import reads
from .common import Work, add_errors, group_view, status_for, work_of
from .forms import MemberAddForm, MemberForm, StatusMoveForm


@group_view
def home(request):
    """The person's working groups; a reviewer with no group goes to their rounds."""
    groups = reads.home_groups(request.user)
    if not groups and access.reviewer_invitations(request.user).exists():
        return redirect("consultation:review_list")
    return render(
        request,
        "consultation/process/home.html",
        {"groups": groups, "breadcrumbs": [crumb(_("Programme work"))]},
    )


def _programme_page(request, work: Work, *, status_form=None, member_form=None):
    programme = work.programme
    if work.leads:
        status_form = status_form or StatusMoveForm(programme=programme)
        member_form = member_form or MemberAddForm()
    return render(
        request,
        "consultation/process/programme.html",
        work.context(
            programme=programme,
            status_form=status_form,
            member_form=member_form,
            **reads.programme_reads(programme),
        ),
        status=status_for(status_form, member_form),
    )


@group_view
def programme(request, slug):
    return _programme_page(request, work_of(request, slug))


@require_POST
@group_view
def status(request, slug):
    """Move the programme's status (leaders only); the page again, with why, if refused."""
    work = work_of(request, slug, lead=True)
    form = StatusMoveForm(request.POST, programme=work.programme)
    if form.is_valid():
        outcome = status_move(
            programme=work.programme,
            to=form.cleaned_data["to"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        if outcome.ok:
            messages.success(
                request,
                _("The status is now “%(status)s”.")
                % {"status": work.programme.get_status_display()},
            )
            return redirect(reverse("consultation:programme", args=[slug]) + "#status")
        add_errors(form, outcome.error)
    return _programme_page(request, work, status_form=form)


@require_POST
@group_view
def member_new(request, slug):
    """Add someone to the working group (leaders only)."""
    work = work_of(request, slug, lead=True)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        outcome = member_add(
            programme=work.programme,
            user_to_add=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            represents=form.cleaned_data["represents"],
            by=request.user,
        )
        if outcome.ok:
            messages.success(
                request,
                _("%(name)s has been added to the working group.") % {"name": _name(outcome.obj)},
            )
            return redirect(reverse("consultation:programme", args=[slug]) + "#members")
        add_errors(form, outcome.error)
    return _programme_page(request, work, member_form=form)


def _name(member: Member) -> str:
    return member.user.get_full_name() or member.user.get_username()


def _member_of(work: Work, pk: int) -> Member:
    member = Member.objects.filter(programme=work.programme, pk=pk).select_related("user").first()
    if member is None:
        raise Http404
    return member


@group_view
def member_edit(request, slug, pk):
    """Change a member's role or whom they represent (leaders only)."""
    work = work_of(request, slug, lead=True)
    member = _member_of(work, pk)
    form = MemberForm(
        request.POST if request.method == "POST" else None,
        initial={"role": member.role, "represents": member.represents},
    )
    if request.method == "POST" and form.is_valid():
        outcome = member_change(
            member=member,
            role=form.cleaned_data["role"],
            represents=form.cleaned_data["represents"],
            by=request.user,
        )
        if outcome.ok:
            messages.success(request, _("The member has been saved."))
            return redirect(reverse("consultation:programme", args=[slug]) + "#members")
        add_errors(form, outcome.error)
    title = _("Change %(name)s in the working group") % {"name": _name(member)}
    return render(
        request,
        "consultation/process/member_form.html",
        work.context(crumb(title), form=form, member_shown=member, title=title),
        status=status_for(form),
    )


@group_view
def member_delete(request, slug, pk):
    """Remove a member from the working group (leaders only), after asking."""
    work = work_of(request, slug, lead=True)
    member = _member_of(work, pk)
    refusal = None
    if request.method == "POST":
        outcome = member_remove(member=member, by=request.user)
        if outcome.ok:
            messages.success(
                request,
                _("%(name)s has been removed from the working group.") % {"name": _name(member)},
            )
            return redirect(reverse("consultation:programme", args=[slug]) + "#members")
        refusal = outcome.reason
    title = _("Remove %(name)s from the working group?") % {"name": _name(member)}
    return render(
        request,
        "consultation/process/member_remove.html",
        work.context(crumb(_("Remove")), member_shown=member, title=title, refusal=refusal),
        status=400 if refusal else 200,
    )
