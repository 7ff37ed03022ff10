"""What every answer of the API carries around its data: the licence, the attribution, the
language, and for a list its page. Errors come in the same envelope, so a client reads
the licence and the language the same way whatever happened.

The language is chosen with `?lang=sv|en` (Swedish by default) and only so: the answer
to an address is the same for every client, which is what lets the page cache keep it.
"""

import contextlib
import functools
from typing import Literal

from django.conf import settings
from django.utils import translation
from django.utils.http import urlencode
from ninja import Field, Schema
from pydantic import create_model

#: The languages of the content; the first is the default.
LANGUAGES = ("sv", "en")
Lang = Literal["sv", "en"]
#: A page of a list holds at most this many objects; pages are counted from 1.
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_PAGE = 10_000


class Licence(Schema):
    name: str = Field(description="The licence of the content, e.g. CC BY 4.0.")
    url: str = Field(description="Where the licence is stated in full.")


class Pagination(Schema):
    count: int = Field(description="How many objects the whole list holds.")
    page: int
    limit: int
    next: str | None = Field(description="The address of the next page, if any.")
    previous: str | None = Field(description="The address of the previous page, if any.")


class ErrorDetail(Schema):
    status: int
    message: str = Field(description="What was wrong, in the language asked for.")
    fields: list[str] = Field(
        default_factory=list, description="The parameters that were wrong, if any."
    )


class ErrorEnvelope(Schema):
    licence: Licence
    attribution: str
    language: str
    error: ErrorDetail


def enveloped(data_type, name: str, *, paginated: bool = False):
    """The response schema of an operation: `data_type` in the envelope."""
    fields = {
        "licence": (Licence, ...),
        "attribution": (str, ...),
        "language": (str, ...),
        "data": (data_type, ...),
    }
    if paginated:
        fields["pagination"] = (Pagination, ...)
    return create_model(name, __base__=Schema, **fields)


def responses(schema) -> dict:
    """Every answer an operation may give: its data, or an error in the envelope."""
    return {200: schema, 400: ErrorEnvelope, 404: ErrorEnvelope}


def licence() -> dict:
    return {"name": settings.VIP_CONTENT_LICENCE, "url": settings.VIP_CONTENT_LICENCE_URL}


def wrap(data, *, language: str, pagination: dict | None = None) -> dict:
    body = {
        "licence": licence(),
        "attribution": settings.VIP_CONTENT_ATTRIBUTION,
        "language": language,
        "data": data,
    }
    if pagination is not None:
        body["pagination"] = pagination
    return body


def error(status: int, message: str, *, language: str, fields=()) -> dict:
    return {
        "licence": licence(),
        "attribution": settings.VIP_CONTENT_ATTRIBUTION,
        "language": language,
        "error": {"status": status, "message": str(message), "fields": list(fields)},
    }


class ApiError(Exception):
    """An answer other than 200, said in words (400 bad input, 404 nothing there)."""

    def __init__(self, status: int, message, fields=()):
        super().__init__(str(message))
        self.status = status
        self.message = message
        self.fields = list(fields)


def not_found(message) -> ApiError:
    return ApiError(404, message)


def bad_request(message, field: str) -> ApiError:
    return ApiError(400, message, [field])


def request_language(request) -> str:
    """The language the request asked for; an unknown one is answered by validation."""
    value = request.GET.get("lang", LANGUAGES[0])
    return value if value in LANGUAGES else LANGUAGES[0]


@contextlib.contextmanager
def speaking(language: str):
    """Inside, translated fields and addresses are those of `language`."""
    with translation.override(language):
        yield


def speaks(view):
    """An operation that answers in the language of its `lang` parameter: translated
    fields (django-modeltranslation) and public addresses (`/en/…`) follow it."""

    @functools.wraps(view)
    def operation(request, *args, **kwargs):
        with speaking(kwargs.get("lang") or LANGUAGES[0]):
            return view(request, *args, **kwargs)

    return operation


def paginate(request, items: list, *, page: int, limit: int) -> tuple[list, dict]:
    """One page of `items` (already read in full) and its pagination object."""
    count = len(items)
    start = (page - 1) * limit
    return items[start : start + limit], pagination(request, count, page=page, limit=limit)


def paginate_queryset(request, queryset, *, page: int, limit: int) -> tuple[list, dict]:
    """One page of `queryset` in two queries (count, then the page's rows)."""
    count = queryset.count()
    start = (page - 1) * limit
    rows = list(queryset[start : start + limit]) if start < count else []
    return rows, pagination(request, count, page=page, limit=limit)


def pagination(request, count: int, *, page: int, limit: int) -> dict:
    def address(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        params["limit"] = str(limit)
        return f"{request.path}?{urlencode(sorted(params.items()))}"

    last = max(1, -(-count // limit))
    return {
        "count": count,
        "page": page,
        "limit": limit,
        "next": address(page + 1) if page < last else None,
        "previous": address(page - 1) if 1 < page <= last + 1 else None,
    }


def dates(obj) -> dict:
    """The two dates of every object: last edit (`updated`) and last change in substance."""
    return {
        "created": obj.created_at,
        "updated": obj.updated_at,
        "changed_in_substance": getattr(obj, "substance_changed_at", None),
    }


#: The two dates of every object, as the OpenAPI document describes them.
CREATED_HELP = "When the object was created."
UPDATED_HELP = "Last updated (senast uppdaterad): any edit, even of spelling."
SUBSTANCE_HELP = (
    "Last changed in substance (senast ändrad i sak): the last change of meaning; null "
    "where the kind of object does not record it."
)
