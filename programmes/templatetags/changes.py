"""The "Changed <date>" marker of a page whose content changed in substance lately.

It is computed from the object alone, without a query: a change in substance sets the
object's `substance_changed_at` to the moment of its release, and the release's anchor
in the change log is made from that moment (`release_anchor`).
"""

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone

from ..models import RECENT_CHANGE_DAYS, release_anchor

register = template.Library()

#: A page changed this soon after it was made is new, not changed.
NEW_FOR = datetime.timedelta(minutes=1)


def recently_changed(obj, *, now=None) -> bool:
    """Whether `obj` changed in substance within RECENT_CHANGE_DAYS, after it was made."""
    changed = getattr(obj, "substance_changed_at", None)
    created = getattr(obj, "created_at", None)
    if changed is None or created is None:
        return False
    now = now or timezone.now()
    return changed > created + NEW_FOR and changed >= now - datetime.timedelta(
        days=RECENT_CHANGE_DAYS
    )


@register.inclusion_tag("programmes/includes/change_marker.html")
def change_marker(obj, programme):
    """The marker linking to the release in `programme`'s change log, if `obj` changed."""
    if programme is None or not recently_changed(obj):
        return {"marker": None}
    url = reverse("programmes:changes", args=[programme.slug])
    return {
        "marker": {
            "when": obj.substance_changed_at,
            "url": f"{url}#{release_anchor(obj.substance_changed_at)}",
        }
    }
