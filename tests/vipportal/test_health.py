"""The load balancer's health checks: one word, never cached, no cookie, no query for
/healthz, and 503 from /readyz when the database or the cache is gone."""

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def get(url):
    return Client().get(url)


def assert_one_word(response, word):
    assert response.content.decode() == word
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Server" not in response and "X-Powered-By" not in response


def test_healthz_says_ok_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = get("/healthz")

    assert response.status_code == 200
    assert_one_word(response, "ok")


def test_readyz_says_ok_when_the_database_and_the_cache_answer():
    response = get("/readyz")

    assert response.status_code == 200
    assert_one_word(response, "ok")


def test_readyz_says_unavailable_when_the_database_fails(monkeypatch):
    def broken(self, *args, **kwargs):
        raise OperationalError("could not connect to server at db.internal:5432 v16.2")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)

    response = get("/readyz")

    assert response.status_code == 503
    assert_one_word(response, "unavailable")


def test_readyz_says_unavailable_when_the_cache_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis.internal:6379")

    monkeypatch.setattr(type(caches["default"]), "set", broken)

    response = get("/readyz")

    assert response.status_code == 503
    assert_one_word(response, "unavailable")


def test_healthz_is_not_under_a_language_and_not_stored_by_the_page_cache():
    first, again = get("/healthz"), get("/healthz")

    assert first.status_code == again.status_code == 200
    assert get("/en/healthz").status_code == 404
    assert "ETag" not in first and "ETag" not in again


def test_the_checks_answer_many_times_from_one_address_without_limit():
    client = Client(REMOTE_ADDR="10.0.0.9")
    answers = {client.get(url).status_code for url in ["/healthz", "/readyz"] * 50}

    assert answers == {200}


def test_the_checks_answer_plain_http_where_pages_redirect_to_https():
    from vipportal.settings import production

    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=production.SECURE_REDIRECT_EXEMPT
    ):
        page, checks = get("/program/"), [get("/healthz"), get("/readyz")]

    assert page.status_code == 301
    assert [check.status_code for check in checks] == [200, 200]
