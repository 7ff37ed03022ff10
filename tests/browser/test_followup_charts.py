"""An indicator's chart page in a real browser: it meets WCAG (axe) on a phone and a
desktop, fits a phone's width, runs under the CSP, switches chart without JavaScript, and
an editor's form sent with errors still meets WCAG."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_implementation import OVERFLOW, axe_on, close, member_page, open_plan

#: The demo contact person of Region Jönköpings län, whose plan has measurements.
EDITOR = "jonkoping"


def indicator_path(page, live_url) -> str:
    """The first indicator page linked from the member's plan."""
    open_plan(page, live_url)
    href = page.locator('main a[href*="/indikatorer/"]').first.get_attribute("href")
    return href.split("#")[0]


@pytest.mark.parametrize("chart", ["", "?chart=run", "?chart=i", "?chart=p"])
def test_the_indicator_page_meets_wcag_on_phone_and_desktop(browser, live_url, chart):
    pages = {
        "desktop": member_page(browser, live_url, EDITOR, DESKTOP, axe=True),
        "phone": member_page(browser, live_url, EDITOR, PHONE, axe=True),
    }
    path = indicator_path(pages["desktop"], live_url) + chart
    for page in pages.values():
        page.goto(live_url + path)
        assert page.locator("main svg[role=img] > title").count() == 1

    problems = axe_on(pages)
    overflow = pages["phone"].evaluate(OVERFLOW)
    close(*pages.values())

    assert problems == {"desktop": [], "phone": []}
    assert overflow <= 1


def test_the_chart_is_switched_by_a_link_and_runs_under_the_policy(browser, live_url):
    page = member_page(browser, live_url, EDITOR, DESKTOP, csp=True)
    page.goto(live_url + indicator_path(page, live_url))

    page.locator("nav.chart-kinds a", has_text="Seriediagram").click()
    page.wait_for_load_state()

    assert page.locator('nav.chart-kinds a[aria-current="page"]').inner_text() == "Seriediagram"
    assert page.locator("#chart-heading").inner_text() == "Seriediagram"
    assert page.evaluate("window.__cspViolations") == []
    close(page)


def test_a_baseline_sent_with_errors_meets_wcag(browser, live_url):
    page = member_page(browser, live_url, EDITOR, DESKTOP, axe=True)
    page.goto(live_url + indicator_path(page, live_url))

    page.fill("#id_baseline-start", "2099-01-01")
    page.locator("#baselines button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.locator(".form-errors").count() == 1
    problems = axe_on({"desktop": page})
    close(page)
    assert problems == {"desktop": []}
