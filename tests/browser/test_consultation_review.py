"""A reviewer's consultation in a real browser: the demo reviewer `granskare` logs in,
opens the open round of `sjalvskadebeteende`, comments on two parts, submits the
response and finds it read-only; and axe-core finds no WCAG violation on the reviewer's
pages in Swedish and English, on a phone and a desktop, none wider than a phone.

The journey writes, so this module serves its own copy of the demo database (the other
browser tests keep seeing the demo as it was loaded)."""

import json
import re
import sqlite3
import subprocess
import sys

import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE
from tests.browser.test_accessibility import AXE_RUN, WCAG_TAGS
from tests.servers import ROOT, gunicorn

LOGIN = "/programarbete/logga-in/"
LIST = "/remissvar/"
ROUND_TITLE = "Remiss av utkast till version 2"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(scope="module")
def review_env(live_env, tmp_path_factory):
    """The environment of a copy of the browser tests' demo database."""
    source = live_env["DATABASE_URL"].removeprefix("sqlite:///")
    copy = tmp_path_factory.mktemp("review") / "db.sqlite3"
    with sqlite3.connect(source) as original, sqlite3.connect(copy) as target:
        original.backup(target)
    return {**live_env, "DATABASE_URL": f"sqlite:///{copy}"}


@pytest.fixture(scope="module")
def review_url(review_env):
    """The portal served from that copy."""
    with gunicorn(review_env) as url:
        yield url


#: Invites a new reviewer to the open round of the demo and prints the paths of the
#: invitation link in Swedish and English.
INVITE = """
import json
from django.utils import translation
from programmes.editorial.consultation.invitations import reviewer_invite, welcome_path
from programmes.editorial.consultation.models import Invitation
invitation = Invitation.objects.filter(
    round__programme__slug="sjalvskadebeteende", round__closed_at=None
).order_by("-round__number", "organisation__name").first()
user = reviewer_invite(
    invitation=invitation, email="ny.granskare@example.se", name="Nora Ny",
    invited_by=None, base_url="http://127.0.0.1",
).reviewer.user
paths = {}
for language in ("sv", "en"):
    with translation.override(language):
        paths[language] = welcome_path(user)
print(json.dumps(paths))
"""


@pytest.fixture(scope="module")
def invitation_links(review_env):
    """The paths of a new reviewer's invitation link, by language."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", INVITE],
        cwd=ROOT,
        env={**review_env, "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def reviewer(browser, url, viewport=DESKTOP):
    """A page logged in as the demo reviewer, axe loaded on every page it opens."""
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(url + LOGIN)
    page.fill("#id_username", "granskare")
    page.fill("#id_password", "vip-demo-granskare")
    page.click("main button[type=submit]")
    # To the programme work's start, which sends a reviewer on to their consultations.
    page.wait_for_url(re.compile(r"/(programarbete|remissvar)/$"))
    return page


def open_round(page, url):
    page.goto(url + LIST)
    page.click(f"main a:text-is('{ROUND_TITLE}')")
    page.wait_for_url(re.compile(r"/remissvar/\d+/$"))


def test_reviewer_pages_meet_wcag_on_phone_and_desktop_in_both_languages(
    browser, review_url, invitation_links
):
    found, overflowing, visited = {}, {}, []

    def check(page, name):
        visited.append(name)
        if problems := page.evaluate(AXE_RUN, WCAG_TAGS):
            found[name] = problems
        if (extra := page.evaluate(OVERFLOW)) > 1:
            overflowing[name] = extra

    # Logged out: the login and an invitation link that no longer works.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.goto(review_url + LOGIN)
    check(page, "login")
    response = page.goto(review_url + "/programarbete/valkommen/MQ/utgangen-lank/")
    assert response.status == 400
    check(page, "link no longer valid")
    for language, path in invitation_links.items():
        assert page.goto(review_url + path).status == 200
        check(page, f"invitation link {language}")
        page.fill("#id_new_password1", "kort")
        page.fill("#id_new_password2", "annat")
        page.click("main button[type=submit]")
        page.wait_for_selector(".form-errors")
        check(page, f"invitation link with errors {language}")
    context.close()

    for size, viewport in {"phone": PHONE, "desktop": DESKTOP}.items():
        page = reviewer(browser, review_url, viewport)
        for language, list_path in (("sv", LIST), ("en", "/en/review/")):
            where = f"{language} {size}"
            page.goto(review_url + list_path)
            check(page, f"list {where}")
            # A click starts the next page; axe waits until it has loaded.
            with page.expect_navigation():
                page.click(f"main a:text-is('{ROUND_TITLE}')")
            check(page, f"round {where}")
            round_url = page.url
            with page.expect_navigation():
                page.locator("main .review-part__state a").nth(3).click()
            check(page, f"part {where}")
            page.click("main form.work-form button[type=submit]")  # empty: errors
            page.wait_for_selector(".form-errors")
            check(page, f"part with errors {where}")
            page.goto(round_url)
            with page.expect_navigation():
                page.click("main .review-submit a.button")
            check(page, f"submit {where}")
        page.context.close()

    assert len(visited) == 2 + 2 * 2 + 2 * 2 * 5
    assert found == {}
    assert overflowing == {}, "pixels a page is wider than a phone"


def test_a_reviewer_comments_on_two_parts_and_submits_the_response(browser, review_url):
    page = reviewer(browser, review_url)
    open_round(page, review_url)
    round_url = page.url
    main = page.locator("main")
    assert "Syfte" in main.inner_text() and "Frågor till remissinstanserna" in main.inner_text()
    links = main.locator(".review-part__state a")
    assert links.count() > 5

    for index, (kind, text) in enumerate(
        [("fact", "Årtalet för riktlinjen stämmer inte."), ("language", "Meningen är lång.")]
    ):
        page.goto(round_url)
        link = links.nth(2 + index * 2)
        title = link.locator(".visually-hidden").inner_text().removeprefix(": ")
        link.click()
        page.wait_for_url(re.compile(r"/remissvar/\d+/del/\d+/$"))
        assert page.locator("h1").inner_text().strip() == title
        page.select_option("#id_kind", kind)
        page.fill("#id_text", text)
        page.fill("#id_proposal", "Förslag på ny lydelse.")
        page.click("main form.work-form button[type=submit]")
        page.wait_for_url(re.compile(r"/del/\d+/#comments$"))
        assert "Din synpunkt är sparad" in page.locator(".message").inner_text()
        assert text in main.locator("#comments").inner_text()

    page.goto(round_url)
    assert main.locator(".review-part__state:has-text('1 synpunkt')").count() >= 2
    page.click("main .review-submit a.button")
    page.wait_for_url(re.compile(r"/skicka-in/$"))
    assert "Region Jönköpings län" in main.inner_text()
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(round_url)
    assert "remissvar är inskickat" in page.locator(".message").inner_text()
    assert "Inskickat" in main.inner_text()
    assert main.locator(".review-submit a.button").count() == 0
    assert "Se synpunkterna" in main.inner_text()

    # Read-only: the part shows the comments without forms or links to change them.
    main.locator(".review-part__state a").nth(2).click()
    assert main.locator("form").count() == 0
    assert "skickades in" in main.inner_text()
    assert main.locator("a:has-text('Redigera')").count() == 0
    page.context.close()
