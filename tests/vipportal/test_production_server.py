"""The production setup: gunicorn with production settings, whitenoise serving the
collected, compressed and fingerprinted static files."""

import os
import re
import secrets
import urllib.error
import urllib.request

import pytest

from tests.servers import gunicorn, prepare


@pytest.fixture(scope="module")
def production_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    env = {
        "DJANGO_SETTINGS_MODULE": "vipportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # TLS ends before the app in production; here nothing leaves the machine.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "VIP_STATIC_ROOT": str(folder / "static"),
        # Production keeps its cache in Redis: the tests' database there, a prefix of its own.
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "VIP_CACHE_PREFIX": f"test-{secrets.token_hex(6)}",
    }
    env = {**os.environ, **env}
    prepare(env, ["migrate", "--no-input"], ["load_initial_data", "--no-admin"])
    prepare(env, ["collectstatic", "--no-input"])
    with gunicorn(env) as url:
        yield url


def fetch(url, **headers):
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10)


def test_pages_link_fingerprinted_stylesheets_served_compressed_and_cached_forever(
    production_url,
):
    page = fetch(production_url + "/program/adhd/").read().decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)

    response = fetch(production_url + stylesheet, **{"Accept-Encoding": "gzip, br"})

    assert response.status == 200
    assert response.headers["Content-Encoding"] in ("gzip", "br")
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_public_pages_answer_with_etag_and_304(production_url):
    first = fetch(production_url + "/program/adhd/niva/elevhalsa/")
    etag = first.headers["ETag"]

    with pytest.raises(urllib.error.HTTPError) as not_modified:
        fetch(production_url + "/program/adhd/niva/elevhalsa/", **{"If-None-Match": etag})

    assert not_modified.value.code == 304
