"""Schema-driven fuzzing with poison: schemathesis draws a request for every writing operation from the OpenAPI
schema (every resource's POST, PUT and PATCH, and queueing an export), and hypothesis then puts a NUL character or
a deeply nested list (17 to 100,000 levels) somewhere in its JSON body. Every such request answers a JSON 400,
never a 500, and the database is unchanged."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa.api.parsers import MAX_DEPTH
from ropa.models import ExportJob, Organisation, ProcessingActivity, RegisterExport, ThirdParty
from tests import factories

from .conftest import API, token_for
from .test_schema import OUR_PATHS

pytestmark = pytest.mark.django_db
EXPORT_POST = (f"{API}/organisations/{{id}}/register.{{fmt}}", "post")
PLACEHOLDER = "@@poison@@"

NUL_TEXT = st.text(max_size=12).flatmap(lambda s: st.integers(0, len(s)).map(lambda i: f"{s[:i]}\x00{s[i:]}"))
DEPTH = st.integers(min_value=MAX_DEPTH + 1, max_value=100_000)
POISON = st.one_of(st.tuples(st.just("nul"), NUL_TEXT), st.tuples(st.just("nest"), DEPTH))


def poisoned_body(body, key_index: int, poison: tuple[str, object], in_key: bool) -> str:
    """The case's JSON body with the poison at one of its keys (or in a key's name, for a NUL)."""
    data = dict(body) if isinstance(body, dict) else {}
    keys = sorted(data) or ["name"]
    key = keys[key_index % len(keys)]
    kind, value = poison
    if kind == "nul" and in_key:
        data[f"{key}{value}"] = data.pop(key, "")
    else:
        data[key] = PLACEHOLDER
    text = json.dumps(data)
    if kind == "nest":
        return text.replace(json.dumps(PLACEHOLDER), "[" * int(value) + "]" * int(value))
    return text.replace(json.dumps(PLACEHOLDER), json.dumps(value))


def _state() -> tuple[int, ...]:
    return (
        ProcessingActivity.history.count(),
        ThirdParty.history.count(),
        Organisation.history.count(),
        RegisterExport.objects.count(),
        ExportJob.objects.count(),
    )


def test_nul_and_deep_nesting_anywhere_in_a_write_are_a_json_400(openapi, client, dpo, monkeypatch):
    import schemathesis
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "100000/minute", "user": "100000/minute"})
    org = factories.organisation()
    vendor = factories.third_party()
    activity = factories.complete_activity(org, vendor=vendor)
    auth = {"HTTP_AUTHORIZATION": f"Token {token_for(dpo)}"}
    writes = {(p, m) for p in OUR_PATHS for m in ("post", "put", "patch")} | {EXPORT_POST}
    openapi["paths"] = {
        path: {m: op for m, op in ops.items() if (path, m) in writes}
        for path, ops in openapi["paths"].items()
        if any((path, m) in writes for m in ops)
    }
    schema = schemathesis.openapi.from_dict(openapi)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8 * 3 + 1

    def real_id(path: str) -> int:
        """A record that exists, so that the body is read (an unknown id is a 404 before any parsing)."""
        resource = path.removeprefix(f"{API}/").split("/")[0]
        return {"organisations": org.pk, "activities": activity.pk, "third-parties": vendor.pk}.get(resource, 1)

    def fuzz(operation) -> None:
        @given(
            case=operation.as_strategy(),
            poison=POISON,
            key_index=st.integers(0, 50),
            in_key=st.booleans(),
        )
        @settings(suppress_health_check=list(HealthCheck))  # examples: the profile (tests/conftest.py)
        def run(case, poison, key_index, in_key):
            path_parameters = dict(case.path_parameters or {})
            if "id" in path_parameters:
                path_parameters["id"] = real_id(operation.path)
            path = operation.path.format(**path_parameters)
            headers = dict(auth)
            if case.method.lower() in ("put", "patch"):
                headers["HTTP_IF_MATCH"] = client.get(path, **auth)["ETag"]
            before = _state()
            response = client.generic(
                case.method.upper(),
                path,
                data=poisoned_body(case.body, key_index, poison, in_key).encode(),
                content_type="application/json",
                HTTP_X_CHANGE_REASON="fuzz",
                **headers,
            )
            assert response.status_code == 400, (case.method, path, poison[0], response.content[:300])
            assert response["Content-Type"] == "application/json"
            # the drawn body may hold a NUL of its own (schemathesis draws any text): either refusal is right
            detail = response.json()["detail"]
            assert "Null characters" in detail or "nested" in detail, detail
            assert _state() == before

        run()

    for operation in operations:
        fuzz(operation)
