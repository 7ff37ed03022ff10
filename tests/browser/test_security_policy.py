"""The Content-Security-Policy holds in a real browser: nothing on the site trips it."""

import pytest

from tests.browser.conftest import login

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/program/adhd/niva/elevhalsa/",
        "/tillganglighet/",
        "/admin/",
        "/admin/programmes/contentnode/",
        "/admin/programmes/contentnode/add/",
        "/admin/programmes/programme/add/",
        "/admin/care_levels/carelevel/",
    ],
)
def test_pages_and_admin_run_under_the_policy_without_violations(browser, live_url, path):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    login(context, live_url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_url + path)
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    context.close()


def test_an_inline_style_is_blocked_and_seen(browser, live_url):
    """Guards the check above: a violation is both blocked and recorded."""
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(live_url + "/")

    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p id=x style=\"color: red\">x</p>')"
    )
    page.wait_for_function("window.__cspViolations.length > 0")

    assert page.evaluate("getComputedStyle(document.getElementById('x')).color") != "rgb(255, 0, 0)"
    assert page.evaluate("window.__cspViolations")[0].startswith("style-src")
    context.close()
