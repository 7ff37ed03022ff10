"""Swedish at /, English at /en/, and the translations complete."""

import gettext
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "vipportal" / "locale" / "sv" / "LC_MESSAGES"


def test_start_page_is_swedish_and_english_is_under_en(client):
    swedish = client.get("/").content.decode()
    english = client.get("/en/").content.decode()

    assert '<html lang="sv">' in swedish and "Jag arbetar inom" in swedish
    assert '<html lang="en">' in english and "I work in" in english


def test_language_switch_leads_to_the_same_page_in_the_other_language(client):
    swedish = client.get("/program/adhd/niva/elevhalsa/").content.decode()
    english = client.get("/en/programmes/adhd/level/elevhalsa/").content.decode()

    assert 'href="/en/programmes/adhd/level/elevhalsa/" hreflang="en" lang="en">English' in swedish
    assert 'href="/program/adhd/niva/elevhalsa/" hreflang="sv" lang="sv">Svenska' in english


def test_content_is_shown_in_the_language_of_the_page(client):
    swedish = client.get("/niva/vardcentral/").content.decode()
    english = client.get("/en/levels/vardcentral/").content.decode()

    assert "<h1>Vårdcentral</h1>" in swedish
    assert "<h1>Health centre</h1>" in english


def test_english_falls_back_to_swedish_where_a_text_is_missing(client):
    from tests.factories import make_programme

    make_programme(slug="bara-svenska", name_sv="Bara svenska", name_en="")

    assert "Bara svenska" in client.get("/en/programmes/bara-svenska/").content.decode()


def parse_po(path: Path) -> list[tuple[str, list[str], bool, str | None]]:
    """(msgid, msgstrs, fuzzy, context) for each entry of a .po file, header left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith(("msgctxt", "msgid", "msgstr")):
                current, _space, rest = line.partition(" ")
                fields[current] = rest[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = fields.get("msgid")
        if msgid:
            strs = [value for key, value in fields.items() if key.startswith("msgstr")]
            fuzzy = "#, fuzzy" in block or ", fuzzy" in block
            entries.append((msgid, strs, fuzzy, fields.get("msgctxt")))
    return entries


def test_every_interface_string_has_a_swedish_translation():
    entries = parse_po(LOCALE / "django.po")

    assert len(entries) > 200
    assert [msgid for msgid, strs, _fuzzy, _context in entries if not all(strs)] == []
    assert [msgid for msgid, _strs, fuzzy, _context in entries if fuzzy] == []


def test_compiled_translations_match_the_po_file():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)

    for msgid, strs, _fuzzy, context in parse_po(LOCALE / "django.po"):
        if "%" in msgid or "\\" in msgid:
            continue
        found = catalog.pgettext(context, msgid) if context else catalog.gettext(msgid)
        assert found == strs[0].replace('\\"', '"'), msgid


def test_swedish_is_the_default_whatever_the_browser_asks_for(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="sv">' in html


def test_swedish_fallback_text_on_an_english_page_is_marked_as_swedish(client):
    from tests.factories import make_node, make_programme

    programme = make_programme(slug="delvis-oversatt", name_en="Partly translated")
    make_node(
        programme, slug="sida", title_sv="Bara på svenska", title_en="", body_sv="<p>Text</p>"
    )

    html = client.get("/en/programmes/delvis-oversatt/sida/").content.decode()

    assert '<h1 lang="sv"><span class="tree__number">1</span> Bara på svenska</h1>' in html
    assert '<div class="rich-text" lang="sv"><p>Text</p></div>' in html
    overview = client.get("/en/programmes/delvis-oversatt/").content.decode()
    assert "<h1>Partly translated</h1>" in overview


def test_every_message_the_python_code_marks_is_in_the_catalog_for_makemessages():
    """Markup drawn in Python translates inside f-strings and through `counted` and
    `blocktranslated`, which plain xgettext cannot see: the project's `makemessages`
    (vipportal/management/commands/makemessages.py) gives them to it, so that they are
    never marked obsolete and dropped from the Swedish. Each of them is in the catalog."""
    import ast

    from vipportal.management.commands.makemessages import CALLS, calls_in_fstrings

    with open(LOCALE / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    known = {key[0] if isinstance(key, tuple) else key for key in catalog}
    missing, inside = [], 0
    for folder in ("care_levels", "programmes", "implementation", "vipportal"):
        for path in (Path(settings.BASE_DIR) / folder).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            inside += len(calls_in_fstrings(source))
            for node in ast.walk(ast.parse(source)):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in CALLS - {"pgettext", "pgettext_lazy"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and node.args[0].value not in known
                ):
                    missing.append(f"{path.name}:{node.lineno} {node.args[0].value}")

    assert inside > 20, "the scan finds the translations inside f-strings"
    assert missing == []
