"""Logging in to the implementation pages: the client's address and the lockout page.

django-axes counts failed logins per username and address (settings `AXES_*`).
"""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind `VIP_TRUSTED_PROXIES` proxies, each has appended the address it saw to
    X-Forwarded-For, so the client's is that many entries from the end; anything to the
    left of it came from the client and may be forged. Without proxies, REMOTE_ADDR.
    """
    proxies = settings.VIP_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login sees: why, and when to try again (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "implementation/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
