"""The FHIR endpoints: read-only, JSON only, the same answer for everyone at an address
(so that the page cache can keep it: no cookies, no Accept-Language), and never a 500 for
bad input: a wrong address, id, parameter or method gets an OperationOutcome with 404,
400 or 405."""

import functools
import json

from django.db.models import Max
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from . import catalogue, ids
from .capability import capability_statement
from .common import FHIR_STATUSES, bundle, operation_outcome
from .selectors import programme_contents, programmes

CONTENT_TYPE = "application/fhir+json; charset=utf-8"
LANGUAGES = ("sv", "en")
FORMATS = ("json", "application/json", "application/fhir+json")
COMMON_PARAMS = ("lang", "_format")
SEARCH_PARAMS = ("name", "status", "url")


class Refused(Exception):
    """A request this server answers with an OperationOutcome instead of a resource."""

    def __init__(self, status: int, code: str, diagnostics: str):
        super().__init__(diagnostics)
        self.status, self.code, self.diagnostics = status, code, diagnostics


def fhir_response(data: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE)
    response["Content-Language"] = data.get("language") or translation.get_language()
    return response


def outcome_response(refused: Refused) -> HttpResponse:
    response = fhir_response(operation_outcome(refused.code, refused.diagnostics), refused.status)
    if refused.status == 405:
        response["Allow"] = "GET, HEAD"
    return response


def fhir_endpoint(*params: str, strict: bool = True):
    """A read-only FHIR view taking the query parameters `params` besides lang and
    _format: checks the method and the parameters, answers in the language asked for.
    Not `strict`: other parameters are let through (an unknown address is 404 anyway)."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            language = "sv"
            try:
                if request.method not in ("GET", "HEAD"):
                    raise Refused(
                        405, "not-supported", "This FHIR server is read-only: use GET or HEAD."
                    )
                allowed = (*COMMON_PARAMS, *params) if strict else tuple(request.GET)
                query = _single_values(request.GET, allowed)
                language = _language(query.pop("lang", None))
                _check_format(query.pop("_format", None))
                with translation.override(language):
                    return fhir_response(view(request, query, *args, **kwargs))
            except Refused as refused:
                with translation.override(language):
                    return outcome_response(refused)

        return wrapper

    return decorate


def _single_values(querydict, allowed: tuple[str, ...]) -> dict:
    unknown = sorted(key for key in querydict if key not in allowed)
    if unknown:
        raise Refused(
            400,
            "not-supported",
            f"Unsupported parameter: {', '.join(unknown)}. Supported: {', '.join(allowed)}.",
        )
    query = {}
    for key in querydict:
        values = querydict.getlist(key)
        if len(values) != 1 or not values[0].strip():
            raise Refused(400, "invalid", f"Give the parameter {key} once, with a value.")
        query[key] = values[0].strip()
    return query


def _language(value: str | None) -> str:
    if value is None:
        return "sv"
    if value not in LANGUAGES:
        raise Refused(400, "invalid", f"lang must be one of {', '.join(LANGUAGES)}.")
    return value


def _check_format(value: str | None) -> None:
    # A "+" in a query string is a space: application/fhir+json arrives as "fhir json".
    if value is not None and value.replace(" ", "+") not in FORMATS:
        raise Refused(400, "not-supported", "Only JSON is offered (_format=json).")


@fhir_endpoint()
def metadata(request, query):
    changed = programmes().aggregate(changed=Max("updated_at"))["changed"]
    return capability_statement(changed)


@fhir_endpoint(*SEARCH_PARAMS)
def plan_definition_search(request, query):
    """A searchset of the PlanDefinitions matching every parameter given: `name` starts
    with (case-insensitive), `status` one of a comma-separated list, `url` exactly."""
    name = query.get("name", "").lower()
    statuses = _statuses(query.get("status"))
    url = query.get("url")
    chosen = [
        programme for programme in programmes() if _may_match(programme.slug, name=name, url=url)
    ]
    matches = [
        resource
        for content in programme_contents(chosen)
        for resource in catalogue.plan_definitions(content)
        if resource["name"].lower().startswith(name)
        and (statuses is None or resource["status"] in statuses)
        and (url is None or resource["url"] == url)
    ]
    self_link = ids.canonical_base() + request.get_full_path()
    return bundle("searchset", matches, link=self_link)


def _statuses(value: str | None) -> set[str] | None:
    if value is None:
        return None
    statuses = {part.strip() for part in value.split(",")}
    wrong = sorted(statuses - set(FHIR_STATUSES))
    if wrong:
        raise Refused(
            400, "invalid", f"Unknown status {', '.join(wrong)}: use {', '.join(FHIR_STATUSES)}."
        )
    return statuses


def _may_match(slug: str, *, name: str, url: str | None) -> bool:
    """Whether a programme can hold a match, judged from its slug (every name of its
    resources starts with the programme's name; every url holds its id)."""
    programme_name = ids.computable_name(slug).lower()
    if name and not (programme_name.startswith(name) or name.startswith(programme_name)):
        return False
    if url is not None:
        prefix = ids.canonical("PlanDefinition", "")
        if not url.startswith(prefix):
            return False
        return ids.may_belong_to(url[len(prefix) :], slug)
    return True


def _contents_for(resource_id: str):
    if not ids.valid_id(resource_id):
        raise Refused(400, "invalid", "A FHIR id has 1–64 letters, digits, hyphens and dots.")
    chosen = [p for p in programmes() if ids.may_belong_to(resource_id, p.slug)]
    return programme_contents(chosen)


def _not_found(resource_type: str, resource_id: str) -> Refused:
    return Refused(404, "not-found", f"No published {resource_type} has the id {resource_id}.")


@fhir_endpoint()
def plan_definition_read(request, query, resource_id: str):
    resource = catalogue.find(_contents_for(resource_id), "PlanDefinition", resource_id)
    if resource is None:
        raise _not_found("PlanDefinition", resource_id)
    return resource


@fhir_endpoint()
def activity_definition_read(request, query, resource_id: str):
    resource = catalogue.find(_contents_for(resource_id), "ActivityDefinition", resource_id)
    if resource is None:
        raise _not_found("ActivityDefinition", resource_id)
    return resource


@fhir_endpoint()
def plan_definition_package(request, query, resource_id: str):
    """$package: a collection Bundle with the whole programme (only a programme's
    pathway-level PlanDefinition has one)."""
    contents = _contents_for(resource_id)
    for content in contents:
        if ids.programme_id(content.programme.slug) == resource_id:
            return bundle("collection", catalogue.package(content))
    if catalogue.find(contents, "PlanDefinition", resource_id) is not None:
        raise Refused(
            400,
            "not-supported",
            "$package is offered for a programme's PlanDefinition (vip-<programme>) only.",
        )
    raise _not_found("PlanDefinition", resource_id)


@fhir_endpoint(strict=False)
def unknown(request, query, rest: str = ""):
    raise Refused(
        404,
        "not-found",
        "Unknown address. This server offers metadata, PlanDefinition (read, search, "
        "$package) and ActivityDefinition (read).",
    )
