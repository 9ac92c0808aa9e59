"""The OpenAPI contract: every operation documented with its errors and concurrency headers, offline docs, and a
schema-driven fuzz run that finds no server error and no response breaking the schema."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from .conftest import API, token_for

OUR_RESOURCES = (
    "organisations",
    "activities",
    "third-parties",
    "data-categories",
    "data-subjects",
    "purposes",
    "security-measures",
    "adequacy-decisions",
)


OUR_PATHS = {f"{API}/{r}/{tail}" for r in OUR_RESOURCES for tail in ("", "{id}/", "{id}/history/")}


def _ours(openapi: dict):
    for path, operations in openapi["paths"].items():
        if path in OUR_PATHS:
            for method, operation in operations.items():
                yield path, method, operation


def test_schema_needs_authentication(anonymous_api):
    assert anonymous_api.get("/api/schema/").status_code == 401


def test_every_resource_has_every_operation(openapi):
    for resource in OUR_RESOURCES:
        assert set(openapi["paths"][f"{API}/{resource}/"]) == {"get", "post"}
        assert set(openapi["paths"][f"{API}/{resource}/{{id}}/"]) == {"get", "put", "patch", "delete"}
        assert set(openapi["paths"][f"{API}/{resource}/{{id}}/history/"]) == {"get"}


def test_every_operation_documents_its_errors_and_headers(openapi):
    for path, method, operation in _ours(openapi):
        codes = set(operation["responses"])
        assert {"401", "403"} <= codes, (path, method)
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if method in ("put", "patch", "delete"):
            assert {"400" if method != "delete" else "409", "404", "412", "428"} <= codes, (path, method)
            if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")
            assert if_match["required"] is True
            assert "X-Change-Reason" in headers
        if method == "post":
            assert "400" in codes and "X-Change-Reason" in headers
        if method == "get" and path.endswith("{id}/"):
            assert "ETag" in operation["responses"]["200"]["headers"], path
    assert {"tokenAuth", "cookieAuth"} <= set(openapi["components"]["securitySchemes"])


def test_every_id_in_a_path_is_documented_with_the_range_that_routes(openapi, api):
    """Ids are positive and at most 18 digits: the schema says so, so no client is promised an answer (a JSON
    one) for an id the URL patterns do not match."""
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] == "id":
                    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}, (
                        path,
                        method,
                    )
    assert "{id}" in "".join(openapi["paths"])
    response = api.get(f"{API}/organisations/{10**18 - 1}/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    unrouted = api.get(f"{API}/organisations/-1/")  # no route: still the API's JSON 404
    assert unrouted.status_code == 404 and unrouted["Content-Type"] == "application/json"


def test_activity_list_documents_filters_and_as_of(openapi):
    names = {p["name"] for p in openapi["paths"][f"{API}/activities/"]["get"]["parameters"]}
    assert {
        "organisation",
        "status",
        "role",
        "data_category",
        "special_category",
        "recipient",
        "destination_country",
        "legal_basis",
        "review_overdue",
        "changed_since",
        "as_of",
        "search",
        "ordering",
        "page",
        "page_size",
    } <= names


def test_docs_are_served_without_internet(client, dpo):
    client.force_login(dpo)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_schemathesis_finds_no_server_error_and_no_schema_violation(openapi, wsgi_app, dpo, org, vendor, monkeypatch):
    import schemathesis
    from hypothesis import given
    from rest_framework.throttling import SimpleRateThrottle
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from tests import factories

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    factories.complete_activity(org, vendor=vendor)
    token = token_for(dpo)
    openapi["paths"] = {p: ops for p, ops in openapi["paths"].items() if p in OUR_PATHS}
    schema = schemathesis.openapi.from_dict(openapi)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8 * 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(suppress_health_check=list(HealthCheck))  # examples: the profile (tests/conftest.py)
        def run(case):
            response = case.call(app=wsgi_app, headers={"Authorization": f"Token {token}"})
            case.validate_response(response, checks=checks)

        run()
