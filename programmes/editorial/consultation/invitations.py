"""Inviting reviewers by e-mail, and the link that lets a new reviewer set a password.

An invited reviewer is a user found by e-mail address (any case) or made for the
invitation: username the address in lower case, no usable password, never staff. The mail
names the programme, the round, the organisation, the deadline and the purpose, and holds
the link to `consultation:welcome`, where the reviewer sets a password. The link is
Django's password-reset token with a salt of its own: it stops working once the password
is set (or the reviewer has logged in) and after `VIP_INVITATION_DAYS` days. Someone who
already has a password gets the login link instead.

One mail carries the text in Swedish and then in English: the person inviting cannot
know which language the invitee reads, and the link in each language opens the pages in it.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Invitation, Reviewer

logger = logging.getLogger(__name__)

#: The languages of the mail, in the order they are written.
MAIL_LANGUAGES = ("sv", "en")


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the invitation link: Django's password-reset tokens (they hash the
    password and the last login, so they die once either changes), with a salt of their
    own and `VIP_INVITATION_DAYS` days to live instead of `PASSWORD_RESET_TIMEOUT`."""

    key_salt = "programmes.editorial.consultation.invitations.InvitationTokenGenerator"

    @property
    def timeout(self) -> int:
        """Seconds a link stays valid."""
        return settings.VIP_INVITATION_DAYS * 24 * 60 * 60

    def check_token(self, user, token) -> bool:
        # Django's own check reads PASSWORD_RESET_TIMEOUT; this one reads `timeout`.
        if not (user and token):
            return False
        try:
            stamp, _hash = token.split("-")
            made = base36_to_int(stamp)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, made, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return 0 <= self._num_seconds(self._now()) - made <= self.timeout


invitation_tokens = InvitationTokenGenerator()


@dataclass(frozen=True)
class InviteOutcome:
    """What an invitation did: the reviewer (new or already there), whether a user was
    made for the address, and whether the mail went out (False: the mail server refused
    it; the reviewer is added all the same and the mail can be sent again)."""

    reviewer: Reviewer
    created_user: bool
    mailed: bool


def welcome_path(user) -> str:
    """The path of the user's invitation link, in the current language."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_tokens.make_token(user)
    return reverse("consultation:welcome", args=[uidb64, token])


def _find_or_make_user(email: str, name: str):
    User = get_user_model()
    address = email.strip()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    username = address.lower()
    user = (
        User.objects.filter(email__iexact=address).order_by("pk").first()
        or User.objects.filter(username__iexact=username).order_by("pk").first()
    )
    if user is not None:
        return user, False
    if len(username) > User._meta.get_field("username").max_length:
        raise ValidationError({"email": _("The e-mail address is too long.")})
    first, _space, last = " ".join(name.split()).partition(" ")
    user = User(username=username, email=address, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    return user, True


def reviewer_invite(
    *, invitation: Invitation, email: str, name: str = "", invited_by, base_url: str
) -> InviteOutcome:
    """Make the person with `email` a reviewer for the invited organisation and mail them.

    The user is found by e-mail address (any case) or made (username the address in lower
    case, unusable password, not staff; `name` gives first and last name). An existing
    user's rights are never changed, staff or not. Inviting someone already a reviewer of
    the invitation adds nothing but sends the mail again. `base_url` is the site's address
    ("https://vip.example.se") the links in the mail start with.

    Raises `ValidationError` (on `email`) for an address that is not one.
    """
    with transaction.atomic():
        user, created = _find_or_make_user(email, name)
        reviewer, _new = Reviewer.objects.get_or_create(invitation=invitation, user=user)
    mailed = _mail(reviewer, base_url=base_url, sender=invited_by)
    return InviteOutcome(reviewer=reviewer, created_user=created, mailed=mailed)


def invitation_resend(*, reviewer: Reviewer, base_url: str) -> InviteOutcome:
    """Send the reviewer's invitation again, with a new link (the old one keeps working
    until it expires or the password is set)."""
    mailed = _mail(reviewer, base_url=base_url, sender=None)
    return InviteOutcome(reviewer=reviewer, created_user=False, mailed=mailed)


def _mail(reviewer: Reviewer, *, base_url: str, sender) -> bool:
    invitation = (
        Invitation.objects.select_related("round__programme", "organisation")
        .filter(pk=reviewer.invitation_id)
        .get()
    )
    user = reviewer.user
    round_ = invitation.round
    base = base_url.rstrip("/")
    expires = timezone.localtime() + datetime.timedelta(days=settings.VIP_INVITATION_DAYS)
    needs_password = not user.has_usable_password()
    texts, subjects = [], []
    for language in MAIL_LANGUAGES:
        with translation.override(language):
            link = base + (welcome_path(user) if needs_password else reverse("consultation:login"))
            context = {
                "user": user,
                "name": user.get_full_name(),
                "sender": (sender.get_full_name() or sender.get_username()) if sender else "",
                "invitation": invitation,
                "organisation": invitation.organisation.name,
                "programme": round_.programme.name,
                "round": round_,
                "link": link,
                "set_password": needs_password,
                "expires": expires,
                "days": settings.VIP_INVITATION_DAYS,
                "list_link": base + reverse("consultation:review_list"),
            }
            texts.append(render_to_string("consultation/review/mail/invitation.txt", context))
            subjects.append(
                _("Invitation to comment: %(programme)s, %(round)s")
                % {"programme": round_.programme.name, "round": round_.title}
            )
    subject = subjects[0] if len(set(subjects)) == 1 else " / ".join(subjects)
    message = EmailMessage(
        subject=" ".join(subject.split())[:250],
        body="\n\n----------------------------------------\n\n".join(text.strip() for text in texts)
        + "\n",
        to=[user.email],
        reply_to=[sender.email] if sender is not None and sender.email else None,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The invitation to %s could not be sent", user.email)
        return False
    Reviewer.objects.filter(pk=reviewer.pk).update(mailed_at=timezone.now())
    reviewer.mailed_at = timezone.now()
    return True
