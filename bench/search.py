"""Search latency on a corpus of at least 20,000 content nodes, on SQLite and PostgreSQL.

Loads the demo content into a fresh database of its own, copies the programmes until
there are at least NODES content nodes (tags included), indexes everything, then times
the search the results page runs (ranking, facets and one page of hits) in process.
Run from the project root:

    .venv/bin/python bench/search.py                 # SQLite and PostgreSQL
    .venv/bin/python bench/search.py sqlite          # one of them

PostgreSQL is reached at 127.0.0.1:5432 as postgres (database vipportal_bench, made and
dropped here). Target (issue 4): 95th percentile under 50 ms for two-word queries on
PostgreSQL. `bench/search_scale.py` uses the same database set-up, GROW and MEASURE.
"""

import contextlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODES = int(os.environ.get("BENCH_NODES", "20000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PG_DATABASE = "vipportal_bench"

TWO_WORDS = [
    "kbt depression",
    "läkemedel adhd",
    "tidiga tecken",
    "första psykosen",
    "samordnad plan",
    "suicidrisk bedömning",
    "alkohol unga",
    "föräldrastöd skola",
    "boendestöd schizofreni",
    "ångest barn",
]
OTHER = ["adhd", "shizofreni", "depressionsbehandling", "självskada", '"tidiga tecken"']

#: Times searches in process and prints one JSON object, {label: {"search": [ms, ...],
#: "view": [ms, ...]}}: "search" is `search.search()` plus `page_hits()` of the first page
#: (what the results page runs), "view" the whole page through the test client. Filled in
#: by `measure_script`.
MEASURE = """
import json, time, django
django.setup()
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import translation
from programmes.search import query as search
from programmes.search.hits import page_hits
from programmes.search.forms import SearchForm

QUERIES, ROUNDS, VIEW = %(queries)r, %(rounds)d, %(view)r
translation.activate("sv")
url = reverse("search:search")
client = Client(HTTP_HOST="127.0.0.1")

def filters(params):
    data = QueryDict(mutable=True)
    data.update({k: v for k, v in params.items() if k != "q"})
    form = SearchForm.for_request(data)
    assert form.is_valid(), form.errors
    return form.filters()

def timed_search(query, chosen):
    start = time.perf_counter()
    results, ids = search.search(query, language="sv", filters=chosen)
    page_hits(ids[:10], getattr(results, "groups", []))
    return (time.perf_counter() - start) * 1000

def timed_view(params):
    start = time.perf_counter()
    response = client.get(url, params, secure=True)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - start) * 1000

chosen = {label: filters(params) for label, params in QUERIES.items()}
times = {label: {"search": [], "view": []} for label in QUERIES}
for label, params in QUERIES.items():  # warm: the vocabulary is read once per content change
    timed_search(params["q"], chosen[label])
    if VIEW:
        timed_view(params)
for _ in range(ROUNDS):
    for label, params in QUERIES.items():
        times[label]["search"].append(timed_search(params["q"], chosen[label]))
        if VIEW:
            times[label]["view"].append(timed_view(params))
print(json.dumps(times))
"""


#: Copies the programmes until there are at least NODES_WANTED content nodes (tags
#: included), rebuilds the index and records a change of content, as publishing would.
GROW = """
import django
django.setup()
from django.db import transaction
from programmes.models import ContentNode, Programme
from programmes.page_cache import content_changed
from programmes.search.index import index_rebuild

originals = list(Programme.objects.all())
nodes_by_programme = {p.pk: list(ContentNode.objects.filter(programme=p).order_by("path"))
                      for p in originals}
tag_fields = ("care_levels", "professions", "age_groups", "phases")
tags = {name: list(getattr(ContentNode, name).through.objects.values_list(
            "contentnode_id", getattr(ContentNode, name).field.m2m_reverse_field_name() + "_id"))
        for name in tag_fields}
root_number = ContentNode.objects.filter(depth=1).count() + 1
copy = 0
with transaction.atomic():
    wanted = NODES_WANTED
    while ContentNode.objects.count() < wanted:
        copy += 1
        for original in originals:
            programme = Programme.objects.get(pk=original.pk)
            programme.pk = None
            programme.slug = f"{original.slug}-{copy}"
            programme.save()
            new_ids = {}
            roots = {}
            batch = []
            for node in nodes_by_programme[original.pk]:
                root = node.path[:4]
                if root not in roots:
                    roots[root] = ContentNode._int2str(root_number).rjust(4, "0")
                    root_number += 1
                values = {f.attname: getattr(node, f.attname)
                          for f in ContentNode._meta.concrete_fields}
                values.pop("id")
                clone = ContentNode(**values)
                clone.programme_id = programme.pk
                clone.path = roots[root] + node.path[4:]
                batch.append((node.pk, clone))
            created = ContentNode.objects.bulk_create([c for _, c in batch], batch_size=500)
            new_ids = {old: new.pk for (old, _), new in zip(batch, created)}
            for name in tag_fields:
                through = getattr(ContentNode, name).through
                target = getattr(ContentNode, name).field.m2m_reverse_field_name() + "_id"
                through.objects.bulk_create(
                    [through(contentnode_id=new_ids[node_id], **{target: tag_id})
                     for node_id, tag_id in tags[name] if node_id in new_ids],
                    batch_size=1000,
                )
documents = index_rebuild()
content_changed()
print(ContentNode.objects.count(), "content nodes,", documents, "search documents")
"""


def grow_script(*, nodes: int = 0, factor: int = 0) -> str:
    """GROW to at least `nodes` content nodes, or to `factor` times as many as there are."""
    wanted = str(nodes) if nodes else f"{factor} * ContentNode.objects.count()"
    return GROW.replace("NODES_WANTED", wanted)


def measure_script(queries: dict[str, dict], *, rounds: int = ROUNDS, view: bool = False) -> str:
    """MEASURE for `queries`: a label -> the search page's GET parameters (q and filters)."""
    return MEASURE % {"queries": queries, "rounds": rounds, "view": view}


def measured(env, script: str) -> dict:
    """Run a MEASURE script; its answer is the last line (production logs go to stdout)."""
    return json.loads(run(env, code=script).strip().splitlines()[-1])


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[max(int(len(ordered) * share) - 1, 0)]


def run(env, *args, code=None):
    command = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c", code]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return result.stdout


@contextlib.contextmanager
def demo_database(vendor: str, pg_database: str = PG_DATABASE):
    """The environment of a fresh database of its own (SQLite file, or `pg_database` made
    here and dropped after) with production settings and the demo content loaded."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vipportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
        # Cache the content timestamp in process, as production does.
        "VIP_CONTENT_VERSION_TTL": "60",
        "VIP_CACHE_PREFIX": f"bench-{secrets.token_hex(4)}",
    }
    work = tempfile.mkdtemp(prefix="vip-search-")
    env["VIP_STATIC_ROOT"] = f"{work}/static"  # for pages rendered: run collectstatic
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc"]
    if vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{work}/db.sqlite3"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {pg_database}", f"CREATE DATABASE {pg_database}"):
            subprocess.run([*psql, sql], check=True)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_database}"
    try:
        run(env, "migrate", "--no-input")
        run(env, "load_initial_data", "--no-admin")
        yield env
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
            if vendor == "postgresql":
                subprocess.run([*psql, f"DROP DATABASE {pg_database}"])


def bench(vendor: str) -> list[str]:
    queries = {q: {"q": q} for q in TWO_WORDS + OTHER}
    with demo_database(vendor) as env:
        print(f"{vendor}: {run(env, code=grow_script(nodes=NODES)).strip()}", flush=True)
        times = measured(env, measure_script(queries))
    lines = []
    for label, group in (("two words", TWO_WORDS), ("other", OTHER)):
        found = [ms for q in group for ms in times[q]["search"]]
        median, p95 = statistics.median(found), percentile(found, 0.95)
        lines.append(f"{vendor}|{label}|{median:.1f}|{p95:.1f}|{len(found)}")
    return lines


def main():
    vendors = sys.argv[1:] or ["sqlite", "postgresql"]
    rows = [line for vendor in vendors for line in bench(vendor)]
    print()
    print("| database | queries | median ms | p95 ms | searches |")
    print("|---|---|---:|---:|---:|")
    ok = True
    for row in rows:
        vendor, label, median, p95, count = row.split("|")
        print(f"| {vendor} | {label} | {median} | {p95} | {count} |")
        if vendor == "postgresql" and label == "two words" and float(p95) >= 50:
            ok = False
    print()
    print("target met" if ok else "TARGET MISSED: PostgreSQL two-word p95 must be under 50 ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
