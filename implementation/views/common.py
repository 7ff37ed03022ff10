"""What every implementation page shares: login, no caching, breadcrumbs; and, from the
content core (`programmes.form_pages`), sent forms and edit conflicts."""

import functools

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from programmes.crumbs import crumb
from programmes.form_pages import (  # noqa: F401 (the views import them from here)
    add_errors,
    conflict_details,
    posted_version,
    refreshed,
    status_for,
)

from ..models import Plan


def member_view(view):
    """A page for logged-in people only, never stored by a cache (plans are not public)."""
    return functools.wraps(view)(never_cache(login_required(view)))


def plan_crumbs(plan: Plan | None = None, *more) -> list[dict]:
    crumbs = [crumb(_("Implementation"), reverse("implementation:home"))]
    if plan is not None:
        crumbs.append(crumb(plan.title, plan.get_absolute_url()))
    return crumbs + list(more)


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
