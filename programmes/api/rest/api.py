"""The read-only JSON API at /api/v1/: published content only, in Swedish or English.

Built on django-ninja: its operations are typed with pydantic schemas, from which it
writes the OpenAPI 3 document (/api/v1/openapi.json) without a serializer layer of its
own; pydantic is shared with `fhir.resources`, which the FHIR side validates with.

Every answer, errors included, carries the licence and the attribution (`envelope`).
Caching, ETag, Last-Modified and 304 come from the page cache (`programmes.page_cache`),
which keys each answer on its full address; open CORS for GET from the settings.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from . import finding, levels, library, local, pathways, programmes
from .envelope import LANGUAGES, ApiError, error, request_language, speaking

api = NinjaAPI(
    title="VIP-portalen",
    version="1",
    description=(
        "Read-only open data of VIP-portalen: Sweden's national care and intervention "
        "programmes in mental health. Published content only; Swedish or English "
        "(`?lang=sv|en`). Every answer carries the licence and the attribution text."
    ),
    # The content's licence, as every answer states it too.
    openapi_extra={
        "info": {
            "license": {
                "name": settings.VIP_CONTENT_LICENCE,
                "url": settings.VIP_CONTENT_LICENCE_URL,
            }
        }
    },
    urls_namespace="api-v1",
    openapi_url="openapi.json",
    docs_url=None,
)

for module in (programmes, levels, pathways, library, local, finding):
    api.add_router("", module.router)


def _answer(request, status: int, message, fields=()):
    language = request_language(request)
    with speaking(language):
        body = error(status, str(message), language=language, fields=fields)
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return _answer(request, exc.status, exc.message, exc.fields)


@api.exception_handler(Http404)
def not_found(request, exc):
    with speaking(request_language(request)):
        return _answer(request, 404, _("There is nothing published at this address."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return _answer(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    """A parameter the API cannot read: 400, naming the parameters and what was wrong."""
    fields = []
    for problem in exc.errors:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path")]
        if location and location[0] not in fields:
            fields.append(location[0])
    with speaking(request_language(request)):
        if "lang" in fields:
            message = _("Unknown language: choose one of %(languages)s.") % {
                "languages": ", ".join(LANGUAGES)
            }
        else:
            message = _("These parameters are missing or not valid: %(names)s.") % {
                "names": ", ".join(fields) or "?"
            }
            reasons = "; ".join(str(problem.get("msg", "")) for problem in exc.errors)
            message = f"{message} ({reasons})" if reasons else message
        return _answer(request, 400, message, fields)
