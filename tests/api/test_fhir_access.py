"""What FHIR serves and refuses: the search, the OperationOutcomes for wrong addresses,
ids, parameters and methods, nothing unpublished, ids that survive a re-import, and a
fixed number of queries however much content there is."""

import pytest
from django.core.cache import cache
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from programmes.editorial.content_file import fixtures_dir, programme_import, read_yaml
from programmes.models import Programme
from tests.api.fhir_helpers import BASE, FHIR_JSON, build_psychosis, fhir, resource_ids
from tests.factories import level, make_intervention, make_programme, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def psychosis(settings):
    return build_psychosis(settings)


def ids_of(body: dict) -> list[str]:
    return [entry["resource"]["id"] for entry in body["entry"]]


def outcome(response, body, status: int, code: str) -> OperationOutcome:
    assert response.status_code == status
    assert response["Content-Type"] == FHIR_JSON
    result = OperationOutcome.model_validate(body)
    assert result.issue[0].code == code
    return result


# Search ----------------------------------------------------------------------------------


def test_search_by_name_starts_with_ignoring_case(client, psychosis):
    response, body = fhir(client, "PlanDefinition", name="psykosLEVEL")

    assert response["Content-Type"] == FHIR_JSON
    bundle = Bundle.model_validate(body)
    assert bundle.type == "searchset"
    assert bundle.total == 2
    assert ids_of(body) == ["vip-psykos.level.primarvard", "vip-psykos.level.psykiatri-oppenvard"]
    assert body["link"][0]["url"] == f"{BASE}/fhir/PlanDefinition?name=psykosLEVEL"


def test_search_by_name_finds_the_whole_programme_by_its_name(client, psychosis):
    _response, body = fhir(client, "PlanDefinition", name="psykos")

    assert ids_of(body)[0] == "vip-psykos"
    assert len(body["entry"]) == 1 + 2 + 6 + 1
    assert all(entry["search"]["mode"] == "match" for entry in body["entry"])


def test_search_by_url_is_exact(client, psychosis):
    url = f"{BASE}/fhir/PlanDefinition/vip-psykos.lakemedel"

    _response, body = fhir(client, "PlanDefinition", url=url)
    assert ids_of(body) == ["vip-psykos.lakemedel"]
    _response, body = fhir(client, "PlanDefinition", url=url[:-1])
    assert Bundle.model_validate(body).total == 0


def test_search_by_status_follows_the_programme(client, psychosis):
    make_programme(slug="psykos-test", status=Programme.Status.TEST)

    _response, drafts = fhir(client, "PlanDefinition", name="psykos", status="draft")
    _response, active = fhir(client, "PlanDefinition", name="psykos", status="active")
    _response, both = fhir(client, "PlanDefinition", name="psykos", status="draft,active")

    assert ids_of(drafts) == ["vip-psykos-test"]
    assert "vip-psykos-test" not in ids_of(active)
    assert "vip-psykos" in ids_of(active)
    assert len(both["entry"]) == len(active["entry"]) + 1


def test_search_without_parameters_lists_every_published_programme(client):
    _response, body = fhir(client, "PlanDefinition")

    programmes = Programme.objects.filter(published=True).values_list("slug", flat=True)
    assert {f"vip-{slug}" for slug in programmes} <= set(ids_of(body))
    Bundle.model_validate(body)


# Refusals --------------------------------------------------------------------------------


def test_an_unknown_id_is_404_with_an_outcome(client, psychosis):
    for path in (
        "PlanDefinition/vip-psykos.finns-inte",
        "PlanDefinition/vip-finns-inte",
        "ActivityDefinition/vip-psykos.level.primarvard",
        "PlanDefinition/vip-finns-inte/$package",
    ):
        outcome(*fhir(client, path), 404, "not-found")


def test_an_unknown_resource_type_or_address_is_404(client):
    for path in ("Patient/1", "Patient", "", "PlanDefinition/vip-psykos/$apply/x"):
        outcome(*fhir(client, path), 404, "not-found")
    outcome(*fhir(client, "Patient", identifier="x"), 404, "not-found")


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"title": "psykos"}, "not-supported"),
        ({"_count": "10"}, "not-supported"),
        ({"_format": "xml"}, "not-supported"),
        ({"status": "retired,nonsense"}, "invalid"),
        ({"name": ""}, "invalid"),
        ({"lang": "de"}, "invalid"),
    ],
)
def test_a_bad_search_parameter_is_400(client, params, code):
    outcome(*fhir(client, "PlanDefinition", **params), 400, code)


def test_json_formats_are_accepted(client):
    for value in ("json", "application/fhir+json", "application/json"):
        response, _body = fhir(client, "metadata", _format=value)
        assert response.status_code == 200


def test_a_read_takes_no_search_parameters_and_a_malformed_id_is_400(client, psychosis):
    outcome(*fhir(client, "PlanDefinition/vip-psykos", name="x"), 400, "not-supported")
    outcome(*fhir(client, "PlanDefinition/vip_psykos"), 400, "invalid")


def test_package_of_anything_but_a_programme_is_400(client, psychosis):
    outcome(*fhir(client, "PlanDefinition/vip-psykos.lakemedel/$package"), 400, "not-supported")


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_only_get_and_head_are_allowed(client, psychosis, method):
    response, body = fhir(client, "PlanDefinition/vip-psykos", method=method)

    outcome(response, body, 405, "not-supported")
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_like_get(client, psychosis):
    response = client.head("/fhir/PlanDefinition/vip-psykos")

    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON


# Nothing unpublished ---------------------------------------------------------------------


def test_nothing_unpublished_is_in_the_package(client, psychosis):
    _response, body = fhir(client, "PlanDefinition/vip-psykos/$package")

    ids = {resource_id for _type, resource_id in resource_ids(body)}
    assert not ids & {
        "vip-psykos.dold",
        "vip-psykos.opublicerad",
        "vip-psykos.pathway.hemligt",
    }
    (pathway,) = [e["resource"] for e in body["entry"] if e["resource"]["id"].endswith("forlopp")]
    assert "utkast-steg" not in [action["id"] for action in pathway["action"]]
    nested = [sub["id"] for action in pathway["action"] for sub in action.get("action", [])]
    assert nested == ["behandling.lakemedel"]
    assert "dold" not in str(body) and "opublicerad" not in str(body)


@pytest.mark.parametrize(
    "path",
    [
        "PlanDefinition/vip-psykos.dold",
        "ActivityDefinition/vip-psykos.dold",
        "PlanDefinition/vip-psykos.opublicerad",
        "ActivityDefinition/vip-psykos.opublicerad",
        "PlanDefinition/vip-psykos.pathway.hemligt",
    ],
)
def test_unpublished_content_is_not_found(client, psychosis, path):
    outcome(*fhir(client, path), 404, "not-found")


def test_an_unpublished_programme_is_not_found_nor_searched(client, psychosis):
    Programme.objects.filter(pk=psychosis["programme"].pk).update(published=False)

    for path in (
        "PlanDefinition/vip-psykos",
        "PlanDefinition/vip-psykos/$package",
        "PlanDefinition/vip-psykos.lakemedel",
        "ActivityDefinition/vip-psykos.lakemedel",
    ):
        outcome(*fhir(client, path), 404, "not-found")
    _response, body = fhir(client, "PlanDefinition", name="psykos")
    assert "entry" not in body


# Stable ids ------------------------------------------------------------------------------


def test_ids_and_urls_stay_the_same_across_a_reimport(client):
    path = sorted((fixtures_dir() / "programmes").glob("*.yaml"))[0]
    data = read_yaml(path)
    slug = data["slug"]

    programme_import(data=read_yaml(path), source=path.name)
    _response, first = fhir(client, f"PlanDefinition/vip-{slug}/$package")
    programme_import(data=read_yaml(path), source=path.name)
    _response, second = fhir(client, f"PlanDefinition/vip-{slug}/$package")

    assert len(first["entry"]) > 3
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert resource_ids(first) == resource_ids(second)
    Bundle.model_validate(second)


# Cost and caching ------------------------------------------------------------------------

#: Queries per response: the page cache's content state (1), the programmes (1), nodes (1),
#: their care levels (1), the levels (1) and where they refer (1), the pathways (1), their
#: steps (1) with levels (1) and interventions (1).
PACKAGE_QUERIES = 10


def test_the_package_costs_the_same_queries_with_more_content(
    client, psychosis, django_assert_num_queries
):
    with django_assert_num_queries(PACKAGE_QUERIES):
        fhir(client, "PlanDefinition/vip-psykos/$package")
    programme, section = psychosis["programme"], psychosis["section"]
    more = [make_intervention(programme, section, care_levels=[level("bup")]) for _ in range(5)]
    make_step(psychosis["pathway"], interventions=more, care_levels=[level("bup")])

    with django_assert_num_queries(PACKAGE_QUERIES):
        _response, body = fhir(client, "PlanDefinition/vip-psykos/$package")
    assert len(body["entry"]) == 2 * 6 + 4 + 2 * 5


def test_a_search_costs_the_same_queries_with_more_programmes(client, django_assert_num_queries):
    with django_assert_num_queries(PACKAGE_QUERIES):
        _response, before = fhir(client, "PlanDefinition")
    for number in range(3):
        programme = make_programme(slug=f"extra-{number}")
        make_intervention(programme, care_levels=[level("bup")])

    with django_assert_num_queries(PACKAGE_QUERIES):
        _response, after = fhir(client, "PlanDefinition")
    assert len(after["entry"]) == len(before["entry"]) + 3 * 2


def test_a_response_is_the_same_bytes_every_time_and_cached_with_an_etag(client, psychosis):
    first = client.get("/fhir/PlanDefinition/vip-psykos/$package")
    cache.clear()
    second = client.get("/fhir/PlanDefinition/vip-psykos/$package")

    assert first.content == second.content
    assert first["ETag"]
    again = client.get(
        "/fhir/PlanDefinition/vip-psykos/$package", headers={"if-none-match": first["ETag"]}
    )
    assert again.status_code == 304
