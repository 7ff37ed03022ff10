"""Logging in to the implementation pages, and the lockout after repeated failures that
locks one username at one address, never a whole office behind one address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(username, password, address="10.0.0.1", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        reverse("implementation:login"), {"username": username, "password": password}
    )


def fail(username, times, address="10.0.0.1", **headers):
    for _ in range(times):
        attempt(username, "fel-lösenord", address, **headers)


def test_a_member_logs_in_and_lands_on_their_plans(world):
    client = Client()
    response = client.post(
        reverse("implementation:login") + "?next=" + world.plan.get_absolute_url(),
        {"username": "kontakt", "password": PASSWORD, "next": world.plan.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response["Location"] == world.plan.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_password_says_so_in_swedish(world):
    response = attempt("kontakt", "fel")

    assert response.status_code == 400
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()


def test_five_failures_lock_that_user_at_that_address(world):
    fail("kontakt", 5)

    locked = attempt("kontakt", PASSWORD)

    assert locked.status_code == 429
    body = locked.content.decode()
    assert "För många misslyckade inloggningar" in body
    assert "15 minuter" in body


def test_colleagues_behind_the_same_address_can_still_log_in(world):
    fail("kontakt", 5)

    assert attempt("redigerare", PASSWORD).status_code == 302


def test_the_same_user_from_another_address_can_still_log_in(world):
    fail("kontakt", 5)

    assert attempt("kontakt", PASSWORD, address="10.0.0.2").status_code == 302


def test_four_failures_do_not_lock_and_a_success_clears_them(world):
    fail("kontakt", 4)
    assert attempt("kontakt", PASSWORD).status_code == 302

    fail("kontakt", 4)
    assert attempt("kontakt", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(world):
    fail("kontakt", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    assert attempt("kontakt", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(world):
    """Without a trusted proxy, X-Forwarded-For is the client's own word and is ignored."""
    for number in range(5):
        attempt("kontakt", "fel", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    assert attempt("kontakt", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


@override_settings(VIP_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_address_it_saw_is_used(world):
    """The proxy appends the address it saw; entries before it may be forged."""
    proxy = "10.9.9.9"
    fail("kontakt", 5, address=proxy, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")

    from_same_client = attempt("kontakt", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    from_another = attempt("kontakt", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.8")

    assert from_same_client.status_code == 429
    assert from_another.status_code == 302


def test_the_admin_login_is_locked_out_the_same_way(world):
    for _ in range(5):
        Client(REMOTE_ADDR="10.0.0.5").post(
            "/admin/login/", {"username": "kontakt", "password": "fel"}
        )

    response = Client(REMOTE_ADDR="10.0.0.5").post(
        "/admin/login/", {"username": "kontakt", "password": PASSWORD}
    )

    assert response.status_code == 429


def test_logging_out_takes_a_post_and_ends_the_session(client, world):
    client.force_login(world.contact)

    assert client.get(reverse("implementation:logout")).status_code == 405
    response = client.post(reverse("implementation:logout"))

    assert response.status_code == 302
    assert client.get(reverse("implementation:home")).status_code == 302


def test_a_logged_in_member_visiting_the_login_goes_to_their_plans(client, world):
    client.force_login(world.contact)

    response = client.get(reverse("implementation:login"))

    assert response.status_code == 302
    assert response["Location"] == reverse("implementation:home")


def test_the_login_never_redirects_off_the_site(world):
    response = Client().post(
        reverse("implementation:login"),
        {"username": "kontakt", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


#: Longer than django-axes' username column (255 characters).
LONG_NAME = "å" * 300


@pytest.mark.parametrize(
    "url, message",
    [
        ("/genomforande/logga-in/", "Ange ett korrekt användarnamn och lösenord"),
        ("/admin/login/", "Ange användarnamn och lösenord för ett personalkonto"),
    ],
)
def test_a_very_long_username_is_a_failed_login_like_any_other(world, url, message):
    response = Client(REMOTE_ADDR="10.0.0.7").post(
        url, {"username": LONG_NAME, "password": "fel-lösenord"}
    )

    assert response.status_code in (200, 400)
    assert message in response.content.decode()


def test_very_long_usernames_are_locked_out_too(world):
    fail(LONG_NAME, 5)

    locked = attempt(LONG_NAME, "fel-lösenord")

    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
    assert attempt("kontakt", PASSWORD).status_code == 302


@override_settings(VIP_TRUSTED_PROXIES=1)
def test_behind_a_proxy_a_garbled_address_counts_as_the_proxys_own(world):
    """A proxy passing on something that is no address must not break the login (the
    lockout keeps addresses in a column of their own)."""
    proxy = "10.9.9.10"
    garbled = "not-an-address-" + "x" * 300

    failed = attempt("kontakt", "fel", proxy, HTTP_X_FORWARDED_FOR=garbled)
    fail("kontakt", 4, address=proxy, HTTP_X_FORWARDED_FOR="also garbage")

    assert failed.status_code in (200, 400)
    assert attempt("kontakt", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=garbled).status_code == 429


def test_a_login_holds_across_requests_with_the_whole_user_read_in_one_query(world):
    client = Client()
    client.post(reverse("implementation:login"), {"username": "kontakt", "password": PASSWORD})
    response = client.get(world.plan.get_absolute_url())

    assert response.status_code == 200
    user = response.wsgi_request.user
    assert user.username == "kontakt" and user.get_deferred_fields() == set()


@pytest.mark.parametrize("change", ["deactivated", "deleted", "new password"])
def test_a_session_ends_once_its_user_is_deactivated_deleted_or_given_a_new_password(world, change):
    client = Client()
    client.post(reverse("implementation:login"), {"username": "kontakt", "password": PASSWORD})
    assert client.get(world.plan.get_absolute_url()).status_code == 200

    if change == "deactivated":
        world.contact.is_active = False
        world.contact.save()
    elif change == "deleted":
        world.contact.delete()
    else:
        world.contact.set_password("ett-helt-nytt-lösenord")
        world.contact.save()

    response = client.get(world.plan.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("implementation:login"))
