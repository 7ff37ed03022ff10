"""Headers every answer carries, static files and error pages included, and the request
methods no page answers."""

import re

from django.conf import settings
from django.http import HttpResponseNotAllowed

#: Methods that only echo or tunnel (TRACE can reflect cookies and credentials to a
#: script; TRACK is IIS's TRACE; CONNECT asks for a proxy): refused on every path.
REFUSED_METHODS = frozenset({"TRACE", "TRACK", "CONNECT"})
#: What the site's pages and forms do take (the Allow header of that refusal).
ALLOWED_METHODS = ["GET", "HEAD", "OPTIONS", "POST"]

#: Browser features no page uses, denied to the site and to anything it might embed.
#: (FLoC's `interest-cohort` is left out: browsers no longer know it and warn about it;
#: `browsing-topics` is its successor.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    """Outside everything that may answer by itself (whitenoise, the page cache), so that
    every answer gets the headers.

    Pages and files are for this site only (`Cross-Origin-Resource-Policy: same-origin`),
    except the API and FHIR, which any site may read (the paths CORS opens,
    `CORS_URLS_REGEX`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = re.compile(settings.CORS_URLS_REGEX)

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            response = HttpResponseNotAllowed(ALLOWED_METHODS)
        else:
            response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        opened = self.open_paths.match(request.path_info)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if opened else "same-origin"
        )
        return response
