"""Schema-driven fuzzing of every read operation of the API, the ones other modules added included (findings,
changes, register export, `?as_of=`, `history/`): no server error, and every answer documented by the schema
(status code, content type, JSON body). Writes are fuzzed in test_schema.py, the import in test_import_fuzz.py;
together they cover every operation."""

from __future__ import annotations

import copy

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings

from ropa import models as m
from ropa.choices import ActivityStatus
from tests import factories

from .conftest import API, token_for
from .test_schema import OUR_PATHS

# ISO dates and date-times: some moment parameters are typed as plain strings, so without this hint the generated
# values would almost never be dates and the code past the parser would go untested (malformed text is covered by
# each module's own tests and by EDGE_MOMENTS).
MOMENT = {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
# Moments at the edges, sent explicitly to every moment parameter: offsets that push past year 1 or 9999 in UTC.
EDGE_MOMENTS = [
    "0001-01-01",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31",
    "9999-12-31T23:59:59-05:00",
    "2020-02-30",
    "\x00",
]
MOMENT_PARAMETERS = {"as_of", "from", "to", "changed_since"}
# A PDF takes about a second even for a small register: it is exported in explicit cases below instead.
FUZZED_FORMATS = ["csv", "html", "json", "xlsx"]
MISSING_ID = 987654


@pytest.fixture
def register(db, org, vendor):
    """A small register: two complete activities (one retired), so that ids, history and findings exist."""
    first = factories.complete_activity(org, vendor=vendor)
    factories.complete_activity(org, vendor=vendor, status=ActivityStatus.RETIRED)
    factories.activity(org, name="Bare activity")  # one with findings
    return first


def _ids(path: str) -> list[int]:
    """Ids that exist for the resource of this path (plus one that does not), so most cases reach a record."""
    resource = path.removeprefix(f"{API}/").split("/")[0]
    models = {
        "organisations": m.Organisation,
        "activities": m.ProcessingActivity,
        "third-parties": m.ThirdParty,
        "data-categories": m.DataCategory,
        "data-subjects": m.DataSubjectCategory,
        "purposes": m.Purpose,
        "security-measures": m.SecurityMeasure,
        "adequacy-decisions": m.AdequacyDecision,
        "export-jobs": m.ExportJob,
    }
    return [*sorted(models[resource].objects.values_list("pk", flat=True))[:5], MISSING_ID]


def _shaped(openapi: dict) -> dict:
    """The schema with its read operations only, ids drawn mostly from existing records, moments from dates."""
    shaped = copy.deepcopy(openapi)
    paths = {}
    for path, operations in shaped["paths"].items():
        if "get" not in operations:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "path" and parameter["name"] == "id":
                parameter["schema"] = {"anyOf": [{"enum": _ids(path)}, parameter["schema"]]}
            elif parameter["in"] == "path" and parameter["name"] == "fmt":
                parameter["schema"] = {"type": "string", "enum": FUZZED_FORMATS}
            elif parameter["in"] == "query" and parameter["name"] == "organisation":
                parameter["schema"] = {"anyOf": [{"enum": _ids(f"{API}/organisations/")}, parameter["schema"]]}
            elif parameter["in"] == "query" and parameter["name"] in MOMENT_PARAMETERS:
                parameter["schema"] = MOMENT
        paths[path] = {"get": operations["get"]}
    shaped["paths"] = paths
    return shaped


def _checks():
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _every_operation(openapi: dict) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, operations in openapi["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


# Signing in and revoking are not fuzzed as the DPO (a fuzzer would lock the account or revoke its own token):
# tests/api/test_tokens.py covers them.
SIGN_IN = {(f"{API}/auth/token/", "post"), (f"{API}/auth/token/", "delete")}


def test_the_two_fuzz_runs_cover_every_operation(openapi):
    reads = {(path, "get") for path, operations in openapi["paths"].items() if "get" in operations}
    writes = {(path, method) for path, method in _every_operation(openapi) if path in OUR_PATHS}
    imports = {(f"{API}/organisations/{{id}}/import/", "post")}  # fuzzed in test_import_fuzz.py
    exports = {(f"{API}/organisations/{{id}}/register.{{fmt}}", "post")}  # fuzzed in test_fuzz_bad_input.py
    assert _every_operation(openapi) == reads | writes | SIGN_IN | imports | exports
    assert {
        (f"{API}/findings/", "get"),
        (f"{API}/organisations/{{id}}/changes/", "get"),
        (f"{API}/organisations/{{id}}/register.{{fmt}}", "get"),
    } <= reads


@pytest.fixture
def fuzz(openapi, wsgi_app, dpo, register, monkeypatch):
    """Runs a schemathesis case against the app as the DPO, with the schema's checks."""
    import schemathesis
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    token = token_for(dpo)
    schema = schemathesis.openapi.from_dict(_shaped(openapi))
    checks = _checks()

    def call(case):
        response = case.call(app=wsgi_app, headers={"Authorization": f"Token {token}"})
        case.validate_response(response, checks=checks)
        return response

    call.operations = [result.ok() for result in schema.get_all_operations()]
    call.schema = schema
    return call


def test_every_read_operation_answers_as_documented(fuzz):
    assert len(fuzz.operations) == 31  # with the generated notice and the notice findings, the export job and its file
    for operation in fuzz.operations:

        @given(case=operation.as_strategy())
        @settings(suppress_health_check=list(HealthCheck))  # examples: the profile (tests/conftest.py)
        def run(case):
            fuzz(case)

        run()


def test_edge_moments_answer_as_documented(fuzz, org, register):
    required = {"organisation": org.pk, "from": "2020-01-01"}
    sent = 0
    for operation in fuzz.operations:
        path_parameters = {"id": register.pk if "activities" in operation.path else org.pk, "fmt": "json"}
        names = {p.name for p in operation.iter_parameters() if p.location == "query"}
        for name in sorted(names & MOMENT_PARAMETERS):
            for value in EDGE_MOMENTS:
                query = {k: v for k, v in required.items() if k in names} | {name: value}
                params = {k: v for k, v in path_parameters.items() if f"{{{k}}}" in operation.path}
                response = fuzz(operation.Case(path_parameters=params, query=query))
                assert response.status_code in (200, 400, 404), (operation.path, query, response.status_code)
                sent += 1
    assert sent == 8 * len(EDGE_MOMENTS)  # as_of x5 (list, detail, findings, export, notice), changed_since, from, to


@pytest.mark.parametrize("query", [{}, {"as_of": "today", "include_retired": "true"}])
def test_pdf_export_answers_as_documented(fuzz, org, query):
    if query.get("as_of") == "today":  # a date the organisation existed on (before it, the export is refused)
        query = {**query, "as_of": timezone.localdate().isoformat()}
    operation = fuzz.schema[f"{API}/organisations/{{id}}/register.{{fmt}}"]["GET"]
    response = fuzz(operation.Case(path_parameters={"id": org.pk, "fmt": "pdf"}, query=query))
    assert response.status_code == 200
    assert response.headers["content-type"][0].startswith("application/pdf")
    assert response.content.startswith(b"%PDF")


def test_pdf_export_before_the_organisation_existed_answers_400_as_documented(fuzz, org):
    operation = fuzz.schema[f"{API}/organisations/{{id}}/register.{{fmt}}"]["GET"]
    response = fuzz(operation.Case(path_parameters={"id": org.pk, "fmt": "pdf"}, query={"as_of": "2020-01-01"}))
    assert response.status_code == 400
