"""axe-core on every public page, in both languages, logged in and out, phone and desktop:
no violation of WCAG 2.0/2.1 A or AA."""

import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE, login

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Only violations are collected (axe skips the details of what passed: faster).
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""

#: States a page can be in that the plain URLs do not reach.
EXTRA_PAGES = {
    "sv": {
        "not_found": "/program/finns-inte/",
        "filter_error": "/program/adhd/insatser/?niva=finns-inte",
    },
    "en": {
        "not_found": "/en/programmes/does-not-exist/",
        "filter_error": "/en/programmes/adhd/interventions/?niva=nope",
    },
}


def violations(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, WCAG_TAGS)


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_wcag_violations_on_any_page(
    browser, live_url, public_urls, language, viewport, logged_in
):
    # bypass_csp lets the test inject axe; the site itself allows no inline script.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    if logged_in:
        login(context, live_url)
    page = context.new_page()
    found = {}
    for name, path in {**public_urls[language], **EXTRA_PAGES[language]}.items():
        page.goto(live_url + path)
        if problems := violations(page):
            found[name] = problems
    context.close()

    assert found == {}


def test_no_wcag_violations_on_a_form_with_errors(browser, live_url):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_url + "/tillganglighet/")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".form-errors")

    assert violations(page) == []
    context.close()


def test_the_check_catches_a_real_violation(browser, live_url):
    """Guards the suite itself: axe runs and reports what it finds."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_url + "/")
    page.evaluate("document.querySelector('h1').style.color = '#ddd'")

    assert "color-contrast" in [problem["rule"] for problem in violations(page)]
    context.close()
