"""Headers on every answer (pages, API, static files, error pages) and the request
methods that only echo or tunnel, refused everywhere."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

#: Pages, a static file (served by whitenoise), error pages.
SITE_ONLY = [
    ("/", 200),
    ("/en/", 200),
    ("/program/", 200),
    ("/static/css/site.css", 200),
    ("/finns-inte/", 404),
    ("/admin/", 302),
    ("/healthz", 200),
]
#: Read by other sites by design (CORS is open there).
OPEN = [("/api/v1/programmes", None), ("/fhir/metadata", 200), ("/fhir/finns-inte", 404)]


@pytest.mark.parametrize("url, status", SITE_ONLY + OPEN)
def test_every_answer_denies_the_browser_features_no_page_uses(client, url, status):
    response = client.get(url)

    if status is not None:
        assert response.status_code == status
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("url, status", SITE_ONLY)
def test_pages_and_files_may_be_loaded_by_this_site_only(client, url, status):
    assert client.get(url)["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("url, status", OPEN)
def test_the_api_and_fhir_may_be_read_by_any_site(client, url, status):
    response = client.get(url, HTTP_ORIGIN="https://other.example")

    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_form_refused_for_its_missing_token_carries_the_headers():
    response = Client(enforce_csrf_checks=True).post("/tillganglighet/", {"description": "x"})

    assert response.status_code == 403
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT"])
@pytest.mark.parametrize("url", ["/", "/program/", "/api/v1/programmes", "/admin/login/"])
def test_echoing_and_tunnelling_methods_are_refused_everywhere(client, method, url):
    response = client.generic(method, url, HTTP_COOKIE="sessionid=secret")

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert b"secret" not in response.content
    assert "camera=()" in response["Permissions-Policy"]


def test_the_server_error_page_carries_the_headers(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("vipportal.health._answer", broken)

    response = Client(raise_request_exception=False).get("/healthz")

    assert response.status_code == 500
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
