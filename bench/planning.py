"""Throughput of the logged-in planning pages on a miss, side by side with a static file.

The plan page and the regional overview are never page-cached: each request renders.
This starts gunicorn with production settings on 127.0.0.1 (TLS redirect off: nothing
leaves the machine), the demo content in a SQLite file of its own and static files
collected by whitenoise; logs the demo users in over HTTP; and drives each page with wrk
between two runs of a static file exactly as large as it (static, page, static), so that
the ratio holds however busy the machine is. Then it renders each page in process with
Django's test client and reports the median time and the number of queries. Run from the
project root:

    .venv/bin/python bench/planning.py        # needs wrk: apt-get install wrk

Target (issue 17, "fast on a miss"): each page serves at least 10 % of the static file's
requests per second.

BENCH_DATABASE_URL reuses a database that already holds the demo (load_initial_data takes
minutes); BENCH_DURATION, BENCH_CONNECTIONS and BENCH_WORKERS set wrk and gunicorn.
"""

import http.client
import inspect
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wrk import run_wrk  # noqa: E402
from tests.servers import gunicorn, prepare, production_env  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "8")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
TARGET = 0.10

#: The demo users (vipportal/demo) and where each page is found on their start page.
PAGES = {
    "plan page": ("jonkoping", "vip-demo-jonkoping", r'href="(/genomforande/planer/\d+/)"'),
    "regional overview": ("region", "vip-demo-region", r'href="(/genomforande/oversikt/\d+/)"'),
}


def server(env: dict, workers: int):
    """gunicorn, taken as started once it serves a static file (the start page is slow
    to render first on a busy machine)."""
    if "ready" in inspect.signature(gunicorn).parameters:
        return gunicorn(env, workers=workers, ready="/static/css/site.css")
    return gunicorn(env, workers=workers)


def request(base: str, method: str, path: str, body: str = "", cookies: dict | None = None):
    """One request without following redirects: (status, headers, body). Cookies are
    sent by hand: production marks them Secure, and this is plain HTTP on 127.0.0.1."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response.status, response.headers, content


def set_cookies(headers) -> dict:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def log_in(base: str, username: str, password: str) -> dict:
    """Log in through the login form; the cookies of the session."""
    status, headers, _ = request(base, "GET", "/genomforande/")
    login = urllib.parse.urlsplit(headers["Location"]).path
    status, headers, content = request(base, "GET", login)
    cookies = set_cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    status, headers, _ = request(base, "POST", login, form, cookies)
    cookies.update(set_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"logging in as {username} failed ({status})")
    return cookies


def wrk(url: str, cookies: dict | None = None) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())
    headers = {"Cookie": cookie} if cookie else None
    return run_wrk(url, connections=CONNECTIONS, duration=DURATION, headers=headers)


def in_process(env: dict, username: str, path: str, rounds: int = 200) -> tuple[float, int]:
    """Median render time in ms (CPU time of the process, which other load on the
    machine disturbs less than the wall clock) and the number of queries of `path`."""
    code = f"""
import statistics, time, django
django.setup()
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username={username!r}))
assert client.get({path!r}).status_code == 200
queries = []
def count(execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)
with connection.execute_wrapper(count):
    client.get({path!r})
times = []
for _ in range({rounds}):
    start = time.process_time()
    client.get({path!r})
    times.append((time.process_time() - start) * 1000)
print(statistics.median(times[10:]), len(queries))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    ms, queries = result.stdout.strip().splitlines()[-1].split()
    return float(ms), int(queries)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="vip-bench-planning-"))
    static_root = work / "static"
    env = {
        **production_env(work, "bench-planning", database_url=os.environ.get("BENCH_DATABASE_URL")),
        "PYTHONPATH": str(ROOT),
    }
    prepare(env, ["migrate", "--no-input"])
    if "BENCH_DATABASE_URL" not in os.environ:
        prepare(env, ["load_initial_data"])
    prepare(env, ["collectstatic", "--no-input"])

    # Find each page on its user's start page, and write a static file as large as it
    # (whitenoise indexes static files when it starts, so before the measured server).
    found = {}
    with server(env, workers=1) as base:
        for name, (username, password, link) in PAGES.items():
            cookies = log_in(base, username, password)
            _, _, home = request(base, "GET", "/genomforande/", cookies=cookies)
            path = re.search(link, home.decode()).group(1)
            status, _, content = request(base, "GET", path, cookies=cookies)
            assert status == 200, (name, status)
            static = f"/static/bench/{name.replace(' ', '-')}.html"
            (static_root / "bench").mkdir(exist_ok=True)
            (static_root / static.removeprefix("/static/")).write_bytes(content)
            found[name] = (username, password, path, static, len(content))

    rows = []
    with server(env, workers=int(WORKERS)) as base:
        for name, (username, password, path, static, size) in found.items():
            cookies = log_in(base, username, password)
            request(base, "GET", path, cookies=cookies)  # warm the worker
            before = wrk(base + static)
            page = wrk(base + path, cookies)
            after = wrk(base + static)
            static_rps = statistics.mean([before["rps"], after["rps"]])
            rows.append((name, path, size, page, static_rps))

    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    print(
        f"machine: {os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"gunicorn {WORKERS} workers; wrk 2 threads, {CONNECTIONS} connections, {DURATION}"
    )
    print()
    print(
        "| page | bytes | page req/s | static req/s | share | p50 ms | errors "
        "| in process ms | queries | |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    ok = True
    for name, path, size, page, static_rps in rows:
        username = found[name][0]
        ms, queries = in_process(env, username, path)
        share = page["rps"] / static_rps
        passed = share >= TARGET and page["errors"] == 0
        ok &= passed
        print(
            f"| {name} ({path}) | {size} | {page['rps']:.0f} | {static_rps:.0f} | {share:.1%} | "
            f"{page['p50']:.2f} | {page['errors']} | {ms:.2f} | {queries} | "
            f"{'PASS' if passed else 'FAIL'} |"
        )
    print()
    print(f"target: each page at least {TARGET:.0%} of the static file's requests per second")
    print("PASS" if ok else "FAIL")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
