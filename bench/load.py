"""A load test: 100 connections at once for a minute on a mix of public pages, searches
and a signed-in planner's pages, against gunicorn with production settings.

Starts gunicorn on 127.0.0.1 as bench/run.py does (production settings, TLS redirect off,
the demo content in a SQLite file of its own, or the database BENCH_DATABASE_URL names,
migrated and loaded here; the page cache in Redis under a key prefix of the run's own),
signs in as the demo planner `jonkoping` and finds their plan pages, then drives the
server with wrk: a Lua script hands out the addresses round-robin, each request of a plan
page with the planner's session cookie. The mix: public pages, about 50 searches for
words of the demo content, and the planner's pages under /genomforande/.

    .venv/bin/python bench/load.py        # needs wrk: apt-get install wrk

BENCH_DURATION (60s), BENCH_CONNECTIONS (100), BENCH_WORKERS (2), BENCH_THREADS (8) and
BENCH_WORKER_CLASS (gthread) change the run. Gunicorn runs `gthread` workers, one process
per core with 8 threads each: of the layouts tried on two cores for 20 s each (2 and 3
sync workers, 2 gthread workers with 4 and 8 threads), 2 × 8 threads gave the lowest
99th percentile and the most requests, and it keeps connections alive.

PASS when no request fails (a status other than 2xx or 3xx, or a socket error) and the
99th percentile is under one second.
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wrk import run_wrk  # noqa: E402
from tests.servers import free_port, prepare, production_env  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "60s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "100")
WORKERS = os.environ.get("BENCH_WORKERS", "2")
THREADS = os.environ.get("BENCH_THREADS", "8")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
USERNAME, PASSWORD = "jonkoping", "vip-demo-jonkoping"
LOGIN = "/genomforande/logga-in/"
P99_LIMIT_MS = 1000

PUBLIC = [
    "/",
    "/program/",
    "/program/adhd/",
    "/program/adhd/niva/elevhalsa/",
    "/program/adhd/insatser/",
    "/program/schizofreni/",
    "/program/schizofreni/vardforlopp/schizofreni/",
    "/program/schizofreni/niva/vardcentral/",
    "/program/depression-och-angest/",
    "/program/missbruk-och-beroende/",
    "/niva/",
    "/niva/elevhalsa/",
    "/typfall/",
    "/material/",
    "/for-dig/",
]

#: Search words: the longest distinct words of the demo content's titles.
WORDS = """
import django, re
django.setup()
from programmes.models import ContentNode
words = set()
for title in ContentNode.objects.filter(published=True).values_list("title_sv", flat=True):
    words.update(w.lower() for w in re.findall(r"\\w{5,}", title))
print(" ".join(sorted(words, key=lambda w: (-len(w), w))[:50]))
"""

LUA = """
local requests = {}
%(entries)s
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 7)
end
function init(args)
  position = start
end
function request()
  position = position %% #requests + 1
  local entry = requests[position]
  return wrk.format("GET", entry[1], entry[2])
end
"""


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vipportal.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", WORKERS, "-k", WORKER_CLASS, "--threads", THREADS]
        + ["--access-logfile", "/dev/null", "--backlog", "2048"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return server, base
        except OSError as error:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start") from error
            time.sleep(0.2)


def cookies_of(response) -> dict:
    """The cookies a response sets (Secure ones too: this is plain HTTP on 127.0.0.1)."""
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(port: int) -> str:
    """The Cookie header of the demo planner's session."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", LOGIN)
    response = connection.getresponse()
    form = response.read().decode()
    cookies = cookies_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
    )
    connection.request(
        "POST",
        LOGIN,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    cookies |= cookies_of(response)
    if response.status != 302 or "sessionid" not in cookies:
        sys.exit(f"Signing in as {USERNAME} failed ({response.status})")
    return f"sessionid={cookies['sessionid']}"


def plan_pages(port: int, cookie: str) -> list[str]:
    """The planner's pages linked from their start page that answer 200 (no sign-out,
    no downloads, nothing that deletes or creates)."""
    connection = http.client.HTTPConnection("127.0.0.1", port)

    def get(path):
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")

    status, home = get("/genomforande/")
    if status != 200:
        sys.exit(f"The planner's start page answered {status}")
    links = dict.fromkeys(re.findall(r'href="(/genomforande/[^"?#]*)"', home))
    skipped = ("logga", "ta-bort", "/ny", ".csv", ".xlsx", "radera", "lokalt")
    pages = ["/genomforande/"]
    for link in links:
        if any(word in link for word in skipped) or link in pages:
            continue
        if get(link)[0] == 200:
            pages.append(link)
        if len(pages) >= 8:
            break
    return pages


def lua_script(public: list[str], searches: list[str], planner: list[str], cookie: str) -> str:
    entries = [(path, "") for path in public + searches] + [(p, cookie) for p in planner]
    # Public pages and searches several times over, the planner's pages as often: a
    # planner's request for every two or three of the public.
    lines = []
    for path, cookie_value in entries:
        headers = f'{{["Cookie"] = "{cookie_value}"}}' if cookie_value else "{}"
        lines.append(f'requests[#requests + 1] = {{"{path}", {headers}}}')
    return LUA % {"entries": "\n".join(lines)}


def wrk(base: str, script: Path) -> dict:
    return run_wrk(
        base,
        connections=CONNECTIONS,
        duration=DURATION,
        extra=["--timeout", "10s", "-s", str(script)],
    )


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="vip-load-"))
    env = {
        **production_env(work, "vip-load", database_url=os.environ.get("BENCH_DATABASE_URL")),
        "PYTHONPATH": str(ROOT),
    }
    prepare(
        env,
        ["migrate", "--no-input"],
        ["load_initial_data"],  # with the demo logins
        ["collectstatic", "--no-input"],
    )
    words = subprocess.run(
        [sys.executable, "-c", WORDS], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.split()[-50:]
    searches = [f"/sok/?q={urllib.parse.quote(word)}" for word in words]

    server, base = start_gunicorn(env)
    try:
        port = int(base.rsplit(":", 1)[1])
        cookie = sign_in(port)
        planner = plan_pages(port, cookie)
        script = work / "mix.lua"
        script.write_text(lua_script(PUBLIC, searches, planner * 3, cookie))
        result = wrk(base, script)
    finally:
        server.terminate()
        server.wait(timeout=10)

    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(
        f"machine: {os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"gunicorn {WORKERS} {WORKER_CLASS} workers × {THREADS} threads; {database}; "
        f"wrk 2 threads, {CONNECTIONS} connections, {DURATION}"
    )
    print(
        f"mix: {len(PUBLIC)} public pages, {len(searches)} searches, "
        f"{len(planner)} plan pages signed in (×3)"
    )
    print()
    print("| requests | requests/s | p50 ms | p90 ms | p99 ms | non-2xx/3xx | socket errors |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {result['requests']} | {result['rps']:.0f} | {result['p50']:.1f} | "
        f"{result['p90']:.1f} | {result['p99']:.1f} | {result['errors']} | "
        f"{result['socket_errors']} |"
    )
    ok = result["errors"] == 0 and result["socket_errors"] == 0 and result["p99"] < P99_LIMIT_MS
    print()
    print(f"{'PASS' if ok else 'FAIL'}: no errors and a 99th percentile under {P99_LIMIT_MS} ms")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
