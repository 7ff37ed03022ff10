"""FHIR resources as a client system reads them: each validates against the R4B models,
carries the CPG profiles, stable ids and canonical URLs, the strength of the national
recommendation and the care pathway's ordered, timed steps."""

import pytest
from fhir.resources.R4B.activitydefinition import ActivityDefinition
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.plandefinition import PlanDefinition

from programmes.models import Programme
from tests.api.fhir_helpers import BASE, FHIR_JSON, build_psychosis, fhir, resource_ids
from tests.factories import make_intervention

pytestmark = pytest.mark.django_db

CPG = "http://hl7.org/fhir/uv/cpg/StructureDefinition/"
STRENGTH = "http://hl7.org/fhir/StructureDefinition/cqf-strengthOfRecommendation"


@pytest.fixture
def psychosis(settings):
    return build_psychosis(settings)


def test_metadata_is_a_capability_statement_of_a_read_only_r4_server(client):
    response, body = fhir(client, "metadata")

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    statement = CapabilityStatement.model_validate(body)
    assert statement.fhirVersion == "4.0.1"
    assert statement.kind == "instance"
    assert statement.format == ["json"]
    resources = {r.type: r for r in statement.rest[0].resource}
    plans = resources["PlanDefinition"]
    assert {i.code for i in plans.interaction} == {"read", "search-type"}
    assert {p.name for p in plans.searchParam} == {"name", "status", "url"}
    assert [o.name for o in plans.operation] == ["package"]
    assert [i.code for i in resources["ActivityDefinition"].interaction] == ["read"]
    assert "?lang=en" in statement.rest[0].documentation


def test_package_is_a_collection_of_the_whole_programme(client, psychosis):
    response, body = fhir(client, "PlanDefinition/vip-psykos/$package")

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    bundle = Bundle.model_validate(body)
    assert bundle.type == "collection"
    interventions = ["lakemedel", "familjestod", "traning", "ny-metod", "gammal-metod", "samtal"]
    assert resource_ids(body) == {
        ("PlanDefinition", "vip-psykos"),
        ("PlanDefinition", "vip-psykos.level.primarvard"),
        ("PlanDefinition", "vip-psykos.level.psykiatri-oppenvard"),
        ("PlanDefinition", "vip-psykos.pathway.forlopp"),
        *(("PlanDefinition", f"vip-psykos.{slug}") for slug in interventions),
        *(("ActivityDefinition", f"vip-psykos.{slug}") for slug in interventions),
    }
    for entry in body["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == resource["url"]
        assert resource["url"] == f"{BASE}/fhir/{resource['resourceType']}/{resource['id']}"


def test_programme_is_a_cpg_pathway_of_strategies_per_care_level(client, psychosis):
    _response, body = fhir(client, "PlanDefinition/vip-psykos")

    plan = PlanDefinition.model_validate(body)
    assert plan.meta.profile == [CPG + "cpg-pathwaydefinition"]
    assert plan.url == f"{BASE}/fhir/PlanDefinition/vip-psykos"
    assert (plan.title, plan.version, plan.status) == ("Psykos", "2.1", "active")
    assert plan.language == "sv"
    assert plan.type.coding[0].code == "clinical-protocol"
    assert plan.jurisdiction[0].coding[0].code == "SE"
    assert "CC BY 4.0" in plan.copyright
    assert [c.text for c in plan.topic] == ["F20–F22", "F29"]
    assert [c.code for c in plan.topic[0].coding] == ["F20", "F21", "F22"]
    assert plan.topic[0].coding[0].system == "http://hl7.org/fhir/sid/icd-10"
    assert [a.definitionCanonical for a in plan.action] == [
        f"{BASE}/fhir/PlanDefinition/vip-psykos.level.primarvard",
        f"{BASE}/fhir/PlanDefinition/vip-psykos.level.psykiatri-oppenvard",
    ]
    assert f"{BASE}/fhir/PlanDefinition/vip-psykos.pathway.forlopp" in [
        a.resource for a in plan.relatedArtifact
    ]
    assert "https://example.se/riktlinjer/psykos" in [a.url for a in plan.relatedArtifact]


def test_strategy_lists_the_recommendations_its_level_gives(client, psychosis):
    _response, body = fhir(client, "PlanDefinition/vip-psykos.level.primarvard")

    plan = PlanDefinition.model_validate(body)
    assert plan.meta.profile == [CPG + "cpg-strategydefinition"]
    assert plan.description == "Ansvar för primarvard."
    assert "Vid svår psykos." in plan.usage
    assert [a.definitionCanonical for a in plan.action] == [
        f"{BASE}/fhir/PlanDefinition/vip-psykos.familjestod",
        f"{BASE}/fhir/PlanDefinition/vip-psykos.samtal",
    ]
    assert plan.useContext[-1].valueCodeableConcept.coding[0].code == "primarvard"


def _strength(client, slug):
    _response, body = fhir(client, f"PlanDefinition/vip-psykos.{slug}")
    plan = PlanDefinition.model_validate(body)
    assert plan.meta.profile == [CPG + "cpg-recommendationdefinition"]
    assert plan.type.coding[0].code == "eca-rule"
    (action,) = plan.action
    assert action.definitionCanonical == f"{BASE}/fhir/ActivityDefinition/vip-psykos.{slug}"
    (extension,) = [e for e in action.extension or [] if e.url == STRENGTH]
    concept = extension.valueCodeableConcept
    codes = {c.system.rsplit("/", 1)[-1]: c.code for c in concept.coding}
    return codes, concept.text, plan


@pytest.mark.parametrize(
    ("slug", "own", "hl7", "text"),
    [
        ("lakemedel", "should", "strong", "Prioritet 2: bör erbjudas"),
        ("familjestod", "may", "weak", "Prioritet 5: kan erbjudas"),
        ("traning", "exceptional", "weak", "Prioritet 9: kan i undantagsfall erbjudas"),
        ("ny-metod", "research-only", None, None),
        ("gammal-metod", "do-not-do", "strong", None),
        ("samtal", "none", None, None),
    ],
)
def test_recommendation_carries_its_strength(client, psychosis, slug, own, hl7, text):
    codes, words, _plan = _strength(client, slug)

    assert codes["vip-recommendation-strength"] == own
    assert codes.get("recommendation-strength") == hl7
    if text:
        assert words == text


def test_recommendation_cites_its_guideline_and_condition(client, psychosis):
    _codes, _words, plan = _strength(client, "lakemedel")

    citations = [a for a in plan.relatedArtifact if a.type == "citation"]
    assert [a.url for a in citations] == ["https://example.se/riktlinjer/psykos"]
    assert "Nationella riktlinjer för psykos (2023)" in citations[0].citation
    assert plan.action[0].reason[0].text == "Tillståndet"


def test_no_recommendation_gives_its_reason_and_cites_no_guideline(client, psychosis):
    _codes, _words, plan = _strength(client, "samtal")

    assert plan.action[0].description == "Ingår inte i de nationella riktlinjerna."
    assert not [a for a in plan.relatedArtifact if a.type == "citation"]


def test_activity_definition_describes_the_intervention(client, psychosis):
    response, body = fhir(client, "ActivityDefinition/vip-psykos.familjestod")

    assert response["Content-Type"] == FHIR_JSON
    activity = ActivityDefinition.model_validate(body)
    assert activity.url == f"{BASE}/fhir/ActivityDefinition/vip-psykos.familjestod"
    assert (activity.title, activity.description, activity.usage) == (
        "Insats familjestod",
        "Sammanfattning av familjestod.",
        "Vuxna med psykos.",
    )
    assert activity.kind == "ServiceRequest"
    assert activity.status == "active"
    assert [p.role.coding[0].code for p in activity.participant] == [
        "primarvard",
        "psykiatri-oppenvard",
    ]
    assert not activity.doNotPerform


def test_a_do_not_do_is_an_activity_not_to_perform(client, psychosis):
    _response, body = fhir(client, "ActivityDefinition/vip-psykos.gammal-metod")

    assert ActivityDefinition.model_validate(body).doNotPerform is True


def test_pathway_steps_are_ordered_timed_actions(client, psychosis):
    _response, body = fhir(client, "PlanDefinition/vip-psykos.pathway.forlopp")

    plan = PlanDefinition.model_validate(body)
    assert plan.type.coding[0].code == "clinical-protocol"
    assert [a.id for a in plan.action] == ["forsta-kontakt", "behandling", "uppfoljning"]
    assert [a.prefix for a in plan.action] == ["1", "2", "3"]
    first, second, third = plan.action
    assert first.relatedAction is None
    assert [(r.actionId, r.relationship) for r in second.relatedAction] == [
        ("forsta-kontakt", "after-end")
    ]
    assert [(r.actionId, r.relationship) for r in third.relatedAction] == [
        ("behandling", "after-end")
    ]
    assert (first.timingRange.high.value, first.timingRange.high.code) == (7, "d")
    assert first.textEquivalent == "Inom 7 dagar"
    assert second.timingRange.high.value == 30
    assert third.timingRange is None
    assert [(c.kind, c.expression.description) for c in first.condition] == [
        ("applicability", "Misstanke om psykos.")
    ]
    assert [(c.kind, c.expression.description) for c in second.condition] == [
        ("stop", "Stabil i sex månader.")
    ]
    assert [a.definitionCanonical for a in second.action] == [
        f"{BASE}/fhir/ActivityDefinition/vip-psykos.lakemedel"
    ]
    assert [p.role.coding[0].code for p in first.participant] == ["primarvard"]


def test_english_on_request(client, psychosis):
    response, body = fhir(client, "PlanDefinition/vip-psykos.lakemedel", lang="en")

    plan = PlanDefinition.model_validate(body)
    assert (plan.language, plan.title) == ("en", "Intervention lakemedel")
    assert response["Content-Language"] == "en"
    strength = plan.action[0].extension[0].valueCodeableConcept
    assert strength.text == "Priority 2: should be offered"


def test_a_long_slug_gets_a_short_stable_id_that_reads(client, psychosis):
    slug = "en-mycket-lang-insats-med-ett-namn-som-inte-far-plats-i-ett-fhir-id"
    make_intervention(psychosis["programme"], psychosis["section"], slug=slug)

    _response, package = fhir(client, "PlanDefinition/vip-psykos/$package")
    (long_id,) = {i for _t, i in resource_ids(package) if i.startswith("vip-psykos.en-mycket")}
    assert len(long_id) == 64
    response, body = fhir(client, f"ActivityDefinition/{long_id}")
    assert response.status_code == 200
    assert ActivityDefinition.model_validate(body).title.endswith(slug)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_published_demo_programme_validates_whole(client, language):
    slugs = list(Programme.objects.filter(published=True).values_list("slug", flat=True))
    assert slugs

    for slug in slugs:
        response, body = fhir(client, f"PlanDefinition/vip-{slug}/$package", lang=language)
        assert response.status_code == 200
        bundle = Bundle.model_validate(body)
        assert {entry.resource.language for entry in bundle.entry} == {language}
