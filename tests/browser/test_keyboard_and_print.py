"""A clinician with only a keyboard, and a meeting summary on paper."""

import re

from tests.browser.conftest import DESKTOP, PHONE

FOCUS_STYLE = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {text: (el.innerText || "").trim(), tag: el.tagName, visible: outline || shadow};
}"""


def tab_to(page, pattern: str, limit: int = 80) -> None:
    """Press Tab until a link or button whose text matches `pattern` has focus; every
    element passed on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        assert focused["visible"], f"no visible focus on {focused}"
        if re.fullmatch(pattern, focused["text"]):
            return
    raise AssertionError(f"never reached {pattern!r} with Tab")


def test_skip_link_moves_focus_to_the_content(browser, live_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_url + "/program/adhd/")

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STYLE)["text"] == "Hoppa till innehållet"
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    page.close()


def test_keyboard_only_clinician_finds_interventions_for_a_programme_at_a_level(browser, live_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(live_url + "/")

    tab_to(page, "ADHD")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/program/adhd/$"))
    tab_to(page, "Elevhälsa")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/program/adhd/niva/elevhalsa/$"))

    assert page.locator("h2#interventions-heading").is_visible()
    assert page.locator(".card--intervention").count() >= 2
    tab_to(page, r"\d+ insatser")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#interventions-heading"
    page.close()


def test_meeting_summary_prints_on_a4_without_navigation(browser, live_url):
    page = browser.new_page()
    page.goto(live_url + "/program/adhd/niva/elevhalsa/sammanfattning/")
    page.emulate_media(media="print")

    hidden = page.evaluate(
        """() => ['.site-header', '.main-nav', '.breadcrumbs', '.site-footer', '.no-print']
             .map(sel => document.querySelector(sel))
             .filter(el => el && getComputedStyle(el).display !== 'none')
             .map(el => el.className)"""
    )
    assert hidden == []
    assert page.locator("h1").is_visible()
    assert page.locator(".where-to-turn").is_visible()

    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 4
    width, height = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert (round(float(width)), round(float(height))) == (595, 842), "A4 in points"
    page.close()
