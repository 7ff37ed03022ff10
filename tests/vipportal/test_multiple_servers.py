"""Several app servers behind one address: two gunicorn servers with production settings on
two ports share one database (PostgreSQL when the suite runs on it, else one SQLite file)
and one Redis (127.0.0.1:6379, database 9, a key prefix of this run's own). Whichever
server a request reaches, a login holds, a lockout holds, a rate limit counts, and a
publish is served fresh within a second. Each logs JSON lines with the request's id, and
serves the collected, compressed and fingerprinted static files through whitenoise."""

import json
import os
import re
import secrets
import time

import pytest
import requests

from tests.admin_forms import RELEASE, form_data
from tests.servers import add_demo_logins, demo_copy, gunicorn, prepare, production_env

#: The servers' database is a copy of the test database (see `servers`), which pytest-django
#: sets up only for a run with a test that asks for it.
pytestmark = pytest.mark.django_db

HOST = "vip.test"
REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers, A and B, and the files their logs go to. Their database is a copy of the
    test database (`tests.servers.demo_copy`): a database of this module's own on the
    server the suite runs on."""
    folder = tmp_path_factory.mktemp("servers")
    with django_db_blocker.unblock(), demo_copy(folder, os.environ.get("DATABASE_URL")) as url:
        env = {
            **production_env(folder, "test", url),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "REDIS_URL": REDIS_URL,
            "VIP_WARM_HOST": HOST,
            "VIP_WARM_HTTPS": "0",
        }
        add_demo_logins(env)
        prepare(env, ["collectstatic", "--no-input"])
        logs = {"a": folder / "a.log", "b": folder / "b.log"}
        with (
            gunicorn(env, workers=1, log=logs["a"]) as a,
            gunicorn(env, workers=1, log=logs["b"]) as b,
        ):
            yield {"a": a, "b": b, "logs": logs}


def get(base, path, cookies=None, **headers):
    return requests.get(
        base + path,
        headers={"Host": HOST, **headers},
        cookies=cookies or {},
        allow_redirects=False,
        timeout=20,
    )


def post(base, path, data, cookies, **headers):
    return requests.post(
        base + path,
        data=data,
        headers={"Host": HOST, **headers},
        cookies=cookies,
        allow_redirects=False,
        timeout=20,
    )


def log_in(base, path, username, password):
    """Post the login form at `path`; returns the response and the cookies it set."""
    page = get(base, path)
    cookies = dict(page.cookies)
    data = form_data(page)
    data.update({"username": username, "password": password})
    response = post(base, path, data, cookies)
    return response, {**cookies, **dict(response.cookies)}


def test_a_login_on_one_server_is_valid_on_the_other(servers):
    response, cookies = log_in(
        servers["a"], "/genomforande/logga-in/", "jonkoping", "vip-demo-jonkoping"
    )
    assert response.status_code == 302
    assert "sessionid" in cookies

    on_b = get(servers["b"], "/genomforande/", cookies={"sessionid": cookies["sessionid"]})
    without = get(servers["b"], "/genomforande/")

    assert on_b.status_code == 200
    assert "Jönköpings kommun" in on_b.text
    assert without.status_code == 302 and "logga-in" in without.headers["Location"]


def test_a_lockout_on_one_server_holds_on_the_other(servers):
    for _attempt in range(5):
        failed, _ = log_in(servers["a"], "/genomforande/logga-in/", "lasare", "fel-lösenord")
        assert failed.status_code in (200, 400, 429)

    right, cookies = log_in(servers["b"], "/genomforande/logga-in/", "lasare", "vip-demo-lasare")

    assert right.status_code == 429
    assert "sessionid" not in cookies


def test_a_publish_on_one_server_is_served_fresh_by_the_other_within_a_second(servers):
    a, b = servers["a"], servers["b"]
    page = "/program/adhd/"
    cached = get(b, page)
    assert get(b, page).headers["ETag"] == cached.headers["ETag"]  # B serves it from the cache
    _, cookies = log_in(a, "/admin/login/", "redaktor", "vip-demo-redaktor")
    changelist = get(a, "/admin/programmes/programme/?q=adhd", cookies=cookies)
    change = re.search(r'href="(/admin/programmes/programme/\d+/change/)[^"]*"', changelist.text)
    form = get(a, change.group(1), cookies=cookies)
    data = form_data(form, "programme_form")
    summary = f"Sammanfattning publicerad {secrets.token_hex(4)}."
    data.update({"summary_sv": summary, "_publish": "1", **RELEASE})

    published = post(a, change.group(1), data, cookies, Referer=a + change.group(1))
    assert published.status_code == 302, published.text[:2000]
    started = time.monotonic()
    while summary not in (fresh := get(b, page)).text:
        assert time.monotonic() - started < 1.0, "B still serves the page from before"
        time.sleep(0.05)

    assert fresh.headers["ETag"] != cached.headers["ETag"]


def test_the_published_programme_is_warmed_for_both_servers(servers):
    """After the publish above, A rendered the programme's pages into the shared cache."""
    deadline = time.monotonic() + 30
    while not (warmed := _lines(servers["logs"]["a"], "page cache warmed")):
        assert time.monotonic() < deadline, "A never warmed the published programme"
        time.sleep(0.2)

    assert warmed[-1]["programme"] == "adhd"
    assert warmed[-1]["pages"] > 10
    level = get(servers["b"], "/en/programmes/adhd/level/elevhalsa/")
    assert level.status_code == 200 and level.headers["ETag"]


def test_rate_limits_count_across_servers(servers):
    """Login attempts from one address, whatever the usernames, are counted in the shared
    cache: what one server counted, the other knows."""
    limit_hit = None
    for attempt in range(60):
        server = servers["a"] if attempt % 2 else servers["b"]
        response, _ = log_in(server, "/genomforande/logga-in/", f"sprayed{attempt}", "x")
        if response.status_code == 429:
            limit_hit = attempt
            break
    assert limit_hit is not None, "60 attempts across usernames were never slowed"


def test_every_answer_carries_a_request_id_that_the_log_names(servers):
    response = get(servers["b"], "/program/schizofreni/?utm_source=nyhetsbrev")
    request_id = response.headers["X-Request-ID"]

    lines = [line for line in _lines(servers["logs"]["b"]) if line.get("request_id") == request_id]

    assert len(lines) == 1
    assert lines[0]["path"] == "/program/schizofreni/"
    assert lines[0]["status"] == 200
    assert "utm_source" not in json.dumps(lines[0])


def test_pages_link_fingerprinted_stylesheets_served_compressed_and_cached_forever(servers):
    """Whitenoise serves the collected, compressed and fingerprinted static files."""
    page = get(servers["a"], "/program/adhd/").text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)

    response = get(servers["a"], stylesheet, **{"Accept-Encoding": "gzip, br"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] in ("gzip", "br")
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_public_pages_answer_with_etag_and_304(servers):
    first = get(servers["b"], "/program/adhd/niva/elevhalsa/")
    etag = first.headers["ETag"]

    again = get(servers["b"], "/program/adhd/niva/elevhalsa/", **{"If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""


def _lines(log, message=None) -> list[dict]:
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if message is None or line["message"] == message]
