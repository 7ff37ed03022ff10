"""Anonymous pages come from the cache, answer conditional requests with 304, and go
stale the moment content changes or is published."""

import pytest
from django.test import Client

from care_levels.models import CareLevel
from programmes.editorial.publishing import content_publish
from programmes.editorial.releases import ReleaseNote
from programmes.models import ContentNode, Programme
from programmes.page_cache import programme_paths
from tests.factories import make_node, make_programme
from tests.pages import page_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return page_urls()["programme"]


def test_a_second_visit_is_served_from_the_cache(client, url, django_assert_num_queries):
    first = client.get(url)

    with django_assert_num_queries(1):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Last-Modified" in second


def test_a_matching_etag_gets_304_without_rendering(client, url, django_assert_num_queries):
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(1):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_if_modified_since_gets_304(client, url):
    last_modified = client.get(url)["Last-Modified"]

    response = client.get(url, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_a_content_change_makes_cached_pages_and_etags_stale(client):
    programme = make_programme(slug="cachetest", name_sv="Före ändringen")
    first = client.get(programme.get_absolute_url())

    programme.name_sv = "Efter ändringen"
    programme.save()
    fresh = client.get(programme.get_absolute_url(), headers={"if-none-match": first["ETag"]})

    assert fresh.status_code == 200
    assert "Efter ändringen" in fresh.content.decode()
    assert fresh["ETag"] != first["ETag"]


def test_publishing_a_page_shows_it_at_once(client):
    programme = make_programme(slug="publicering")
    node = make_node(programme, slug="ny-sida", title_sv="Nyskriven sida", published=False)
    assert "Nyskriven sida" not in client.get(programme.get_absolute_url()).content.decode()

    node.published = True
    node.save()

    assert "Nyskriven sida" in client.get(programme.get_absolute_url()).content.decode()


def test_retagging_an_intervention_is_a_change(client):
    url = page_urls()["interventions_filtered"].split("?")[0] + "?niva=bup"
    intervention = ContentNode.objects.filter(
        programme__slug="adhd", kind="intervention", care_levels__slug="bup"
    ).first()
    before = client.get(url).content.decode()
    assert intervention.title in before

    intervention.care_levels.clear()

    assert (
        intervention.title
        not in client.get(url).content.decode().split('id="filter-heading"')[1].split("<aside")[0]
    )


def test_deleting_a_programme_is_a_change(client):
    programme = make_programme(slug="raderas")
    assert client.get(programme.get_absolute_url()).status_code == 200

    Programme.objects.filter(pk=programme.pk).delete()

    assert client.get("/program/raderas/").status_code == 404


def test_logged_in_visitors_always_get_a_fresh_page(admin_client, url):
    admin_client.get(url)
    response = admin_client.get(url)

    assert "ETag" not in response


def test_pages_with_a_form_are_never_shared_between_visitors():
    first = Client().get("/tillganglighet/")
    second = Client().get("/tillganglighet/")

    assert "ETag" not in first and "ETag" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_the_meeting_summary_is_never_cached(client):
    url = page_urls()["meeting_summary"]

    response = client.get(url)

    assert "ETag" not in response
    assert "no-store" in response["Cache-Control"]


def cached_entries() -> int:
    """How many pages the page cache holds (the tests' in-process cache)."""
    from django.core.cache import cache

    return len(cache._cache)


def test_a_cached_page_is_no_answer_to_a_host_the_site_does_not_serve(client, url):
    assert client.get(url).status_code == 200

    response = client.get(url, HTTP_HOST="evil.example")

    assert response.status_code == 400


def test_each_host_the_site_serves_has_pages_of_its_own(client, url):
    first = client.get(url, HTTP_HOST="testserver")
    other = client.get(url, HTTP_HOST="localhost")

    assert first["ETag"] != other["ETag"]


def test_parameters_no_page_reads_are_dropped_and_make_no_new_entry(
    client, url, django_assert_num_queries
):
    plain = client.get(url)
    entries = cached_entries()

    with django_assert_num_queries(1):
        tracked = client.get(url + "?utm_source=nyhetsbrev&fbclid=abc123")
    with django_assert_num_queries(1):
        other = client.get(url + "?utm_campaign=" + "x" * 300)

    assert tracked.content == plain.content
    assert tracked["ETag"] == other["ETag"] == plain["ETag"]
    assert cached_entries() == entries


def test_parameters_a_page_reads_still_make_another_page(client):
    page_one = client.get("/sok/?q=depression")
    page_two = client.get("/sok/?q=depression&sida=2&utm_source=x")

    assert page_one.status_code == page_two.status_code == 200
    assert page_one["ETag"] != page_two["ETag"]


def test_the_api_answers_unknown_parameters_without_keeping_them(client):
    client.get("/api/v1/programmes")
    entries = cached_entries()

    response = client.get("/api/v1/programmes?cache_buster=1")

    assert response.status_code == 200
    assert cached_entries() == entries


def test_a_change_to_one_programme_leaves_the_other_programmes_cached(
    client, django_assert_num_queries
):
    urls = page_urls()
    adhd, schizophrenia, listing = urls["programme"], "/program/schizofreni/", "/program/"
    assert "/adhd/" in adhd
    before = {page: client.get(page) for page in (adhd, schizophrenia, listing)}
    node = ContentNode.objects.filter(programme__slug="adhd", published=True).first()

    node.title_sv = "Ny rubrik för cachetestet"
    node.save()

    with django_assert_num_queries(1):
        untouched = client.get(schizophrenia)
    assert untouched["ETag"] == before[schizophrenia]["ETag"]
    assert client.get(adhd)["ETag"] != before[adhd]["ETag"]
    assert client.get(listing)["ETag"] != before[listing]["ETag"]


def test_a_change_every_page_shows_makes_every_page_stale(client):
    schizophrenia = "/program/schizofreni/"
    before = client.get(schizophrenia)
    level = CareLevel.objects.get(slug="elevhalsa")

    level.name_sv = "Elevhälsan (ny)"
    level.save()

    assert client.get(schizophrenia)["ETag"] != before["ETag"]


def test_a_published_programme_is_warmed_before_anyone_asks(
    client, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.VIP_WARM_PAGES = "inline"
    settings.VIP_WARM_HOST = "testserver"
    programme = Programme.objects.get(slug="schizofreni")
    node = ContentNode.objects.filter(programme=programme, published=True).first()

    with django_capture_on_commit_callbacks(execute=True):
        content_publish(
            obj=node, user=None, release=ReleaseNote("editorial", "Rättelse.", "Correction.")
        )

    paths = programme_paths("schizofreni")
    english = [path for path in paths if path.startswith("/en/")]
    assert len(paths) > 20 and len(english) == len(paths) / 2
    for path in ("/program/schizofreni/", english[0], paths[-1]):
        with django_assert_num_queries(1):
            assert client.get(path).status_code == 200


def test_the_cache_has_room_for_every_public_page_in_both_languages_and_places(settings):
    from programmes import local

    pages = sum(
        len(programme_paths(slug)) for slug in Programme.objects.values_list("slug", flat=True)
    )
    room = settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"]

    assert pages > 100
    assert pages * (1 + len(local.places())) < room
