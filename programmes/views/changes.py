"""The public change log of a programme: every published version, what kind of change it
was, the editor's note, and what changed on each page, as a readable diff."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..crumbs import crumb, programme_crumbs
from ..selectors import get_public_programme
from ..selectors.releases import public_releases
from .diff import change_diffs


def programme_changes(request, slug):
    """Five queries, whatever the number of releases and changes."""
    programme = get_public_programme(slug)
    language = get_language()
    releases = public_releases(programme)
    for item in releases:
        for change in item.changes:
            change.title = change.title_in(language)
            change.url = change.url_in(language)
            change.diffs = [] if change.is_new else change_diffs(change, language)
    return render(
        request,
        "programmes/changes.html",
        {
            "programme": programme,
            "releases": releases,
            "breadcrumbs": [*programme_crumbs(programme), crumb(_("Changes"))],
        },
    )
