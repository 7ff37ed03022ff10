"""Phone first, measured in the browser: the header, menu and notices take at most a
quarter of a 390 x 844 screen, both ways in on the start page begin within a screen and a
half, the search page's first hit is on the first screen, and no public page scrolls
sideways at 390 or at 320 px (WCAG 1.4.10)."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

#: What the header, the menu and the notices above the content may take of a phone screen.
HEADER_BUDGET = PHONE["height"] // 4
NARROW = {"width": 320, "height": 640}

#: How far the page's top parts reach: the bottom of the header, the place bar and the
#: notices (whatever of them the page has), in page coordinates.
CHROME_BOTTOM = """() => Math.max(
  ...['.site-header', '.place-bar', '.demo-notice', '.preview-notice']
  .map(sel => document.querySelector(sel)).filter(Boolean)
  .map(el => el.getBoundingClientRect().bottom + scrollY))"""
#: What sticks out on the right: the page's width, and the first elements past the
#: viewport (outside the boxes that scroll on their own), to say where.
WIDTH = """() => ({
  scroll: document.documentElement.scrollWidth, inner: innerWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('.table-scroll, .code-example')
                  && el.getBoundingClientRect().right > innerWidth + 1)
    .slice(0, 3).map(el => el.tagName + '.' + el.className),
})"""


def top_of(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box["y"] + page.evaluate("scrollY")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_fits_a_phone_and_320_px_without_sideways_scrolling(
    browser, live_url, public_urls, language
):
    too_wide = {}
    for viewport in (PHONE, NARROW):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in public_urls[language].items():
            page.goto(live_url + path)
            width = page.evaluate(WIDTH)
            if width["scroll"] > width["inner"]:
                too_wide[(viewport["width"], name)] = width
        context.close()

    assert too_wide == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_header_menu_and_notices_take_at_most_a_quarter_of_a_phone_screen(
    browser, live_url, public_urls, language
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    heights = {}
    for name, path in public_urls[language].items():
        page.goto(live_url + path)
        heights[name] = page.evaluate(CHROME_BOTTOM)
    context.close()

    assert {name: height for name, height in heights.items() if height > HEADER_BUDGET} == {}
    assert heights["home"] > 0


def test_the_menu_folds_on_a_phone_and_opens_without_script(browser, live_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_url + "/")
    toggle = page.locator("summary.menu__toggle")
    menu_link = page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Typfall")

    assert toggle.is_visible() and toggle.inner_text().strip() == "Meny"
    assert not menu_link.is_visible()
    assert page.locator(".demo-notice").bounding_box()["height"] < 40, "one short line"
    assert not page.locator("form.site-search").is_visible()
    assert page.get_by_role("link", name="Sök", exact=True).get_attribute("href") == "/sok/"

    toggle.click()
    assert menu_link.is_visible()
    menu_link.click()
    page.wait_for_url(live_url + "/typfall/")
    context.close()


def test_the_menu_and_the_search_form_are_open_on_a_wide_screen(browser, live_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_url + "/en/")

    assert not page.locator("summary.menu__toggle").is_visible()
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="Case vignettes").is_visible()
    assert page.get_by_role("searchbox", name="Search the portal").is_visible()
    assert "written as examples" in page.locator(".demo-notice").inner_text()

    page.keyboard.press("Tab")  # the skip link
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.main-nav') !== null"):
            break
    else:
        raise AssertionError("Tab never reached the main menu")
    page.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_both_ways_in_start_within_a_screen_and_a_half(phone, live_url, language):
    phone.goto(live_url + ("/" if language == "sv" else "/en/"))

    limit = PHONE["height"] * 1.5
    assert top_of(phone, "#programmes-heading") < limit
    assert top_of(phone, "#levels-heading") < limit
    assert phone.locator(".home-programmes .card").count() >= 5


@pytest.mark.parametrize("language", ["sv", "en"])
def test_programme_at_level_opens_with_jump_links_and_early_signs_in_place(
    phone, live_url, public_urls, language
):
    phone.goto(live_url + public_urls[language]["programme_level"])

    jump = phone.locator("nav.jump-links")
    assert top_of(phone, "nav.jump-links") < PHONE["height"]
    targets = jump.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert targets[:3] == ["#early-signs-heading", "#assessment-heading", "#responsibility-heading"]
    for target in targets:
        assert phone.locator(target).count() == 1, target
    for part in ("#early-signs-heading", "#assessment-heading"):
        section = phone.locator(f"section[aria-labelledby='{part[1:]}']")
        items = section.locator("li")
        assert items.count() >= 1
        # The summary text is there in place, not only a link.
        first = items.first
        assert len(first.inner_text()) > len(first.locator("a").inner_text()) + 20
    assert top_of(phone, "#early-signs-heading") < top_of(phone, "#interventions-heading")

    jump.locator("a[href='#assessment-heading']").click()
    assert phone.evaluate("location.hash") == "#assessment-heading"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_first_search_hit_is_on_the_first_phone_screen(phone, live_url, language):
    path = "/sok/" if language == "sv" else "/en/search/"
    phone.goto(live_url + path + "?q=adhd&typ=intervention")

    assert phone.locator(".search-results li").count() >= 1
    assert top_of(phone, ".search-results li") < PHONE["height"]
    assert not phone.locator(".filters__fields").is_visible()
    assert not phone.locator(".facets p").first.is_visible()

    phone.locator(".filters summary").click()
    assert phone.locator(".filters__fields").is_visible()


def test_search_filters_and_facets_are_open_on_a_wide_screen(browser, live_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(live_url + "/sok/?q=adhd&typ=intervention")

    assert page.locator(".filters__fields").is_visible()
    assert page.locator(".facets p").first.is_visible()
    page.close()
