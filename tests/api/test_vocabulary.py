"""One vocabulary on every API endpoint, the report, findings and changes ones included: the same permissions
(Django model permissions), the same reading of a moment, the same yes/no values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from ropa.register.dates import parse_as_of
from tests import factories

from .conftest import API


def _read_operations(openapi: dict) -> list[str]:
    """Every GET path of the API with its path parameters filled in (any id: permissions come first)."""
    return sorted(
        path.replace("{id}", "1").replace("{fmt}", "json")
        for path, operations in openapi["paths"].items()
        if path.startswith(API) and "get" in operations
    )


def test_every_read_endpoint_needs_a_login_and_the_model_view_permission(openapi, auditor_api):
    anonymous, nobody = APIClient(), APIClient()
    nobody.force_authenticate(User.objects.create_user("nobody"))
    paths = _read_operations(openapi)
    assert {f"{API}/findings/", f"{API}/organisations/1/changes/", f"{API}/organisations/1/register.json"} <= set(paths)
    for path in paths:
        assert anonymous.get(path).status_code == 401, path
        assert nobody.get(path).status_code == 403, path
        assert auditor_api.get(path).status_code not in (401, 403), path


@pytest.fixture
def moments(db, org):
    """Each endpoint that reads a moment, as (path, the other parameters it needs, the moment's parameter name)."""
    act = factories.activity(org)
    return [
        (f"{API}/activities/", {"organisation": org.pk}, "as_of"),
        (f"{API}/activities/{act.pk}/", {}, "as_of"),
        (f"{API}/findings/", {"organisation": org.pk}, "as_of"),
        (f"{API}/organisations/{org.pk}/register.json", {}, "as_of"),
        (f"{API}/organisations/{org.pk}/changes/", {}, "from"),
        (f"{API}/organisations/{org.pk}/changes/", {"from": "2024-01-01"}, "to"),
    ]


@pytest.mark.parametrize("value", ["31/01/2025", "2025-02-30", "tomorrow"])
def test_a_malformed_moment_gets_the_same_field_error_everywhere(api, moments, value):
    with pytest.raises(ValueError) as expected:
        parse_as_of(value)
    for path, params, name in moments:
        response = api.get(path, {**params, name: value})
        assert response.status_code == 400, (path, name)
        assert response.json() == {name: [str(expected.value)]}, (path, name)


def test_a_future_moment_is_refused_everywhere_and_a_past_one_accepted(api, moments):
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    for path, params, name in moments:
        response = api.get(path, {**params, name: tomorrow})
        assert response.status_code == 400 and "is in the future" in response.json()[name][0], (path, name)
        assert api.get(path, {**params, name: timezone.now().isoformat()}).status_code == 200, (path, name)


def test_yes_no_values_read_alike_in_filters_and_report_options(api, org):
    overdue = factories.activity(org, next_review_due=timezone.localdate() - dt.timedelta(days=1))
    current = factories.activity(org, next_review_due=timezone.localdate() + dt.timedelta(days=30))
    listing, report = f"{API}/activities/", f"{API}/organisations/{org.pk}/register.json"

    def refs(value: str) -> set[str]:
        answer = api.get(listing, {"organisation": org.pk, "review_overdue": value})
        return {a["reference"] for a in answer.json()["results"]}

    for yes, no in [("true", "false"), ("1", "0"), ("Yes", "no"), ("on", "OFF")]:
        assert (refs(yes), refs(no)) == ({overdue.reference}, {current.reference}), (yes, no)
        assert api.get(report, {"include_retired": yes}).json()["export"]["include_retired"] is True
        assert api.get(report, {"include_retired": no}).json()["export"]["include_retired"] is False
    message = "'maybe' is not a yes/no value: use true or false."
    assert api.get(listing, {"special_category": "maybe"}).json() == {"special_category": [message]}
    assert api.get(report, {"include_findings": "maybe"}).json() == {"include_findings": [message]}
