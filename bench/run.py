"""Throughput and latency of the production server, side by side with a static file.

Starts gunicorn with production settings on 127.0.0.1 (TLS redirect off: nothing leaves
the machine), the demo content in a SQLite file of its own and static files collected and
compressed by whitenoise; drives it with wrk; and times an uncached programme-at-level
render in process. Run from the project root:

    .venv/bin/python bench/run.py            # needs wrk: apt-get install wrk

Targets (issue 3): cached public pages reach at least 60 % of the static file's
requests per second; an uncached programme-at-level page renders in under 15 ms median.
Issue 13: a cached answer of the JSON API reaches at least 90 % of the requests per second
of a static file as large as it (the API rows are compared with that file).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn, prepare  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "8s")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def wrk(url: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout

    def ms(label):
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(50),
        "p99": ms(99),
        "errors": int(errors.group(1)) if errors else 0,
    }


def in_process_render_ms(env, path: str, rounds: int = 200) -> float:
    """Median time to render `path` in process with the page cache turned off."""
    code = f"""
import os, statistics, time, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
times = []
for _ in range({rounds}):
    start = time.perf_counter()
    response = client.get({path!r})
    times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, response.status_code
print(statistics.median(times[10:]))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return float(result.stdout.strip())


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="vip-bench-"))
    static_root = work / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vipportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "VIP_STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(ROOT),
    }
    prepare(env, ["migrate", "--no-input"], ["load_initial_data", "--no-admin"])
    prepare(env, ["collectstatic", "--no-input"])

    pages = {
        "start page": "/",
        "programme": "/program/adhd/",
        "programme at level": "/program/adhd/niva/elevhalsa/",
        "search": "/sok/?q=kbt+depression",
        "care pathway": "/program/schizofreni/vardforlopp/schizofreni/",
        "your steps, local view": (
            "/program/schizofreni/vardforlopp/schizofreni/niva/vardcentral/?plats=jonkopings-kommun"
        ),
    }
    api = {
        "API: programmes by code": "/api/v1/programmes?code=F20",
        "API: interventions of a code": "/api/v1/interventions?code=F41.1&limit=20",
        "API: content tree": "/api/v1/programmes/adhd/tree",
    }
    with gunicorn(env, workers=int(WORKERS)) as base:
        level_html = urllib.request.urlopen(base + pages["programme at level"]).read()
        programme_html = urllib.request.urlopen(base + pages["programme"]).read()
        api_json = urllib.request.urlopen(base + api["API: interventions of a code"]).read()
    pages["intervention"] = (
        re.search(
            rb'href="(/program/adhd/[a-z0-9-]+/[a-z0-9-]+/)"[^>]*>.*?</a> <span class="tag">',
            programme_html,
            re.S,
        )
        .group(1)
        .decode()
    )

    # A static HTML file exactly as large as the programme-at-level page, served by the
    # same server through whitenoise (which indexes static files when it starts).
    (static_root / "bench").mkdir(exist_ok=True)
    (static_root / "bench" / "page.html").write_bytes(level_html)
    pages["static file, same size"] = "/static/bench/page.html"
    # And one as large as the API's list of interventions, for the API rows.
    (static_root / "bench" / "api.json").write_bytes(api_json)
    pages.update(api)
    pages["static JSON file, same size as the API answer"] = "/static/bench/api.json"

    results = {}
    with gunicorn(env, workers=int(WORKERS)) as base:
        for name, path in pages.items():
            urllib.request.urlopen(base + path).read()  # warm the page cache
            results[name] = wrk(base + path)

    render = in_process_render_ms({**env, "VIP_PAGE_CACHE": "0"}, pages["programme at level"])
    static_rps = results["static file, same size"]["rps"]
    static_json_rps = results["static JSON file, same size as the API answer"]["rps"]
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    print(
        f"machine: {os.cpu_count()} cores, {cpu.group(1) if cpu else 'unknown CPU'}; "
        f"gunicorn {WORKERS} workers; wrk 2 threads, {CONNECTIONS} connections, {DURATION}"
    )
    print(f"page size: {len(level_html)} bytes; API answer size: {len(api_json)} bytes")
    print()
    print("| page | requests/s | share of static | p50 ms | p99 ms | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, result in results.items():
        static = static_json_rps if name.startswith(("API", "static JSON")) else static_rps
        print(
            f"| {name} | {result['rps']:.0f} | {result['rps'] / static:.0%} | "
            f"{result['p50']:.2f} | {result['p99']:.2f} | {result['errors']} |"
        )
    print()
    print("The API rows are compared with the static JSON file, the pages with the HTML one.")
    print(f"uncached programme-at-level render in process: {render:.2f} ms median")
    cached = [
        r["rps"] / static_rps for n, r in results.items() if not n.startswith(("static", "API"))
    ]
    api_cached = [r["rps"] / static_json_rps for n, r in results.items() if n in api]
    ok = min(cached) >= 0.6 and min(api_cached) >= 0.9 and render < 15
    print("targets met" if ok else "TARGETS MISSED")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
