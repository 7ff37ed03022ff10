"""The meeting summary in a real browser: chosen with the plain form, on a 390 px phone
with nothing sideways, printed to an A4 PDF, without an axe-core violation in either
language and without tripping the Content-Security-Policy."""

import re

import pytest

from tests.browser.conftest import AXE, PHONE
from tests.browser.test_accessibility import AXE_RUN, WCAG_TAGS
from tests.browser.test_security_policy import RECORD_VIOLATIONS

SUMMARY = {
    "sv": "/program/sjalvskadebeteende/niva/elevhalsa/sammanfattning/",
    "en": "/en/programmes/sjalvskadebeteende/level/elevhalsa/summary/",
}
#: A place with local text for self-harm at pupil health in the demo (fixtures/local.yaml).
PLACE = "jonkopings-kommun"
#: How far the page reaches past the viewport on the right, and the first elements that do.
SIDEWAYS = """() => ({
  overflow: document.documentElement.scrollWidth - innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 3).map(el => el.tagName + '.' + el.className),
})"""


def summary_with_choice(page, live_url, language="sv"):
    """Open the summary in the local view, tick off all but two interventions, show it."""
    page.goto(f"{live_url}{SUMMARY[language]}?plats={PLACE}")
    boxes = page.locator("input[name=insats]")
    assert boxes.count() >= 3
    for index in range(2, boxes.count()):
        boxes.nth(index).uncheck()
    page.locator(".summary-choice button[type=submit]").click()
    page.wait_for_load_state()
    return page


def test_the_form_narrows_the_summary_without_javascript(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}{SUMMARY['sv']}?plats={PLACE}")
    everything = page.locator("#discussed-heading ~ ul.summary-list > li").count()
    page.locator("input[name=insats]").nth(0).uncheck()
    page.locator(".summary-choice button[type=submit]").click()
    # The address changes when the answer starts to arrive; its list, once it has loaded.
    page.wait_for_load_state()

    assert "insats=" in page.url and f"plats={PLACE}" in page.url
    assert page.locator("#discussed-heading ~ ul.summary-list > li").count() == everything - 1
    assert page.locator("#local-route-heading").is_visible()
    address = page.locator(".summary-address__url").inner_text()
    assert address.startswith(live_url) and "insats=" in address and PLACE in address
    context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_on_a_phone_nothing_scrolls_sideways(browser, live_url, language):
    context = browser.new_context(viewport=PHONE)
    page = summary_with_choice(context.new_page(), live_url, language)

    width = page.evaluate(SIDEWAYS)
    assert width["overflow"] <= 0, width
    qr = page.locator(".summary-qr__code").bounding_box()
    assert qr["width"] >= 100 and qr["x"] + qr["width"] <= PHONE["width"]
    context.close()


def test_it_prints_on_a4_with_the_qr_code_and_nothing_cut_off(browser, live_url):
    page = summary_with_choice(browser.new_page(), live_url)
    page.emulate_media(media="print")

    assert not page.locator(".summary-choice").is_visible(), "the form stays on screen"
    for part in ["#early-signs-heading", "#assessment-heading", "#refer-heading"]:
        assert page.locator(part).is_visible()
    assert page.locator(".summary-qr__code").is_visible()
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.meeting-summary *')]
             .filter(el => el.scrollWidth > el.clientWidth + 1
                           && getComputedStyle(el).overflowX !== 'visible')
             .map(el => el.tagName + '.' + el.className)"""
    )
    assert cut == []
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, "a typical selection fits a sheet, or two"
    width, height = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert (round(float(width)), round(float(height))) == (595, 842), "A4 in points"
    page.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_wcag_violations(browser, live_url, language):
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    found = {}
    for query in ["", f"?plats={PLACE}", "?insats=Inte%20en%20insats"]:
        page.goto(f"{live_url}{SUMMARY[language]}{query}")
        page.add_script_tag(path=str(AXE))
        if problems := page.evaluate(AXE_RUN, WCAG_TAGS):
            found[query] = problems
    context.close()

    assert found == {}


def test_the_page_runs_under_the_content_security_policy(browser, live_url):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = summary_with_choice(context.new_page(), live_url)
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__cspViolations") == []
    assert page.locator("svg.summary-qr__code title").count() == 1
    context.close()
