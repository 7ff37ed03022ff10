"""The visitor's place: the page to choose a region or municipality (plain links, no
JavaScript), and a region's own regional programme page."""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_from_path, override
from django.utils.translation import gettext as _

from .. import local
from ..crumbs import crumb, programme_crumbs
from ..selectors import get_public_programme, valid_slug
from ..selectors import regional_page as find_regional_page

#: The longest address `?next=` may carry back; a longer one goes to the start page.
MAX_NEXT = 1000


def safe_next(request) -> str:
    """The local page the visitor came from (`?next=`), in this page's language, or the
    start page."""
    target = request.GET.get("next", "")
    parts = urlsplit(target) if len(target) <= MAX_NEXT else None
    if (
        parts is None
        or not target.startswith("/")
        or parts.scheme
        or parts.netloc
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return reverse("programmes:home")
    language = get_language()
    with override(get_language_from_path(parts.path) or settings.LANGUAGE_CODE):
        return translate_url(target, language)


def place_choice(request):
    """Every place a visitor can choose, grouped by county, each a link back to the page
    they came from in that place's local view; and the national view."""
    current = local.chosen_place()
    parts = urlsplit(safe_next(request))
    query = parse_qs(parts.query, keep_blank_values=True)
    groups: dict[str, list[dict]] = {}
    for place in local.places():
        groups.setdefault(place.group, []).append(
            {
                "place": place,
                "url": local.url_with_place(parts.path, query, place),
                "current": current is not None and place.slug == current.slug,
            }
        )
    return render(
        request,
        "programmes/places.html",
        {
            "groups": list(groups.items()),
            "current": current,
            "national_url": local.url_with_place(parts.path, query, None),
            "breadcrumbs": [crumb(_("Choose region or municipality"))],
        },
    )


def regional_page(request, slug, organisation):
    """A region's regional programme page: its own text about the programme, marked as
    local, with its dates and its link to the regional knowledge site."""
    programme = get_public_programme(slug)
    local.chosen_place()
    page = find_regional_page(programme, organisation) if valid_slug(organisation) else None
    if page is None:
        raise Http404("No regional programme page")
    return render(
        request,
        "programmes/regional_page.html",
        {
            "programme": programme,
            "page": page,
            "breadcrumbs": programme_crumbs(programme) + [crumb(page.title)],
        },
    )
