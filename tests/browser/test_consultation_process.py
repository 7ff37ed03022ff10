"""The working group's pages (/programarbete/) in a real browser, with the demo's programme
work on `sjalvskadebeteende`: the chair logs in, opens the programme's page, sees the
timeline of meetings and opens one; every page of the group passes axe-core in Swedish
and English, on a desktop and on a phone (nothing wider than the phone), under the CSP."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import AXE, DESKTOP, PHONE
from tests.browser.test_accessibility import WCAG_TAGS
from tests.browser.test_implementation import AXE_RESULT, AXE_START, OVERFLOW
from tests.browser.test_security_policy import RECORD_VIOLATIONS

SLUG = "sjalvskadebeteende"
CHAIR, PASSWORD = "ordforande", "vip-demo-ordforande"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
PAGES = (
    "home",
    "programme",
    "meeting",
    "practical_tests",
    "indicator_checks",
    "dissemination",
    "self_evaluation",
)


def path(name: str, language: str, *args) -> str:
    with translation.override(language):
        return reverse(f"consultation:{name}", args=args)


def page_paths(language: str, meeting_pk: int) -> dict[str, str]:
    paths = {"home": path("home", language)}
    for name in PAGES[1:]:
        args = [SLUG, meeting_pk] if name == "meeting" else [SLUG]
        paths[name] = path(name, language, *args)
    return paths


@pytest.fixture(scope="module")
def chair_state(browser, live_url):
    """The chair logged in once, through the programme work's login page (the login is
    rate limited: every context of this module starts from this one's cookies)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    home = path("home", "sv")
    page.goto(live_url + path("login", "sv") + "?next=" + home)
    page.fill("#id_username", CHAIR)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_url + home)
    state = context.storage_state()
    context.close()
    return state


def chair_page(browser, state, viewport=DESKTOP, *, axe=False, csp=False):
    context = browser.new_context(viewport=viewport, storage_state=state, bypass_csp=not csp)
    if axe:
        context.add_init_script(path=str(AXE))
    if csp:
        context.add_init_script(RECORD_VIOLATIONS)
    return context.new_page()


@pytest.fixture(scope="module")
def meeting_pk(browser, live_url, chair_state):
    """A meeting of the demo's timeline, read from the programme's page."""
    page = chair_page(browser, chair_state)
    page.goto(live_url + path("programme", "sv", SLUG))
    href = page.locator("ol.timeline a").first.get_attribute("href")
    page.context.close()
    return int(href.rstrip("/").split("/")[-1])


def test_the_chair_opens_the_programme_sees_the_timeline_and_opens_a_meeting(
    browser, live_url, chair_state
):
    page = chair_page(browser, chair_state, csp=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_url + path("home", "sv"))

    page.click(f"main a[href='{path('programme', 'sv', SLUG)}']")
    page.wait_for_url(live_url + path("programme", "sv", SLUG))

    meetings = page.locator("ol.timeline > li")
    assert meetings.count() >= 6, "the demo's six meetings"
    words = " ".join(meetings.locator(".status").all_inner_texts())
    assert "Hållet" in words, "past meetings are marked in words"
    assert page.locator("#status ~ .table-scroll table tbody tr").count() >= 1
    first = meetings.first.locator("a")
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    assert page.locator("main h2").count() == 4  # due before, agenda, minutes, decisions
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_of_the_group_meets_wcag_on_phone_and_desktop(
    browser, live_url, chair_state, meeting_pk, language
):
    pages = {
        name: chair_page(browser, chair_state, viewport, axe=True)
        for name, viewport in VIEWPORTS.items()
    }
    found, statuses, overflowing = {}, {}, {}
    for name, address in page_paths(language, meeting_pk).items():
        for viewport, page in pages.items():
            response = page.goto(live_url + address)
            if response.status != 200:
                statuses[f"{name} ({viewport})"] = response.status
            assert page.locator("html").get_attribute("lang") == language
            page.evaluate(AXE_START, WCAG_TAGS)
        for viewport, page in pages.items():
            if problems := page.evaluate(AXE_RESULT):
                found[f"{name} ({viewport})"] = problems
        if (extra := pages["phone"].evaluate(OVERFLOW)) > 1:
            overflowing[name] = extra
    for page in pages.values():
        page.context.close()

    assert statuses == {}
    assert found == {}
    assert overflowing == {}, "pixels the page is wider than a phone"


def test_a_form_sent_with_errors_meets_wcag_and_links_to_the_field(browser, live_url, chair_state):
    page = chair_page(browser, chair_state, PHONE, axe=True)
    page.goto(live_url + path("indicator_checks", "sv", SLUG))
    form = page.locator("main form.work-form").first
    form.locator("select[name$='-fetchable']").select_option("yes")
    form.locator("input[name$='-source']").fill("")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator(".form-errors[role=alert]")
    assert summary.count() == 1
    target = summary.locator("a").first.get_attribute("href")
    assert page.locator(target).count() == 1
    page.evaluate(AXE_START, WCAG_TAGS)
    assert page.evaluate(AXE_RESULT) == []
    assert page.evaluate(OVERFLOW) <= 1
    page.context.close()
