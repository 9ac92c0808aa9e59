"""Schema-driven fuzzing of the import operation (POST /organisations/{id}/import/): whatever body arrives, no
server error and an answer the schema documents; and, as every fuzzed case is a dry run or refused, nothing
written. Together with test_schema.py and test_schema_all.py every operation of the API is fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.importing.conftest import census

from .conftest import API, token_for
from .test_schema_all import _checks

IMPORT = f"{API}/organisations/{{id}}/import/"
MAX_EXAMPLES = 15


def test_import_answers_as_documented(openapi, wsgi_app, dpo, org, monkeypatch):
    import schemathesis
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    token = token_for(dpo)
    schema = schemathesis.openapi.from_dict({**openapi, "paths": {IMPORT: openapi["paths"][IMPORT]}})
    operation = next(result.ok() for result in schema.get_all_operations())
    before = census()

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.path_parameters = {"id": org.pk}
        case.query = {}  # a dry run: the default
        response = case.call(app=wsgi_app, headers={"Authorization": f"Token {token}"})
        case.validate_response(response, checks=_checks())

    run()
    assert census() == before


pytestmark = pytest.mark.django_db
