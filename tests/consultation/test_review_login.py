"""Logging in to the programme work, and the invitation link where an invited reviewer
chooses a password: clear 400s for bad input and dead links, rate limits answering 429."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client

from programmes.editorial.consultation.invitations import reviewer_invite, welcome_path

from .builders import make_member
from .test_review_pages import logged_in, make_world, text_of, url

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def world():
    return make_world()


def test_a_reviewer_logs_in_and_goes_to_the_programme_work(world):
    client = Client()
    response = client.post(
        url("login"), {"username": world["reviewer"].username, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == url("home")


def test_logging_in_goes_back_to_where_the_reviewer_was_going(world):
    target = url("review_round", world["round"].pk)
    response = Client().post(
        url("login"),
        {"username": world["reviewer"].username, "password": PASSWORD, "next": target},
    )

    assert response["Location"] == target


def test_a_wrong_password_is_400_with_an_error_summary(world):
    response = Client().post(
        url("login"), {"username": world["reviewer"].username, "password": "x"}
    )

    assert response.status_code == 400
    assert 'class="form-errors"' in text_of(response)


def test_login_posts_are_limited_per_address(world):
    client = Client(REMOTE_ADDR="10.9.8.7")
    statuses = [
        client.post(url("login"), {"username": f"okand{n}", "password": "x"}).status_code
        for n in range(11)
    ]

    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    assert "För många försök" in text_of(
        client.post(url("login"), {"username": "x", "password": "x"})
    )
    other = Client(REMOTE_ADDR="10.9.8.8")
    assert other.post(url("login"), {"username": "x", "password": "x"}).status_code == 400


def test_logging_out_goes_to_the_login(world):
    client = logged_in(world["reviewer"])

    response = client.post(url("logout"))

    assert response["Location"] == url("login")
    assert client.get(url("review_list")).status_code == 302


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_logged_out_visitor_is_sent_to_the_login_with_next(world, language):
    target = url("review_part", world["round"].pk, world["part"].pk, language=language)

    response = Client().get(target)

    assert response.status_code == 302
    assert response["Location"] == url("login", language=language) + "?next=" + target


# The invitation link ------------------------------------------------------------


@pytest.fixture
def invited(world):
    chair = make_member(world["round"].programme, "chair").user
    outcome = reviewer_invite(
        invitation=world["ours"],
        email="ny.granskare@example.se",
        name="Nora Granskare",
        invited_by=chair,
        base_url="http://testserver",
    )
    return outcome.reviewer.user


def test_the_link_shows_who_and_which_round(world, invited):
    response = Client().get(welcome_path(invited))

    body = text_of(response)
    assert response.status_code == 200
    assert "Välkommen, Nora Granskare" in body
    assert "Remiss 1 om insatser" in body
    assert world["ours"].organisation.name in body
    assert "ny.granskare@example.se" in body


def test_choosing_a_password_logs_in_and_opens_the_round(world, invited):
    client = Client()
    path = welcome_path(invited)

    response = client.post(
        path, {"new_password1": "Lång-fras-för-remiss-7", "new_password2": "Lång-fras-för-remiss-7"}
    )

    assert response["Location"] == url("review_round", world["round"].pk)
    assert client.get(response["Location"]).status_code == 200
    invited.refresh_from_db()
    assert invited.has_usable_password() and not invited.is_staff
    used = Client().get(path)
    assert used.status_code == 400
    assert "om en ny inbjudan" in text_of(used)


def test_passwords_that_do_not_match_are_400_with_an_error_summary(invited):
    response = Client().post(
        welcome_path(invited), {"new_password1": "Lång-fras-7-x", "new_password2": "annan"}
    )

    assert response.status_code == 400
    assert 'class="form-errors"' in text_of(response)
    assert 'href="#id_new_password2"' in text_of(response)


def test_an_expired_or_garbled_link_is_a_clear_400(invited):
    from unittest import mock

    from programmes.editorial.consultation.invitations import invitation_tokens

    path = welcome_path(invited)
    later = invitation_tokens._now() + datetime.timedelta(days=15)
    with mock.patch.object(invitation_tokens, "_now", return_value=later):
        expired = Client().get(path)
    garbled = Client().get(url("welcome", "bm9wZQ", "abc-def"))

    for response in (expired, garbled):
        assert response.status_code == 400
        assert "Länken fungerar inte" in text_of(response)


def test_setting_passwords_is_limited_per_address(invited):
    client = Client(REMOTE_ADDR="10.1.1.1")
    path = welcome_path(invited)
    statuses = [
        client.post(path, {"new_password1": "a", "new_password2": "b"}).status_code
        for _ in range(11)
    ]

    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_the_invitation_mail_link_works_end_to_end(invited):
    path = re.search(r"http://testserver(/programarbete/valkommen/\S+)", mail.outbox[-1].body)

    assert Client().get(path.group(1)).status_code == 200
