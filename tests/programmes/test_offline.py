"""The installable web app: the service worker's script and the manifest are served right
from the site's root, cached or not, and the offline pages render in both languages."""

import json
import struct

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.pages import page_urls

pytestmark = pytest.mark.django_db

WORKER_SETTINGS = "self.VIP_OFFLINE = "


def worker_settings(response) -> dict:
    first_line = response.content.decode().split("\n", 1)[0]
    assert first_line.startswith(WORKER_SETTINGS) and first_line.endswith(";")
    return json.loads(first_line[len(WORKER_SETTINGS) : -1])


def assert_worker_response(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "max-age" not in response["Cache-Control"]
    assert 'self.addEventListener("fetch"' in response.content.decode()


def test_the_worker_is_served_from_the_root_with_its_headers(client, django_assert_num_queries):
    with django_assert_num_queries(1):  # when content last changed, for the page cache
        response = client.get("/sw.js")

    assert_worker_response(response)
    assert reverse("programmes:service_worker") == "/sw.js"


def test_the_worker_keeps_its_headers_from_the_page_cache(client, django_assert_num_queries):
    first = client.get("/sw.js")
    with django_assert_num_queries(1):
        second = client.get("/sw.js")

    assert_worker_response(second)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert client.get("/sw.js", headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_worker_is_the_same_uncached_and_for_a_signed_in_visitor(client, settings):
    anonymous = client.get("/sw.js")
    settings.VIP_PAGE_CACHE = False
    uncached = client.get("/sw.js")
    client.force_login(User.objects.create_user("offline-reader"))
    signed_in = client.get("/sw.js")

    for response in (uncached, signed_in):
        assert_worker_response(response)
        assert response.content == anonymous.content
    assert "ETag" not in signed_in


def test_the_worker_is_the_same_whichever_language_serves_it(client):
    assert client.get("/en/sw.js").content == client.get("/sw.js").content


def test_the_worker_knows_the_offline_pages_and_the_files_they_need(client):
    config = worker_settings(client.get("/sw.js"))

    assert config["default"] == "sv"
    assert config["languages"]["sv"]["offline"] == "/offline/ingen-anslutning/"
    assert config["languages"]["en"]["offline"] == "/en/offline/unavailable/"
    assert config["languages"]["sv"]["saved_on"] == "Sparad %(date)s."
    assert config["languages"]["en"]["you_are_offline"] == "You are offline."
    for language in config["languages"].values():
        assert client.get(language["offline"]).status_code == 200
        assert client.get(language["saved_list"]).status_code == 200
    for asset in config["assets"]:
        assert finders.find(asset.removeprefix("/static/")), asset


def test_the_worker_answers_get_and_head_only(client):
    assert client.head("/sw.js").status_code == 200
    assert client.post("/sw.js").status_code == 405


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as file:
        head = file.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.parametrize(
    ("path", "name", "start_url", "lang"),
    [
        ("/manifest.webmanifest", "VIP-portalen", "/", "sv"),
        ("/en/manifest.webmanifest", "VIP portal", "/en/", "en"),
    ],
)
def test_the_manifest_makes_the_site_installable(client, path, name, start_url, lang):
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    assert "no-cache" in response["Cache-Control"]
    manifest = json.loads(response.content)
    assert manifest["name"] == name
    assert manifest["start_url"] == start_url
    assert manifest["lang"] == lang
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#00585c"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"any", "192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        found = finders.find(icon["src"].removeprefix("/static/"))
        assert found, icon
        if icon["type"] == "image/png":
            width, height = png_size(found)
            assert f"{width}x{height}" == icon["sizes"]


def test_the_manifest_is_the_same_from_the_page_cache(client, django_assert_num_queries):
    first = client.get("/manifest.webmanifest")
    with django_assert_num_queries(1):
        second = client.get("/manifest.webmanifest")

    assert second.content == first.content
    assert second["Content-Type"] == "application/manifest+json"


def test_the_png_icons_are_the_drawing_script_s_output():
    from vipportal.management.commands.make_icons import draw

    with open(finders.find("icons/icon-192.png"), "rb") as file:
        assert file.read() == draw(192)


def test_every_page_links_the_manifest_and_the_policy_allows_the_worker(client):
    response = client.get("/")

    assert '<link rel="manifest" href="/manifest.webmanifest">' in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_programme_at_a_level_offers_saving_for_offline_use(client, language):
    html = client.get(page_urls(language)["programme_level"]).content.decode()

    assert "data-offline-save hidden" in html
    assert 'data-worker="/sw.js"' in html
    assert ("Spara för offline" if language == "sv" else "Save for offline use") in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/offline/", "Sidor sparade för offline"),
        ("/offline/ingen-anslutning/", "Du är offline"),
        ("/en/offline/", "Pages saved for offline use"),
        ("/en/offline/unavailable/", "You are offline"),
    ],
)
def test_the_offline_pages(client, path, heading, django_assert_num_queries):
    with django_assert_num_queries(OFFLINE_PAGE_QUERIES):
        response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert "data-offline-list" in html
    assert 'data-worker="/sw.js"' in html


OFFLINE_PAGE_QUERIES = 1
