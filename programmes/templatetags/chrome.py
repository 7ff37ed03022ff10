"""The parts of base.html around every page that change from page to page: the language
links, the place bar and the breadcrumbs. Drawn in Python because every page, public or
signed in, draws them on each render, and the template language spent about a third of a
millisecond on them; each gives the markup its template gave, escaped as it escaped
(`programmes.markup.esc`: text already marked safe is left as it is).

The parts that never change within a language are `{% constant %}` in base.html instead.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..markup import esc as escape
from ..reversing import reverse_remembered
from .places import place_choice_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context) -> str:
    """A `<link rel="alternate">` to this page in each other language (in `<head>`)."""
    return mark_safe(
        "".join(
            f'<link rel="alternate" hreflang="{escape(language["code"])}" '
            f'href="{escape(language["url"])}">'
            for language in context.get("languages", ())
            if not language["current"]
        )
    )


@register.simple_tag(takes_context=True)
def language_switch(context) -> str:
    """The language switch in the header: this page in each language, the current one
    marked."""
    items = []
    for language in context.get("languages", ()):
        code, name = escape(language["code"]), escape(language["name"])
        if language["current"]:
            link = f'<span aria-current="true" lang="{code}">{name}</span>'
        else:
            link = f'<a href="{escape(language["url"])}" hreflang="{code}" lang="{code}">{name}</a>'
        items.append(f"\n          <li>{link}</li>\n          ")
    return mark_safe(
        f'<nav class="lang-switch" aria-label="{escape(gettext("Language"))}">\n'
        f"        <ul>\n          {''.join(items)}\n        </ul>\n      </nav>"
    )


@register.simple_tag(takes_context=True)
def place_bar(context) -> str:
    """The local view's bar under the header: the place shown (or the national view) and
    the links to choose another, leave it or share it."""
    place = context.get("place")
    choose = escape(place_choice_url(context))
    if place:
        inner = (
            f'<p class="place-bar__place">{escape(gettext("Local view:"))} '
            f"<strong>{escape(place.name)}</strong></p>\n"
            f'    <ul class="place-bar__links">\n'
            f'      <li><a href="{choose}">{escape(gettext("Change place"))}</a></li>\n'
            f'      <li><a href="{escape(context.get("place_national_url", ""))}">'
            f"{escape(gettext('Show national view'))}</a></li>\n"
            f'      <li><a href="{escape(context.get("place_share_url", ""))}">'
            f"{escape(gettext('Link to share'))}</a></li>\n"
            f"    </ul>"
        )
    else:
        inner = (
            f'<p class="place-bar__place">{escape(gettext("National view"))}</p>\n'
            f'    <ul class="place-bar__links">\n'
            f'      <li><a href="{choose}">'
            f"{escape(gettext('Choose region or municipality'))}</a></li>\n"
            f"    </ul>"
        )
    return mark_safe(
        f'<nav class="place-bar" aria-label="{escape(gettext("Region or municipality"))}">\n'
        f'  <div class="wrap place-bar__inner">\n    {inner}\n  </div>\n</nav>'
    )


@register.simple_tag
def breadcrumb_trail(breadcrumbs) -> str:
    """The trail above the page's heading (`programmes.crumbs`): the start page, then each
    step, the last one (the page itself) without a link."""
    items = [
        f'    <li><a href="{escape(reverse_remembered("programmes:home"))}">'
        f"{escape(gettext('Start'))}</a></li>\n"
    ]
    last = len(breadcrumbs) - 1
    for number, item in enumerate(breadcrumbs):
        label = escape(item["label"])
        if item.get("url") and number != last:
            shown = f'<a href="{escape(item["url"])}">{label}</a>'
        else:
            shown = f'<span aria-current="page">{label}</span>'
        items.append(f"    <li>{shown}</li>\n")
    return mark_safe(
        f'<nav class="breadcrumbs wrap" aria-label="{escape(gettext("Breadcrumbs"))}">\n'
        f"  <ol>\n{''.join(items)}  </ol>\n</nav>"
    )
