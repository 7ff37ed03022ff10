"""The implementation pages (/genomforande/) in a real browser, as each kind of member: every
page they can reach passes axe-core and runs under the CSP, a contact person edits the targets
with only a keyboard, and a plan fits on A4 paper and on a phone."""

import collections
import hashlib
import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from django.utils import translation

from tests.browser.conftest import AXE, DESKTOP, PHONE
from tests.browser.test_accessibility import WCAG_TAGS
from tests.browser.test_keyboard_and_print import FOCUS_STYLE
from tests.browser.test_security_policy import RECORD_VIOLATIONS

LOGIN = "/genomforande/logga-in/"
HOME = "/genomforande/"
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

#: A4 less the @page margins of print.css (210 mm − 2 × 16 mm), in CSS pixels, rounded down.
A4_CONTENT_WIDTH = int((210 - 2 * 16) / 25.4 * 96)

#: The two visits of one crawl: the Swedish pages, then the English ones.
PASSES = ("/genomforande/", "/en/implementation/")
#: Visits per URL shape (numbers as N) and per language pass; the crawl stays fast. The
#: English pass sees one page of each shape: the same markup as the Swedish pages, the
#: words translated.
PER_SHAPE = {"/genomforande/": 2, "/en/implementation/": 1}
PER_PASS = 40
DOWNLOADS = (".csv", ".xlsx", ".svg", ".png")
PLAN = re.compile(r"^/(genomforande/planer|en/implementation/plans)/\d+/$")

FORMS = {
    "plan_create",
    "plan_edit",
    "plan_delete",
    "targets",
    "gap_create",
    "gap_delete",
    *(
        f"{part}_{action}"
        for part in ("activity", "report", "measurement", "pdsa")
        for action in ("create", "edit", "delete")
    ),
}
READ = {"home", "overview", "overview_print", "plan", "plan_print", "history"}
EDIT = {
    "targets",
    "activity_create",
    "activity_create?agenda",
    "activity_edit",
    "activity_delete",
    "gap_create",
    "measurement_create",
    "pdsa_create",
}
#: The local additions' pages a local editor reaches by links (publishing is a form).
LOCAL = {"local_list", "local_create", "local_edit", "local_preview", "local_history"}
#: A gap analysis, for the plans that have one.
GAP = {"gap", "gap_delete"}
MANAGE = {"plan_create", "plan_edit", "plan_delete"}
REPORT = {"report_create", "report_edit", "report_delete"}
#: A plan that follows indicators: run charts, measurements and PDSA cycles to change.
MEASURED = {"indicator", "measurement_edit", "measurement_delete", "pdsa_edit", "pdsa_delete"}

#: Each demo login: the kinds of page (URL names) its crawl must reach, those it must never
#: reach, and (if not all) the kinds of page whose links it follows.
MEMBERS = {
    # Regional process support reads, and answers the municipalities' requests for support.
    "processtod": {"reaches": READ | {"gap", "indicator", "report_reply"}, "never": FORMS},
    # Its charts and open data are the region's to crawl (below): here every page that
    # changes the plan.
    "jonkoping": {
        "reaches": READ | EDIT | GAP | MANAGE | REPORT,
        "never": set(),
        "follow": READ | EDIT | GAP | MANAGE | REPORT | {"measurement_edit", "pdsa_edit"},
    },
    "ledare": {"reaches": READ | EDIT | GAP, "never": MANAGE | REPORT},
    # Nässjö's plan has no gap analysis yet.
    "redigerare": {"reaches": READ | EDIT | MANAGE, "never": REPORT},
    # Also an indicator's open data page (Kolada beside the country and comparisons).
    "lasare": {"reaches": READ | {"indicator", "indicator_open_data"}, "never": FORMS},
    # The one member who can change measurements and PDSA cycles (only the region's plan has
    # them); the others reach every other kind of page, so this crawl follows only these.
    "region": {"reaches": MEASURED, "never": set(), "follow": {"home", "plan"} | MEASURED},
    # Local editors: their organisation's local additions, never a plan.
    "lokalredaktor": {"reaches": {"home"} | LOCAL, "never": (READ - {"home"}) | FORMS},
    "lokalkommun": {"reaches": {"home"} | LOCAL, "never": (READ - {"home"}) | FORMS},
}
READERS = {"processtod", "lasare"}

#: As test_accessibility.py runs axe, but started without waiting for it, so that the phone
#: and the desktop page run it side by side; only violations are collected, which is faster.
AXE_START = """(tags) => {
  window.__axe = axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  }).then(result => result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    where: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  })));
}"""
AXE_RESULT = "() => window.__axe"
#: What the crawl reads from a page: where its links lead, whether it offers a form that
#: writes (a GET form only chooses what to see), the link
#: of the language switch, and its HTML but for what differs between two people seeing the
#: same thing (the CSRF token and who is logged in).
PAGE = """() => {
  const copy = document.documentElement.cloneNode(true);
  copy.querySelectorAll("input[name=csrfmiddlewaretoken], .work-nav__logout span")
    .forEach(el => el.remove());
  const english = document.querySelector(".lang-switch a[hreflang=en]");
  return {
    links: [...document.querySelectorAll("a[href]")].map(link => link.href),
    form: document.querySelector("main form[method=post i]") !== null,
    english: english && english.getAttribute("href"),
    rendering: copy.outerHTML,
  };
}"""
#: (rendering digest, viewport) already checked by axe in this run: the same HTML at the same
#: size gets the same answer, so a page another member saw exactly alike is not run again.
CHECKED: set[tuple[str, str]] = set()
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
LINKS = "links => links.map(link => link.href)"
SETTLED = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 20)))"


def password(username: str) -> str:
    return f"vip-demo-{username}"


def member_page(browser, live_url, username, viewport=DESKTOP, *, axe=False, csp=False):
    """A page logged in as `username` at /genomforande/, in a context of its own."""
    context = browser.new_context(viewport=viewport, bypass_csp=not csp)
    if axe:
        context.add_init_script(path=str(AXE))
    if csp:
        context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(live_url + LOGIN)
    page.fill("#id_username", username)
    page.fill("#id_password", password(username))
    page.click("main button[type=submit]")
    page.wait_for_url(live_url + HOME)
    return page


def shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path + (f"?{parts.query}" if parts.query else ""))


def kind(path: str) -> str:
    """The URL name of an implementation page, with `?agenda` for the first-meeting form."""
    parts = urlsplit(path)
    with translation.override("en" if parts.path.startswith("/en/") else "sv"):
        match = resolve(parts.path)
    assert match.namespace == "implementation", path
    return match.url_name + ("?agenda" if "agenda=" in parts.query else "")


def crawl(page, live_url, start: str, prefix: str, follow=None):
    """Visit the pages reached from `start` by following links under `prefix`, yielding each
    one's path, status and what `PAGE` reads from it (links as paths) while `page` shows it.
    Only links are followed: no form is sent, so delete confirmations are seen but never
    confirmed and the logout form is left alone. With `follow`, only links to those kinds
    of page are followed."""
    host = urlsplit(live_url).netloc
    queue, seen, shapes = [live_url + start], set(), collections.Counter()
    while queue and len(seen) < PER_PASS:
        url = queue.pop(0)
        if url in seen or shapes[shape(url)] >= PER_SHAPE[prefix]:
            continue
        seen.add(url)
        shapes[shape(url)] += 1
        response = page.goto(url)
        facts = page.evaluate(PAGE)
        links = []
        for href in facts["links"]:
            parts = urlsplit(href.split("#")[0])
            if (
                parts.netloc == host
                and parts.path.startswith(prefix)
                and not parts.path.endswith(DOWNLOADS)
                and (follow is None or kind(parts.geturl()) in follow)
            ):
                links.append(parts.geturl().removeprefix(live_url))
        facts["links"] = links
        yield url.removeprefix(live_url), response.status, facts
        queue.extend(live_url + link for link in links)


def axe_on(pages) -> dict:
    """axe-core's WCAG violations on each of `pages` (name: page), run side by side."""
    for page in pages.values():
        page.evaluate(AXE_START, WCAG_TAGS)
    return {name: page.evaluate(AXE_RESULT) for name, page in pages.items()}


def close(*pages) -> None:
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("username", MEMBERS)
def test_every_page_a_member_reaches_meets_wcag_on_phone_and_desktop(browser, live_url, username):
    """Crawled in Swedish, then in English from the language switch: each page answers 200,
    has no axe violation at either size and is no wider than a phone, and the member reaches
    the kinds of page their role gives them, and no others."""
    pages = {
        name: member_page(browser, live_url, username, viewport, axe=True)
        for name, viewport in VIEWPORTS.items()
    }
    desktop, phone = pages["desktop"], pages["phone"]
    found, statuses, overflowing, kinds, with_forms = {}, {}, {}, set(), []
    listed = collections.defaultdict(list)  # (pass, kind): the plans each such page links to
    english = None
    for prefix in PASSES:
        start = HOME if prefix == HOME else english
        visits = crawl(desktop, live_url, start, prefix, MEMBERS[username].get("follow"))
        for path, status, facts in visits:
            english = english or facts["english"]
            if status != 200:
                statuses[path] = status
            kinds.add(this := kind(path))
            listed[prefix, this].append({link for link in facts["links"] if PLAN.search(link)})
            if facts["form"]:
                with_forms.append(path)
            # The same HTML at the same size gets the same answers (axe, width): the phone
            # opens the page only if its rendering is new there.
            rendering = hashlib.sha256(facts["rendering"].encode()).hexdigest()
            unchecked = {
                name: page for name, page in pages.items() if (rendering, name) not in CHECKED
            }
            if "phone" in unchecked:
                phone.goto(live_url + path)
            for viewport, problems in axe_on(unchecked).items():
                if problems:
                    found[f"{path} ({viewport})"] = problems
            CHECKED.update((rendering, name) for name in unchecked)
            if "phone" in unchecked and (extra := phone.evaluate(OVERFLOW)) > 1:
                overflowing[path] = extra
    close(desktop, phone)

    assert english == "/en/implementation/", "the language switch leads to the English pages"
    assert found == {}
    assert statuses == {}
    assert overflowing == {}, "pixels the page is wider than a phone"
    expected = MEMBERS[username]
    assert expected["reaches"] - kinds == set(), "kinds of page the crawl never reached"
    assert expected["never"] & kinds == set(), "pages this member has no business reaching"
    if username in READERS:
        # Answering a request for support is the one thing process support writes.
        writes = [path for path in with_forms if kind(path) != "report_reply"]
        assert writes == [], "a reader is offered no form (but the logout button)"
    if username == "processtod":
        every_plan = listed[HOME, "home"][0]
        assert len(every_plan) > 1
        assert every_plan in listed[HOME, "overview"], "the county overview shows every plan"


def test_the_side_by_side_axe_run_catches_a_real_violation(browser, live_url):
    """Guards the crawl's check: axe runs on both pages and reports what it finds."""
    pages = {
        name: member_page(browser, live_url, "lasare", viewport, axe=True)
        for name, viewport in VIEWPORTS.items()
    }
    for page in pages.values():
        page.evaluate("document.querySelector('h1').style.color = '#ddd'")

    found = axe_on(pages)
    close(*pages.values())

    assert {name: [p["rule"] for p in problems] for name, problems in found.items()} == {
        "desktop": ["color-contrast"],
        "phone": ["color-contrast"],
    }


def test_the_login_page_meets_wcag_also_after_failures(browser, live_url):
    """Anonymously: the login page, a failed login, and the lockout after too many. The
    username does not exist, so no demo login is locked out."""
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    found, states = {}, {}

    def check(name):
        for viewport, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            if problems := axe_on({viewport: page})[viewport]:
                found[f"{name} ({viewport})"] = problems
        page.set_viewport_size(DESKTOP)

    page.goto(live_url + HOME)
    assert urlsplit(page.url).path == LOGIN, "an anonymous visitor is asked to log in"
    check("login")
    for attempt in range(10):
        page.fill("#id_username", "finns-inte-i-demot")
        page.fill("#id_password", f"fel-{attempt}")
        with page.expect_response(lambda response: response.request.method == "POST") as sent:
            page.click("main button[type=submit]")
        status = sent.value.status
        if status == 400 and "failed" not in states:
            assert page.locator(".form-errors").is_visible()
            states["failed"] = status
            check("failed login")
        if status == 429:
            states["locked"] = status
            check("locked out")
            break
        page.goto(live_url + LOGIN)
    context.close()

    assert states == {"failed": 400, "locked": 429}
    assert found == {}


def open_plan(page, live_url) -> str:
    """Open the member's first plan from the plan list and return its path."""
    page.goto(live_url + HOME)
    page.locator("main tbody th a").first.click()
    page.wait_for_load_state()
    return urlsplit(page.url).path


def click_link(page, href_end: str) -> None:
    page.locator(f'main a[href$="{href_end}"]').first.click()
    page.wait_for_load_state()


def send_new_plan_ending_before_it_starts(page, live_url):
    page.goto(live_url + HOME)
    click_link(page, "/planer/ny/")
    page.locator("#id_organisation").select_option(index=1)
    page.fill("#id_title", "Plan som slutar innan den börjar")
    page.fill("#id_period_start", "2027-06-01")
    page.fill("#id_period_end", "2027-01-01")
    page.fill("#id_ambition", "Prov av ett formulär med fel.")
    page.locator("main form button[type=submit]").click()


def send_targets_reached_in_the_future(page, live_url):
    open_plan(page, live_url)
    click_link(page, "/mal/")
    page.locator("main input[type=date]").first.fill("2099-01-01")
    page.locator("main form button[type=submit]").click()


def send_empty_activity(page, live_url):
    open_plan(page, live_url)
    click_link(page, "/aktiviteter/ny/")
    page.fill("#id_title", "")
    page.fill("#id_responsible", "")
    page.locator("main form button[type=submit]").click()


def send_status_report_without_a_score(page, live_url):
    open_plan(page, live_url)
    click_link(page, "/statusrapporter/ny/")
    page.locator("#id_score").select_option("")
    page.locator("main form button[type=submit]").click()


FORMS_WITH_ERRORS = {
    "new plan": (send_new_plan_ending_before_it_starts, ["jonkoping", "redigerare"]),
    "targets": (send_targets_reached_in_the_future, ["jonkoping", "ledare", "redigerare"]),
    "activity": (send_empty_activity, ["jonkoping", "ledare", "redigerare"]),
    "status report": (send_status_report_without_a_score, ["jonkoping"]),
}


@pytest.mark.parametrize(
    "form, username",
    [
        (form, username)
        for form, (_send, members) in FORMS_WITH_ERRORS.items()
        for username in members
    ],
)
def test_a_form_sent_with_errors_meets_wcag(browser, live_url, form, username):
    page = member_page(browser, live_url, username, axe=True)
    with page.expect_response(lambda response: response.request.method == "POST") as sent:
        FORMS_WITH_ERRORS[form][0](page, live_url)
    page.wait_for_load_state()  # the answer has arrived; its page, once loaded
    assert sent.value.status == 400, "the form is refused and nothing is saved"
    assert page.locator(".form-errors, .field--error").first.is_visible()
    found = {}
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        if problems := axe_on({viewport: page})[viewport]:
            found[viewport] = problems
    close(page)

    assert found == {}


@pytest.mark.parametrize("username", ["jonkoping", "processtod"])
def test_every_page_runs_under_the_policy_without_violations(browser, live_url, username):
    """jonkoping reaches every kind of form; processtod reads the region's plan, which has the
    run charts (inline SVG, which must need no inline style). Then a form sent with errors."""
    page = member_page(browser, live_url, username, csp=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found, charts = {}, 0

    def check(path, status, expected=200):
        # The pages load nothing after their load event (no script, no lazy images), so a
        # violation has been reported once the events queued while loading have run.
        page.evaluate(SETTLED)
        problems = page.evaluate("window.__cspViolations") + errors
        if status != expected or problems:
            found[path] = (status, problems)
        errors.clear()

    english = None
    for prefix in PASSES:
        for path, status, facts in crawl(page, live_url, english or HOME, prefix):
            english = english or facts["english"]
            check(path, status)
            charts += page.locator("svg.run-chart").count()
    if username == "jonkoping":
        with page.expect_response(lambda response: response.request.method == "POST") as sent:
            send_targets_reached_in_the_future(page, live_url)
        check("targets sent with errors", sent.value.status, expected=400)
    close(page)

    assert found == {}
    if username == "processtod":
        assert charts > 0, "the run charts were among the pages"


def tab_until(page, condition: str, limit: int = 600) -> dict:
    """Press Tab until `condition` (JavaScript, on `el`, the focused element) holds; every
    element passed on the way must show where the focus is."""
    check = f"""() => ({{
      ...({FOCUS_STYLE})(),
      reached: (el => !!({condition}))(document.activeElement),
    }})"""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(check)
        assert focused["visible"], f"no visible focus on {focused}"
        if focused["reached"]:
            return focused
    raise AssertionError(f"never reached {condition!r} with Tab")


#: The first required-level select of a cell with a target and nothing reached yet, with its
#: unit, its column and a different level to choose.
TARGET_CELL = """() => {
  for (const select of document.querySelectorAll("main select[id$='-required']")) {
    const reached = document.getElementById(select.id.replace(/-required$/, "-reached"));
    if (select.value && !reached.value) {
      const cell = select.closest("td");
      return {
        id: select.id,
        unit: cell.parentElement.querySelector(".matrix__unit").innerText.trim(),
        column: cell.closest("table").tHead.rows[0].cells[cell.cellIndex].innerText.trim(),
        level: select.value === "2" ? "1" : "2",
      };
    }
  }
  return null;
}"""


#: The "required: n" line of the plan page's matrix for one unit (its row's first text) and
#: column (its heading: the plan page shows fewer columns than the form).
SHOWN_LEVEL = """([unit, column]) => {
  const table = document.querySelector("table.matrix");
  const index = [...table.tHead.rows[0].cells].findIndex(th => th.innerText.trim() === column);
  for (const row of table.querySelectorAll("tbody tr")) {
    if (index > 0 && row.cells[0].firstChild.textContent.trim() === unit) {
      return row.cells[index].querySelectorAll("span")[1].innerText.trim();
    }
  }
  return null;
}"""


def test_a_contact_person_changes_a_target_with_only_the_keyboard(browser, live_url):
    page = browser.new_context(viewport=DESKTOP).new_page()
    page.goto(live_url + LOGIN)

    # The username field has autofocus: typing can start at once.
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert page.evaluate(FOCUS_STYLE)["visible"]
    page.keyboard.type("jonkoping")
    tab_until(page, "el.id === 'id_password'", limit=1)
    page.keyboard.type(password("jonkoping"))
    tab_until(page, "el.matches('main button[type=submit]')")
    page.keyboard.press("Enter")
    page.wait_for_url(live_url + HOME)

    plan = page.locator("main tbody th a").first.get_attribute("href")
    tab_until(page, f"el.getAttribute('href') === {plan!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(live_url + plan)

    tab_until(page, "el.matches('a[href$=\"/mal/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/mal/$"))
    cell = page.evaluate(TARGET_CELL)
    assert cell, "a cell with a target and nothing reached yet"
    tab_until(page, f"el.id === {cell['id']!r}")
    page.keyboard.press(cell["level"])
    assert page.evaluate(f"document.getElementById({cell['id']!r}).value") == cell["level"]
    tab_until(page, "el.matches('main form button[type=submit]')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(live_url + plan) + "#targets$"))

    status = page.get_by_role("status")
    assert status.is_visible() and status.inner_text().strip()
    shown = page.evaluate(SHOWN_LEVEL, [cell["unit"], cell["column"]])
    assert shown is not None and shown.endswith(f": {cell['level']}"), shown
    page.context.close()


#: What print.css must hide: the site's and the work navigation, links to act, every form.
NOT_ON_PAPER = (
    ".site-header, .main-nav, .work-nav, .breadcrumbs, .site-footer, .skip-link, "
    ".no-print, .actions, form"
)
SHOWN = """(selector) => [...document.querySelectorAll(selector)]
  .filter(el => el.getClientRects().length)
  .map(el => el.tagName + "." + el.className)"""


def print_paths(page, live_url) -> list[str]:
    """The print views of every plan the county's process support reads, and the overview."""
    page.goto(live_url + HOME)
    plans = page.eval_on_selector_all("main tbody th a", LINKS)
    overview = page.locator('main a[href*="/oversikt/"]').first.get_attribute("href")
    return [urlsplit(url).path + "utskrift/" for url in plans] + [overview + "utskrift/"]


def test_plans_print_on_a4_without_navigation_and_within_the_page_width(browser, live_url):
    page = member_page(browser, live_url, "processtod", {"width": A4_CONTENT_WIDTH, "height": 900})
    found = {}
    for path in print_paths(page, live_url) + [open_plan(page, live_url)]:
        page.goto(live_url + path)
        page.emulate_media(media="print")
        problems = {}
        if shown := page.evaluate(SHOWN, NOT_ON_PAPER):
            problems["shown"] = shown
        if not page.locator("table.matrix").first.is_visible():
            problems["matrix"] = "not shown"
        if (extra := page.evaluate(OVERFLOW)) > 0:
            problems["wider than A4 by"] = extra
        pdf = page.pdf(prefer_css_page_size=True)
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
        if tuple(round(float(side)) for side in box) != (595, 842):
            problems["media box"] = box
        if not 1 <= (sheets := len(re.findall(rb"/Type\s*/Page[^s]", pdf))) <= 10:
            problems["pages"] = sheets
        if problems:
            found[path] = problems
        page.emulate_media(media="screen")
    close(page)

    assert found == {}


def test_on_a_phone_wide_tables_scroll_inside_their_box_not_the_page(browser, live_url):
    page = member_page(browser, live_url, "jonkoping", PHONE)
    plan = open_plan(page, live_url)
    for path in (plan, plan + "mal/"):
        page.goto(live_url + path)
        assert page.evaluate(OVERFLOW) <= 1, path
        box = page.locator(".table-scroll:has(table.matrix)").first
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the matrix scrolls"
        assert box.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    close(page)
