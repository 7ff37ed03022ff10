"""What every page of programme work shares, the working group's and the reviewers'."""

import functools

from django.contrib.auth.decorators import login_required
from django.views.decorators.cache import never_cache

LOGIN = "consultation:login"


def group_view(view):
    """A page of the working group: logged-in people only (others go to the programme
    work's login), never stored by a cache (the group's work is not public)."""
    return functools.wraps(view)(never_cache(login_required(view, login_url=LOGIN)))
