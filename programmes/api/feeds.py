"""Atom feeds of what changes in the programmes: the whole site, and each programme.

An entry is a published version that changed a programme in substance (it links to the
version in the programme's change log) or that brought new content (new public pages).
Editorial corrections are left out: a subscriber follows what the programmes say. Only
what is public now is listed (`selectors.releases`), in the language of the address, with
the content's licence as the feed's rights. Each feed reads the same few queries however
many versions there are.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from programmes.selectors import get_public_programme
from programmes.selectors.releases import FEED_LIMIT, Release, public_releases


class ChangesFeed(Feed):
    """What the site's or a programme's feed has in common: the entries and their text."""

    feed_type = Atom1Feed

    def feed_copyright(self):
        licence = f"{settings.VIP_CONTENT_LICENCE} ({settings.VIP_CONTENT_LICENCE_URL})"
        return f"{licence}. {settings.VIP_CONTENT_ATTRIBUTION}"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = get_language()
        return feed

    def entries(self, programme=None) -> list[Release]:
        releases = public_releases(programme, limit=FEED_LIMIT, texts=False)
        return [item for item in releases if item.release.is_professional or item.new]

    def item_title(self, item: Release) -> str:
        release = item.release
        names = {"programme": release.programme.name, "version": release.version}
        if release.is_professional and release.version:
            return _("%(programme)s: version %(version)s, a change in substance") % names
        if release.is_professional:
            return _("%(programme)s: a change in substance") % names
        return _("%(programme)s: new content") % names

    def item_description(self, item: Release) -> str:
        lines = [item.release.note]
        if item.changed and item.release.is_professional:
            lines.append(_("Changed: %(pages)s") % {"pages": _titles(item.changed)})
        if item.new:
            lines.append(_("New: %(pages)s") % {"pages": _titles(item.new)})
        return "\n".join(lines)

    def item_link(self, item: Release) -> str:
        url = reverse("programmes:changes", args=[item.release.programme.slug])
        return f"{url}#{item.release.anchor}"

    def item_pubdate(self, item: Release):
        return item.release.published_at

    def item_updateddate(self, item: Release):
        return item.release.published_at


#: How many pages an entry names before it only counts the rest.
NAMED = 10


def _titles(changes: list) -> str:
    language = get_language()
    titles = ", ".join(change.title_in(language) for change in changes[:NAMED])
    if len(changes) <= NAMED:
        return titles
    more = len(changes) - NAMED
    return ngettext("%(titles)s and %(count)s more", "%(titles)s and %(count)s more", more) % {
        "titles": titles,
        "count": more,
    }


class SiteFeed(ChangesFeed):
    """Changes in substance and new content in every published programme."""

    def title(self):
        return _("VIP portal: changes and new content")

    def subtitle(self):
        return _(
            "Changes in substance and new content in the national care and intervention programmes."
        )

    def link(self):
        return reverse("programmes:home")

    def feed_url(self):
        return reverse("feeds:site")

    def items(self):
        return self.entries()


class ProgrammeFeed(ChangesFeed):
    """Changes in substance and new content in one programme."""

    def get_object(self, request, slug):
        return get_public_programme(slug)

    def title(self, programme):
        return _("%(programme)s: changes and new content") % {"programme": programme.name}

    def subtitle(self, programme):
        return programme.summary

    def link(self, programme):
        return reverse("programmes:changes", args=[programme.slug])

    def feed_url(self, programme):
        return reverse("feeds:programme", args=[programme.slug])

    def items(self, programme):
        return self.entries(programme)
