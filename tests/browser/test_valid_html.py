"""Every page type is valid HTML by the W3C Nu HTML Checker (vnu-jar from the npm
registry, run with Debian's Java).

The pages are reached as their users reach them: from every public page in both
languages, and logged in as a municipality's contact, a local editor, the region, a
working group's chair, a reviewer, the administrator and an editor (in the admin),
following the links of each area. A few pages of
each kind (same view, language and query keys) are kept, and the checker reads them all
in one run. Forms sent back with errors and the error pages are read too."""

import json
import re
import shutil
import subprocess
from collections import Counter
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import translation

from tests.pages import page_urls
from vipportal.demo.logins import demo_staff_load, demo_users_load

pytestmark = pytest.mark.django_db

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Pages kept of one kind (view, language, query keys) and template, pages of one kind read
#: at most, and pages kept in one area at most.
PER_KIND = 2
PER_VIEW = 8
PER_AREA = 400
#: Addresses that are not HTML pages, and the admin, read only from its own start.
NOT_PAGES = ("/static/", "/media/", "/api/", "/fhir/")
ADMIN = "/admin/"
HREF = re.compile(r'href="([^"]*)"')


def java() -> str:
    found = shutil.which("java")
    if found is None or not VNU.exists():
        pytest.fail(
            "The HTML check needs Java and vnu-jar: apt-get install default-jre-headless and "
            "npm ci --prefix tests/browser (the README's test command does both)"
        )
    return found


def kind(url: str) -> str:
    """A page's view, language and query keys: pages alike in these are alike in markup,
    but for the template a view chooses (see `crawl`)."""
    parts = urlsplit(url)
    language = "en" if parts.path.startswith("/en/") else "sv"
    try:
        with translation.override(language):
            view = resolve(parts.path).view_name
    except Resolver404:
        view = "404"
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return f"{view} {language} {'&'.join(keys)}"


def crawl(client: Client, starts, prefixes=("/",)) -> dict[str, str]:
    """The HTML of the pages reached from `starts` through links under `prefixes`: at most
    PER_KIND of each kind and template (a node's view draws a section, a page or an
    intervention), reading at most PER_VIEW of each kind to find them."""
    queue, seen, read, kept, pages = list(starts), set(), Counter(), Counter(), {}
    while queue and len(pages) < PER_AREA:
        url = queue.pop(0)
        page_kind = kind(url)
        if url in seen or read[page_kind] >= PER_VIEW:
            continue
        seen.add(url)
        read[page_kind] += 1
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        template = response.templates[0].name if response.templates else ""
        if kept[page_kind, template] >= PER_KIND:
            continue
        kept[page_kind, template] += 1
        html = response.content.decode()
        pages[url] = html
        for href in HREF.findall(html):
            link = unescape(href).split("#")[0]
            parts = urlsplit(link)
            if (
                link
                and not parts.scheme
                and not parts.netloc
                and link.startswith(prefixes)
                and not link.startswith(NOT_PAGES)
                and (not link.startswith(ADMIN) or ADMIN in prefixes)
                and not any(word in link for word in ("logga-ut", "log-out", "logout"))
            ):
                queue.append(link)
    return pages


def errors_of(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The checker's errors on each page (url: messages); pages without errors left out."""
    files = {}
    for number, (url, html) in enumerate(pages.items()):
        path = folder / f"{number:04d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path.resolve())] = url
    result = subprocess.run(
        [java(), "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # The checker answers 1 when it found errors, and reports them (as JSON) on stderr.
    messages = json.loads(result.stderr)["messages"]
    assert result.returncode == (1 if messages else 0), result.stderr[-2000:]
    found: dict[str, list[str]] = {}
    for message in messages:
        url = files.get(message.get("url", "").removeprefix("file:"), message.get("url", "?"))
        where = message.get("extract", "").strip()[:80]
        found.setdefault(url, []).append(f"{message['message']} [{where}]")
    return found


def user(username: str):
    return get_user_model().objects.get(username=username)


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def forms_with_errors() -> dict[str, str]:
    """Forms sent back with their errors shown, as a visitor sees them after a mistake."""
    client = Client()
    pages = {}
    for url, data in {
        "/tillganglighet/": {},
        "/en/accessibility/": {},
        "/genomforande/logga-in/": {"username": "nobody", "password": "wrong"},
        "/programarbete/logga-in/": {"username": "nobody", "password": "wrong"},
    }.items():
        response = client.post(url, data)
        assert response.status_code in (200, 400), (url, response.status_code)
        pages[f"POST {url}"] = response.content.decode()
    return pages


def error_pages() -> dict[str, str]:
    client = Client(raise_request_exception=False)
    pages = {}
    for url in (
        "/program/finns-inte/",
        "/en/programmes/does-not-exist/",
        "/program/adhd/insatser/?niva=finns-inte",
        "/sok/?q=" + "x" * 600,
        "/sok/?q=ordsomintefinns",
    ):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        pages[url] = response.content.decode()
    return pages


def every_page() -> dict[str, str]:
    public = [url for language in ("sv", "en") for url in page_urls(language).values()]
    pages = crawl(Client(), ["/", "/en/", "/offline/", *public])
    pages |= forms_with_errors() | error_pages()
    demo_users_load()
    demo_staff_load()
    areas = {
        "admin": [ADMIN],
        "redaktor": [ADMIN],
        "jonkoping": ["/genomforande/", "/en/implementation/"],
        "region": ["/genomforande/"],
        "lokalredaktor": ["/genomforande/lokalt/", "/en/implementation/local/"],
        "ordforande": ["/programarbete/", "/en/programme-work/"],
        "granskare": ["/remissvar/", "/en/review/"],
    }
    for username, starts in areas.items():
        prefixes = tuple(start for start in starts)
        area = crawl(logged_in(username), starts, prefixes)
        assert len(area) > 3, (username, "reached too few pages")
        pages |= {f"{url} ({username})": html for url, html in area.items()}
    return pages


def test_every_page_type_is_valid_html(tmp_path):
    pages = every_page()
    # The areas all answered: public pages, planning, local additions, programme work,
    # the reviewer's pages, forms with errors and error pages.
    assert len(pages) > 150

    found = errors_of(pages, tmp_path)
    assert not found, "\n".join(
        f"{url}: {message}" for url, messages in found.items() for message in messages
    )


def test_the_check_catches_invalid_html(tmp_path):
    """Microseconds in <time datetime> and a <div> inside a <span> are errors the checker
    must report."""
    html = Client().get("/").content.decode()
    late = '<time datetime="2026-12-07T10:00:00.123456+00:00">x</time>'
    broken = html.replace("<main", late + "<main", 1)
    broken = broken.replace("</main>", "<span><div>x</div></span></main>", 1)

    found = errors_of({"/ (broken)": broken}, tmp_path)

    messages = " ".join(found.get("/ (broken)", []))
    assert "datetime" in messages and "div" in messages
