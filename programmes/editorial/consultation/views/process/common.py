"""What every page of the working group shares: logging in, no caching, the programme
the page belongs to (404 for anyone outside its group), breadcrumbs, statuses and the
details of an edit conflict."""

import dataclasses

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from programmes.crumbs import crumb
from programmes.form_pages import (  # noqa: F401 (the pages import them from here)
    add_errors,
    conflict_details,
    posted_version,
    refreshed,
    status_for,
)
from programmes.models import Programme

from ... import access
from ...models import Member
from ..common import group_view  # noqa: F401


@dataclasses.dataclass(frozen=True)
class Work:
    """The programme a page belongs to and the person's place in its group."""

    programme: Programme
    member: Member | None
    leads: bool

    def context(self, *more_crumbs, **context) -> dict:
        return {
            "work_programme": self.programme,
            "member": self.member,
            "leads": self.leads,
            "breadcrumbs": work_crumbs(self.programme, *more_crumbs),
            **context,
        }


def work_of(request, slug: str, *, lead: bool = False) -> Work:
    """The programme `slug` if the user is in its working group (leads it, with `lead`);
    404 otherwise. Two queries: the programme and the membership."""
    user = request.user
    programme = access.group_programme_or_404(user, slug)
    oversees = access.oversees(user)
    member = access.membership(user, programme) if not oversees else None
    leads = oversees or (member is not None and member.leads)
    if lead and not leads:
        raise Http404
    return Work(programme, member, leads)


def work_crumbs(programme: Programme | None = None, *more) -> list[dict]:
    crumbs = [crumb(_("Programme work"), reverse("consultation:home"))]
    if programme is not None:
        crumbs.append(
            crumb(programme.name, reverse("consultation:programme", args=[programme.slug]))
        )
    return crumbs + list(more)


def page_crumb(label, name: str, programme: Programme) -> dict:
    return crumb(label, reverse(f"consultation:{name}", args=[programme.slug]))
