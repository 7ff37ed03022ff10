"""Whole-page caching of anonymous public pages, with ETag and Last-Modified.

Every change to content moves one timestamp (`ContentState`); cache keys and ETags are
made from it, so a change makes every cached page and every browser's copy stale at once.
A page is kept once per place of the local view (`programmes.local`); local text
published or withdrawn is a content change too.
A conditional request that still matches is answered with 304 before any view runs.

Each process remembers the timestamp for `VIP_CONTENT_VERSION_TTL` seconds, so that a
cached page costs no query; a change made in another process shows within that time.
"""

import contextlib
import contextvars
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .local import local_changed, place_key
from .models import CONTENT_MODELS, ContentState

SKIPPED_PREFIXES = ("/admin/", "/static/")
#: The machine-readable answers (the JSON API and FHIR): the same for every client,
#: whatever place a browser chose, so they are kept once per full address only.
MACHINE_PREFIXES = ("/api/", "/fhir/")
TIMEOUT = 60 * 60
_remembered = {"until": 0.0, "changed_at": None}


def _remember(changed_at):
    _remembered.update(
        until=time.monotonic() + settings.VIP_CONTENT_VERSION_TTL, changed_at=changed_at
    )
    return changed_at


def content_changed(**kwargs) -> None:
    """Record that public content changed now (a signal receiver, also callable directly)."""
    if _suspended.get():
        return
    now = timezone.now()
    ContentState.objects.update_or_create(pk=1, defaults={"changed_at": now})
    _remember(now)


def content_changed_at():
    if time.monotonic() < _remembered["until"]:
        return _remembered["changed_at"]
    state, _created = ContentState.objects.get_or_create(
        pk=1, defaults={"changed_at": timezone.now()}
    )
    return _remember(state.changed_at)


def connect_signals() -> None:
    local_changed.connect(content_changed, dispatch_uid="content-local")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-{label}-del")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{label}-{field}"
            )


class PublicPageCacheMiddleware:
    """Serve anonymous GET and HEAD requests for public pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "HEAD" and request.path.startswith(MACHINE_PREFIXES):
            # The API and FHIR declare GET only; HEAD is the same answer without its body
            # (which the server drops, seeing HEAD again), cached or not.
            request.method = "GET"
            try:
                return self.respond(request)
            finally:
                request.method = "HEAD"
        return self.respond(request)

    def respond(self, request):
        if not settings.VIP_PAGE_CACHE or not self.cacheable_request(request):
            return self.get_response(request)
        changed_at = content_changed_at()
        etag = self.etag(request, changed_at)
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(changed_at.timestamp())
        )
        if not_modified is not None:
            return not_modified
        key = f"page:{etag}"
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not self.cacheable_response(response):
                return response
            response["ETag"] = etag
            response["Last-Modified"] = http_date(changed_at.timestamp())
            patch_cache_control(response, no_cache=True)
            cache.set(key, response, TIMEOUT)
        return response

    @staticmethod
    def cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
            return False
        if request.path.startswith(MACHINE_PREFIXES):
            return True  # never personal: a signed-in browser gets the same answer
        return (
            settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def cacheable_response(response) -> bool:
        control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in response.get("Vary", "").lower()
            and "private" not in control
            and "no-store" not in control
        )

    @staticmethod
    def etag(request, changed_at) -> str:
        """Made of the release, the content's moment, the full address (path and query
        string: `?lang=en&page=2` is another answer) and, for a page, the place shown."""
        place = "" if request.path.startswith(MACHINE_PREFIXES) else place_key()
        seed = "|".join(
            [settings.VIP_RELEASE, changed_at.isoformat(), request.get_full_path(), place]
        )
        return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


_suspended = contextvars.ContextVar("content_changes_suspended", default=False)


@contextlib.contextmanager
def changes_suspended():
    """Writes inside are not content changes (a preview, rolled back at the end)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
