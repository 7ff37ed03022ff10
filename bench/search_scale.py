"""Does search time stay flat as content grows? Issue 17: at 10× the content, within 1.5×
of its time at 1×, on SQLite and PostgreSQL.

For each database: a fresh one of its own (a SQLite file; PostgreSQL database
vipportal_bench_scale at 127.0.0.1:5432 as postgres, made and dropped here), production
settings, the demo content (`migrate`, `load_initial_data --no-admin`). QUERIES (two
words, one word, misspelt, compound, phrase, `or`, a minus word, filtered by programme,
type or audience) are timed on a copy of it (1×) and on it after its programmes are
copied until there are 10× the demo's content nodes (`bench/search.py`'s GROW, which
rebuilds the index): ROUNDS times in turn, 1× then 10×, each round in a process of its
own that runs every query once to warm, then once timed.

Two things are timed, in process, each query in turn:

- search: `search.search()` plus `page_hits()` of the first ten ids, what the results
  page runs (filters read by the page's form beforehand, not timed);
- page: the whole results page, GET through `django.test.Client` with the page cache off
  (VIP_PAGE_CACHE=0), what a visitor waits for, less the network and the server.

Per database and measure it prints the median of the per-query medians (each query's
median over its ROUNDS) and the 95th percentile of all timings, at 1× and 10×, and their
ratios. PASS when the median ratio is at most 1.5. Run from the project root:

    .venv/bin/python bench/search_scale.py             # SQLite and PostgreSQL
    .venv/bin/python bench/search_scale.py sqlite      # one of them
    BENCH_ROUNDS=9 .venv/bin/python bench/search_scale.py
"""

import contextlib
import os
import shutil
import statistics
import subprocess
import sys

from search import demo_database, grow_script, measure_script, measured, percentile, run

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
FACTOR = 10
LIMIT = 1.5
PG_DATABASE = "vipportal_bench_scale"

QUERIES = {
    "two words": {"q": "kbt depression"},
    "two words 2": {"q": "läkemedel adhd"},
    "two words 3": {"q": "tidiga tecken"},
    "one word": {"q": "adhd"},
    "one word 2": {"q": "behandling"},
    "misspelt": {"q": "shizofreni"},
    "misspelt 2": {"q": "depresion"},
    "compound": {"q": "depressionsbehandling"},
    "prefix": {"q": "självskada"},
    "phrase": {"q": '"tidiga tecken"'},
    "or": {"q": "alkohol eller cannabis"},
    "minus word": {"q": "behandling -barn"},
    "programme filter": {"q": "kbt", "program": "adhd"},
    "kind filter": {"q": "alkohol", "typ": "vignette"},
    "audience filter": {"q": "stöd", "malgrupp": "public"},
}


def summary(times: dict, measure: str) -> tuple[float, float]:
    """The median of the per-query medians and the 95th percentile of all timings."""
    medians = [statistics.median(t[measure]) for t in times.values()]
    every = [ms for t in times.values() for ms in t[measure]]
    return statistics.median(medians), percentile(every, 0.95)


@contextlib.contextmanager
def copy_of(env: dict, vendor: str):
    """The environment of a copy of `env`'s database as it is now (a SQLite file copied,
    or a PostgreSQL database made from it as a template), removed after."""
    copy = dict(env)
    if vendor == "sqlite":
        source = env["DATABASE_URL"].removeprefix("sqlite:///")
        target = source.replace(".sqlite3", "-1x.sqlite3")
        shutil.copyfile(source, target)
        copy["DATABASE_URL"] = f"sqlite:///{target}"
        yield copy
        return
    name = f"{PG_DATABASE}_1x"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name} TEMPLATE {PG_DATABASE}"], check=True)
    copy["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    try:
        yield copy
    finally:
        subprocess.run([*psql, f"DROP DATABASE {name}"])


def merged(into: dict, times: dict) -> None:
    for label, measures in times.items():
        for measure, values in measures.items():
            into.setdefault(label, {}).setdefault(measure, []).extend(values)


def bench(vendor: str) -> list[tuple]:
    """1× and 10× measured in turn, a round of every query on each at a time, so that a
    machine getting busier or quieter moves both alike."""
    script = measure_script(QUERIES, rounds=1, view=True)
    before, after = {}, {}
    with demo_database(vendor, PG_DATABASE) as env:
        env["VIP_PAGE_CACHE"] = "0"
        run(env, "collectstatic", "--no-input")
        with copy_of(env, vendor) as one:
            print(f"{vendor}: {run(env, code=grow_script(factor=FACTOR)).strip()}", flush=True)
            for _round in range(ROUNDS):
                merged(before, measured(one, script))
                merged(after, measured(env, script))
    rows = []
    for measure in ("search", "view"):
        (median_1, p95_1), (median_10, p95_10) = summary(before, measure), summary(after, measure)
        rows.append((vendor, measure, median_1, p95_1, median_10, p95_10))
    if os.environ.get("BENCH_VERBOSE"):
        for label in QUERIES:
            line = f"  {label:18}"
            for measure in ("search", "view"):
                one, ten = (statistics.median(t[label][measure]) for t in (before, after))
                line += f" {measure} {one:6.1f} → {ten:6.1f} ms ×{ten / one:.2f}"
            print(line)
    return rows


def main():
    vendors = sys.argv[1:] or ["sqlite", "postgresql"]
    rows = [row for vendor in vendors for row in bench(vendor)]
    print()
    print(
        "| database | timed | median 1× | p95 1× | median 10× | p95 10× "
        "| median ratio | p95 ratio | ≤ 1.5 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    ok = True
    for vendor, measure, median_1, p95_1, median_10, p95_10 in rows:
        ratio = median_10 / median_1
        passed = ratio <= LIMIT
        ok = ok and passed
        print(
            f"| {vendor} | {'search + page_hits' if measure == 'search' else 'page'} "
            f"| {median_1:.1f} | {p95_1:.1f} | {median_10:.1f} | {p95_10:.1f} "
            f"| {ratio:.2f} | {p95_10 / p95_1:.2f} | {'PASS' if passed else 'FAIL'} |"
        )
    print()
    print("target met" if ok else f"TARGET MISSED: 10× content must search within {LIMIT}×")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
