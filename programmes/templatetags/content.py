import html
import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


@register.simple_tag
def lang_of(obj, field: str) -> str:
    """` lang="sv"` where the page's language has no text of its own for `field`.

    django-modeltranslation then shows the Swedish text, and screen readers must be told
    to read it as Swedish (WCAG 3.1.2, language of parts).
    """
    current = get_language()
    if current == settings.LANGUAGE_CODE or getattr(obj, f"{field}_{current}", None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.simple_tag
def node_tree(nodes, current=None) -> str:
    """The numbered content tree as nested lists, marking the current page.

    Written in Python rather than as a recursive `{% include %}`: the tree is on every
    programme page, and this renders it several times faster. Plain strings escaped with
    the standard library's `html.escape` (as Django's `escape` does), not `format_html`
    per node: about a quarter of the time again.
    """
    labels = {
        "intervention": f' <span class="tag">{html.escape(gettext("Intervention"))}</span>',
        "public": f' <span class="tag">{html.escape(gettext("For patients and relatives"))}</span>',
    }
    parts = []
    _tree(nodes, getattr(current, "pk", None), labels, parts)
    return mark_safe("".join(parts))


def _tree(nodes, current_pk, labels, parts: list[str]) -> None:
    escape_ = html.escape
    parts.append('<ol class="tree">')
    for node in nodes:
        if node.kind == "intervention":
            tag = labels["intervention"]
        elif node.audience == "public":
            tag = labels["public"]
        else:
            tag = ""
        current = ' aria-current="page"' if node.pk == current_pk else ""
        parts.append(
            f'<li class="tree__item tree__item--{escape_(node.kind)}">'
            f'<a href="{escape_(node.url)}"{current}><span class="tree__number">'
            f"{escape_(node.number)}</span> {escape_(node.title)}</a>{tag}"
        )
        if node.children:
            _tree(node.children, current_pk, labels, parts)
        parts.append("</li>")
    parts.append("</ol>")


#: The service numbers a reader in Sweden may need to call at once, as the content writes
#: them: emergency, health advice, the suicide helpline, Bris, the police. Not inside a
#: longer number or a word, and not 1177 in "1177.se".
SERVICE_NUMBER = re.compile(
    r"(?<![\w./:+#&-])(112|1177|90101|116 ?111|114 ?14|113 ?13)(?![\w]|[.,]\w|[ -]?\d)"
)
#: A link (kept whole) or any other tag, so that only the text between them is searched.
TAG_OR_LINK = re.compile(r"(<a\b.*?</a\s*>|<[^>]*>)", re.IGNORECASE | re.DOTALL)


@register.filter
def tel_links(value):
    """The text (or sanitised HTML) with each service number a `tel:` link, so that a
    phone can call it with one tap. Text that is not yet safe is escaped first."""
    html = str(value) if isinstance(value, SafeData) else escape(value or "")

    def link(match):
        number = match.group(1)
        return f'<a href="tel:{number.replace(" ", "")}">{number}</a>'

    parts = TAG_OR_LINK.split(html)
    return mark_safe(
        "".join(
            part if index % 2 else SERVICE_NUMBER.sub(link, part)
            for index, part in enumerate(parts)
        )
    )
