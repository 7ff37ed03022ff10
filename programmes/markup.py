"""Escaping for the parts of pages drawn in Python."""

import html

from django.utils.functional import Promise


def esc(value) -> str:
    """`conditional_escape(value)` as the template language applies it to `{{ value }}`,
    the same text as a plain string: text with `__html__` (marked safe) as it is, anything
    else escaped. Without Django's check for lazy arguments around every call
    (`keep_lazy`) and a SafeString per call, which cost more than escaping a short string
    where a page draws hundreds."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str.__str__(value.__html__())
    return html.escape(str(value))
