"""The local view: what a region or municipality adds beside the national text.

The content core says here how local text reaches its pages and its search, and knows
nothing of who writes it or where it is kept: a room above it (implementation planning,
which knows the organisations and their local editors) registers a `LocalSource` when it
starts. Without one, the portal is national only.

A visitor chooses a *place* (a region or a municipality) with a link: `?plats=<slug>` on
any page shows that page in the local view, and the choice is remembered in a cookie;
`?plats=nationell` goes back to the national view. Local text is never mixed into the
national text: each `LocalBlock` is shown in a block of its own, marked with its
organisation and its dates.
"""

import contextlib
import contextvars
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.core.exceptions import SuspiciousOperation
from django.dispatch import Signal
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from care_levels.slugs import SLUG_PATTERN

#: The query parameter and the cookie that carry the chosen place.
PLACE_PARAM = "plats"
PLACE_COOKIE = "vip_plats"
#: `?plats=nationell` (or an empty value) chooses the national view.
NATIONAL = "nationell"
COOKIE_AGE = 365 * 24 * 60 * 60

#: Sent by the local source when local text was published, withdrawn or deleted, with
#: `programme_ids`: cached pages and the search index follow.
local_changed = Signal()


class Target:
    """What a local block hangs on."""

    PROGRAMME = "programme"  # the regional programme page
    LEVEL = "level"  # the programme at a care level
    STEP = "step"  # a pathway step
    INTERVENTION = "intervention"


@dataclass(frozen=True)
class Place:
    """A region or municipality a visitor can choose.

    `sources` are the keys (opaque to the content side) of every organisation whose local
    text is shown for the place: a municipality shows its region's text too.
    """

    slug: str
    name: str
    kind: str
    group: str = ""
    sources: tuple[str, ...] = ()


@dataclass
class LocalBlock:
    """One organisation's text beside one piece of national content."""

    kind: str
    target_id: int
    programme_id: int
    organisation: str
    title: str
    #: (label, text) pairs, in the order they are shown; empty texts left out.
    texts: list[tuple[str, str]] = field(default_factory=list)
    link: str = ""
    #: The regional programme page's address on this site (`Target.PROGRAMME` only).
    url: str = ""
    organisation_slug: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    reviewed_at: datetime | None = None
    #: The source's own number for the text, stable for as long as the text exists.
    id: int | None = None


@dataclass
class SearchEntry:
    """Local text as search indexes it: found only by visitors in the local view."""

    programme_id: int
    source: str  # the organisation's key, as in `Place.sources`
    title: str
    summary: str
    body: str
    url: str
    place: str  # where it sits, for the result list: "Lokalt i Region Jönköpings län"


class LocalSource(Protocol):
    """What a room above the content core provides, each in a fixed number of queries."""

    def places(self) -> list[Place]:
        """Every place a visitor can choose, in the order the choice lists them."""

    def place(self, slug: str) -> Place | None:
        """The place with this slug, as `places` has it, or None."""

    def blocks(
        self,
        place: Place,
        *,
        programme_ids: Iterable[int],
        targets: dict[str, Iterable[int]],
    ) -> list[LocalBlock]:
        """The published local text for `place` hanging on `targets` ({kind: ids})."""

    def blocks_of_place(self, place: Place) -> list[LocalBlock]:
        """Every published local text `place` shows, whatever it hangs on (the open API
        lists them by place), ordered by organisation, programme, target and number."""

    def regional_pages(self, programme_ids: Iterable[int]) -> list[LocalBlock]:
        """Every published regional programme page of the programmes, from any place."""

    def search_entries(self, programme_ids: Iterable[int], language: str) -> list[SearchEntry]:
        """Every published local text of the programmes, for the search index."""


_source: LocalSource | None = None


def register(source: LocalSource | None) -> None:
    """Make `source` the one local source (None: national only). Called once at start-up."""
    global _source
    _source = source


def source() -> LocalSource | None:
    return _source


# The visitor's choice, for one request --------------------------------------------------


@dataclass
class _Choice:
    key: str = ""  # the chosen place's slug, "" for the national view
    explicit: bool = False  # chosen in this request's address, not remembered
    resolved: bool = False
    place: Place | None = None
    all_places: list[Place] | None = None


_choice: contextvars.ContextVar[_Choice | None] = contextvars.ContextVar(
    "local_choice", default=None
)


def _key_from(request) -> tuple[str, bool]:
    try:
        query = request.GET
    except SuspiciousOperation:
        # Too many parameters: the page itself refuses the request, with its message.
        return "", False
    if PLACE_PARAM in query:
        value = query.get(PLACE_PARAM, "").strip()
        return ("" if value in ("", NATIONAL) else value[:200]), True
    value = request.COOKIES.get(PLACE_COOKIE, "")
    return (value if SLUG_PATTERN.fullmatch(value) and len(value) <= 80 else ""), False


def place_key() -> str:
    """The slug of the place this request asks for ("" for the national view); no query."""
    choice = _choice.get()
    return choice.key if choice is not None else ""


def places() -> list[Place]:
    """Every place a visitor can choose (read once per request)."""
    choice = _choice.get() or _Choice()
    if choice.all_places is None:
        choice.all_places = _source.places() if _source is not None else []
    return choice.all_places


def current_place() -> Place | None:
    """The place this request shows, or None for the national view (or an unknown one)."""
    choice = _choice.get()
    if choice is None or not choice.key or _source is None:
        return None
    if not choice.resolved:
        if choice.all_places is not None:
            choice.place = next((p for p in choice.all_places if p.slug == choice.key), None)
        else:
            choice.place = _source.place(choice.key)
        choice.resolved = True
    return choice.place


def chosen_place() -> Place | None:
    """As `current_place`, for a page: a place named in the address that does not exist
    answers 404, so that a wrong link says so instead of quietly showing the national view."""
    place = current_place()
    choice = _choice.get()
    if place is None and choice is not None and choice.explicit and choice.key:
        raise Http404(_("There is no region or municipality with that address."))
    return place


@contextlib.contextmanager
def choice_for(request):
    """The place `request` asks for is the current one inside."""
    key, explicit = _key_from(request)
    token = _choice.set(_Choice(key=key, explicit=explicit))
    try:
        yield
    finally:
        _choice.reset(token)


class PlaceMiddleware:
    """Reads the visitor's place for the request and remembers a place chosen by link.

    It sits outside the page cache, which keys each page on the place (`place_key`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with choice_for(request):
            response = self.get_response(request)
            choice = _choice.get()
            remembered = request.COOKIES.get(PLACE_COOKIE, "")
            if choice.explicit and response.status_code < 400:
                if choice.key and current_place() is not None and remembered != choice.key:
                    response.set_cookie(
                        PLACE_COOKIE,
                        choice.key,
                        max_age=COOKIE_AGE,
                        samesite="Lax",
                        httponly=True,
                        secure=request.is_secure(),
                    )
                elif not choice.key and remembered:
                    response.delete_cookie(PLACE_COOKIE, samesite="Lax")
            elif remembered and choice.key and choice.resolved and choice.place is None:
                # The page looked the remembered place up and it no longer exists: forget
                # it. (Not looked up here: a page from the cache costs no query.)
                response.delete_cookie(PLACE_COOKIE, samesite="Lax")
        return response


def url_with_place(path: str, query: dict, place: Place | None) -> str:
    """`path` with `query` and the place (or the national view) as the address says it."""
    params = {key: value for key, value in query.items() if key != PLACE_PARAM}
    params[PLACE_PARAM] = place.slug if place is not None else NATIONAL
    return f"{path}?{urlencode(params, doseq=True)}"


def place_context(request) -> dict:
    """For every template: the place shown, and the addresses to share it or leave it."""
    if _source is None:
        return {"local_view": False}
    place = current_place()
    choice = _choice.get()
    context = {
        "local_view": True,
        "place": place,
        # The page's address names a place that does not exist (the 404 page says so).
        "place_unknown": bool(place is None and choice and choice.explicit and choice.key),
    }
    if place is not None:
        try:
            query = dict(request.GET.lists())
        except SuspiciousOperation:
            query = {}
        context["place_share_url"] = url_with_place(request.path, query, place)
        context["place_national_url"] = url_with_place(request.path, query, None)
    return context


# Blocks for a page ----------------------------------------------------------------------


@dataclass
class PageBlocks:
    """The local blocks of one page, found by what they hang on."""

    place: Place | None = None
    found: dict[tuple[str, int], list[LocalBlock]] = field(default_factory=dict)

    def of(self, kind: str, target_id: int) -> list[LocalBlock]:
        return self.found.get((kind, target_id), [])

    def __bool__(self):
        return bool(self.found)


def page_blocks(*, programme_ids: Iterable[int], **targets: Iterable[int]) -> PageBlocks:
    """The chosen place's local blocks for a page (`level=[…], step=[…] …`); in the
    national view none, without a query."""
    place = chosen_place()
    if place is None or _source is None:
        return PageBlocks(place=place)
    blocks = _source.blocks(
        place,
        programme_ids=list(programme_ids),
        targets={kind: list(ids) for kind, ids in targets.items()},
    )
    found: dict[tuple[str, int], list[LocalBlock]] = {}
    for block in blocks:
        found.setdefault((block.kind, block.target_id), []).append(block)
    return PageBlocks(place=place, found=found)
