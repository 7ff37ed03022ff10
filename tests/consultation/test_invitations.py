"""Inviting reviewers by e-mail (locmem: `mail.outbox`), the link to choose a password,
and how long it lives."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from programmes.editorial.consultation.invitations import (
    invitation_resend,
    invitation_tokens,
    reviewer_invite,
)
from programmes.editorial.consultation.models import Reviewer

from .builders import make_group_programme, make_member, make_person, make_round

pytestmark = pytest.mark.django_db

BASE = "https://vip.example.se"
LINK = re.compile(r"https://vip\.example\.se(/\S+)")


@pytest.fixture
def invitation():
    round_ = make_round(make_group_programme(), organisations=1, title="Remiss om insatser")
    return round_.invitations.get()


@pytest.fixture
def chair(invitation):
    return make_member(invitation.round.programme, "chair").user


def invite(invitation, chair, email="Anna.Andersson@Example.se", **kwargs):
    return reviewer_invite(
        invitation=invitation, email=email, invited_by=chair, base_url=BASE, **kwargs
    )


def test_a_new_reviewer_gets_a_user_without_password_and_never_staff(invitation, chair):
    outcome = invite(invitation, chair, name="Anna  Andersson")

    user = outcome.reviewer.user
    assert outcome.created_user and outcome.mailed
    assert user.username == "anna.andersson@example.se"
    assert user.email == "Anna.Andersson@Example.se"
    assert (user.first_name, user.last_name) == ("Anna", "Andersson")
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser
    assert outcome.reviewer.invitation == invitation
    assert outcome.reviewer.mailed_at is not None


def test_the_mail_names_programme_round_organisation_deadline_purpose_and_expiry(invitation, chair):
    invite(invitation, chair)

    message = mail.outbox[-1]
    round_ = invitation.round
    assert message.to == ["Anna.Andersson@Example.se"]
    assert round_.programme.name_sv in message.subject
    assert "Remiss om insatser" in message.subject
    assert message.reply_to == [chair.email]
    body = message.body
    assert invitation.organisation.name in body
    assert round_.purpose in body
    deadline = round_.deadline
    assert f"{deadline.day} " in body and str(deadline.year) in body
    expires = timezone.localtime() + datetime.timedelta(days=14)
    assert f"{expires.day} " in body
    # Swedish first, then English, each with its own link.
    assert "Sista dag" in body or "senast" in body
    assert "Your organisation's response is due on" in body
    links = LINK.findall(body)
    assert links[0].startswith("/programarbete/valkommen/")
    assert links[1].startswith("/en/programme-work/welcome/")


def test_the_link_opens_the_welcome_page_for_that_user(invitation, chair, client):
    invite(invitation, chair)
    path = LINK.findall(mail.outbox[-1].body)[0]

    response = client.get(path)

    assert response.status_code == 200
    assert "anna.andersson@example.se" in response.content.decode()


def test_an_existing_user_is_found_by_address_in_any_case_and_keeps_their_rights(invitation, chair):
    staff = make_person("redaktor", email="Redaktor@Example.se", is_staff=True)

    outcome = invite(invitation, chair, email="redaktor@example.SE")

    assert not outcome.created_user
    assert outcome.reviewer.user == staff
    staff.refresh_from_db()
    assert staff.is_staff and not staff.is_superuser
    assert get_user_model().objects.filter(email__iexact="redaktor@example.se").count() == 1


def test_someone_with_a_password_gets_the_login_link_instead(invitation, chair):
    person = make_person("granskare")

    invite(invitation, chair, email=person.email)

    body = mail.outbox[-1].body
    assert "/programarbete/logga-in/" in body
    assert "/en/programme-work/log-in/" in body
    assert "valkommen" not in body and "welcome" not in body


def test_inviting_twice_adds_one_reviewer_and_mails_again(invitation, chair):
    first = invite(invitation, chair)
    second = invite(invitation, chair, email="anna.andersson@example.se")

    assert second.reviewer.pk == first.reviewer.pk
    assert not second.created_user
    assert Reviewer.objects.filter(invitation=invitation).count() == 2  # the builder's + Anna
    assert len(mail.outbox) == 2


def test_a_bad_address_is_refused(invitation, chair):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        invite(invitation, chair, email="inte en adress")

    assert "email" in error.value.error_dict
    assert mail.outbox == []


def test_a_mail_server_that_refuses_leaves_the_reviewer_added(invitation, chair):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("down")):
        outcome = invite(invitation, chair)

    assert not outcome.mailed
    assert outcome.reviewer.pk and outcome.reviewer.mailed_at is None


def test_resending_sends_a_new_link(invitation, chair):
    reviewer = invite(invitation, chair).reviewer

    outcome = invitation_resend(reviewer=reviewer, base_url=BASE + "/")

    assert outcome.mailed and not outcome.created_user
    assert len(mail.outbox) == 2
    assert "https://vip.example.se/programarbete/valkommen/" in mail.outbox[-1].body


def test_the_token_dies_once_the_password_is_set(invitation, chair):
    user = invite(invitation, chair).reviewer.user
    token = invitation_tokens.make_token(user)
    assert invitation_tokens.check_token(user, token)

    user.set_password("ett-långt-lösenord-9")
    user.save()

    assert not invitation_tokens.check_token(user, token)


def test_the_token_lives_for_the_invitation_days_not_the_reset_timeout(invitation, chair):
    user = invite(invitation, chair).reviewer.user
    token = invitation_tokens.make_token(user)
    now = invitation_tokens._now()

    with mock.patch.object(
        invitation_tokens, "_now", return_value=now + datetime.timedelta(days=13)
    ):
        assert invitation_tokens.check_token(user, token)
    with mock.patch.object(
        invitation_tokens, "_now", return_value=now + datetime.timedelta(days=14, minutes=1)
    ):
        assert not invitation_tokens.check_token(user, token)
    with (
        override_settings(VIP_INVITATION_DAYS=2),
        mock.patch.object(invitation_tokens, "_now", return_value=now + datetime.timedelta(days=3)),
    ):
        assert not invitation_tokens.check_token(user, token)


def test_the_token_is_not_a_password_reset_token(invitation, chair):
    from django.contrib.auth.tokens import default_token_generator

    user = invite(invitation, chair).reviewer.user

    assert not default_token_generator.check_token(user, invitation_tokens.make_token(user))
    assert not invitation_tokens.check_token(user, default_token_generator.make_token(user))
    assert not invitation_tokens.check_token(user, "garbage")
    assert not invitation_tokens.check_token(user, "zz-abc")
