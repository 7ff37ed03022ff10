"""The page that describes the open API to people, in Swedish and English."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from programmes.crumbs import crumb

from .rest.envelope import DEFAULT_LIMIT, MAX_LIMIT


def open_data(request):
    """What the API offers and how to use it: addresses, ids, dates, licence, examples."""
    return render(
        request,
        "openknowledge/open_data.html",
        {
            "breadcrumbs": [crumb(_("Open data"))],
            "licence_name": settings.VIP_CONTENT_LICENCE,
            "licence_url": settings.VIP_CONTENT_LICENCE_URL,
            "attribution": settings.VIP_CONTENT_ATTRIBUTION,
            "default_limit": DEFAULT_LIMIT,
            "max_limit": MAX_LIMIT,
            # The examples name the site's canonical address: a cached page is the same
            # whatever host name it was asked for by.
            "base": settings.VIP_CANONICAL_BASE.rstrip("/") + "/api/v1",
        },
    )
