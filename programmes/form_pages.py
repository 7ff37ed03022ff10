"""What every page with a form shares, whatever room it is in: the status a sent form
answers with, a service's refusal put on the form, and what the second of two people
saving the same row sees (programmes/versioning.py is the mechanism itself).

Planning and programme work both use these; the content core, the lowest room that
serves forms, keeps them so that neither copies the other."""

import ipaddress

from django.core.exceptions import ValidationError
from django.forms import Form
from django_ratelimit.core import get_usage


def status_for(*forms: Form | None) -> int:
    """400 when a form was sent with errors, 200 otherwise."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms) else 200


def add_errors(form: Form, error: ValidationError | None) -> None:
    """Put a service's refusal on the form: on the field it names if the form has it."""
    if error is None:
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def conflict_details(form: Form, current) -> dict:
    """What the second of two editors needs to see: who saved, when, and each field where
    the saved row now differs from what they sent (their input stays in the form).
    `current` is the row as saved now (None: it was deleted); it has a history."""
    if current is None:
        return {"deleted": True}
    record = current.history.order_by("-history_date", "-history_id").first()
    differences = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = getattr(current, name, None)
        if hasattr(saved, "all"):  # many-to-many: the form shows what is chosen now
            continue
        mine = form.cleaned_data[name]
        if _comparable(saved) != _comparable(mine):
            differences.append(
                {"label": field.label, "saved": _shown(current, name), "mine": _chosen(field, mine)}
            )
    return {
        "deleted": False,
        "by": record.history_user if record else None,
        "at": record.history_date if record else getattr(current, "updated_at", None),
        "differences": differences,
    }


def _comparable(value):
    if hasattr(value, "pk"):
        return value.pk
    if value in (None, ""):
        return None
    return str(value)


def _shown(instance, name):
    display = getattr(instance, f"get_{name}_display", None)
    value = display() if display else getattr(instance, name)
    return _shown_value(value)


def _chosen(field, value):
    """A submitted value as the form showed it: a choice by its label."""
    choices = getattr(field, "choices", None)
    if choices is not None and not hasattr(value, "pk"):
        labels = {str(key): label for key, label in choices}
        return labels.get(str(value), _shown_value(value))
    return _shown_value(value)


def _shown_value(value):
    return "–" if value in (None, "") else value


def refreshed(form_class, request, current, **kwargs):
    """The sender's form again, now carrying the saved row's version: sending it once more
    deliberately keeps their text over the other change."""
    data = request.POST.copy()
    prefix = kwargs.get("prefix")
    data[f"{prefix}-version" if prefix else "version"] = str(current.lock_version)
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form


def posted_version(request) -> int:
    """The version a delete form was read at (0, matching nothing, if it is garbled)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def client_ip(request) -> str | None:
    """The address the request came from.

    Behind `VIP_TRUSTED_PROXIES` proxies, each has appended the address it saw to
    X-Forwarded-For, so the client's is that many entries from the end; anything to the
    left of it came from the client and may be forged. Without proxies, REMOTE_ADDR.
    """
    from django.conf import settings

    proxies = settings.VIP_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies and _is_address(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def _is_address(value: str) -> bool:
    """Whether `value` is an IPv4 or IPv6 address (a misconfigured proxy may pass on
    anything; the lockout's and the rate limits' records keep addresses only)."""
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def address_key(group, request) -> str:
    """django-ratelimit's key for the client's address (`client_ip`)."""
    return client_ip(request) or ""


def address_refused_for(request, *, group: str, rate: str) -> int | None:
    """The seconds, at least one, until the client's address may post again when it has
    used up `rate` in `group`; None while it may. Read from django-ratelimit's own window
    (nothing is counted here: `address_count` counts what should be)."""
    usage = get_usage(request, group=group, key=address_key, rate=rate)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    return max(1, usage["time_left"])


def minutes_of(seconds: int) -> int:
    """Whole minutes, rounded up, for "wait N minutes"."""
    return -(-seconds // 60)


def address_count(request, *, group: str, rate: str) -> None:
    """Count one against the client's address in `group`."""
    get_usage(request, group=group, key=address_key, rate=rate, increment=True)
