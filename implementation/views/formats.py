"""Values as the templates show them, for the parts of pages drawn in Python (plan_html,
overview_html, report_html): dates as the `date` filter gives them, messages as
`{% blocktranslate %}` gives them.

A date is formatted once per process and language: the `date` filter spends some twenty
microseconds on each (the format parsed, the month's name translated), and a page shows
dozens, most of them the same on every request."""

import functools

from django.core.signals import setting_changed
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


def when(value, fmt: str) -> str:
    """`value|date:fmt`: a datetime in the current time zone; nothing for no value."""
    if value in (None, ""):
        return ""
    value = template_localtime(value)
    # The time zone is in the key: an instant is equal to itself in any zone.
    return _formatted(value, getattr(value, "tzinfo", None), fmt, get_language())


@functools.lru_cache(maxsize=4096, typed=True)
def _formatted(value, _zone, fmt: str, _language) -> str:
    return date_format(value, fmt)


def day(value) -> SafeString:
    """A date as the templates show one: `<time datetime="Y-m-d">j F Y</time>`."""
    return format_html('<time datetime="{}">{}</time>', when(value, "Y-m-d"), when(value, "j F Y"))


def translated(message: str, **values) -> SafeString:
    """`{% blocktranslate trimmed with name=value %}`: the values localised and escaped
    as the template shows a value, the translation as it is."""
    return mark_safe(  # noqa: S308 - the translation, as the template gives it
        _(message) % {name: conditional_escape(localize(value)) for name, value in values.items()}
    )


def counted(singular: str, plural: str, name: str, count: int) -> str:
    """`{% blocktranslate count name=count %}` of a message with the count in it: the
    count localised and escaped as the template shows a value."""
    return ngettext(singular, plural, count) % {name: conditional_escape(localize(count))}


def _forget(**_kwargs) -> None:
    _formatted.cache_clear()


# Tests change the time zone, the languages and the formats.
setting_changed.connect(_forget)
