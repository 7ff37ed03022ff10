import os
import time

import django_ratelimit.core
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from tests.servers import has_test_database

#: The browser tests serve the portal from a SQLite file of their own whatever
#: DATABASE_URL says, so a run on PostgreSQL would repeat them unchanged: they belong to
#: the SQLite run (the README's test command, the first pass of .ci/run).
#: So do the concurrent saves on SQLite (`vipportal/test_concurrency.py`: SQLite's own
#: locking), and the migration of the SQLite copy (`test_migrations.py` takes the
#: PostgreSQL copy there).
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    collect_ignore = [
        "browser",
        "vipportal/test_concurrency.py",
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the demo content, loaded once per run (into the test database:
    a run with no test asking for it has none, and the developer's own is left alone)."""
    with django_db_blocker.unblock():
        if has_test_database():
            call_command("load_initial_data", "--no-admin", verbosity=0)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test renders its pages itself; cached pages from another test would hide that."""
    cache.clear()


@pytest.fixture(autouse=True)
def swedish_by_default():
    """Tests start in the site's default language, as a visitor at / does."""
    with translation.override("sv"):
        yield


@pytest.fixture
def in_english():
    """For tests that read messages in English, the language they are written in."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch):
    """django-ratelimit counts in windows of fixed clock time (a minute for "5/m"): a test
    whose requests straddle the turn of a minute would start counting again halfway. Each
    test counts in one window of its own."""
    start = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "_get_window", lambda value, period: start)
