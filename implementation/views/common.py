"""What every implementation page shares: login, no caching, breadcrumbs, conflicts."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from programmes.crumbs import crumb

from ..models import Plan, Versioned


def member_view(view):
    """A page for logged-in people only, never stored by a cache (plans are not public)."""
    return functools.wraps(view)(never_cache(login_required(view)))


def plan_crumbs(plan: Plan | None = None, *more) -> list[dict]:
    crumbs = [crumb(_("Implementation"), reverse("implementation:home"))]
    if plan is not None:
        crumbs.append(crumb(plan.title, plan.get_absolute_url()))
    return crumbs + list(more)


def status_for(form: Form | None) -> int:
    """400 for a form that was sent with errors, 200 otherwise."""
    return 400 if form is not None and form.is_bound and form.errors else 200


def conflict_details(form: Form, current: Versioned | None) -> dict:
    """What the second of two editors needs to see: who saved, when, and each field where
    the saved row now differs from what they sent (their input stays in the form)."""
    if current is None:
        return {"deleted": True}
    record = current.history.order_by("-history_date", "-history_id").first()
    differences = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = getattr(current, name, None)
        mine = form.cleaned_data[name]
        if _comparable(saved) != _comparable(mine):
            differences.append(
                {"label": field.label, "saved": _shown(current, name), "mine": _chosen(field, mine)}
            )
    return {
        "deleted": False,
        "by": record.history_user if record else None,
        "at": record.history_date if record else current.updated_at,
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


def refreshed(form_class, request, current: Versioned, **kwargs):
    """The sender's form again, now carrying the saved row's version: sending it once more
    deliberately keeps their text over the other change."""
    data = request.POST.copy()
    data["version"] = str(current.lock_version)
    form = form_class(data, instance=current, **kwargs)
    form.is_valid()
    return form


def posted_version(request) -> int:
    """The version a delete form was read at (0, matching nothing, if it is garbled)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def gone(request, plan: Plan, form: Form, back_url: str):
    """Someone deleted what this person was editing: show them what they wrote (409)."""
    sent = [
        (field.label, request.POST.get(form.add_prefix(name), ""))
        for name, field in form.fields.items()
        if name != "version" and request.POST.get(form.add_prefix(name))
    ]
    return render(
        request,
        "implementation/gone.html",
        {"plan": plan, "sent": sent, "back_url": back_url, "breadcrumbs": plan_crumbs(plan)},
        status=409,
    )


def add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names if the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
