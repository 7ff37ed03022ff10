"""The regional overview: every plan below an organisation, where each stands, the
coverage of required levels per programme, the latest reports, and what is late."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import selectors
from ..access import Can, access_for
from ..models import Organisation
from .common import crumb, member_view, plan_crumbs


def get_overview_organisation(request, pk) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not access_for(request).can(Can.VIEW, organisation):
        raise Http404("No such organisation")
    return organisation


@member_view
def overview(request, pk, template="implementation/overview.html"):
    organisation = get_overview_organisation(request, pk)
    return render(
        request,
        template,
        {
            "overview": selectors.regional_overview(organisation),
            "export_urls": [
                (_("Download as CSV"), reverse("implementation:overview_csv", args=[pk])),
                (_("Download as Excel"), reverse("implementation:overview_xlsx", args=[pk])),
            ],
            "breadcrumbs": plan_crumbs(
                None, crumb(_("Overview: %(name)s") % {"name": organisation})
            ),
        },
    )
