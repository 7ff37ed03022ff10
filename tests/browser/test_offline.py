"""Offline, in Chromium: the service worker registers, a clinician saves the schizophrenia
programme at her level, and with the browser context offline the saved pages open with
their date while an unsaved page gets the offline page; a change of content replaces the
saved copies on the next visit online. And the manifest, with icons that load."""

import datetime
import json
import re
import subprocess
import sys
import time

import pytest

from tests.browser.conftest import PHONE, ROOT
from tests.browser.test_accessibility import violations
from tests.browser.test_security_policy import RECORD_VIOLATIONS

LEVEL_PAGE = "/program/schizofreni/niva/vardcentral/"
SUMMARY = LEVEL_PAGE + "sammanfattning/"
STEP = "/program/schizofreni/vardforlopp/schizofreni/forsta-kontakt/"
UNSAVED = "/program/adhd/"
OTHER_LEVEL = "/program/schizofreni/niva/beroendevard/"
MONTHS = "januari februari mars april maj juni juli augusti september oktober november december"

RENAME = """
from programmes.models import Programme
programme = Programme.objects.get(slug="schizofreni")
programme.name_sv = {name!r}
programme.save()
"""

SAVED_KEYS = """async () => {
  const cache = await caches.open("vip-offline-pages");
  return (await cache.keys()).map((request) => new URL(request.url).pathname);
}"""

SAVED_TEXT = """async (path) => {
  const response = await caches.match(path, { cacheName: "vip-offline-pages" });
  return response ? await response.text() : "";
}"""


def saved_today() -> str:
    today = datetime.date.today()
    return f"Sparad {today.day} {MONTHS.split()[today.month - 1]} {today.year}."


def rename_programme(live_env, name):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RENAME.format(name=name)],
        cwd=ROOT,
        env=live_env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def context(browser):
    # bypass_csp lets axe be injected; test_security_policy runs these pages under the policy.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    yield context
    context.close()


def wait_until(page, expression: str, seconds: float = 15) -> None:
    """Poll `expression` from the test, not in the page: Playwright's own polling builds a
    function from a string, which the page's Content-Security-Policy rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(100)


def save_the_programme_at_my_level(page, live_url):
    page.goto(live_url + LEVEL_PAGE)
    wait_until(page, "navigator.serviceWorker.controller !== null")
    button = page.get_by_role("button", name="Spara för offline")
    button.click()
    status = page.locator(".offline-save [role=status]")
    status.filter(has_text="Sparad för offline").wait_for()
    return status.inner_text()


def test_a_saved_programme_at_a_level_opens_offline_with_its_date(context, live_url):
    page = context.new_page()
    status = save_the_programme_at_my_level(page, live_url)

    today = saved_today().removeprefix("Sparad ").removesuffix(".")
    assert status.startswith(f"Sparad för offline {today}")
    saved = page.evaluate(SAVED_KEYS)
    assert {LEVEL_PAGE, SUMMARY, STEP} <= set(saved)
    assert any("/vardforlopp/" in path and path.endswith("/niva/vardcentral/") for path in saved)
    assert OTHER_LEVEL not in saved
    assert UNSAVED not in saved
    assert len(saved) == int(re.search(r"antal sidor: (\d+)", status).group(1))

    context.set_offline(True)
    try:
        for path in (LEVEL_PAGE, STEP, SUMMARY):
            page.goto(live_url + path)
            banner = page.locator("main .offline-banner")
            assert "Du är offline." in banner.inner_text()
            assert saved_today() in banner.inner_text()
            assert banner.locator("time").get_attribute("datetime") == str(datetime.date.today())
        assert page.locator("link[rel=stylesheet]").count() >= 1
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")

        page.goto(live_url + UNSAVED)
        assert page.locator("h1").inner_text() == "Du är offline"
        listed = page.locator("[data-offline-list]")
        listed.locator("a").first.wait_for()
        assert "Vårdcentral" in listed.inner_text() or "vårdcentral" in listed.inner_text()
        assert listed.locator(f"a[href$='{LEVEL_PAGE}']").count() == 1
        assert violations(page) == []
    finally:
        context.set_offline(False)

    # Online, the list of saved pages shows the same, with the date.
    page.goto(live_url + "/offline/")
    page.locator("[data-offline-list] a").first.wait_for()
    assert saved_today().rstrip(".") in page.locator("[data-offline-list]").inner_text()
    assert page.locator("[data-offline-empty]").is_hidden()
    assert violations(page) == []


def test_a_saved_copy_is_replaced_after_the_content_changes(context, live_url, live_env):
    page = context.new_page()
    save_the_programme_at_my_level(page, live_url)
    assert "Schizofreni (uppdaterad)" not in page.evaluate(SAVED_TEXT, STEP)

    rename_programme(live_env, "Schizofreni (uppdaterad)")
    try:
        # The next visit online finds new content: this page and the rest of what was
        # saved with it are replaced.
        page.goto(live_url + LEVEL_PAGE)
        page.wait_for_function(
            """async ([level, step]) => {
              const text = async (path) => {
                const response = await caches.match(path, { cacheName: "vip-offline-pages" });
                return response ? await response.text() : "";
              };
              return (await text(level)).includes("Schizofreni (uppdaterad)")
                && (await text(step)).includes("Schizofreni (uppdaterad)");
            }""",
            arg=[LEVEL_PAGE, STEP],
        )

        context.set_offline(True)
        try:
            page.goto(live_url + LEVEL_PAGE)
            assert "Schizofreni (uppdaterad)" in page.locator("main").inner_text()
            assert saved_today() in page.locator(".offline-banner").inner_text()
        finally:
            context.set_offline(False)
    finally:
        rename_programme(live_env, "Schizofreni")


def test_the_save_button_needs_javascript_and_passes_axe(browser, live_url):
    without_js = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = without_js.new_page()
    page.goto(live_url + LEVEL_PAGE)
    assert page.locator(".offline-save").is_hidden()
    without_js.close()

    with_js = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = with_js.new_page()
    page.goto(live_url + LEVEL_PAGE)
    page.get_by_role("button", name="Spara för offline").wait_for()
    assert violations(page) == []
    with_js.close()


def test_the_manifest_is_valid_json_with_icons_that_load(context, live_url):
    page = context.new_page()
    page.goto(live_url + "/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    response = page.request.get(live_url + href)
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.text())
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "VIP-portalen",
        "/",
        "standalone",
    )
    for icon in manifest["icons"]:
        loaded = page.request.get(live_url + icon["src"])
        assert loaded.ok, icon
        assert loaded.headers["content-type"].startswith(icon["type"])
        size = page.evaluate(
            """(src) => new Promise((resolve, reject) => {
              const image = new Image();
              image.onload = () => resolve(image.naturalWidth);
              image.onerror = reject;
              image.src = src;
            })""",
            icon["src"],
        )
        assert size > 0


def test_saving_and_the_offline_pages_run_under_the_policy(browser, live_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    save_the_programme_at_my_level(page, live_url)
    assert page.evaluate("window.__cspViolations") == []

    context.set_offline(True)
    for path in (STEP, UNSAVED):
        page.goto(live_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__cspViolations") == []
    context.set_offline(False)
    assert errors == []
    context.close()
