"""Starting the portal under gunicorn on 127.0.0.1 for tests that need real HTTP."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

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
