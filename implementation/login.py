"""Logging in to the implementation pages and the admin: the lockout page, and the
limit on failed logins from one address.

django-axes counts failed logins per username and address (settings `AXES_*`; the
client's address is read by `programmes.form_pages.client_ip`). Someone trying one
password on many usernames never trips that: every failed login from an address also
counts against `VIP_LOGIN_ADDRESS_RATE`, and once it is used up the planning and admin
logins refuse that address (429) before any password is checked.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.translation import ngettext

from programmes.form_pages import address_count, address_refused_for, minutes_of

#: The failed logins counted per address (`VIP_LOGIN_ADDRESS_RATE`).
FAILURES = "login.address"
#: The code of the form error that refuses an address.
TOO_MANY = "too_many_from_address"

#: The length of django-axes' username columns.
RECORDED_USERNAME_LENGTH = 255


def recorded_username(request, credentials=None) -> str | None:
    """The username django-axes counts failures for (`AXES_USERNAME_CALLABLE`): the one
    typed, cut to the length its table keeps. No account has a name that long, so a
    longer one still fails as a wrong password, and is still counted and locked out."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return username[:RECORDED_USERNAME_LENGTH] if isinstance(username, str) else username


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login sees: why, and when to try again (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "implementation/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@receiver(user_login_failed, dispatch_uid="implementation.login.count_failure")
def count_failure(sender, credentials, request=None, **kwargs):
    """Every failed login from an address counts, whichever login form and username."""
    if request is not None:
        address_count(request, group=FAILURES, rate=settings.VIP_LOGIN_ADDRESS_RATE)


def refused_seconds(request) -> int | None:
    """The seconds until the address may log in again, when it has used up its failed
    logins."""
    if request is None:
        return None
    return address_refused_for(request, group=FAILURES, rate=settings.VIP_LOGIN_ADDRESS_RATE)


class AddressLimitedMixin:
    """A login form that refuses an address with too many failed logins, before asking
    any backend (so the refusal counts no further failure)."""

    #: Set by `clean` when the address is refused: the seconds until it may try again.
    retry_after: int | None = None

    def clean(self):
        self.retry_after = refused_seconds(self.request)
        if self.retry_after is not None:
            minutes = minutes_of(self.retry_after)
            raise ValidationError(
                ngettext(
                    "Too many logins have failed from your address in a short while. "
                    "Wait %(minutes)d minute and try again.",
                    "Too many logins have failed from your address in a short while. "
                    "Wait %(minutes)d minutes and try again.",
                    minutes,
                ),
                code=TOO_MANY,
                params={"minutes": minutes},
            )
        return super().clean()


class LoginForm(AddressLimitedMixin, AuthenticationForm):
    pass


class AdminLoginForm(AddressLimitedMixin, AdminAuthenticationForm):
    pass


def refused(form) -> bool:
    return form is not None and form.is_bound and form.has_error(NON_FIELD_ERRORS, TOO_MANY)


def answer_refused(response, form):
    """429, with when to try again, for a login form refused for its address."""
    if refused(form):
        response.status_code = 429
        response["Retry-After"] = str(form.retry_after)
    return response


def admin_login(request, extra_context=None):
    """The admin's own login, with `AdminLoginForm` (vipportal/admin.py) answering 429
    when it refuses the address."""
    response = admin.site.login(request, extra_context)
    context = getattr(response, "context_data", None) or {}
    return answer_refused(response, context.get("form"))
