"""Malformed addresses and absurd parameters get 404 or a clear message, never a 500."""

import pytest
from django.urls import reverse

from tests.pages import LEVEL, PROGRAMME, page_urls

pytestmark = pytest.mark.django_db

LONG = "a" * 10_000


@pytest.mark.parametrize(
    "url",
    [
        "/program/finns-inte/",
        "/program/finns-inte/niva/elevhalsa/",
        f"/program/{PROGRAMME}/niva/finns-inte/",
        f"/program/{PROGRAMME}/niva/finns-inte/sammanfattning/",
        f"/program/{PROGRAMME}/finns-inte/",
        f"/program/{PROGRAMME}/finns-inte/ock-inte/",
        f"/program/{PROGRAMME}/STORA-BOKSTAVER/",
        f"/program/{PROGRAMME}/../../etc/passwd/",
        f"/program/{PROGRAMME}/%00/",
        f"/program/{PROGRAMME}/{'a/' * 40}",
        f"/program/{PROGRAMME}/{LONG}/",
        f"/program/{LONG}/",
        f"/niva/{LONG}/",
        "/niva/finns-inte/",
        "/typfall/finns-inte/",
        "/for-dig/finns-inte/",
        "/en/programmes/does-not-exist/",
        "/sidan/finns/inte/",
    ],
)
def test_unknown_or_malformed_addresses_are_404_in_swedish(client, url):
    response = client.get(url)

    assert response.status_code == 404
    if not url.startswith("/en/"):
        assert "Sidan hittades inte" in response.content.decode()


def test_404_in_english_under_en(client):
    response = client.get("/en/programmes/does-not-exist/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "niva=finns-inte",
        "befattning=finns-inte",
        "alder=%27%20OR%201%3D1--",
        "fas=<script>alert(1)</script>",
        f"niva={LONG}",
    ],
)
def test_unknown_filter_values_give_a_clear_message_and_400(client, query):
    url = reverse("programmes:interventions", args=[PROGRAMME]) + "?" + query

    response = client.get(url)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Kontrollera följande" in html
    assert "<script>alert(1)</script>" not in html
    assert LONG not in html


def test_unknown_parameters_and_repeated_values_are_ignored_not_errors(client):
    url = reverse("programmes:interventions", args=[PROGRAMME])

    response = client.get(url + f"?okand={LONG}&niva=finns-inte&niva={LEVEL}")

    assert response.status_code == 200


def test_unknown_material_filter_is_400(client):
    response = client.get(reverse("programmes:materials") + "?malgrupp=nobody&program=x")

    assert response.status_code == 400
    assert "Kontrollera följande" in response.content.decode()


@pytest.mark.parametrize("name", ["home", "programme", "intervention", "level"])
def test_absurd_query_strings_on_plain_pages_are_ignored(client, name):
    url = page_urls()[name]

    response = client.get(url + "?" + "&".join(f"x{i}={LONG[:100]}" for i in range(100)))

    assert response.status_code == 200


def test_server_error_page_is_swedish_and_needs_no_database(rf):
    from vipportal.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel" in html and 'lang="sv"' in html


def test_thousands_of_parameters_are_refused_with_400(client):
    url = page_urls()["interventions"]

    response = client.get(url + "?" + "&".join(f"x{i}=1" for i in range(1000)))

    assert response.status_code == 400
    assert "kunde inte läsas" in response.content.decode()
