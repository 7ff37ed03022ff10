"""The API is cached like the public pages: a repeated request is answered from the cache
(without a query once the content's moment is known), keyed on the full address; ETag,
Last-Modified and 304; a change of content makes every cached answer stale; any site may
read it (CORS)."""

import pytest
from django.test import override_settings

from programmes import page_cache
from tests.factories import make_node, make_programme

pytestmark = pytest.mark.django_db

PATH = "/api/v1/programmes/adhd/tree"


def test_an_answer_has_an_etag_and_a_matching_request_gets_304(client):
    first = client.get(PATH)

    again = client.get(PATH, headers={"if-none-match": first["ETag"]})

    assert first["ETag"] and first["Last-Modified"]
    assert again.status_code == 304
    assert again.content == b""


@pytest.fixture
def trusted_moment():
    """As in production: each process trusts its copy of the content's moment for a
    while. Forgotten afterwards, so that other tests read it on every request."""
    with override_settings(VIP_CONTENT_VERSION_TTL=60):
        yield
    page_cache._remembered["until"] = 0.0


def test_a_cached_answer_costs_no_query(client, trusted_moment, django_assert_num_queries):
    first = client.get(PATH)

    with django_assert_num_queries(0):
        second = client.get(PATH)

    assert second.content == first.content


def test_the_cache_keys_on_the_full_query_string(client):
    swedish = client.get("/api/v1/interventions?limit=5")
    english = client.get("/api/v1/interventions?limit=5&lang=en")
    second_page = client.get("/api/v1/interventions?limit=5&page=2")

    assert english.json()["language"] == "en"
    assert second_page.json()["pagination"]["page"] == 2
    assert len({swedish["ETag"], english["ETag"], second_page["ETag"]}) == 3


def test_the_place_a_browser_chose_does_not_split_the_api_cache(client):
    plain = client.get(PATH)
    client.cookies["vip_plats"] = "jonkopings-kommun"

    with_place = client.get(PATH)

    assert with_place["ETag"] == plain["ETag"]


def test_a_content_change_makes_cached_answers_stale(client):
    programme = make_programme()
    path = f"/api/v1/programmes/{programme.slug}/tree"
    before = client.get(path)

    make_node(programme, slug="ny-sida")
    after = client.get(path, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert f"{programme.slug}/ny-sida" in {node["id"] for node in after.json()["data"]}


def test_any_site_may_read_the_api(client):
    first = client.get(PATH, headers={"origin": "https://journal.example.org"})
    cached = client.get(PATH, headers={"origin": "https://region.example.se"})
    error = client.get("/api/v1/programmes/finns-inte", headers={"origin": "https://a.example"})

    for response in (first, cached, error):
        assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in first["Access-Control-Expose-Headers"]


def test_a_preflight_allows_get_only(client):
    response = client.options(
        PATH,
        headers={"origin": "https://a.example", "access-control-request-method": "GET"},
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_the_api_refuses_writes(client):
    assert client.post("/api/v1/programmes").status_code == 405


def test_head_answers_like_get_cached_or_not(client):
    first = client.head("/api/v1/programmes?limit=2")
    client.get("/api/v1/programmes?limit=3")
    cached = client.head("/api/v1/programmes?limit=3")

    assert first.status_code == cached.status_code == 200
    assert first.content == b""
    assert first["Content-Type"].startswith("application/json")
