"""Values as the templates show them, for the parts of pages drawn in Python (plan_html,
overview_html, report_html): dates as the `date` filter gives them, messages as
`{% blocktranslate %}` gives them.

A date is formatted once per process and language: the `date` filter spends some twenty
microseconds on each (the format parsed, the month's name translated), and a page shows
dozens, most of them the same on every request."""

import datetime
import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.dates import MONTHS
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from programmes.markup import esc


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


def long_date(value) -> str:
    """`value|date:"j F Y"` of a date (not a datetime), escaped: `date_format` looks the
    format up and walks it for every date."""
    return f"{value.day} {esc(MONTHS[value.month])} {value.year:04d}"


def day(value) -> SafeString:
    """A date or datetime as the templates show one: `<time datetime="Y-m-d">j F Y</time>`
    (a date written out directly: its `isoformat` is the `Y-m-d` of the date filter)."""
    if type(value) is datetime.date:
        return mark_safe(f'<time datetime="{value.isoformat()}">{long_date(value)}</time>')
    return format_html('<time datetime="{}">{}</time>', when(value, "Y-m-d"), when(value, "j F Y"))


def blocktranslated(message: str, **values) -> SafeString:
    """`{% blocktranslate trimmed with name=value %}`: the values localised and escaped
    as the template shows a value, the translation as it is."""
    return mark_safe(  # noqa: S308 - the translation, as the template gives it
        _(message) % {name: conditional_escape(localize(value)) for name, value in values.items()}
    )


def whole(count: int) -> str:
    """`localize(count)`, escaped, as the template shows a value: for a whole number with
    thousands not grouped, its digits (numberformat's own short cut, without looking up
    three formats of the language)."""
    if type(count) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(count)
    return esc(localize(count))


def counted(singular: str, plural: str, name: str, count: int) -> str:
    """`{% blocktranslate count name=count %}` of a message with the count in it: the
    count localised and escaped as the template shows a value."""
    return ngettext(singular, plural, count) % {name: whole(count)}


def _forget(**_kwargs) -> None:
    _formatted.cache_clear()


# Tests change the time zone, the languages and the formats.
setting_changed.connect(_forget)
