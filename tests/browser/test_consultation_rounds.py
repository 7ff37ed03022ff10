"""The working group's side of a consultation round in a real browser, on the demo content
(`sjalvskadebeteende`: round 1 closed with its compilation published, round 2 open): the
chair answers a comment, reads the compilation and downloads it as Excel and CSV; every
round page passes axe-core in Swedish and English, on a phone and a desktop, and is no
wider than a phone; the compilation prints on A4."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import violations

PROGRAMME = "sjalvskadebeteende"
CHAIR = ("ordforande", "vip-demo-ordforande")
MEMBER = ("arbetsgrupp", "vip-demo-arbetsgrupp")
OPEN, PUBLISHED = 2, 1
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
#: A4 less the @page margins of print.css (210 mm − 2 × 16 mm), in CSS pixels, rounded down.
A4_CONTENT_WIDTH = int((210 - 2 * 16) / 25.4 * 96)


def url(name: str, *args, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(f"consultation:{name}", args=args)


def logged_in(browser, live_url, who=CHAIR, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(live_url + url("login"))
    page.fill("#id_username", who[0])
    page.fill("#id_password", who[1])
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda address: "logga-in" not in address)
    return page


def part_to_answer(page) -> str:
    """The path of a part of the open round with a comment still to answer."""
    row = page.locator("table.parts-table tr", has=page.locator(".status--late")).first
    return row.locator("a").first.get_attribute("href")


def test_the_chair_answers_a_comment_and_downloads_the_compilation(browser, live_url, tmp_path):
    page = logged_in(browser, live_url, accept_downloads=True)
    page.goto(live_url + url("round", PROGRAMME, OPEN))
    assert page.locator("h1").inner_text() == "Remiss av utkast till version 2"
    assert page.get_by_text("Föreningen Nära anhöriga").first.is_visible()

    page.goto(live_url + part_to_answer(page))
    comment = page.locator("article.comment", has_text="Texten är lång").first
    comment.get_by_label("Bifalls delvis").check()
    comment.get_by_label("Motivering").fill("Vi börjar texten med vad föräldern kan göra i dag.")
    comment.get_by_role("button", name="Spara svaret").click()
    page.wait_for_load_state()

    assert page.get_by_text("Svaret har sparats.").is_visible()
    answered = page.locator("article.comment", has_text="Texten är lång").first
    assert "Vi börjar texten med vad föräldern" in answered.locator(".answer").inner_text()

    page.goto(live_url + url("round", PROGRAMME, OPEN))
    page.get_by_role("link", name="Sammanställning av synpunkter och svar").click()
    assert page.locator("h1").inner_text().startswith("Sammanställning")
    assert page.get_by_text("Vi börjar texten med vad föräldern kan göra i dag.").is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som Excel").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    book = load_workbook(path)
    texts = [str(cell) for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert "Texten är lång. Börja med vad föräldern kan göra i dag." in texts
    assert "Vi börjar texten med vad föräldern kan göra i dag." in texts

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som CSV").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Del"
    assert any("Vi börjar texten med vad föräldern" in value for row in rows for value in row)
    page.context.close()


def commented_part(page) -> str:
    """The path of a part with submitted comments, from a round page."""
    row = page.locator("table.parts-table tbody tr", has_not_text="–").first
    return row.locator("a").first.get_attribute("href")


def group_pages(page, live_url, language: str) -> dict[str, str]:
    """The round pages to check, in `language`: both rounds, a part with comments of each,
    both compilations (the later with what changed), the form to open a round."""
    paths = {}
    for number in (OPEN, PUBLISHED):
        round_path = url("round", PROGRAMME, number, language=language)
        paths[f"round {number}"] = round_path
        page.goto(live_url + round_path)
        paths[f"part of round {number}"] = commented_part(page)
        paths[f"compilation {number}"] = url("compilation", PROGRAMME, number, language=language)
    paths["print view"] = paths[f"compilation {OPEN}"] + "?print=1"
    paths["new round"] = url("round_new", PROGRAMME, language=language)
    return paths


def public_pages(language: str) -> dict[str, str]:
    return {
        "public compilation": url("public_compilation", PROGRAMME, PUBLISHED, language=language),
        "public list": url("public_compilations", language=language),
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_round_page_meets_wcag_and_fits_a_phone(browser, live_url, language, viewport):
    page = logged_in(browser, live_url, viewport=viewport, bypass_csp=True)
    visitor = browser.new_context(viewport=viewport, bypass_csp=True).new_page()
    found, statuses, overflowing = {}, {}, {}
    checks = [(page, path) for path in group_pages(page, live_url, language).items()]
    checks += [(visitor, path) for path in public_pages(language).items()]
    for who, (name, path) in checks:
        response = who.goto(live_url + path)
        if response.status != 200:
            statuses[name] = response.status
        if problems := violations(who):
            found[name] = problems
        if (extra := who.evaluate(OVERFLOW)) > 1:
            overflowing[name] = extra
    page.context.close()
    visitor.context.close()

    assert statuses == {}
    assert found == {}
    assert overflowing == {}, "pixels the page is wider than the screen"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_forms_sent_with_errors_meet_wcag(browser, live_url, language):
    page = logged_in(browser, live_url, bypass_csp=True)
    page.goto(live_url + url("round_new", PROGRAMME, language=language))
    page.fill("#id_title", "")
    page.click("main form.work-form button[type=submit]")
    page.wait_for_selector(".form-errors")
    assert violations(page) == []

    page.goto(live_url + url("round", PROGRAMME, OPEN, language=language))
    page.goto(live_url + commented_part(page))
    form = page.locator("form.answer-form").first
    form.locator("textarea").fill("")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".form-errors")
    assert violations(page) == []
    page.context.close()


def test_the_public_compilation_names_organisations_and_no_one(browser, live_url):
    page = browser.new_context().new_page()
    page.goto(live_url + url("public_compilation", PROGRAMME, PUBLISHED))

    text = page.locator("main").inner_text()
    assert "Region Jönköpings län" in text and "Skolkuratorernas förening" in text
    assert "Exempeluniversitetet" in text and "Inget svar" in text
    for person in ("Eva Holmgren", "Ahmed Nilsson", "Lena Sjöberg", "Mikael Dahl", "Sofia Lund"):
        assert person not in text
    assert "@example.se" not in text
    assert page.locator(".demo-notice").is_visible()
    page.context.close()


def test_the_compilation_prints_on_a4_without_forms_or_navigation(browser, live_url):
    page = logged_in(browser, live_url, viewport={"width": A4_CONTENT_WIDTH, "height": 900})
    page.goto(live_url + url("compilation", PROGRAMME, PUBLISHED) + "?print=1")
    page.emulate_media(media="print")

    assert page.evaluate(OVERFLOW) <= 0
    for selector in ("main form", ".work-nav", ".site-header", ".actions"):
        hidden = page.locator(selector)
        assert all(not hidden.nth(i).is_visible() for i in range(hidden.count())), selector
    pdf = page.pdf(prefer_css_page_size=True)
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", pdf).groups()
    assert tuple(round(float(side)) for side in box) == (595, 842)
    page.context.close()


def test_a_member_sees_the_round_but_no_leaders_forms(browser, live_url):
    page = logged_in(browser, live_url, who=MEMBER)
    page.goto(live_url + url("round", PROGRAMME, OPEN))

    assert page.locator("h1").is_visible()
    assert page.locator("form.invite-form").count() == 0
    response = page.goto(live_url + url("round_new", PROGRAMME))
    assert response.status == 404
    page.context.close()
