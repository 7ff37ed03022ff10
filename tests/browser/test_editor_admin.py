"""The editor's admin in a real browser: the pages an editor uses run under the CSP without
errors, the rich-text editor writes what the editor types, and previews pass axe-core."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, login
from tests.browser.test_accessibility import violations
from tests.browser.test_security_policy import RECORD_VIOLATIONS

EDITOR = ("redaktor", "vip-demo-redaktor")


@pytest.fixture(scope="module")
def editor_pages(browser, live_url):
    """Paths of the admin pages an editor uses, found by following links as an editor does."""
    context = browser.new_context()
    login(context, live_url, *EDITOR)
    page = context.new_page()
    page.goto(live_url + "/admin/programmes/programme/?q=adhd")
    page.get_by_role("link", name="ADHD", exact=True).first.click()
    programme = page.url.removeprefix(live_url)
    tree = page.get_by_role("link", name="Innehållsträd").get_attribute("href")
    page.goto(live_url + "/admin/programmes/contentnode/?q=kbt&kind__exact=intervention")
    page.locator("#result_list tbody a").first.click()
    intervention = page.url.removeprefix(live_url)
    history = intervention.replace("/change/", "/history/")
    page.goto(live_url + history)
    revision = page.locator("#change-history tbody a").first.get_attribute("href")
    context.close()
    return {
        "index": "/admin/",
        "programmes": "/admin/programmes/programme/",
        "programme": programme,
        "tree": tree,
        "intervention": intervention,
        "history": history,
        "revision": revision,
        "import": "/admin/programmes/programme/import/",
        "vignette": "/admin/programmes/casevignette/1/change/",
        "levels": "/admin/care_levels/carelevel/",
        "recent changes": "/admin/editorial/version/",
        "preview": intervention.replace("/change/", "/preview/"),
        "preview en": intervention.replace("/change/", "/preview/en/"),
        "programme preview": programme.replace("/change/", "/preview/"),
    }


def test_the_editors_pages_run_under_the_policy_without_errors(browser, live_url, editor_pages):
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    login(context, live_url, *EDITOR)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for name, path in editor_pages.items():
        errors.clear()
        response = page.goto(live_url + path)
        page.wait_for_load_state("networkidle")
        problems = page.evaluate("window.__cspViolations") + errors
        if response.status != 200 or problems:
            found[name] = (response.status, problems)
    context.close()

    assert found == {}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_previews_meet_wcag(browser, live_url, editor_pages, viewport):
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    login(context, live_url, *EDITOR)
    page = context.new_page()
    found = {}
    for name in ("preview", "preview en", "programme preview"):
        page.goto(live_url + editor_pages[name])
        assert page.locator(".preview-notice").is_visible()
        if problems := violations(page):
            found[name] = problems
    context.close()

    assert found == {}


def test_an_editor_formats_text_previews_it_and_publishes_it(browser, live_url, editor_pages):
    context = browser.new_context(viewport=DESKTOP)
    login(context, live_url, *EDITOR)
    page = context.new_page()
    page.goto(live_url + editor_pages["intervention"])

    editor = page.locator(".prose-editor:has(#id_body_sv) > .ProseMirror")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Ny fetstil från webbläsaren")
    page.keyboard.press("Control+b")
    page.get_by_role("button", name="Spara och förhandsgranska").click()

    page.wait_for_selector(".preview-notice")
    assert "Förhandsvisning" in page.locator(".preview-notice").inner_text()
    assert page.locator("main strong", has_text="Ny fetstil från webbläsaren").count() == 1

    page.goto(live_url + editor_pages["intervention"])
    page.locator("a.viewsitelink").click()  # "Visa på webbplatsen" leads to the public page
    public_url = page.url
    anonymous = browser.new_context().new_page()
    anonymous.goto(public_url)
    assert anonymous.locator("main h1").count() == 1
    assert anonymous.locator("main strong", has_text="Ny fetstil").count() == 0  # a draft

    page.goto(live_url + editor_pages["intervention"])
    page.locator(".vip-release summary").click()
    page.get_by_label("Redaktionell ändring").check()
    page.get_by_label("Ändringsnotis (svenska)").fill("Fetstil i texten.")
    page.get_by_role("button", name="Spara och publicera").click()
    page.wait_for_selector(".messagelist .success")
    anonymous.goto(public_url)
    assert anonymous.locator("main strong", has_text="Ny fetstil från webbläsaren").count() == 1
    context.close()


def test_the_editors_block_type_menu_marks_itself_without_a_missing_glyph(
    browser, live_url, editor_pages
):
    """The menu's arrow was "⏷", which few fonts have: an empty box. Now it is drawn."""
    context = browser.new_context(viewport=DESKTOP)
    login(context, live_url, *EDITOR)
    page = context.new_page()
    page.goto(live_url + editor_pages["intervention"])
    selected = page.locator(".prose-editor:has(#id_body_sv) .prose-menubar__selected")
    selected.wait_for()

    arrow = selected.evaluate("element => getComputedStyle(element, '::after').content")
    context.close()

    assert arrow in ('""', "none", "")


def test_the_rich_text_toolbar_and_the_tree_speak_swedish(browser, live_url, editor_pages):
    """Needs the Swedish of .issue5-sv.po in the catalogue."""
    context = browser.new_context(viewport=DESKTOP)
    login(context, live_url, *EDITOR)
    page = context.new_page()
    page.goto(live_url + editor_pages["intervention"])
    toolbar = page.locator(".prose-editor:has(#id_body_sv) .prose-menubar")
    toolbar.locator("[data-name='history:undo']").wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector(\".prose-menubar [data-name='bold']\").title !== 'bold'",
        timeout=5000,
    )

    titles = toolbar.locator("button[title]").evaluate_all("buttons => buttons.map(b => b.title)")
    options = toolbar.locator(".prose-menubar__option").all_text_contents()
    page.goto(live_url + editor_pages["tree"])
    dragging = page.evaluate("[gettext('As child'), gettext('As Sibling'), gettext('Abort')]")
    context.close()

    assert {"Fetstil", "Kursiv", "Punktlista", "Numrerad lista", "Citat", "Ångra"} <= set(titles)
    assert not {"bold", "italic", "undo", "redo", "paragraph"} & set(titles)
    assert options == ["Rubrik 2", "Rubrik 3", "Stycke"]
    assert dragging == ["Under", "Bredvid", "Avbryt"]
