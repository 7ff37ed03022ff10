"""Whole-page caching of anonymous public pages, with ETag and Last-Modified.

Content changes are counted in scopes (`ContentState`, one row each):

- `site`: any change at all. The pages that list or search across programmes (the start
  page, lists, search, the API, the feeds) follow it.
- `programme:<slug>`: a change to that programme's content (its pages, interventions,
  indicators, materials, levels, pathways). Its own pages follow it, and `shared`.
- `shared`: a change every page may show (the programme rows themselves, the care-level
  vocabulary, guidelines, local text, consultation status). Every programme page follows it.

So a change to one programme leaves the cached pages of the others as they are. Cache
keys and ETags are made from the scopes a page follows; a conditional request that still
matches is answered with 304 before any view runs. Each page is kept once per host, place
of the local view (`programmes.local`) and address; query parameters a page does not read
are dropped before it is rendered or looked up, so `?utm_source=x` is the same page.

Each process remembers the scopes' moments for `VIP_CONTENT_VERSION_TTL` seconds, so that
a cached page costs no query; a change made in another process (or on another server
sharing the database) shows within that time. After a programme is published its pages
are rendered again ahead of visitors (`warm_programme`).
"""

import contextlib
import contextvars
import hashlib
import io
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .local import PLACE_PARAM, local_changed, place_key
from .models import CONTENT_MODELS, ContentState, Programme

log = logging.getLogger(__name__)

SKIPPED_PREFIXES = ("/admin/", "/static/", "/healthz", "/readyz")
#: The machine-readable answers (the JSON API and FHIR): the same for every client,
#: whatever place a browser chose, so they are kept once per full address only.
MACHINE_PREFIXES = ("/api/", "/fhir/")
TIMEOUT = 60 * 60

SITE = "site"
SHARED = "shared"

#: The query parameters public pages read: the filters of the intervention list, the
#: materials and search, search's words and page, the meeting summary's choice, the
#: place of the local view and where the place choice goes next. Any other parameter is
#: dropped before a page is rendered or looked up in the cache.
PAGE_PARAMETERS = frozenset(
    {
        "q",
        "sida",
        "niva",
        "befattning",
        "alder",
        "fas",
        "program",
        "malgrupp",
        "typ",
        "insats",
        "next",
        PLACE_PARAM,
    }
)
_programme_pages: list = []


def _programme_page():
    """A pattern matching the address of a page of one programme, in every language:
    the programme's own addresses (`/program/<slug>/…`) and its page for patients and
    relatives (`/for-dig/<slug>/`). Made once from the URLs, without resolving each
    request's path (which costs more than serving a cached page)."""
    if not _programme_pages:
        prefixes = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for name in ("detail", "for_you_programme"):
                    url = reverse(f"programmes:{name}", args=["programme-slug"])
                    prefixes.append(re.escape(url.split("programme-slug")[0]))
        _programme_pages.append(re.compile(rf"^(?:{'|'.join(prefixes)})(?P<slug>[-\w]+)/"))
    return _programme_pages[0]


_machine_parameters: list[Callable[[], Iterable[str]]] = []
_machine_names: dict[str, frozenset] = {}


def accept_machine_parameters(names: Callable[[], Iterable[str]]) -> None:
    """The room serving the API and FHIR says which query parameters they read (asked
    once, when first needed). An answer to any other parameter is not kept."""
    _machine_parameters.append(names)
    _machine_names.clear()


def _known_machine_parameters() -> frozenset:
    if "all" not in _machine_names:
        _machine_names["all"] = frozenset(name for names in _machine_parameters for name in names())
    return _machine_names["all"]


def page_cache():
    return caches["default"]


def shared_cache_in_process() -> bool:
    """Whether the shared cache lives in this process already (LocMemCache, as in
    development and tests): then a near copy in front of it would only be a second copy,
    and would make what a request reads depend on what this process served before."""
    return isinstance(page_cache(), LocMemCache)


#: Each process keeps the pages it served last in memory of its own, in front of the
#: shared cache (Redis): a key names one version of one page, so the copy is never stale,
#: and a page asked for again costs no round trip.
_near = LocMemCache("vip-pages-near", {"TIMEOUT": TIMEOUT, "OPTIONS": {"MAX_ENTRIES": 500}})


def _cached_page(key: str):
    shared = page_cache()
    if shared_cache_in_process():
        return shared.get(key)
    response = _near.get(key)
    if response is None:
        response = shared.get(key)
        if response is not None:
            _near.set(key, response)
    return response


def _keep_page(key: str, response) -> None:
    shared = page_cache()
    shared.set(key, response, TIMEOUT)
    if not shared_cache_in_process():
        _near.set(key, response)


# -- When content changed, by scope --------------------------------------------------------

_remembered: dict[str, tuple[float, object]] = {}
_remembered_lock = threading.Lock()


def programme_scope(slug: str) -> str:
    return f"programme:{slug}"


def changed_at(scopes: Iterable[str]) -> dict:
    """The moment each scope last changed (None: never since the site began keeping it);
    at most one query, none while every scope is remembered."""
    now = time.monotonic()
    moments, missing = {}, []
    for scope in scopes:
        remembered = _remembered.get(scope)
        if remembered is not None and now < remembered[0]:
            moments[scope] = remembered[1]
        else:
            missing.append(scope)
    if missing:
        found = dict(
            ContentState.objects.filter(scope__in=missing).values_list("scope", "changed_at")
        )
        if SITE in missing and SITE not in found:
            found[SITE] = ContentState.objects.get_or_create(
                scope=SITE, defaults={"changed_at": timezone.now()}
            )[0].changed_at
        until = now + settings.VIP_CONTENT_VERSION_TTL
        with _remembered_lock:
            for scope in missing:
                moments[scope] = found.get(scope)
                _remembered[scope] = (until, moments[scope])
    return moments


def content_changed_at():
    """When any public content last changed (the `site` scope)."""
    return changed_at([SITE])[SITE]


def mark_changed(*scopes: str) -> None:
    """Record that content of `scopes` (and so of the site) changed now."""
    if _suspended.get():
        return
    now = timezone.now()
    until = time.monotonic() + settings.VIP_CONTENT_VERSION_TTL
    for scope in dict.fromkeys([SITE, *scopes]):
        ContentState.objects.update_or_create(scope=scope, defaults={"changed_at": now})
        with _remembered_lock:
            _remembered[scope] = (until, now)


def content_changed(**kwargs) -> None:
    """Record that public content every page may show changed now (a signal receiver,
    also callable directly): every cached page is stale."""
    mark_changed(SHARED)


def programme_changed(slug: str) -> None:
    """Record that the content of the programme `slug` changed now: its pages and the
    lists are stale, other programmes' pages are not."""
    mark_changed(programme_scope(slug))


def _scope_of(instance) -> str:
    """The scope a changed row belongs to: its programme's, or `shared`."""
    if isinstance(instance, Programme):
        return SHARED  # its name and status show in every list and on every page
    programme_id = getattr(instance, "programme_id", None)
    pathway_id = getattr(instance, "pathway_id", None)
    if programme_id is None and pathway_id is not None:
        pathway = apps.get_model("programmes", "Pathway")
        programme_id = (
            pathway.objects.filter(pk=pathway_id).values_list("programme_id", flat=True).first()
        )
    if programme_id is None:
        return SHARED
    slug = Programme.objects.filter(pk=programme_id).values_list("slug", flat=True).first()
    return programme_scope(slug) if slug else SHARED


def _row_changed(sender, instance, **kwargs) -> None:
    if _suspended.get():
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    mark_changed(_scope_of(instance))


def connect_signals() -> None:
    local_changed.connect(content_changed, dispatch_uid="content-local")
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"content-{label}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"content-{label}-del")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _row_changed, sender=field.remote_field.through, dispatch_uid=f"{label}-{field}"
            )


# -- The middleware -----------------------------------------------------------------------


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
        # The allowed-hosts check an uncached render makes, made first (DisallowedHost
        # answers 400): a cached page is no answer to a host the site does not serve.
        host = request.get_host()
        machine = request.path.startswith(MACHINE_PREFIXES)
        if machine:
            if not set(request.GET) <= _known_machine_parameters():
                return self.get_response(request)  # answered, never kept
        else:
            self.drop_unknown_parameters(request)
        moments = changed_at(self.scopes(request))
        latest = max((moment for moment in moments.values() if moment), default=None)
        etag = self.etag(request, host, moments, "" if machine else place_key())
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=int(latest.timestamp()) if latest else None
        )
        if not_modified is not None:
            return not_modified
        key = f"page:{etag}"
        response = _cached_page(key)
        if response is None:
            response = self.get_response(request)
            if not self.cacheable_response(response):
                return response
            response["ETag"] = etag
            if latest is not None:
                response["Last-Modified"] = http_date(latest.timestamp())
            patch_cache_control(response, no_cache=True)
            _keep_page(key, response)
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
    def drop_unknown_parameters(request) -> None:
        """Keep only the parameters public pages read, in a fixed order."""
        query = request.GET
        if set(query) <= PAGE_PARAMETERS and list(query) == sorted(query):
            return
        kept = QueryDict(mutable=True)
        for name in sorted(set(query) & PAGE_PARAMETERS):
            kept.setlist(name, query.getlist(name))
        request.META["QUERY_STRING"] = kept.urlencode()
        kept._mutable = False
        request.GET = kept

    @staticmethod
    def scopes(request) -> list[str]:
        """`site`, or for a programme's own page its programme and `shared`."""
        if request.path.startswith(MACHINE_PREFIXES):
            return [SITE]
        match = _programme_page().match(request.path_info)
        if match:
            return [SHARED, programme_scope(match["slug"])]
        return [SITE]

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
    def etag(request, host: str, moments: dict, place: str) -> str:
        """Made of the release, the moments of the page's scopes, the scheme and host, the
        address (path and the query string that is kept: `?sida=2` is another answer)
        and, for a page, the place shown."""
        seed = "|".join(
            [
                settings.VIP_RELEASE,
                *(
                    f"{scope}={moment.isoformat() if moment else '-'}"
                    for scope, moment in sorted(moments.items())
                ),
                request.scheme,
                host,
                request.get_full_path(),
                place,
            ]
        )
        return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


# -- Previews and warming -----------------------------------------------------------------

_suspended = contextvars.ContextVar("content_changes_suspended", default=False)


@contextlib.contextmanager
def changes_suspended():
    """Writes inside are not content changes (a preview, rolled back at the end)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def programme_paths(slug: str) -> list[str]:
    """The addresses of a published programme's public pages, in every language."""
    from .selectors.warming import programme_paths as paths  # noqa: PLC0415

    return paths(slug)


def warm_programme(slug: str) -> int:
    """Render the public pages of the programme `slug` into the cache, as an anonymous
    visitor of the site's own host sees them. Returns how many pages were kept."""
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest  # noqa: PLC0415

    host = warm_host()
    if not settings.VIP_PAGE_CACHE or host is None:
        return 0
    handler = WSGIHandler()
    kept = 0
    for path in programme_paths(slug):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": host,
            "SERVER_PORT": "443" if settings.VIP_WARM_HTTPS else "80",
            "HTTP_HOST": host,
            "wsgi.url_scheme": "https" if settings.VIP_WARM_HTTPS else "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        if settings.VIP_WARM_HTTPS:
            environ["HTTP_X_FORWARDED_PROTO"] = "https"
        # Through the middleware like a visitor's request, without the signals a server
        # sends around one (they would close the database connection of the caller).
        response = handler.get_response(WSGIRequest(environ))
        kept += response.status_code == 200 and response.has_header("ETag")
    return kept


def warm_host() -> str | None:
    """The host pages are warmed for: `VIP_WARM_HOST`, else the first allowed host that
    names one host."""
    if settings.VIP_WARM_HOST:
        return settings.VIP_WARM_HOST
    for host in settings.ALLOWED_HOSTS:
        if host and host != "*" and not host.startswith("."):
            return host
    return None


def warm_after_commit(slug: str) -> None:
    """Once the transaction commits, warm the programme's pages (in a thread of their
    own unless `VIP_WARM_PAGES` says "inline"; "off" turns it off)."""
    mode = settings.VIP_WARM_PAGES
    if mode == "off" or _suspended.get():
        return

    def warm():
        try:
            kept = warm_programme(slug)
            log.info("page cache warmed", extra={"programme": slug, "pages": kept})
        except Exception:
            log.exception("page cache warming failed", extra={"programme": slug})
        finally:
            if mode != "inline":
                connections.close_all()

    if mode == "inline":
        transaction.on_commit(warm)
    else:
        transaction.on_commit(lambda: threading.Thread(target=warm, daemon=True).start())
