"""The rich-text allow-list: what editors' HTML may contain when it reaches a page."""

import re
import unicodedata

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

#: Characters a reader does not see: whitespace, controls, format characters, U+FFFD.
_INVISIBLE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]+"
)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _no_disguised_scheme(tag: str, attribute: str, value: str) -> str | None:
    """Drop an address that has a scheme outside the allow-list once invisible characters
    are taken out and look-alike letters folded ("\\u2028javascript:", full-width letters).

    nh3 keeps these as relative addresses, and browsers read them so; but a program that
    tidies the text (a `strip()`, an export, another editor) would make them live.
    """
    if attribute != "href":
        return value
    folded = _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).lower()
    scheme = _SCHEME.match(folded)
    if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES:
        return None
    return value


def sanitize_html(html: str) -> str:
    """Return `html` with every tag, attribute and URL scheme outside the allow-list removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_no_disguised_scheme,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
