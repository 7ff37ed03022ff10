from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

from programmes.editorial.publishing import current_preview


def site(request):
    """The language switch (this page in the other languages) and the demo-content flag."""
    current = get_language()
    # The other language keeps the page's filters, but not an absurdly long query string.
    path = (
        request.get_full_path()
        if len(request.META.get("QUERY_STRING", "")) <= 1000
        else request.path
    )
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"].capitalize(),
            "url": path if code == current else _translated(request, path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "languages": languages,
        "demo_content": settings.VIP_DEMO_CONTENT,
        "preview": current_preview(),
    }


def _translated(request, path: str, code: str) -> str:
    """`path` in language `code`, or that language's start page if the path is unknown.

    The view's own match is reversed in `code`, as `translate_url` does after resolving the
    path a second time (most of a millisecond on every page).
    """
    match = request.resolver_match
    if match is None:
        url = translate_url(path, code)
    else:
        with override(code):
            try:
                url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                url = path
            else:
                query = urlsplit(path).query
                url = f"{url}?{query}" if query else url
    if url == path and code != get_language():
        with override(code):
            return reverse("programmes:home")
    return url
