"""Schemathesis against the API's own OpenAPI document: for requests generated from the
document, no answer is a server error, and every answer has a status the document
declares and matches the schema it declares for it."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES_PER_OPERATION = 25


def served_document() -> dict:
    """The document /api/v1/openapi.json serves (read without a request: the test
    database does not exist yet while tests are collected)."""
    from programmes.api.rest.api import api

    return json.loads(json.dumps(api.get_openapi_schema()))


schema = schemathesis.openapi.from_dict(served_document())
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The test's transaction holds the database connection: neither the start nor the
    end of a request may close it (as Django's test client arranges for its own)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_answer_matches_the_document(case):
    case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance]
    )
