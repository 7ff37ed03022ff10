"""Finding the links in the content, checking those into the site, listing the rest.

`links_check` reads every rich-text field in every language of every content object,
drafts included, and every material's link. A link into the site must lead to a public
page: its address is resolved with the URL patterns and requested in-process, once per
address, as an anonymous visitor would. Links elsewhere are listed for review and fetched
only when asked.
"""

import contextlib
import logging
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.http.request import validate_host
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_from_path
from django.utils.translation import gettext_lazy as _

from programmes.models import CaseVignette, ContentNode, Material, Pathway, PathwayStep, Programme

FETCH_TIMEOUT = 10
USER_AGENT = "VIP-portalen link check (urllib)"
UNCHECKED_SCHEMES = ("mailto", "tel")


class Problem(models.TextChoices):
    MISSING = "missing", _("no such page")
    UNPUBLISHED = "unpublished", _("page not published (or something above it is not)")
    ADMIN = "admin", _("points to the admin, which visitors cannot use")
    RELATIVE = "relative", _("relative address: start it with / or https://")
    ERROR = "error", _("the page does not answer 200")


@dataclass(frozen=True)
class Place:
    """Where a link is written: which object, which field, which language."""

    model: str
    object: str
    admin_url: str
    field: str
    language: str = ""

    def __str__(self):
        language = f" ({self.language})" if self.language else ""
        return f"{self.model} “{self.object}”, {self.field}{language}"


@dataclass(frozen=True)
class BrokenLink:
    place: Place
    href: str
    problem: Problem
    status: int | None = None

    @property
    def reason(self) -> str:
        if self.problem == Problem.ERROR and self.status:
            return f"{self.problem.label} ({self.status})"
        return str(self.problem.label)


@dataclass
class LinkGroup:
    """One address outside the site and everywhere it is written; `status` once fetched."""

    url: str
    places: list[Place] = field(default_factory=list)
    status: int | None = None
    error: str = ""


@dataclass
class LinkReport:
    broken: list[BrokenLink] = field(default_factory=list)
    external: list[LinkGroup] = field(default_factory=list)
    unchecked: list[LinkGroup] = field(default_factory=list)
    working: int = 0
    fetched: bool = False


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href and href.strip() and not href.strip().startswith("#"):
                self.hrefs.append(href.strip())


def hrefs_in(html: str) -> list[str]:
    """The `href` of every link in `html`, except empty ones and same-page anchors."""
    parser = _Hrefs()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def _admin_url(model, pk) -> str:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def _label_field(model) -> str:
    names = {f.name for f in model._meta.get_fields()}
    return "title" if "title" in names else "name"


def links_collect() -> list[tuple[Place, str]]:
    """Every link in the content, as (place, href): one query per model, whatever the size.

    Reads every rich-text field (the models' `rich_text_fields`) in every language,
    published or not, and `Material.url`.
    """
    languages = [code for code, _name in settings.LANGUAGES]
    current, default = get_language() or settings.LANGUAGE_CODE, settings.LANGUAGE_CODE
    found = []
    for model in apps.get_models():
        rich = getattr(model, "rich_text_fields", ())
        if not rich:
            continue
        label = _label_field(model)
        columns = [f"{name}_{code}" for name in rich for code in languages]
        has_link = models.Q()
        for column in columns:
            has_link |= models.Q(**{f"{column}__contains": "href"})
        rows = (
            model._default_manager.filter(has_link)
            .order_by("pk")
            .rewrite(False)
            .values_list("pk", f"{label}_{current}", f"{label}_{default}", *columns)
        )
        for pk, title, title_fallback, *texts in rows:
            admin_url = _admin_url(model, pk)
            for (name, code), html in zip(
                [(name, code) for name in rich for code in languages], texts, strict=True
            ):
                place = Place(
                    model=str(model._meta.verbose_name),
                    object=title or title_fallback or str(pk),
                    admin_url=admin_url,
                    field=str(model._meta.get_field(name).verbose_name),
                    language=code,
                )
                found.extend((place, href) for href in hrefs_in(html or ""))
    materials = (
        Material.objects.exclude(url="")
        .order_by("pk")
        .rewrite(False)
        .values_list("pk", f"title_{current}", f"title_{default}", "url")
    )
    for pk, title, title_fallback, url in materials:
        place = Place(
            model=str(Material._meta.verbose_name),
            object=title or title_fallback or str(pk),
            admin_url=_admin_url(Material, pk),
            field=str(Material._meta.get_field("url").verbose_name),
        )
        found.append((place, url.strip()))
    return found


def _node_exists(programme_slug: str, node_path: str) -> bool:
    """Whether the nodes named by `node_path` exist, one under the other, published or not."""
    slugs = node_path.strip("/").split("/")
    rows = ContentNode.objects.filter(programme__slug=programme_slug, slug__in=slugs).values_list(
        "slug", "path", "depth"
    )
    by_slug = {slug: (path, depth) for slug, path, depth in rows}
    above = ""
    for depth, slug in enumerate(slugs, start=1):
        path, found_depth = by_slug.get(slug, ("", 0))
        if found_depth != depth or not path.startswith(above):
            return False
        above = path
    return True


def _exists_unpublished(match) -> bool:
    """Whether an address that answers 404 names content that exists but is not public."""
    kwargs = match.kwargs
    if match.view_name == "programmes:vignette":
        return CaseVignette.objects.filter(slug=kwargs["slug"]).exists()
    if match.view_name == "programmes:node":
        return _node_exists(kwargs["slug"], kwargs["node_path"])
    if match.view_name in ("programmes:pathway", "programmes:pathway_level"):
        return Pathway.objects.filter(
            programme__slug=kwargs["slug"], slug=kwargs["pathway"]
        ).exists()
    if match.view_name == "programmes:pathway_step":
        return PathwayStep.objects.filter(
            pathway__programme__slug=kwargs["slug"],
            pathway__slug=kwargs["pathway"],
            slug=kwargs["step"],
        ).exists()
    if match.namespace == "programmes" and "slug" in kwargs:
        return Programme.objects.filter(slug=kwargs["slug"], published=False).exists()
    return False


class _SiteChecker:
    """Answers whether a path on the site is a public page, requesting each path once."""

    def __init__(self, host: str):
        self.client = Client(raise_request_exception=False, headers={"host": host})
        self.results: dict[str, tuple[Problem | None, int | None]] = {}

    def check(self, path: str) -> tuple[Problem | None, int | None]:
        if path not in self.results:
            # A request activates its page's language; the caller's is restored after it.
            with _quiet_404s(), translation.override(get_language()):
                self.results[path] = self._check(path)
        return self.results[path]

    def _check(self, path: str) -> tuple[Problem | None, int | None]:
        match = None
        if not path.startswith(settings.STATIC_URL):
            match = self._resolve(unquote(path))
            if match is None:
                return Problem.MISSING, None
            if "admin" in match.namespaces:
                return Problem.ADMIN, None
        response = self.client.get(path, secure=True, follow=True)
        if response.status_code == 200:
            return None, 200
        if response.status_code == 404:
            hidden = match is not None and _exists_unpublished(match)
            return (Problem.UNPUBLISHED if hidden else Problem.MISSING), 404
        return Problem.ERROR, response.status_code

    @staticmethod
    def _resolve(path: str):
        language = get_language_from_path(path) or settings.LANGUAGE_CODE
        candidates = [path]
        if settings.APPEND_SLASH and not path.endswith("/"):
            candidates.append(f"{path}/")  # CommonMiddleware redirects there
        with translation.override(language):
            for candidate in candidates:
                try:
                    return resolve(candidate)
                except Resolver404:
                    continue
        return None


@contextlib.contextmanager
def _quiet_404s():
    """Keep "Not Found" warnings for the pages checked out of the log: they are reported."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(max(level, logging.ERROR))
    try:
        yield
    finally:
        logger.setLevel(level)


def site_host(sites: Iterable[str] = ()) -> str:
    """A host name the site answers to, for requests made in-process."""
    for host in [*sites, *settings.ALLOWED_HOSTS]:
        if host and host != "*" and validate_host(host.lstrip("."), settings.ALLOWED_HOSTS):
            return host.lstrip(".")
    return "localhost"


def _is_own_host(host: str, sites: list[str]) -> bool:
    patterns = [pattern for pattern in settings.ALLOWED_HOSTS if pattern != "*"]
    return host in sites or validate_host(host, patterns)


def link_fetch(url: str) -> tuple[int | None, str]:
    """The HTTP status of `url` (HEAD, then GET if HEAD is not allowed), or why there is none."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 405 and method == "HEAD":
                continue
            return error.code, ""
        except (urllib.error.URLError, OSError, ValueError) as error:
            return None, str(getattr(error, "reason", error))
    return None, ""


def links_check(*, fetch_external: bool = False, sites: Iterable[str] = ()) -> LinkReport:
    """Check every link in the content (see `links_collect`).

    Internal links (paths, or absolute addresses on a host in ALLOWED_HOSTS or `sites`)
    must lead to a page an anonymous visitor gets with status 200; the others are
    `broken`, with the reason. Links elsewhere are grouped by address in `external`, and
    fetched only with `fetch_external`; mailto: and tel: links are listed in `unchecked`.
    """
    sites = [site.lower().strip() for site in sites if site.strip()]
    checker = _SiteChecker(site_host(sites))
    report = LinkReport(fetched=fetch_external)
    external: dict[str, LinkGroup] = {}
    unchecked: dict[str, LinkGroup] = {}
    for place, href in links_collect():
        parts = urlsplit(href)
        scheme = parts.scheme.lower()
        if scheme in UNCHECKED_SCHEMES:
            unchecked.setdefault(href, LinkGroup(href)).places.append(place)
            continue
        if scheme or parts.netloc:
            if scheme not in ("", "http", "https") or not _is_own_host(parts.hostname or "", sites):
                external.setdefault(href, LinkGroup(href)).places.append(place)
                continue
            path = parts.path or "/"
        elif parts.path.startswith("/"):
            path = parts.path
        elif not parts.path:
            continue  # "?query" on the page itself
        else:
            report.broken.append(BrokenLink(place, href, Problem.RELATIVE))
            continue
        problem, status = checker.check(path)
        if problem is None:
            report.working += 1
        else:
            report.broken.append(BrokenLink(place, href, problem, status))
    report.external = sorted(external.values(), key=lambda group: group.url)
    report.unchecked = sorted(unchecked.values(), key=lambda group: group.url)
    if fetch_external:
        for group in report.external:
            if urlsplit(group.url).scheme.lower() in ("http", "https"):
                group.status, group.error = link_fetch(group.url)
    return report


def places_by_href(broken: list[BrokenLink]) -> dict[tuple[str, str], list[Place]]:
    """Broken links grouped by address and reason, in the order first found."""
    grouped = defaultdict(list)
    for link in broken:
        grouped[(link.href, link.reason)].append(link.place)
    return dict(grouped)
