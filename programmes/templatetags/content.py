from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

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
