"""Every answer carries a request id; production logs one JSON line per request and the
traceback of every error, naming the request's id and nothing personal but the username."""

import io
import json
import logging
import logging.config

import pytest
from django.test import Client, override_settings
from django.urls import path

from tests.factories import make_user
from tests.pages import page_urls
from vipportal import urls as project_urls
from vipportal.observability import HEADER

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("the view broke for the test")


urlpatterns = [path("trasig/", broken_view), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@pytest.fixture
def log_lines(monkeypatch):
    """The JSON lines production's logging writes, as dicts (settings/production.py)."""
    from vipportal.settings import production

    stream = io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    root, handlers = logging.getLogger(), logging.getLogger().handlers[:]
    logging.config.dictConfig(production.LOGGING)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.handlers = handlers
    logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})


def test_every_answer_names_its_request_id(client):
    first = client.get("/")
    second = client.get("/")  # from the page cache
    static = client.get("/static/css/site.css")

    ids = {first[HEADER], second[HEADER], static[HEADER]}
    assert len(ids) == 3
    assert all(len(request_id) == 32 for request_id in ids)


def test_the_id_of_the_proxy_is_kept_and_a_strange_one_replaced(client):
    kept = client.get("/", headers={HEADER: "lb-20261207-abcdef12"})
    replaced = client.get("/", headers={HEADER: "<script>alert(1)</script>"})

    assert kept[HEADER] == "lb-20261207-abcdef12"
    assert replaced[HEADER] != "<script>alert(1)</script>" and len(replaced[HEADER]) == 32


def test_each_request_is_one_json_line_without_query_string_or_address(client, log_lines):
    client.get(page_urls()["search"] + "&utm_source=nyhetsbrev", REMOTE_ADDR="203.0.113.9")

    lines = [line for line in log_lines() if line["logger"] == "vipportal.request"]

    assert len(lines) == 1
    line = lines[0]
    assert line["path"] == "/sok/" and line["status"] == 200 and line["method"] == "GET"
    assert line["level"] == "INFO" and line["duration_ms"] >= 0
    assert len(line["request_id"]) == 32
    text = json.dumps(line)
    assert "203.0.113.9" not in text and "q=" not in text and "utm_source" not in text


def test_a_signed_in_request_names_the_username_only(client, log_lines):
    user = make_user(username="loggad", password="långt-lösenord-123")
    client.force_login(user)

    client.get("/genomforande/")

    line = next(line for line in log_lines() if line["logger"] == "vipportal.request")
    assert line["user"] == "loggad"
    assert "långt-lösenord" not in json.dumps(log_lines())


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_leaves_its_traceback_with_the_request_id(log_lines):
    client = Client(raise_request_exception=False)

    response = client.get("/trasig/")

    assert response.status_code == 500
    request_id = response[HEADER]
    assert request_id in response.content.decode()  # the error code the visitor can give
    lines = [line for line in log_lines() if line.get("request_id") == request_id]
    error = next(line for line in lines if "traceback" in line)
    assert error["level"] == "ERROR"
    assert "RuntimeError: the view broke for the test" in error["traceback"]
    assert "broken_view" in error["traceback"]
    request_line = next(line for line in lines if line["logger"] == "vipportal.request")
    assert request_line["status"] == 500 and request_line["level"] == "ERROR"
