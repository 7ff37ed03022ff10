"""Starting the portal under gunicorn on 127.0.0.1 for tests that need real HTTP."""

import contextlib
import os
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
def gunicorn(env: dict, workers: int = 2):
    """Yield the base URL of gunicorn serving the portal with `env`, then stop it."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "vipportal.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", str(workers), "--access-logfile", "/dev/null"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError as error:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from error
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
