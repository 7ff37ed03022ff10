"""What an editor does with an addition besides editing it: preview, publish, withdraw,
discard the draft, mark as reviewed, read the history and restore an earlier version.

Each action is a POST carrying the version the page was read at: if someone else changed
the addition since, nothing is done and the page says so (409).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.crumbs import crumb
from programmes.versioning import EditConflict

from ..models import LocalAddition
from ..views.common import member_view, posted_version
from . import selectors, services
from .history import addition_history
from .preview import Unavailable, preview_response
from .views import SAID, edit_page, edit_url, local_crumbs, writer_access

#: The actions a button on the addition's page sends, with the service each calls.
ACTIONS = {
    "publish": services.local_addition_publish,
    "withdraw": services.local_addition_withdraw,
    "discard": services.local_addition_discard_draft,
    "review": services.local_addition_review,
}


@member_view
@require_POST
def addition_action(request, pk, action: str):
    access = writer_access(request)
    addition = selectors.get_addition(access, pk)
    try:
        outcome = ACTIONS[action](
            actor=request.user, addition=addition, version=posted_version(request)
        )
    except EditConflict as error:
        if error.current is None:
            raise Http404("The addition was deleted") from error
        current = selectors.get_addition(access, pk)
        return edit_page(request, current, action_conflict=True, status=409)
    except ValidationError as error:
        fresh = selectors.get_addition(access, pk)
        return edit_page(request, fresh, action_errors=error.messages, status=400)
    messages.success(request, SAID[outcome.result](outcome.addition))
    return redirect(edit_url(outcome.addition))


@member_view
def addition_preview(request, pk):
    """The public page where the addition appears, with its draft, as a preview."""
    addition = selectors.get_addition(writer_access(request), pk)
    try:
        return preview_response(addition, request, edit_url=edit_url(addition))
    except Unavailable:
        return render(
            request,
            "implementation/local/preview_unavailable.html",
            {
                "addition": addition,
                "can_local": True,
                "breadcrumbs": local_crumbs(
                    crumb(addition.title, edit_url(addition)), crumb(_("Preview"))
                ),
            },
            status=404,
        )


def history_page(request, addition: LocalAddition, *, conflict=False, status=200):
    page = Paginator(addition_history(addition), 50).get_page(request.GET.get("sida"))
    return render(
        request,
        "implementation/local/history.html",
        {
            "addition": addition,
            "page": page,
            "version": addition.lock_version,
            "conflict": conflict,
            "can_local": True,
            "breadcrumbs": local_crumbs(
                crumb(addition.title, edit_url(addition)), crumb(_("History"))
            ),
        },
        status=status,
    )


@member_view
def addition_history_view(request, pk):
    return history_page(request, selectors.get_addition(writer_access(request), pk))


@member_view
@require_POST
def addition_restore(request, pk, record_pk):
    """Bring back an earlier version: as the text (unpublished), as a draft (published),
    or, asked to, as the new published text."""
    access = writer_access(request)
    addition = selectors.get_addition(access, pk)
    record = LocalAddition.history.filter(history_id=record_pk, id=addition.pk).first()
    if record is None:
        raise Http404("No such version of this addition")
    try:
        outcome = services.local_addition_restore(
            actor=request.user,
            addition=addition,
            record=record,
            version=posted_version(request),
            publish=request.POST.get("publish") == "1",
        )
    except EditConflict as error:
        if error.current is None:
            raise Http404("The addition was deleted") from error
        return history_page(request, selectors.get_addition(access, pk), conflict=True, status=409)
    except ValidationError as error:
        fresh = selectors.get_addition(access, pk)
        return edit_page(
            request,
            fresh,
            action_errors=[
                _("The earlier version cannot be restored as it is:"),
                *error.messages,
            ],
            status=400,
        )
    messages.success(request, SAID[outcome.result](outcome.addition))
    return redirect(edit_url(outcome.addition))
