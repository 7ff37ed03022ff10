"""Throughput and latency of the production server, each page beside a static file as
large as it.

Starts gunicorn with production settings on 127.0.0.1 (TLS redirect off: nothing leaves
the machine), the demo content in a SQLite file of its own, the page cache in Redis
(REDIS_URL, by default 127.0.0.1:6379) under a key prefix of the run's own and static
files collected and compressed by whitenoise, and drives it with wrk. Each page and API
answer gets a static file exactly as large as it, served by the same server through
whitenoise; wrk measures
the static file, then the page, then the static file again, and the page's share is its
requests per second over the mean of the two static runs (so a machine that gets busier
or quieter during the run moves both alike). The programme-at-level page is measured once
more on a server with the page cache off (VIP_PAGE_CACHE=0), where every request renders;
and in process, the median time and the queries of a render with the page cache off.
Run from the project root:

    .venv/bin/python bench/run.py            # needs wrk: apt-get install wrk

BENCH_DURATION (5s), BENCH_CONNECTIONS (16) and BENCH_WORKERS (2) change the wrk runs.

Targets, printed beside each result: cached public pages reach at least 60 % of their
static file's requests per second (issue 3); a cached API answer at least 90 % (issue 13);
with the page cache off the programme-at-level page at least 20 %, and in process it
renders in at most 5 ms median with at most 6 queries (issue 17).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wrk import run_wrk  # noqa: E402
from tests.servers import gunicorn, prepare, production_env  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "5s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = os.environ.get("BENCH_WORKERS", "2")

PAGES = {
    "start page": "/",
    "programme": "/program/adhd/",
    "programme at level": "/program/adhd/niva/elevhalsa/",
    "intervention": None,  # the first intervention in the programme's tree, found below
    "search": "/sok/?q=kbt+depression",
    "care pathway": "/program/schizofreni/vardforlopp/schizofreni/",
    "your steps, local view": (
        "/program/schizofreni/vardforlopp/schizofreni/niva/vardcentral/?plats=jonkopings-kommun"
    ),
}
API = {
    "API: programmes by code": "/api/v1/programmes?code=F20",
    "API: interventions of a code": "/api/v1/interventions?code=F41.1&limit=20",
    "API: content tree": "/api/v1/programmes/adhd/tree",
}
#: Share of the static file's requests per second each kind of row must reach.
CACHED_PAGE, CACHED_API, UNCACHED_PAGE = 0.6, 0.9, 0.2
#: The programme-at-level page rendered in process with the page cache off (issue 17).
RENDER_MS, RENDER_QUERIES = 5.0, 6


def wrk(url: str) -> dict:
    return run_wrk(url, connections=CONNECTIONS, duration=DURATION)


def beside_static(base: str, path: str, static: str) -> dict:
    """The page between two runs of its static file: its results, the static file's mean
    requests per second and the page's share of it."""
    urllib.request.urlopen(base + path).read()  # warm the page cache
    before = wrk(base + static)
    result = wrk(base + path)
    after = wrk(base + static)
    result["static_rps"] = (before["rps"] + after["rps"]) / 2
    result["share"] = result["rps"] / result["static_rps"]
    return result


def in_process_render(env, path: str, rounds: int = 200) -> tuple[float, int]:
    """Median time (ms) to render `path` in process with the page cache off, and its
    queries."""
    code = f"""
import statistics, time, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
times = []
for _ in range({rounds}):
    start = time.perf_counter()
    response = client.get({path!r})
    times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, response.status_code
with CaptureQueriesContext(connection) as queries:
    client.get({path!r})
print("RESULT", statistics.median(times[10:]), len(queries))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "VIP_PAGE_CACHE": "0"},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    _label, median, queries = line.split()
    return float(median), int(queries)


def first_intervention(programme_html: bytes) -> str:
    """The address of the first intervention in a programme page's content tree."""
    found = re.search(
        rb'<li class="tree__item tree__item--intervention"><a href="([^"]+)"', programme_html
    )
    return found.group(1).decode()


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="vip-bench-"))
    static_root = work / "static"
    env = {
        **production_env(work, "vip-bench"),
        "PYTHONPATH": str(ROOT),
    }
    prepare(env, ["migrate", "--no-input"], ["load_initial_data", "--no-admin"])
    prepare(env, ["collectstatic", "--no-input"])

    pages, api = dict(PAGES), dict(API)
    bodies = {}
    with gunicorn(env, workers=int(WORKERS)) as base:
        pages["intervention"] = first_intervention(
            urllib.request.urlopen(base + pages["programme"]).read()
        )
        for name, path in {**pages, **api}.items():
            bodies[name] = urllib.request.urlopen(base + path).read()

    # A static file exactly as large as each answer, served through whitenoise (which
    # indexes static files when it starts: they are written before the measuring runs).
    (static_root / "bench").mkdir(exist_ok=True)
    statics = {}
    for number, (name, body) in enumerate(bodies.items()):
        suffix = "json" if name in api else "html"
        (static_root / "bench" / f"{number}.{suffix}").write_bytes(body)
        statics[name] = f"/static/bench/{number}.{suffix}"

    rows = []
    with gunicorn(env, workers=int(WORKERS)) as base:
        for name, path in {**pages, **api}.items():
            target = CACHED_API if name in api else CACHED_PAGE
            rows.append((name, beside_static(base, path, statics[name]), target))
    level = "programme at level"
    with gunicorn({**env, "VIP_PAGE_CACHE": "0"}, workers=int(WORKERS)) as base:
        result = beside_static(base, pages[level], statics[level])
        rows.append((f"{level}, page cache off", result, UNCACHED_PAGE))
    render_ms, queries = in_process_render(env, pages[level])

    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    print(
        f"machine: {os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"gunicorn {WORKERS} workers; wrk 2 threads, {CONNECTIONS} connections, {DURATION}"
    )
    print(f"intervention page: {pages['intervention']}")
    print()
    print(
        "| page | bytes | requests/s | static file's | share | p50 ms | p99 ms | errors | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    ok = True
    for name, result, target in rows:
        passed = result["share"] >= target and result["errors"] == 0
        ok = ok and passed
        size = len(bodies[name.removesuffix(", page cache off")])
        print(
            f"| {name} | {size} | {result['rps']:.0f} | {result['static_rps']:.0f} | "
            f"{result['share']:.0%} | {result['p50']:.2f} | {result['p99']:.2f} | "
            f"{result['errors']} | ≥ {target:.0%}: {verdict(passed)} |"
        )
    print()
    print("Each page's static file is as large as the page, measured just before and after it.")
    render_ok = render_ms <= RENDER_MS and queries <= RENDER_QUERIES
    ok = ok and render_ok
    print(
        f"programme at level, page cache off, in process: {render_ms:.2f} ms median "
        f"(≤ {RENDER_MS:g}), {queries} queries (≤ {RENDER_QUERIES}): {verdict(render_ok)}"
    )
    print("targets met" if ok else "TARGETS MISSED")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
