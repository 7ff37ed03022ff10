"""Logging in to the implementation pages: the lockout page.

django-axes counts failed logins per username and address (settings `AXES_*`; the
client's address is read by `programmes.form_pages.client_ip`).
"""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login sees: why, and when to try again (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "implementation/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
