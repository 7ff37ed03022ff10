"""A copy of the demo database from before "One clear house", migrated forward by the
current code, and what it holds afterwards (for tests/test_migrations.py).

The test process builds the copy (on SQLite the data file itself; on PostgreSQL a scratch
database filled from it) and migrates it with `manage.py migrate` in a subprocess. Then
`facts_write` runs in another subprocess (`manage.py shell`), inside the migrated database:
it compares the database with the original file and writes what it found as JSON, which
the tests assert on. Only the standard library is imported at module level, so that both
sides can import this module.
"""

import json
import lzma
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_FILE = Path(__file__).resolve().parent / "data" / "demo-before-one-clear-house.sqlite3.xz"

#: Tables the restructuring renamed: new name -> old name.
RENAMED_TABLES = {
    "care_levels_agegroup": "programmes_agegroup",
    "care_levels_phase": "programmes_phase",
    "programmes_programmelevel": "care_levels_programmelevel",
    "programmes_programmelevel_refer_to": "care_levels_programmelevel_refer_to",
    "editorial_draft": "programmes_draft",
    "search_searchdocument": "programmes_searchdocument",
}
#: Columns a later migration renamed: (table, new column) -> old column. Issue 13's
#: evidence model: the reason there is no priority is the reason there is no national
#: recommendation.
RENAMED_COLUMNS = {
    (table, f"recommendation_reason{suffix}"): f"priority_missing{suffix}"
    for table in ("programmes_contentnode", "editorial_historicalcontentnode")
    for suffix in ("", "_sv", "_en")
}
#: Content types of the models that moved: (old app, model) -> new app.
MOVED_MODELS = {
    ("programmes", "agegroup"): "care_levels",
    ("programmes", "phase"): "care_levels",
    ("care_levels", "programmelevel"): "programmes",
    ("programmes", "searchdocument"): "search",
    ("programmes", "draft"): "editorial",
}
#: Moved models as the current code names them, with their old app.
MOVED_LABELS = {
    "care_levels.AgeGroup": "programmes",
    "care_levels.Phase": "programmes",
    "programmes.ProgrammeLevel": "care_levels",
    "search.SearchDocument": "programmes",
    "editorial.Draft": "programmes",
}
#: The search index's own SQLite tables (FTS5, filled by triggers) and SQLite's own.
NOT_COPIED_PREFIXES = ("sqlite_", "search_fts_")
#: A word no content holds, for finding what the test itself puts into the index.
PROBE_WORD = "migreringsprovet"
#: The search configuration of each language on PostgreSQL (programmes.search.models).
SEARCH_CONFIGS = {"sv": "swedish", "en": "english"}


# The test process's side --------------------------------------------------------------


def decompress(dest: Path) -> Path:
    """A fresh copy of the demo database (the data file stays as it is)."""
    with lzma.open(DATA_FILE) as packed, dest.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return dest


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def database_url_named(database_url: str, name: str) -> str:
    """`database_url` with another database name (same server, user and options)."""
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def manage(database_url: str, *args: str, timeout: float = 600) -> str:
    """Run manage.py on `database_url` with the test settings; its output (fails loudly)."""
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="vipportal.settings.test")
    # A cache of its own: nothing of another process's pages or words.
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise AssertionError(
            f"manage.py {' '.join(args[:2])} failed ({result.returncode}):\n"
            f"{result.stdout[-3000:]}\n{result.stderr[-6000:]}"
        )
    return result.stdout


def migrate(database_url: str) -> str:
    return manage(database_url, "migrate", "--no-input")


def applied_migrations(old_file: Path) -> set[tuple[str, str]]:
    with closing(sqlite3.connect(old_file)) as old:
        return set(old.execute("SELECT app, name FROM django_migrations"))


def facts_of(database_url: str, old_file: Path, out: Path) -> dict:
    """What the migrated database at `database_url` holds, compared with `old_file`."""
    manage(
        database_url,
        "shell",
        "-c",
        f"from tests.migration_facts import facts_write; facts_write({str(old_file)!r}, "
        f"{str(out)!r})",
    )
    return json.loads(out.read_text(encoding="utf-8"))


# PostgreSQL: the demo database rebuilt from the SQLite file


def _pg_connect(database_url: str, name: str | None = None, **kwargs):
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(database_url)
    return psycopg.connect(
        dbname=name or db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **kwargs,
    )


def postgres_database_create(database_url: str, name: str) -> None:
    with _pg_connect(database_url, "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def postgres_database_drop(database_url: str, name: str) -> None:
    with _pg_connect(database_url, "postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_copy_build(old_file: Path, scratch_url: str) -> None:
    """Make the empty database at `scratch_url` a PostgreSQL copy of `old_file`.

    The current code migrates it to exactly the migrations the file had applied (the old
    migrations are still in the tree), without post-migrate handlers, so that no table
    gets rows of its own; then every row of every table is copied over, column for column,
    the sequences are moved past the copied ids, and the search vectors are filled as the
    old index filled them on PostgreSQL (SQLite has none: its FTS5 tables hold the text).
    """
    applied = applied_migrations(old_file)
    last = {}
    for app, name in sorted(applied):
        last[app] = name
    manage(
        scratch_url,
        "shell",
        "-c",
        f"from tests.migration_copy import migrate_to; migrate_to({sorted(last.items())!r})",
    )
    old = sqlite3.connect(old_file)
    try:
        tables = [
            name
            for (name,) in old.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if not name.startswith(NOT_COPIED_PREFIXES)
        ]
        with _pg_connect(scratch_url) as pg, pg.cursor() as cursor:
            now_applied = set(cursor.execute("SELECT app, name FROM django_migrations"))
            if now_applied != applied:
                raise AssertionError(
                    "The scratch database is not at the old migration state: "
                    f"missing {sorted(applied - now_applied)}, "
                    f"extra {sorted(now_applied - applied)}"
                )
            pg_tables = {
                name
                for (name,) in cursor.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            }
            if pg_tables != set(tables):
                raise AssertionError(
                    "The old state's tables differ: only in SQLite "
                    f"{sorted(set(tables) - pg_tables)}, only in PostgreSQL "
                    f"{sorted(pg_tables - set(tables))}"
                )
            cursor.execute("SET TIME ZONE 'UTC'")  # SQLite keeps UTC without a zone
            cursor.execute(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
            # Django's foreign keys are deferrable: checked once, at commit.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in tables:
                columns = [row[1] for row in old.execute(f'PRAGMA table_info("{table}")')]
                pg_columns = {
                    name
                    for (name,) in cursor.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = 'public' AND table_name = %s",
                        [table],
                    )
                }
                if pg_columns != set(columns):
                    raise AssertionError(
                        f"{table}: columns differ: SQLite {sorted(columns)}, "
                        f"PostgreSQL {sorted(pg_columns)}"
                    )
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in old.execute(f'SELECT {names} FROM "{table}"'):
                        copy.write_row(row)
            sequences = cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' "
                "AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')"
            ).fetchall()
            for table, column in sequences:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) '
                    f'FROM "{table}"',
                    [f'"{table}"', column],
                )
            for language, config in SEARCH_CONFIGS.items():
                cursor.execute(
                    "UPDATE programmes_searchdocument SET search_vector = "
                    "setweight(to_tsvector(%(c)s::regconfig, COALESCE(title, '')), 'A') || "
                    "setweight(to_tsvector(%(c)s::regconfig, COALESCE(summary, '')), 'B') || "
                    "setweight(to_tsvector(%(c)s::regconfig, COALESCE(body, '')), 'C') "
                    "WHERE language = %(l)s",
                    {"c": config, "l": language},
                )
    finally:
        old.close()


def migrate_to(targets: list[tuple[str, str]]) -> None:
    """Apply exactly the migrations up to `targets`, without post-migrate handlers."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([tuple(target) for target in targets])
