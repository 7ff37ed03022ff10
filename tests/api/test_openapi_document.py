"""The OpenAPI 3 document describes every operation: GET only, each with its answer and
the error envelopes (400, 404) a client may meet, and the parameters it takes."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_openapi_3_and_names_every_resource_group(document):
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    for path in [
        "/api/v1/programmes",
        "/api/v1/programmes/{slug}/tree",
        "/api/v1/programmes/{slug}/nodes/{node}",
        "/api/v1/interventions",
        "/api/v1/levels",
        "/api/v1/programmes/{slug}/pathways/{pathway}",
        "/api/v1/vignettes",
        "/api/v1/indicators",
        "/api/v1/materials",
        "/api/v1/local-additions",
        "/api/v1/search",
        "/api/v1/changes",
    ]:
        assert path in paths


def test_every_operation_is_a_get_with_its_answers_declared(document):
    for path, operations in document["paths"].items():
        assert set(operations) == {"get"}, path
        answers = operations["get"]["responses"]
        assert set(answers) == {"200", "400", "404"}, path
        names = {parameter["name"] for parameter in operations["get"].get("parameters", [])}
        assert "lang" in names, path


def test_the_envelope_is_in_every_answer_schema(document):
    schemas = document["components"]["schemas"]
    for operations in document["paths"].values():
        for answer in operations["get"]["responses"].values():
            ref = answer["content"]["application/json"]["schema"]["$ref"]
            required = schemas[ref.rsplit("/", 1)[-1]]["required"]
            assert {"licence", "attribution", "language"} <= set(required)


def test_the_document_states_the_content_licence(document):
    assert document["info"]["license"]["name"] == "CC BY 4.0"
