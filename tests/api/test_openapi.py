"""The OpenAPI document: valid 3.1, lists every API route, and the answers match its schemas."""

from __future__ import annotations

import re

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from dialogue.accounts.models import Role
from dialogue.api.openapi import API_PREFIX, operation
from dialogue.consultations.models import ConsultationStatus
from dialogue.contributions.models import ContributionStatus
from tests.api.helpers import bearer, contributions_url, fresh_text, token_for
from tests.factories import make_consultation, make_contribution, make_user


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    return response.json


def test_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any violation


def test_document_lists_every_api_route_and_method(app, document):
    expected = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(API_PREFIX + "/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                expected.add((path, method.lower()))
    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert expected
    assert documented == expected


def test_a_route_without_operation_is_refused():
    from flask import Flask

    from dialogue.api.openapi import build_document

    @operation(summary="Documented", responses={"200": {"description": "ok"}})
    def documented():
        return "x"

    documented_app = Flask("documented")
    documented_app.add_url_rule(API_PREFIX + "/documented", "documented", documented)
    undocumented_app = Flask("undocumented")
    undocumented_app.add_url_rule(API_PREFIX + "/undocumented", "undocumented", lambda: "x")

    assert API_PREFIX + "/documented" in build_document(documented_app)["paths"]
    with pytest.raises(LookupError, match="undocumented"):
        build_document(undocumented_app)


def _check(document, path, method, response):
    """Validate a response body against the schema the document declares for it."""
    declared = document["paths"][path][method]["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    # Local "#/components/..." references resolve against this root, as in the document.
    resolvable = {**schema, "components": document["components"]}
    OAS31Validator(resolvable).validate(response.json)


def test_answers_match_the_declared_schemas(client, db, document):
    admin = make_user(Role.ADMIN)
    consultation = make_consultation(municipality=admin.municipality)
    make_consultation(municipality=admin.municipality, status=ConsultationStatus.DRAFT)
    for status in ContributionStatus:
        make_contribution(consultation=consultation, status=status, kern=None)
    token = token_for(admin)
    collection = "/api/v1/consultations/{consultation_id}/contributions"

    _check(document, "/api/v1/consultations", "get", client.get("/api/v1/consultations"))
    _check(
        document,
        "/api/v1/consultations",
        "get",
        client.get("/api/v1/consultations", headers=bearer(token)),
    )
    _check(document, collection, "get", client.get(contributions_url(consultation.id)))
    _check(
        document,
        collection,
        "get",
        client.get(contributions_url(consultation.id), headers=bearer(token)),
    )
    _check(document, collection, "get", client.get(contributions_url(consultation.id) + "?page=x"))
    _check(document, collection, "get", client.get(contributions_url(999999)))
    refused = client.post(
        contributions_url(consultation.id), json={"text": fresh_text()}, headers=bearer(token)
    )
    assert refused.status_code == 403  # officials do not post as residents
    _check(document, collection, "post", refused)
    token = token_for(make_user())
    created = client.post(
        contributions_url(consultation.id),
        json={"text": fresh_text(), "client_ref": "doc-1"},
        headers=bearer(token),
    )
    assert created.status_code == 201
    _check(document, collection, "post", created)
    repeated = client.post(
        contributions_url(consultation.id),
        json={"text": fresh_text(), "client_ref": "doc-1"},
        headers=bearer(token),
    )
    _check(document, collection, "post", repeated)
    for bad in ({"text": 1}, {"text": "kort"}):
        _check(
            document,
            collection,
            "post",
            client.post(contributions_url(consultation.id), json=bad, headers=bearer(token)),
        )
    _check(
        document,
        collection,
        "post",
        client.post(contributions_url(consultation.id), json={"text": fresh_text()}),
    )


def test_the_request_schema_refuses_what_the_api_refuses(document):
    schema = document["components"]["schemas"]["NewContribution"]
    validator = OAS31Validator(schema)

    assert validator.is_valid({"text": "Een goede tekst.", "area": None, "client_ref": "x"})
    assert not validator.is_valid({"text": 3})
    assert not validator.is_valid({"text": "Een goede tekst.", "unknown": 1})
    assert not validator.is_valid({"area": "Kern"})
