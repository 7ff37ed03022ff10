"""Breadcrumbs: the trail of links above a page's heading (drawn by `breadcrumb_trail` in
programmes/templatetags/chrome.py).

Every page of the portal, public or logged in, builds its trail from `crumb`.
"""

from django.urls import reverse
from django.utils.translation import gettext as _


def crumb(label, url=None) -> dict:
    """One step of the trail; the last step, the page itself, has no link."""
    return {"label": label, "url": url}


def programme_crumbs(programme, *, link_programme=True) -> list[dict]:
    return [
        crumb(_("Programmes"), reverse("programmes:list")),
        crumb(programme.name, programme.get_absolute_url() if link_programme else None),
    ]
