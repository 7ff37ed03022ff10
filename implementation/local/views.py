"""The local additions pages under /genomforande/lokalt/ (/en/implementation/local/): the
list, a new addition, editing one, and deleting it. Publishing, previews and the history
are in `actions.py`.

Only people holding `local` (access.py) reach them; an addition, organisation, step or
intervention outside their organisations answers 404, by URL or by a forged form field.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.versioning import EditConflict

from ..access import Access, Can, access_for
from ..models import LocalAddition, Organisation
from ..views.common import (
    add_errors,
    conflict_details,
    gone,
    member_view,
    plan_crumbs,
    posted_version,
    refreshed,
)
from . import selectors
from .drafts import with_draft
from .forms import LocalAdditionForm, ProgrammeChoiceForm
from .services import Result, local_addition_delete, local_addition_save

#: What each outcome tells the editor.
SAID = {
    Result.CREATED: lambda a: _(
        "The local addition has been saved. It is not public until you publish it."
    ),
    Result.SAVED: lambda a: _("The local addition has been saved."),
    Result.DRAFTED: lambda a: _(
        "Your changes are saved as a draft. The public pages show the published text until "
        "you publish."
    ),
    Result.UNCHANGED: lambda a: _("Nothing was changed."),
    Result.DISCARDED: lambda a: _("The draft has been discarded: the addition is as published."),
    Result.PUBLISHED: lambda a: _("The local addition has been published."),
    Result.WITHDRAWN: lambda a: _("The local addition has been withdrawn from the public pages."),
    Result.REVIEWED: lambda a: _("The addition is marked as reviewed against the national text."),
    Result.RESTORED: lambda a: _("The earlier version has been restored."),
    Result.RESTORED_AS_DRAFT: lambda a: _(
        "The earlier version has been restored as a draft. Publish it to show it to the public."
    ),
    Result.RESTORED_AS_PUBLISHED: lambda a: _(
        "The earlier version has been restored and published."
    ),
    Result.DELETED: lambda a: (
        _("The local addition %(title)s has been deleted.") % {"title": a.title}
    ),
}


def local_crumbs(*more) -> list[dict]:
    return [
        *plan_crumbs(),
        crumb(_("Local additions"), reverse("implementation:local_list")),
        *more,
    ]


def writer_access(request) -> Access:
    """The person's access, if they may write local additions at all; 404 otherwise."""
    access = access_for(request)
    if not selectors.can_write(access):
        raise Http404("No local additions to write")
    return access


def edit_url(addition: LocalAddition) -> str:
    return reverse("implementation:local_edit", args=[addition.pk])


@member_view
def addition_list(request):
    """The additions of the person's organisations, with their state and review warnings."""
    access = writer_access(request)
    return render(
        request,
        "implementation/local/list.html",
        {
            "rows": selectors.addition_rows(access),
            "can_local": True,
            "breadcrumbs": plan_crumbs() + [crumb(_("Local additions"))],
        },
    )


@member_view
def addition_create(request):
    """Step one: the programme (by GET); step two: the addition itself."""
    access = writer_access(request)
    organisations = selectors.local_organisations(access)
    if not organisations:
        raise Http404("No organisation to write for")
    title = _("New local addition")
    sent = request.GET.get("programme", "")
    if not sent:
        return render(
            request,
            "implementation/local/choose_programme.html",
            {
                "form": ProgrammeChoiceForm(),
                "title": title,
                "can_local": True,
                "breadcrumbs": local_crumbs(crumb(title)),
            },
        )
    programme = (
        selectors.offered_programmes().filter(pk=int(sent)).first()
        if sent.isdigit() and len(sent) < 10
        else None
    )
    if programme is None:
        raise Http404("No such programme")
    addition = LocalAddition(programme=programme)
    data = request.POST if request.method == "POST" else None
    form = LocalAdditionForm(
        data, instance=addition, organisations=organisations, programme=programme
    )
    form.refuse_forged()
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                outcome = local_addition_save(
                    actor=request.user, addition=form.save(commit=False), version=None
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, SAID[outcome.result](outcome.addition))
                return redirect(edit_url(outcome.addition))
    return render(
        request,
        "implementation/local/form.html",
        {
            "form": form,
            "programme": programme,
            "title": title,
            "can_local": True,
            "breadcrumbs": local_crumbs(crumb(title)),
        },
        status=status,
    )


def _deleted_while_editing(access: Access, pk: int) -> bool:
    """The addition was deleted, and it was one of the person's."""
    record = LocalAddition.history.filter(id=pk, history_type="-").first()
    if record is None:
        return False
    organisation = Organisation.objects.filter(pk=record.organisation_id).first()
    return organisation is not None and access.can(Can.LOCAL, organisation)


def edit_page(request, addition: LocalAddition, *, form=None, status=200, **extra):
    """An addition's page: its state, what can be done with it, and its form."""
    if form is None:
        form = LocalAdditionForm(
            instance=with_draft(addition), organisations=[], programme=addition.programme
        )
    row = selectors.rows_of([addition])[0]
    return render(
        request,
        "implementation/local/form.html",
        {
            "form": form,
            "addition": addition,
            "row": row,
            "programme": addition.programme,
            "title": addition.title,
            "version": addition.lock_version,
            "can_local": True,
            "breadcrumbs": local_crumbs(crumb(addition.title)),
            **extra,
        },
        status=status,
    )


@member_view
def addition_edit(request, pk):
    access = writer_access(request)
    try:
        addition = selectors.get_addition(access, pk)
    except Http404:
        if request.method == "POST" and _deleted_while_editing(access, pk):
            form = LocalAdditionForm(
                organisations=[], programme=None, instance=LocalAddition(pk=pk)
            )
            return gone(request, None, form, reverse("implementation:local_list"))
        raise
    if request.method != "POST":
        return edit_page(request, addition)
    programme = addition.programme
    form = LocalAdditionForm(
        request.POST, instance=with_draft(addition), organisations=[], programme=programme
    )
    form.refuse_forged()
    if not form.is_valid():
        return edit_page(request, addition, form=form, status=400)
    try:
        outcome = local_addition_save(
            actor=request.user, addition=form.save(commit=False), version=form.read_version
        )
    except EditConflict as error:
        if error.current is None:
            return gone(request, None, form, reverse("implementation:local_list"))
        current = with_draft(error.current)
        conflict = conflict_details(form, current)
        form = refreshed(LocalAdditionForm, request, current, organisations=[], programme=programme)
        return edit_page(request, error.current, form=form, conflict=conflict, status=409)
    except ValidationError as error:
        add_errors(form, error)
        return edit_page(request, addition, form=form, status=400)
    messages.success(request, SAID[outcome.result](outcome.addition))
    return redirect(edit_url(outcome.addition))


@member_view
def addition_delete(request, pk):
    addition = selectors.get_addition(writer_access(request), pk)
    conflict = None
    if request.method == "POST":
        try:
            outcome = local_addition_delete(
                actor=request.user, addition=addition, version=posted_version(request)
            )
        except EditConflict:
            conflict = True
        else:
            messages.success(request, SAID[outcome.result](outcome.addition))
            return redirect("implementation:local_list")
    return render(
        request,
        "implementation/local/confirm_delete.html",
        {
            "addition": addition,
            "version": addition.lock_version,
            "conflict": conflict,
            "can_local": True,
            "breadcrumbs": local_crumbs(
                crumb(addition.title, edit_url(addition)), crumb(_("Delete"))
            ),
        },
        status=409 if conflict else 200,
    )
