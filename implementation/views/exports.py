"""A plan, or a regional overview, to download as CSV or as an Excel workbook."""

from django.http import HttpResponse

from .. import exports, selectors
from ..access import access_for
from .common import member_view
from .overview import get_overview_organisation

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # `exports.filename` is ASCII letters, digits, dashes and a dot: safe between quotes.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_view
def plan_csv(request, pk):
    """The plan's targets, one row per unit and programme."""
    plan = selectors.get_plan(access_for(request), pk)
    return download(
        exports.plan_csv(plan), CSV, exports.filename("vip-plan", plan.organisation.name, "csv")
    )


@member_view
def plan_xlsx(request, pk):
    """The whole plan, a sheet for each part."""
    plan = selectors.get_plan(access_for(request), pk)
    return download(
        exports.plan_workbook(plan),
        XLSX,
        exports.filename("vip-plan", plan.organisation.name, "xlsx"),
    )


@member_view
def overview_csv(request, pk):
    """The coverage per organisation and programme."""
    organisation = get_overview_organisation(request, pk)
    return download(
        exports.overview_csv(selectors.regional_overview(organisation)),
        CSV,
        exports.filename("vip-overview", organisation.name, "csv"),
    )


@member_view
def overview_xlsx(request, pk):
    """The whole overview: plans and phases, coverage, latest reports, what is late."""
    organisation = get_overview_organisation(request, pk)
    return download(
        exports.overview_workbook(selectors.regional_overview(organisation)),
        XLSX,
        exports.filename("vip-overview", organisation.name, "xlsx"),
    )
