"""The Atom feeds of changes in substance and new content (`programmes/api/feeds.py`)."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from programmes.models import ChangeKind, ContentNode, Programme
from tests.factories import make_intervention, make_node, make_programme
from tests.releases import publish_change

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_url(name: str, *args, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(f"feeds:{name}", args=args)


def read_feed(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


#: The page cache's content state, the releases and their changes, and what is public
#: (two); a programme's feed reads the programme too.
SITE_QUERIES, PROGRAMME_QUERIES = 5, 6


@pytest.fixture
def changed():
    programme = make_programme(
        version="2.3", name_sv="Flödesprogrammet", name_en="The feed programme"
    )
    node = make_intervention(
        programme, slug="insatsen", title_sv="Insatsen", title_en="The intervention"
    )
    release = publish_change(
        node,
        note="Ny dosering.",
        note_en="New dosage.",
        synopsis_sv="Ny text.",
    )
    return programme, node, release


def test_the_site_feed_lists_changes_in_substance_with_a_link_to_the_change(client, changed):
    programme, _node, release = changed

    feed = read_feed(client, feed_url("site"))

    assert feed.findtext(f"{ATOM}rights").startswith(settings.VIP_CONTENT_LICENCE)
    assert feed.findtext(f"{ATOM}title") == "VIP-portalen: ändringar och nytt innehåll"
    first = entries(feed)[0]
    assert first["title"] == "Flödesprogrammet: version 2.4, ändring i sak"
    with translation.override("sv"):
        changes = reverse("programmes:changes", args=[programme.slug])
    assert first["link"].endswith(f"{changes}#{release.anchor}")
    assert "Ny dosering." in first["summary"] and "Insatsen" in first["summary"]


def test_the_english_feed_speaks_english(client, changed):
    programme, _node, _release = changed

    feed = read_feed(client, feed_url("programme", programme.slug, language="en"))

    assert feed_url("programme", programme.slug, language="en") == f"/en/feed/{programme.slug}/"
    assert feed_url("site") == "/flode/"
    first = entries(feed)[0]
    assert first["title"] == "The feed programme: version 2.4, a change in substance"
    assert "New dosage." in first["summary"] and "The intervention" in first["summary"]
    assert "/en/programmes/" in first["link"]


def test_a_programme_feed_has_that_programme_only(client, changed):
    programme, _node, _release = changed
    other = make_programme(name_sv="Annat program")
    publish_change(make_node(other), note="Annan ändring.", title_sv="Annan")

    listed = entries(read_feed(client, feed_url("programme", programme.slug)))

    assert listed and all("Flödesprogrammet" in item["title"] for item in listed)
    assert client.get(feed_url("programme", "finns-inte")).status_code == 404


def test_new_content_is_an_entry_and_a_mere_correction_is_not(client, changed):
    programme, node, _release = changed
    publish_change(node, kind=ChangeKind.EDITORIAL, note="Stavfel rättat.", synopsis_sv="Ny tex.")
    page = make_node(programme, slug="nyheten", title_sv="Nyheten", published=False)
    publish_change(page, kind=ChangeKind.EDITORIAL, note="En ny sida.")

    listed = entries(read_feed(client, feed_url("programme", programme.slug)))

    assert listed[0]["title"] == "Flödesprogrammet: nytt innehåll"
    assert "Nyheten" in listed[0]["summary"]
    assert not any("Stavfel" in item["summary"] for item in listed)


def test_nothing_unpublished_reaches_a_feed(client, changed):
    programme, _node, _release = changed
    hidden = make_node(programme, kind="section", slug="dolt", published=False)
    secret = make_node(programme, hidden, slug="hemlig", title_sv="Hemlig sida", published=False)
    publish_change(secret, note="Hemlig ändring.", title_sv="Hemlig rubrik")
    withdrawn = make_node(programme, slug="indragen", title_sv="Indragen")
    publish_change(withdrawn, note="Indragen ändring.", title_sv="Indragen rubrik")
    ContentNode.objects.filter(pk=withdrawn.pk).update(published=False)
    unpublished = make_programme(published=False, name_sv="Opublicerat program")
    publish_change(make_node(unpublished), note="Opublicerad ändring.", title_sv="X")

    for url in (feed_url("site"), feed_url("programme", programme.slug)):
        text = client.get(url).content.decode()
        for word in ("Hemlig", "Indragen", "Opublicerat", "Opublicerad"):
            assert word not in text
    assert client.get(feed_url("programme", unpublished.slug)).status_code == 404


def test_the_feeds_read_the_same_queries_for_one_or_many_releases(
    client, changed, django_assert_num_queries
):
    programme, node, _release = changed
    with django_assert_num_queries(SITE_QUERIES):
        client.get(feed_url("site"))
    with django_assert_num_queries(PROGRAMME_QUERIES):
        client.get(feed_url("programme", programme.slug))

    for number in range(5):
        publish_change(node, note=f"Ändring {number}.", synopsis_sv=f"Text {number}.")
    with django_assert_num_queries(SITE_QUERIES):
        site = client.get(feed_url("site"))
    with django_assert_num_queries(PROGRAMME_QUERIES):
        one = client.get(feed_url("programme", programme.slug))
    assert len(entries(ET.fromstring(one.content))) == 6
    assert len(entries(ET.fromstring(site.content))) >= 6


def test_pages_name_their_feeds_in_the_head(client, changed):
    programme, node, _release = changed
    site = feed_url("site")
    own = feed_url("programme", programme.slug)

    home = client.get(reverse("programmes:home")).content.decode()
    head = home.split("</head>")[0]
    assert f'<link rel="alternate" type="application/atom+xml" href="{site}"' in head
    assert own not in head

    for url in (programme.get_absolute_url(), node.get_absolute_url()):
        head = client.get(url).content.decode().split("</head>")[0]
        assert f'<link rel="alternate" type="application/atom+xml" href="{site}"' in head
        assert f'<link rel="alternate" type="application/atom+xml" href="{own}"' in head


def test_the_demo_feed_has_entries(client):
    assert Programme.objects.filter(published=True).exists()
    assert entries(read_feed(client, feed_url("site")))


def test_a_feed_is_cached_like_a_page_until_content_changes(
    client, changed, django_assert_num_queries
):
    programme, node, _release = changed
    url = feed_url("programme", programme.slug)
    first = client.get(url)

    with django_assert_num_queries(1):  # the content state only: the feed comes from the cache
        again = client.get(url)
    assert again.content == first.content

    publish_change(node, note="Ännu en ändring.", synopsis_sv="Ännu nyare text.")
    assert "Ännu en ändring." in client.get(url).content.decode()
