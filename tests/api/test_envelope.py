"""Every answer of the API, errors included, carries the licence and the attribution set
in the settings and says its language; `?lang=` chooses Swedish or English; lists are
paged within bounds, and bad parameters get a 400 that says what was wrong."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("/api/v1/programmes", 200),
    ("/api/v1/programmes/adhd", 200),
    ("/api/v1/programmes/adhd/tree", 200),
    ("/api/v1/programmes/adhd/nodes/behandling-och-stod", 200),
    ("/api/v1/interventions", 200),
    ("/api/v1/levels", 200),
    ("/api/v1/levels/elevhalsa", 200),
    ("/api/v1/programmes/schizofreni/pathways", 200),
    ("/api/v1/programmes/schizofreni/pathways/schizofreni", 200),
    ("/api/v1/vignettes", 200),
    ("/api/v1/indicators", 200),
    ("/api/v1/materials", 200),
    ("/api/v1/places", 200),
    ("/api/v1/local-additions?organisation=jonkopings-kommun", 200),
    ("/api/v1/search?q=kbt", 200),
    ("/api/v1/changes?since=2020-01-01T00:00:00Z", 200),
    ("/api/v1/programmes/finns-inte", 404),
    ("/api/v1/programmes?code=nonsense", 400),
    ("/api/v1/programmes?lang=de", 400),
    ("/api/v1/changes?since=igar", 400),
    ("/api/v1/search", 400),
]


@override_settings(
    VIP_CONTENT_LICENCE="CC0 1.0",
    VIP_CONTENT_LICENCE_URL="https://creativecommons.org/publicdomain/zero/1.0/",
    VIP_CONTENT_ATTRIBUTION="Källa: testets egen attribution.",
)
@pytest.mark.parametrize(("path", "status"), ANSWERS)
def test_every_answer_carries_the_licence_and_attribution_of_the_settings(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["licence"] == {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    }
    assert body["attribution"] == "Källa: testets egen attribution."
    assert body["language"] == "sv"
    assert ("data" in body) == (status == 200)
    if status != 200:
        assert body["error"]["status"] == status
        assert body["error"]["message"]


def test_the_demo_content_says_plainly_that_it_is_demo_content(client):
    body = client.get("/api/v1/programmes").json()

    assert body["licence"]["name"] == "CC BY 4.0"
    assert "Demonstrationsinnehåll" in body["attribution"]


def test_swedish_by_default_and_english_on_request(client):
    swedish = client.get("/api/v1/programmes/schizofreni").json()
    english = client.get("/api/v1/programmes/schizofreni?lang=en").json()

    assert swedish["language"] == "sv"
    assert swedish["data"]["name"] == "Schizofreni och schizofreniliknande tillstånd"
    assert swedish["data"]["html_url"] == "/program/schizofreni/"
    assert english["language"] == "en"
    assert english["data"]["name"] != swedish["data"]["name"]
    assert english["data"]["html_url"].startswith("/en/")
    assert english["data"]["id"] == swedish["data"]["id"]


def test_an_unknown_language_is_refused_with_a_clear_message(client):
    response = client.get("/api/v1/programmes?lang=no")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == ["lang"]
    assert "sv" in error["message"] and "en" in error["message"]


def test_errors_are_in_the_language_asked_for(client):
    swedish = client.get("/api/v1/programmes/finns-inte").json()["error"]["message"]
    english = client.get("/api/v1/programmes/finns-inte?lang=en").json()["error"]["message"]

    assert english == "There is no published programme with that id."
    assert swedish != english


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "page=0", "page=10001", "limit=abc", "page=-1"]
)
def test_page_and_limit_out_of_bounds_are_400_not_500(client, query):
    response = client.get(f"/api/v1/interventions?{query}")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] in (["limit"], ["page"])


def test_pages_link_to_each_other_and_hold_every_object_once(client):
    first = client.get("/api/v1/interventions?limit=30").json()
    count = first["pagination"]["count"]
    seen = [item["id"] for item in first["data"]]
    next_page = first["pagination"]["next"]
    while next_page:
        page = client.get(next_page).json()
        assert page["pagination"]["previous"] is not None
        seen += [item["id"] for item in page["data"]]
        next_page = page["pagination"]["next"]

    assert count > 30
    assert len(seen) == count == len(set(seen))
    assert first["pagination"]["previous"] is None


def test_a_page_past_the_end_is_empty(client):
    body = client.get("/api/v1/programmes?page=50").json()

    assert body["data"] == []
    assert body["pagination"]["count"] == 5
    assert body["pagination"]["next"] is None


def test_objects_carry_both_dates_and_their_links(client):
    node = client.get("/api/v1/programmes/adhd/nodes/behandling-och-stod").json()["data"]

    assert node["id"] == "adhd/behandling-och-stod"
    assert node["url"] == "/api/v1/programmes/adhd/nodes/behandling-och-stod"
    assert node["parent"]["id"] == "adhd"
    assert node["children"]
    assert node["created"] and node["updated"] and node["changed_in_substance"]
    child = client.get(node["children"][0]["url"]).json()["data"]
    assert child["parent"]["id"] == node["id"]
