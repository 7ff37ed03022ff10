"""Previewing a local addition on the public page where it appears, as it will look once
published, in the local view of its place.

The addition is published for real (its draft applied) inside a transaction that is
rolled back, and the public page's own view renders it: the same queries and templates the
public gets. Nothing is kept, and no cached page or search entry changes.
"""

import copy

from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, resolve
from django.utils.http import urlencode

from programmes import page_cache
from programmes.local import PLACE_PARAM, choice_for

from ..models import LocalAddition
from .drafts import apply
from .selectors import place_of
from .source import public_url

#: Where the banner goes: before the page's main content.
MAIN = b"<main"


class Unavailable(Exception):
    """The public page of the addition cannot be shown (it is not public, or not built)."""


def _public_request(request, path: str, place_slug: str | None):
    """A copy of `request` asking for the public page `path` in the place's local view."""
    query = urlencode({PLACE_PARAM: place_slug}) if place_slug else ""
    public = copy.copy(request)
    public.path = public.path_info = path
    public.META = {**request.META, "PATH_INFO": path, "QUERY_STRING": query}
    public.GET = QueryDict(query)
    return public


def preview_response(addition: LocalAddition, request, *, edit_url: str) -> HttpResponse:
    """The public page showing `addition` with its draft, marked as a preview.

    Raises `Unavailable` when the page cannot be shown (the national content it hangs on
    is not public, or its kind of page does not exist yet).
    """
    place = place_of(addition.organisation)
    shown = copy.copy(addition)
    with transaction.atomic(), page_cache.changes_suspended():
        if shown.draft:
            apply(shown, shown.draft)
        shown.draft = None
        shown.published = True
        shown.skip_history_when_saving = True
        shown.save()
        try:
            path = public_url(shown)
            match = resolve(path)
        except (NoReverseMatch, Http404) as error:
            transaction.set_rollback(True)
            raise Unavailable from error
        public = _public_request(request, path, place.slug if place else None)
        with choice_for(public):
            try:
                response = match.func(public, *match.args, **match.kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            except Http404 as error:
                transaction.set_rollback(True)
                raise Unavailable from error
        transaction.set_rollback(True)
    if response.status_code != 200:
        raise Unavailable
    banner = render_to_string(
        "implementation/local/includes/preview_banner.html",
        {"addition": shown, "edit_url": edit_url, "place": place, "public_url": path},
        request=request,
    ).encode(response.charset)
    content = response.content
    at = content.find(MAIN)
    response.content = content[:at] + banner + content[at:] if at >= 0 else banner + content
    if "Content-Length" in response:
        response["Content-Length"] = str(len(response.content))
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
