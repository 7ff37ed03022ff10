"""A nurse at a health centre in Jönköping, on her phone: she chooses her municipality,
opens the schizophrenia pathway, sees her steps with their time goals and the local
referral route, and prints it. And axe on the pages of the local view."""

import re

import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE
from tests.browser.test_accessibility import violations

PLACE = "Jönköpings kommun"
REGION = "Region Jönköpings län"
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_a_nurse_follows_the_pathway_with_the_local_route_and_prints_it(phone, live_url):
    page = phone
    page.goto(live_url + "/program/schizofreni/")
    assert "Nationell vy" in page.locator(".place-bar").inner_text()

    # She chooses her municipality with plain links, and comes back where she was.
    page.click(".place-bar a:has-text('Välj region eller kommun')")
    assert page.url.startswith(live_url + "/plats/")
    page.click(f"main a:text-is('{PLACE}')")
    page.wait_for_url(re.compile(r"/program/schizofreni/\?plats=jonkopings-kommun$"))
    assert f"Lokal vy: {PLACE}" in page.locator(".place-bar").inner_text()

    # The programme page leads to the pathway, the pathway to her level.
    page.click("main a[href$='/vardforlopp/schizofreni/']")
    page.wait_for_url(re.compile(r"/vardforlopp/schizofreni/$"))
    assert page.locator("main ol.steps > li").count() >= 6
    page.click("main a[href$='/vardforlopp/schizofreni/niva/vardcentral/']")
    page.wait_for_url(re.compile(r"/niva/vardcentral/$"))

    # Her steps, each with its time goal, and the local referral route beside them.
    main = page.locator("main")
    assert main.locator(".step--yours").count() >= 2
    assert "dagar" in main.locator(".step--yours").first.inner_text()
    local = main.locator(f".local-block:has-text('Lokalt i {REGION}')").first
    assert local.is_visible()
    assert "remiss" in local.inner_text().lower()
    # The choice was remembered: no ?plats= in this address, and still her place.
    assert "plats=" not in page.url
    assert f"Lokal vy: {PLACE}" in page.locator(".place-bar").inner_text()
    assert page.evaluate(OVERFLOW) <= 0

    # In print: the steps and the local route, without the site's navigation.
    page.emulate_media(media="print")
    assert local.is_visible()
    assert main.locator(".step--yours").first.is_visible()
    assert not page.locator(".main-nav").first.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_the_national_view_is_one_link_away_and_shows_no_local_text(phone, live_url):
    page = phone
    page.goto(live_url + "/program/schizofreni/vardforlopp/schizofreni/niva/vardcentral/")
    page.goto(page.url + "?plats=jonkopings-kommun")
    assert page.locator(f"main .local-block:has-text('{REGION}')").count() >= 1

    page.click(".place-bar a:has-text('Visa nationell vy')")
    assert "Nationell vy" in page.locator(".place-bar").inner_text()
    assert page.locator("main .local-block").count() == 0


LOCAL_PAGES = {
    "programme": "/program/schizofreni/",
    "pathway": "/program/schizofreni/vardforlopp/schizofreni/",
    "your steps": "/program/schizofreni/vardforlopp/schizofreni/niva/vardcentral/",
    "programme at level": "/program/schizofreni/niva/psykiatri-oppenvard/",
    "social psychiatry": "/program/schizofreni/niva/socialpsykiatri/",
    "english pathway": "/en/programmes/schizofreni/pathways/schizofreni/level/vardcentral/",
    "search": "/sok/?q=remiss+psykos",
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_wcag_violations_in_the_local_view(browser, live_url, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    found = {}
    for name, path in LOCAL_PAGES.items():
        separator = "&" if "?" in path else "?"
        page.goto(f"{live_url}{path}{separator}plats=jonkopings-kommun")
        assert page.locator(".local-block").count() >= 1 or name == "search", name
        if problems := violations(page):
            found[name] = problems
        assert page.evaluate(OVERFLOW) <= 0, name
    context.close()

    assert found == {}
    assert AXE.exists()
