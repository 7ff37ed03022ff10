"""The CapabilityStatement (GET /fhir/metadata): what this read-only server offers."""

from django.conf import settings
from django.utils.translation import get_language

from .common import (
    PROFILE_PATHWAY,
    PROFILE_RECOMMENDATION,
    PROFILE_STRATEGY,
    compact,
    fhir_datetime,
)
from .ids import canonical, canonical_base

#: The search parameters of PlanDefinition, with what each does here.
SEARCH_PARAMS = (
    ("name", "string", "The computable name starts with the value (case-insensitive)."),
    ("status", "token", "draft, active or retired (the programme's publication status)."),
    ("url", "uri", "The canonical URL, exactly."),
)

#: Parameters every request takes besides the search parameters.
COMMON_PARAMS_DOC = (
    "All text is Swedish unless the request asks for English with ?lang=en (?lang=sv is "
    "the default); Accept-Language is not used, so that every address answers the same "
    "to everyone. ?_format=json (or application/fhir+json, application/json) is accepted; "
    "other parameters are refused with 400."
)


def capability_statement(changed_at) -> dict:
    """`changed_at`: when a published programme last changed (the statement's date)."""
    return compact(
        {
            "resourceType": "CapabilityStatement",
            "id": "vip-portalen",
            "language": get_language(),
            "url": canonical("CapabilityStatement", "vip-portalen"),
            "name": "VipPortalen",
            "title": "VIP-portalen FHIR API",
            "status": "active",
            "experimental": False,
            "date": fhir_datetime(changed_at),
            "publisher": settings.VIP_CONTENT_ATTRIBUTION,
            "description": (
                "Read-only FHIR R4 access to the published national care and intervention "
                "programmes: each programme as a CPG pathway definition with a strategy per "
                "care level, a recommendation per intervention (with its strength as "
                "cqf-strengthOfRecommendation) and its ActivityDefinition, and the care "
                "pathways. " + COMMON_PARAMS_DOC
            ),
            "jurisdiction": [{"coding": [{"system": "urn:iso:std:iso:3166", "code": "SE"}]}],
            "copyright": f"{settings.VIP_CONTENT_LICENCE} ({settings.VIP_CONTENT_LICENCE_URL})",
            "kind": "instance",
            "implementation": {
                "description": "VIP-portalen",
                "url": canonical_base() + "/fhir",
            },
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": COMMON_PARAMS_DOC,
                    "resource": [
                        {
                            "type": "PlanDefinition",
                            "supportedProfile": [
                                PROFILE_PATHWAY,
                                PROFILE_STRATEGY,
                                PROFILE_RECOMMENDATION,
                            ],
                            "interaction": [{"code": "read"}, {"code": "search-type"}],
                            "versioning": "no-version",
                            "readHistory": False,
                            "searchParam": [
                                {"name": name, "type": kind, "documentation": doc}
                                for name, kind, doc in SEARCH_PARAMS
                            ],
                            "operation": [
                                {
                                    "name": "package",
                                    "definition": "http://hl7.org/fhir/uv/crmi/OperationDefinition/crmi-package",
                                    "documentation": (
                                        "GET PlanDefinition/<programme id>/$package: a "
                                        "collection Bundle with the whole programme."
                                    ),
                                }
                            ],
                        },
                        {
                            "type": "ActivityDefinition",
                            "interaction": [{"code": "read"}],
                            "versioning": "no-version",
                            "readHistory": False,
                        },
                    ],
                }
            ],
        }
    )
