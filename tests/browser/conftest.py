"""A real server and a real browser: gunicorn on 127.0.0.1 with the demo content in its own
SQLite file, driven by Debian's Chromium through Playwright."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import add_demo_logins, demo_copy, gunicorn, has_test_database, prepare

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def live_env(django_db_setup, django_db_blocker, tmp_path_factory):
    """The environment of the served portal: its own SQLite file with the demo content and
    the demo logins. In a run that has the test database, a copy of it (a second); in a run
    of browser tests alone, loaded anew (most of a minute)."""
    folder = tmp_path_factory.mktemp("server")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vipportal.settings.test"}
    with django_db_blocker.unblock():
        if not has_test_database():
            env["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
            prepare(env, ["migrate", "--no-input"], ["load_initial_data"])
            return env
        with demo_copy(folder) as url:
            env["DATABASE_URL"] = url
            add_demo_logins(env)
    return env


@pytest.fixture(scope="session")
def live_url(live_env):
    """The portal served by gunicorn."""
    with gunicorn(live_env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium (the README's test command does)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def login(context, live_url, username="admin", password="vip-demo-admin"):
    page = context.new_page()
    page.goto(live_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(live_url + "/admin/")
    page.close()


@pytest.fixture(scope="session")
def public_urls(live_env):
    """Every public page's path in both languages, read from the served portal's database
    (so the browser tests need no test database of their own, and run alone too)."""
    script = (
        "import json; from tests.pages import page_urls; "
        "print(json.dumps({language: page_urls(language) for language in ('sv', 'en')}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=live_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])
