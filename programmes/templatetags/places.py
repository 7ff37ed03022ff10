"""The place bar's link to the place choice, which brings the visitor back here."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()

#: A longer query string is left out of the way back (the page itself still has it).
MAX_QUERY = 1000


@register.simple_tag(takes_context=True)
def place_choice_url(context) -> str:
    """The place choice page, with `?next=` this page."""
    base = reverse("programmes:places")
    request = context.get("request")
    if request is None:
        return base
    if len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY:
        here = request.get_full_path()
    else:
        here = request.path
    return f"{base}?{urlencode({'next': here})}"
