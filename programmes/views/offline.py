"""The installable web app: its manifest, its service worker (static/js/sw.js, served from
the site's root so that it may look after every page) and the offline pages.

The worker's script is the hand-written file with one line in front, its settings: the
addresses of the offline pages and of the files a saved page needs, and the words it
writes on a saved copy, in each language.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from ..crumbs import crumb

THEME_COLOUR = "#00585c"
#: What a saved page needs besides its HTML, stored when the worker installs.
ASSETS = ["css/site.css", "css/print.css", "js/offline.js", "icons/icon.svg"]


@lru_cache(maxsize=1)
def _worker_source() -> str:
    with open(finders.find("js/sw.js"), encoding="utf-8") as file:
        return file.read()


def worker_settings() -> dict:
    languages = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            languages[code] = {
                "prefix": reverse("programmes:home"),
                "offline": reverse("programmes:offline_unavailable"),
                "saved_list": reverse("programmes:offline"),
                "you_are_offline": gettext("You are offline."),
                "saved_on": gettext("Saved %(date)s."),
                "saved_pages": gettext("Pages saved for offline use"),
            }
    return {
        "assets": [static(asset) for asset in ASSETS],
        "languages": languages,
        "default": settings.LANGUAGE_CODE,
    }


@require_safe
def service_worker(request):
    """The worker script, always checked with the server before use (no-cache), allowed
    to control the whole site whichever language's address served it."""
    source = "self.VIP_OFFLINE = " + json.dumps(worker_settings()) + ";\n" + _worker_source()
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
def manifest(request):
    """The web app manifest, in the language of its address."""
    icon = {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"}
    icons = [icon] + [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append({**icons[-1], "purpose": "maskable"})
    home = reverse("programmes:home")
    data = {
        "name": gettext("VIP portal"),
        "short_name": gettext("VIP portal"),
        "description": gettext(
            "National care and intervention programmes in mental health, for staff, "
            "patients and relatives."
        ),
        "lang": translation.get_language(),
        "start_url": home,
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, no_cache=True)
    return response


def saved_pages(request):
    """What this browser keeps for offline use (listed by the page's script)."""
    trail = [crumb(gettext("Pages saved for offline use"))]
    return render(request, "programmes/offline.html", {"breadcrumbs": trail})


def unavailable(request):
    """The page the worker shows for a page that is not saved, while offline."""
    trail = [
        crumb(gettext("Pages saved for offline use"), reverse("programmes:offline")),
        crumb(gettext("You are offline")),
    ]
    return render(request, "programmes/offline_unavailable.html", {"breadcrumbs": trail})
