"""The parts every FHIR resource here shares: the programme's metadata (version, status,
dates, publisher, licence, jurisdiction, ICD-10 codes), links to the public pages, the
strength of a recommendation, and the Bundle and OperationOutcome envelopes.

Everything is a plain dict, ready for JSON: no models are built at run time (the tests
validate the output with the fhir.resources R4B models).
"""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ...icd10 import CODE, CodeRange
from ...models import Programme, RecommendationKind
from .ids import canonical_base

CPG = "http://hl7.org/fhir/uv/cpg/StructureDefinition/"
PROFILE_PATHWAY = CPG + "cpg-pathwaydefinition"
PROFILE_STRATEGY = CPG + "cpg-strategydefinition"
PROFILE_RECOMMENDATION = CPG + "cpg-recommendationdefinition"
EXT_PART_OF = CPG + "cpg-partOf"
EXT_STRENGTH = "http://hl7.org/fhir/StructureDefinition/cqf-strengthOfRecommendation"
HL7_STRENGTH = "http://terminology.hl7.org/CodeSystem/recommendation-strength"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
USAGE_CONTEXT = "http://terminology.hl7.org/CodeSystem/usage-context-type"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
JURISDICTION = "urn:iso:std:iso:3166"

#: Programme.status as FHIR's publication status: only an established programme is active.
STATUS = {
    Programme.Status.DRAFT: "draft",
    Programme.Status.CONSULTATION: "draft",
    Programme.Status.TEST: "draft",
    Programme.Status.ESTABLISHED: "active",
    Programme.Status.REVIEW: "active",
    Programme.Status.ARCHIVED: "retired",
}
FHIR_STATUSES = ("draft", "active", "retired", "unknown")

#: The Swedish scale, coded: the portal's own strength words (`evidence.STRENGTHS`) and,
#: where they apply, HL7's strong / weak. A do-not-do is a strong recommendation against.
STRENGTH_CODES = {
    "should": ("should", "strong"),
    "may": ("may", "weak"),
    "exceptional": ("exceptional", "weak"),
    RecommendationKind.RESEARCH: ("research-only", None),
    RecommendationKind.DO_NOT_DO: ("do-not-do", "strong"),
    RecommendationKind.NONE: ("none", None),
}


def strength_system() -> str:
    return f"{canonical_base()}/fhir/CodeSystem/vip-recommendation-strength"


def substance_extension_url() -> str:
    return f"{canonical_base()}/fhir/StructureDefinition/substance-changed"


def fhir_datetime(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def public_url(path: str) -> str:
    """A public page's address on the canonical site (the same whichever server answers)."""
    return canonical_base() + path


def coding(system: str, code: str, display: str = "") -> dict:
    result = {"system": system, "code": code}
    if display:
        result["display"] = display
    return result


def plan_type(code: str) -> dict:
    return {"coding": [coding(PLAN_TYPE, code)]}


def compact(resource: dict) -> dict:
    """Drop empty elements: FHIR forbids empty strings, lists and objects."""
    return {key: value for key, value in resource.items() if value not in (None, "", [], {})}


def icd10_concepts(programme: Programme) -> list[dict]:
    """One CodeableConcept per code or range the programme covers; a range within one
    letter lists its three-character categories (F32–F33: F32, F33)."""
    return [_range_concept(code_range) for code_range in programme.icd10_ranges]


def _range_concept(code_range: CodeRange) -> dict:
    first, last = code_range.first, code_range.last
    if first == last:
        return {"coding": [coding(ICD10, first)], "text": str(code_range)}
    letter, start, start_sub = CODE.match(first).groups()
    last_letter, end, end_sub = CODE.match(last).groups()
    codes = []
    if letter == last_letter and not start_sub and not end_sub:
        codes = [f"{letter}{number:02d}" for number in range(int(start), int(end) + 1)]
    return {"coding": [coding(ICD10, code) for code in codes], "text": str(code_range)}


def shared_elements(programme: Programme) -> dict:
    """The metadata every resource of a programme carries, in the response's language."""
    icd10 = icd10_concepts(programme)
    return {
        "language": get_language(),
        "version": programme.version or None,
        "status": STATUS.get(programme.status, "unknown"),
        "experimental": False,
        "publisher": settings.VIP_CONTENT_ATTRIBUTION,
        "copyright": copyright_text(),
        "jurisdiction": [{"coding": [coding(JURISDICTION, "SE", "Sweden")]}],
        "useContext": [
            {"code": coding(USAGE_CONTEXT, "focus"), "valueCodeableConcept": concept}
            for concept in icd10
        ],
        "topic": icd10,
    }


def copyright_text() -> str:
    return (
        f"{settings.VIP_CONTENT_LICENCE} ({settings.VIP_CONTENT_LICENCE_URL}). "
        f"{settings.VIP_CONTENT_ATTRIBUTION}"
    )


def dates(obj, *, updated=None) -> dict:
    """`date` (last edit of any kind) and the substance-change extension (last change of
    meaning, *senast ändrad i sak*), which FHIR has no element for."""
    substance = fhir_datetime(getattr(obj, "substance_changed_at", None))
    extension = (
        [{"url": substance_extension_url(), "valueDateTime": substance}] if substance else []
    )
    return {"date": fhir_datetime(updated or obj.updated_at), "extension": extension}


def strength_extension(node) -> dict | None:
    """The cqf-strengthOfRecommendation extension of an intervention's recommendation: the
    Swedish scale's code, HL7's strong/weak where it applies, and the words with the rank
    (the rank belongs to its guideline, which the recommendation cites)."""
    strength = node.strength
    if strength is None:
        return None
    code, hl7 = STRENGTH_CODES[strength.key]
    codings = [coding(strength_system(), code, str(strength.label))]
    if hl7:
        codings.append(coding(HL7_STRENGTH, hl7, hl7.capitalize()))
    text = str(strength.label)
    if node.recommendation == RecommendationKind.PRIORITY:
        text = _("Priority %(rank)s: %(strength)s") % {"rank": node.priority, "strength": text}
    return {
        "url": EXT_STRENGTH,
        "valueCodeableConcept": {"coding": codings, "text": text},
    }


def guideline_artifact(guideline) -> dict:
    """A citation of the national guideline a recommendation comes from."""
    citation = f"{guideline.issuer}: {guideline.name} ({guideline.year})"
    artifact = {
        "type": "citation",
        "label": guideline.slug,
        "display": citation,
        "citation": citation,
    }
    if guideline.url:
        artifact["url"] = guideline.url
    return artifact


def page_artifact(path: str, display: str) -> dict:
    return {"type": "documentation", "display": display, "url": public_url(path)}


def bundle(bundle_type: str, resources: list[dict], *, link: str = "") -> dict:
    entries = []
    for resource in resources:
        entry = {
            "fullUrl": f"{canonical_base()}/fhir/{resource['resourceType']}/{resource['id']}",
            "resource": resource,
        }
        if bundle_type == "searchset":
            entry["search"] = {"mode": "match"}
        entries.append(entry)
    result = {"resourceType": "Bundle", "type": bundle_type}
    if bundle_type == "searchset":
        result["total"] = len(resources)
    if link:
        result["link"] = [{"relation": "self", "url": link}]
    result["entry"] = entries
    return compact(result)


def operation_outcome(code: str, diagnostics: str, severity: str = "error") -> dict:
    """An OperationOutcome with one issue; `code` from FHIR's issue-type (not-found,
    invalid, not-supported …)."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
    }


def care_level_concept(slug: str, name: str) -> dict:
    """A care level as a concept of the portal's own code system of levels (by slug)."""
    return {
        "coding": [coding(f"{canonical_base()}/fhir/CodeSystem/vip-care-level", slug, name)],
        "text": name,
    }
