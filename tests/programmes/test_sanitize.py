"""The rich-text allow-list holds against hostile HTML, and lets editors' formatting through."""

import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from programmes.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_html
from tests.factories import make_intervention, make_programme

pytestmark = pytest.mark.django_db

LINK_REL = "noopener noreferrer"

HOSTILE = {
    "script tag": '<script>alert("xss")</script><p>ok</p>',
    "script with src, upper case": "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "split script tag": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "doubled brackets": "<<script>script>alert(1)<</script>/script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "svg onload": "<svg onload=alert(1)><circle r=1></svg>",
    "svg link": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "javascript: href": '<a href="javascript:alert(1)">x</a>',
    "mixed-case scheme": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "entity-encoded scheme": '<a href="&#106;avascript:alert(1)">x</a>',
    "hex entities and &colon;": '<a href="&#x6A;&#x61;&#x76;&#x61;script&colon;alert(1)">x</a>',
    "padded decimal entity": '<a href="java&#0000115;cript:alert(1)">x</a>',
    "tab inside the scheme": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "newline inside the scheme": '<a href="java\nscript:alert(1)">x</a>',
    "leading spaces": '<a href="   javascript:alert(1)">x</a>',
    "leading control character": '<a href="\x01javascript:alert(1)">x</a>',
    "data: text/html link": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'
    ),
    "vbscript:": '<a href="vbscript:msgbox(1)">x</a>',
    "inline style": '<p style="background:url(javascript:alert(1))">x</p>',
    "style block": "<style>body{background:url(x)}</style><p>x</p>",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object": '<object data="evil.swf" type="application/x-shockwave-flash"></object>',
    "embed": '<embed src="evil.swf">',
    "form, input and formaction": (
        '<form action="https://evil.example/"><input name="password">'
        '<button formaction="javascript:alert(1)">Skicka</button></form>'
    ),
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "base href": '<base href="https://evil.example/">',
    "link stylesheet": '<link rel="stylesheet" href="//evil.example/x.css">',
    "onclick on an allowed tag": '<a href="https://example.se/" onclick="alert(1)">x</a>',
    "onmouseover on an allowed tag": '<p onmouseover="alert(1)">x</p>',
    "ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "unclosed tags": '<p><strong><em>öppen <a href="https://example.se/" onclick="alert(1)">länk',
    "conditional comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]--><p>x</p>",
    "comment hiding a script": "<!-- <script>alert(1)</script> --><p>x</p>",
    "math mutation": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "math link": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "noscript mutation": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "textarea raw text": "<textarea><script>alert(1)</script></textarea>",
    "target _blank": '<a href="https://example.se/" target="_blank">x</a>',
    "rel opener": '<a href="https://example.se/" rel="opener">x</a>',
    "quote breaking out of title": (
        '<a href="https://example.se/" title="&quot; onmouseover=&quot;alert(1)">x</a>'
    ),
    "id, class and name": '<p id="x" class="y"><a name="z" href="https://example.se/">x</a></p>',
    "video source onerror": "<video><source onerror=alert(1)></video>",
    # Browsers read these as relative addresses, but a program that tidies them would not.
    "line separator before the scheme": '<a href="&#x2028;javascript:alert(1)">x</a>',
    "full-width scheme": '<a href="ｊａｖａｓｃｒｉｐｔ：alert(1)">x</a>',
    "NUL before the scheme": '<a href="\x00javascript:alert(1)">x</a>',
}

#: Never in the result once attribute values are blanked (hrefs are checked on their own;
#: a title may quote anything as text).
FORBIDDEN = [
    r"<script",
    r"<style",
    r"<iframe",
    r"<object",
    r"<embed",
    r"<form",
    r"<input",
    r"<button",
    r"<meta",
    r"<base",
    r"<link",
    r"<svg",
    r"<math",
    r"<template",
    r"<img",
    r"\bon\w+\s*=",
    r"style\s*=",
    r"srcdoc",
    r"formaction",
    r"target\s*=",
    r"javascript:",
    r"vbscript:",
    r"data:",
    r"<!--",
]


class Structure(HTMLParser):
    """What a browser's parser would see: tags, attributes, comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.comments = []
        self.declarations = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def handle_pi(self, data):
        self.declarations.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def scheme_as_browsers_see_it(href: str) -> str:
    """The scheme a browser's URL parser finds: after leading C0 controls and spaces are
    stripped and tabs and newlines removed."""
    cleaned = re.sub(r"[\t\n\r]", "", href.lstrip("".join(map(chr, range(0x21)))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", cleaned)
    return match.group(1).lower() if match else ""


def markup_only(html: str) -> str:
    """`html` without the text of its attribute values: what could be a tag or handler."""
    return re.sub(r'="[^"]*"', '=""', html)


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_keeps_only_allowed_tags_and_attributes(html):
    cleaned = sanitize_html(html)
    parsed = structure(cleaned)

    assert parsed.comments == [] and parsed.declarations == []
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, cleaned
        names = {name for name, _value in attrs}
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert names <= allowed, cleaned
        values = dict(attrs)
        if tag == "a":
            assert values["rel"] == LINK_REL, "every link gets rel=noopener"
        if "href" in values:
            assert scheme_as_browsers_see_it(values["href"]) in ALLOWED_URL_SCHEMES | {""}
            assert urlsplit(values["href"].strip()).scheme.lower() in ALLOWED_URL_SCHEMES | {""}


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_leaves_no_dangerous_markup(html):
    cleaned = markup_only(sanitize_html(html))

    for pattern in FORBIDDEN:
        assert not re.search(pattern, cleaned, re.IGNORECASE), (pattern, cleaned)


@pytest.mark.parametrize("html", HOSTILE.values(), ids=HOSTILE.keys())
def test_no_dangerous_scheme_survives_in_an_href(html):
    for _tag, attrs in structure(sanitize_html(html)).tags:
        href = dict(attrs).get("href") or ""
        folded = re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", href)).lower()
        assert not folded.startswith(("javascript", "vbscript", "data")), href


@pytest.mark.parametrize(
    "name", ["line separator before the scheme", "full-width scheme", "NUL before the scheme"]
)
def test_a_scheme_disguised_with_unicode_loses_its_href(name):
    assert sanitize_html(HOSTILE[name]) == f'<a rel="{LINK_REL}">x</a>'


@pytest.mark.parametrize(
    "href",
    [
        "https://sv.wikipedia.org/wiki/Ångest",
        "/program/adhd/?fråga=ja:nej",
        "https://example.se/a:b",
        "mailto:åsa@example.se",
    ],
)
def test_ordinary_addresses_with_colons_and_letters_outside_ascii_are_kept(href):
    assert f'href="{href}"' in sanitize_html(f'<a href="{href}">x</a>')


ALLOWED = {
    "headings": "<h2>Rubrik</h2><h3>Underrubrik</h3>",
    "lists": "<ul><li>ett</li><li>två</li></ul><ol><li>först</li><li>sedan</li></ol>",
    "emphasis": "<p><strong>Viktigt:</strong> läs <em>noga</em>.</p>",
    "line break": "<p>Rad ett<br>rad två</p>",
    "quotation": "<blockquote><p>Citat.</p></blockquote>",
    "nested list": "<ul><li>ett<ul><li>ett a</li></ul></li></ul>",
    "entities": "<p>5 &lt; 7 &amp;&amp; 7 &gt; 5</p>",
    "Swedish text": "<p>Åsa, Östen och Ärlig läser om självskadebeteende.</p>",
}

LINKS = {
    "https": (
        '<p><a href="https://www.1177.se/" title="1177" hreflang="sv">1177</a></p>',
        f'<p><a href="https://www.1177.se/" title="1177" hreflang="sv" rel="{LINK_REL}">'
        "1177</a></p>",
    ),
    "mailto": (
        '<a href="mailto:vip@example.se">e-post</a>',
        f'<a href="mailto:vip@example.se" rel="{LINK_REL}">e-post</a>',
    ),
    "tel": ('<a href="tel:+4611">ring</a>', f'<a href="tel:+4611" rel="{LINK_REL}">ring</a>'),
    "path on the site": (
        '<a href="/program/adhd/?a=1&amp;b=2#steg">adhd</a>',
        f'<a href="/program/adhd/?a=1&amp;b=2#steg" rel="{LINK_REL}">adhd</a>',
    ),
}


@pytest.mark.parametrize("html", ALLOWED.values(), ids=ALLOWED.keys())
def test_allowed_formatting_survives_unchanged(html):
    assert sanitize_html(html) == html


@pytest.mark.parametrize(("html", "expected"), LINKS.values(), ids=LINKS.keys())
def test_allowed_links_survive_with_rel_noopener(html, expected):
    assert sanitize_html(html) == expected


def test_empty_text_stays_empty():
    assert sanitize_html("") == ""


HOSTILE_BODY = (
    '<h2>Rubrik</h2><script>alert("xss-1")</script>'
    '<p onmouseover="alert(\'xss-2\')" style="color:red">Text med <strong>fetstil</strong> och '
    "<a href=\"javascript:alert('xss-3')\" onclick=\"alert('xss-4')\">en falsk länk</a> och "
    '<a href="https://www.1177.se/" target="_blank">1177</a>.</p>'
    '<img src="x" onerror="alert(\'xss-5\')"><iframe src="https://evil.example/xss-6"></iframe>'
    "<svg onload=\"alert('xss-7')\"></svg><style>.xss-8{}</style>"
    '<!--[if IE]><script>alert("xss-9")</script><![endif]-->'
    '<ul><li>ett</li></ul><form action="https://evil.example/xss-10"><input name="p"></form>'
)


def test_a_hostile_node_is_shown_without_its_hostile_parts(client):
    programme = make_programme()
    node = make_intervention(
        programme,
        body_sv=HOSTILE_BODY.replace("Rubrik", "Svensk rubrik"),
        body_en=HOSTILE_BODY.replace("Rubrik", "English heading"),
        procedure_sv=HOSTILE_BODY.replace("Rubrik", "Så går det till"),
        procedure_en=HOSTILE_BODY.replace("Rubrik", "How it is done"),
    )
    with translation.override("en"):
        english_url = node.get_absolute_url()
    assert english_url.startswith("/en/")

    for url, headings in [
        (node.get_absolute_url(), ["Svensk rubrik", "Så går det till"]),
        (english_url, ["English heading", "How it is done"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        for hostile in ["xss", "evil.example", "javascript:", "onmouseover", "onclick", "style="]:
            assert hostile not in main, (url, hostile)
        for tag in ["<script", "<img", "<iframe", "<svg", "<style", "<form", "<input", "<!--"]:
            assert tag not in main, (url, tag)
        for heading in headings:
            assert f"<h2>{heading}</h2>" in main
        assert "<p>Text med <strong>fetstil</strong> och " in main
        assert f'<a href="https://www.1177.se/" rel="{LINK_REL}">1177</a>' in main
        assert "<ul><li>ett</li></ul>" in main
