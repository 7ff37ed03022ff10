"""Anonymous pages come from the cache, answer conditional requests with 304, and go
stale the moment content changes or is published."""

import pytest
from django.test import Client

from programmes.models import ContentNode, Programme
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
