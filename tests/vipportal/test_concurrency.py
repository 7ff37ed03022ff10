"""Many people saving at once on SQLite, the default database: gunicorn with several
workers, twenty logged-in editors each saving the same status report at the same moment.
Every one gets a page (saved, or "someone else saved first"), never a server error, and
the row moved on exactly once per save that was accepted."""

import os
import re
import sqlite3
import subprocess
import sys
import threading

import pytest
import requests
from django.urls import reverse

from tests.servers import ROOT, demo_copy, gunicorn

EDITORS = 20
#: Run in the served database: the demo logins and a status report of Jönköping's plan.
SETUP = """
import datetime
from implementation.models import Membership, Plan, StatusReport
from implementation.services import part_save
from vipportal.demo.logins import demo_users_load
demo_users_load()
member = Membership.objects.select_related("user", "organisation").get(user__username="jonkoping")
plan = Plan.objects.filter(organisation=member.organisation).first()
report = part_save(
    actor=member.user,
    part=StatusReport(plan=plan, reported_on=datetime.date(2026, 2, 1), score="2.0"),
)
print(plan.pk, report.pk)
"""


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory):
    """The portal under gunicorn on a SQLite file holding the demo content."""
    folder = tmp_path_factory.mktemp("concurrency")
    with django_db_blocker.unblock(), demo_copy(folder) as url:
        path = folder / "db.sqlite3"
    env = {
        "DATABASE_URL": url,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": "test-only-not-secret",
    }
    made = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SETUP],
        env={**os.environ, **env},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    plan_pk, report_pk = (int(number) for number in made.stdout.split()[-2:])
    with gunicorn(env, workers=4) as url:
        yield url, path, plan_pk, report_pk


def token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def fields(page: str) -> dict:
    """The status report form's fields as the page fills them in."""
    form = re.search(
        r'<form method="post"[^>]*>(?:(?!</form>).)*name="score".*?</form>', page, re.S
    )
    html = form.group(0)
    data = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, text in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S
    ):
        data[name] = text
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    return data


def lock_version(path, report_pk) -> int:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT lock_version FROM implementation_statusreport WHERE id = ?", [report_pk]
        ).fetchone()[0]


#: The marker makes pytest-django create the test database the served copy is made from.
@pytest.mark.django_db
def test_twenty_editors_saving_at_once_never_get_a_server_error(served):
    url, path, plan_pk, report_pk = served
    login = url + reverse("implementation:login")
    edit = url + reverse("implementation:report_edit", args=[plan_pk, report_pk])
    before = lock_version(path, report_pk)
    start = threading.Barrier(EDITORS)
    logins, saves, errors = [], [], []

    def editor(number):
        try:
            session = requests.Session()
            page = session.get(login, timeout=30).text
            answer = session.post(
                login,
                {
                    "username": "jonkoping",
                    "password": "vip-demo-jonkoping",
                    "csrfmiddlewaretoken": token(page),
                },
                headers={"Referer": login},
                allow_redirects=False,
                timeout=30,
            )
            logins.append(answer.status_code)
            data = fields(session.get(edit, timeout=30).text)
            data["works"] = f"Editor {number} was here."
            start.wait(timeout=60)
            answer = session.post(
                edit, data, headers={"Referer": edit}, allow_redirects=False, timeout=60
            )
            saves.append(answer.status_code)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(repr(error))
            start.abort()

    threads = [threading.Thread(target=editor, args=[number]) for number in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert logins == [302] * EDITORS
    assert len(saves) == EDITORS
    assert set(saves) <= {200, 302, 409}, sorted(saves)
    assert saves.count(302) == lock_version(path, report_pk) - before >= 1
