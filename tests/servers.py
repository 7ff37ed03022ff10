"""Starting the portal under gunicorn on 127.0.0.1 for tests that need real HTTP."""

import contextlib
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(env: dict, *commands: list[str]) -> None:
    """Run manage.py commands (migrate, load_initial_data …) with `env`."""
    for command in commands:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2, log: Path | None = None, ready: str = "/"):
    """Yield the base URL of gunicorn serving the portal with `env`, then stop it. What
    the portal writes to standard output goes to the file `log`, if given."""
    port = free_port()
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vipportal.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", str(workers), "--access-logfile", "/dev/null"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + ready, timeout=2)
                break
            except OSError as error:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from error
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if log:
            output.close()


def production_env(folder: Path, prefix: str, database_url: str | None = None) -> dict:
    """The environment of the portal with production settings on 127.0.0.1: TLS redirect
    off (nothing leaves the machine), the database `database_url` (else a SQLite file in
    `folder`), static files collected into `folder`, and the cache in Redis under a key
    prefix of its own, starting with `prefix`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vipportal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        "VIP_STATIC_ROOT": str(folder / "static"),
        "VIP_CACHE_PREFIX": f"{prefix}-{secrets.token_hex(4)}",
    }


#: Run in a copy of the test database (see `demo_copy`): what `load_initial_data` adds to
#: the demo content beyond `--no-admin`, the demo logins and the people of the programme
#: work demo who log in.
DEMO_LOGINS = """
from programmes.editorial.content_file import fixtures_dir, read_yaml
from vipportal.demo.consultation import demo_consultation_load, demo_people_passwords
from vipportal.demo.logins import demo_logins_load
demo_logins_load()
demo_consultation_load(data=read_yaml(fixtures_dir() / "consultation.yaml"))
demo_people_passwords()
"""


def has_test_database() -> bool:
    """Whether pytest-django has set up the test database: it does so only for a run with a
    test that asks for the database; in another, `connection` still names the developer's
    own database."""
    name = str(connection.settings_dict["NAME"])
    return name.startswith("test_") or "memory" in name or "/test_" in name


@contextlib.contextmanager
def demo_copy(folder: Path, database_url: str | None = None):
    """Yield the URL of a database holding the demo content, copied from this process's test
    database rather than loaded again (the copy takes a second, a load most of a minute):
    with SQLite a file in `folder` (the backup API), with PostgreSQL (`database_url` names
    the server) a database made from the test database as its template, dropped after.
    Call it with database access unblocked (`django_db_blocker.unblock()`), after
    `django_db_setup`, in a run where a test asks for the database (pytest-django sets up
    no test database otherwise); the demo logins are for `add_demo_logins` to add."""
    if not has_test_database():
        raise RuntimeError("no test database to copy: mark a test of the run with django_db")
    if not (database_url or "").startswith("postgres"):
        path = folder / "db.sqlite3"
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
        yield f"sqlite:///{path}"
        return
    parts = urllib.parse.urlsplit(database_url)
    template = connection.settings_dict["NAME"]
    name = f"{template[:40]}_copy_{secrets.token_hex(4)}"
    admin = parts._replace(path="/postgres").geturl()
    # PostgreSQL copies a template only while nobody else is connected to it.
    connection.close()
    with psycopg.connect(admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def add_demo_logins(env: dict) -> None:
    """Add the demo logins to the database of `env` (a `demo_copy`), hashed with the
    password hashers of `env`'s settings."""
    prepare(env, ["shell", "-c", DEMO_LOGINS])
