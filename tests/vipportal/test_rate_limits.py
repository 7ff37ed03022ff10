"""Limits per address on what anyone may post: accessibility reports, and failed logins
across all usernames (password spraying), on the planning login and the admin's. The
messages are read in English, the language they are written in."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings

from programmes.models import AccessibilityReport
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "x-Sakert-lösen-9"
REPORT_URL = "/en/accessibility/"
LOGIN_URL = "/en/implementation/login/"


def wait_told(refused, longest: int) -> int:
    """The seconds a refusal says to wait: in Retry-After, within the rate's period, and
    the same (in whole minutes, rounded up) as the message says."""
    seconds = int(refused["Retry-After"])
    assert 1 <= seconds <= longest
    minutes = -(-seconds // 60)
    told = re.search(r"Wait (\d+) minutes?", refused.content.decode())
    assert told and int(told.group(1)) == minutes
    return seconds


def report(address, text="The menu cannot be reached with the keyboard."):
    return Client(REMOTE_ADDR=address).post(REPORT_URL, {"description": text})


def test_the_sixth_report_from_one_address_is_refused_with_a_message():
    for number in range(5):
        assert report("10.1.1.1", f"Problem {number}").status_code == 302

    refused = report("10.1.1.1", "A sixth problem, kept in the form.")

    assert refused.status_code == 429
    wait_told(refused, longest=600)
    body = refused.content.decode()
    assert "Many reports have been sent from your address" in body
    assert "A sixth problem, kept in the form." in body
    assert AccessibilityReport.objects.count() == 5


def test_someone_else_can_still_report_while_one_address_is_refused():
    for number in range(6):
        report("10.1.1.1", f"Problem {number}")

    assert report("10.1.1.2").status_code == 302
    assert AccessibilityReport.objects.count() == 6


def test_reports_the_form_sent_back_for_mistakes_do_not_count():
    for _ in range(6):
        assert report("10.1.1.3", text="").status_code == 400

    assert [report("10.1.1.3").status_code for _ in range(6)] == [302] * 5 + [429]


@override_settings(VIP_ACCESSIBILITY_REPORT_RATE="2/h")
def test_the_report_rate_is_a_setting():
    assert [report("10.1.1.4").status_code for _ in range(3)] == [302, 302, 429]
    # The wait told is what is left of the hour's window.
    wait_told(report("10.1.1.4"), longest=3600)


def spray(url, address, times, **headers):
    """One wrong password for many usernames, as a password sprayer does."""
    client = Client(REMOTE_ADDR=address, **headers)
    return [
        client.post(url, {"username": f"user{number}", "password": "Sommar2026!"}).status_code
        for number in range(times)
    ]


def test_the_twenty_first_failed_login_from_one_address_is_refused_whatever_the_username():
    make_user("anna", password=PASSWORD)

    assert set(spray(LOGIN_URL, "10.2.2.2", 20)) == {400}
    attempts = AccessAttempt.objects.count()
    refused = Client(REMOTE_ADDR="10.2.2.2").post(
        LOGIN_URL, {"username": "anna", "password": PASSWORD}
    )

    assert refused.status_code == 429
    wait_told(refused, longest=600)
    body = refused.content.decode()
    assert "Too many logins have failed from your address" in body
    assert 'name="username"' in body and 'name="password"' in body
    # Refused before any password was checked: nothing more for django-axes to count.
    assert AccessAttempt.objects.count() == attempts


def test_an_honest_user_at_another_address_logs_in_while_a_sprayer_is_refused():
    make_user("anna", password=PASSWORD)
    assert spray(LOGIN_URL, "10.2.2.2", 21)[-1] == 429

    response = Client(REMOTE_ADDR="10.2.2.9").post(
        LOGIN_URL, {"username": "anna", "password": PASSWORD}
    )

    assert response.status_code == 302


def test_only_failed_logins_count_not_a_shared_office_logging_in():
    make_user("anna", password=PASSWORD)
    for _ in range(25):
        response = Client(REMOTE_ADDR="10.2.2.3").post(
            LOGIN_URL, {"username": "anna", "password": PASSWORD}
        )
        assert response.status_code == 302

    assert spray(LOGIN_URL, "10.2.2.3", 21) == [400] * 20 + [429]


def test_the_admin_login_refuses_a_sprayer_too():
    """The admin is in Swedish (it has no English address)."""
    make_user("redaktor", password=PASSWORD, is_staff=True, is_superuser=True)

    assert set(spray("/admin/login/", "10.3.3.3", 20)) == {200}
    refused = Client(REMOTE_ADDR="10.3.3.3").post(
        "/admin/login/", {"username": "redaktor", "password": PASSWORD}
    )
    elsewhere = Client(REMOTE_ADDR="10.3.3.4").post(
        "/admin/login/?next=/admin/", {"username": "redaktor", "password": PASSWORD}
    )

    assert refused.status_code == 429
    body = refused.content.decode()
    assert "För många inloggningar har misslyckats från din adress på kort tid" in body
    assert 'name="password"' in body
    assert elsewhere.status_code == 302


def test_failures_on_either_login_count_together():
    assert set(spray("/admin/login/", "10.4.4.4", 10)) == {200}
    assert set(spray(LOGIN_URL, "10.4.4.4", 10)) == {400}

    assert spray(LOGIN_URL, "10.4.4.4", 1) == [429]
    assert spray("/admin/login/", "10.4.4.4", 1) == [429]
