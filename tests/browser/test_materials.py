"""The printed flyers in a real browser: on a 390 px and a 320 px phone with nothing
sideways, without an axe-core violation in either language, and on A4 in print."""

import re

import pytest

from tests.browser.conftest import AXE, PHONE
from tests.browser.test_accessibility import AXE_RUN, WCAG_TAGS
from tests.browser.test_meeting_summary import SIDEWAYS

FLYERS = {
    "sv": [
        "/material/adhd-flyer-for-personal/skriv-ut/",
        "/material/adhd-flyer-for-allmanheten/skriv-ut/",
    ],
    "en": [
        "/en/materials/adhd-flyer-for-personal/print/",
        "/en/materials/adhd-flyer-for-allmanheten/print/",
    ],
}
NARROW = {"width": 320, "height": 640}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_flyers_fit_a_phone_and_meet_wcag(browser, live_url, language):
    found, sideways = {}, {}
    for viewport in (PHONE, NARROW):
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        page = context.new_page()
        for path in FLYERS[language]:
            assert page.goto(f"{live_url}{path}").status == 200
            if (width := page.evaluate(SIDEWAYS))["overflow"] > 0:
                sideways[(viewport["width"], path)] = width
            page.add_script_tag(path=str(AXE))
            if problems := page.evaluate(AXE_RUN, WCAG_TAGS):
                found[(viewport["width"], path)] = problems
        context.close()

    assert sideways == {}
    assert found == {}


@pytest.mark.parametrize("path", FLYERS["sv"])
def test_a_flyer_prints_on_a4_with_its_address(browser, live_url, path):
    page = browser.new_page()
    page.goto(f"{live_url}{path}")
    page.emulate_media(media="print")

    assert not page.locator(".site-header").is_visible()
    assert page.locator(".flyer__address").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
    width, height = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert (round(float(width)), round(float(height))) == (595, 842), "A4 in points"
    page.close()


def test_the_materials_list_offers_print_and_open(browser, live_url):
    page = browser.new_page()
    page.goto(f"{live_url}/material/?program=adhd")

    assert page.locator("a.material-link", has_text="Skriv ut").count() == 2
    assert page.locator("a.material-link", has_text="Öppna").count() == 3
    page.locator("a.material-link", has_text="Skriv ut").first.click()
    page.wait_for_load_state()
    assert "/skriv-ut/" in page.url and page.locator("article.flyer").is_visible()
    page.close()
