"""GET /api/v1/organisations/{id}/register.{format}: permissions, clear errors, honest digests."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from ropa.models import RegisterExport
from tests.api.conftest import token_for

from .helpers import csv_rows, json_doc

pytestmark = pytest.mark.django_db


def url(org_id: int, fmt: str) -> str:
    return f"/api/v1/organisations/{org_id}/register.{fmt}"


@pytest.fixture
def auditor_api(auditor) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(auditor)}")
    return client


def test_anonymous_gets_401_and_no_export_is_recorded(demo):
    response = APIClient().get(url(demo.org.pk, "pdf"))
    assert response.status_code == 401
    assert not RegisterExport.objects.exists()


def test_user_without_a_role_gets_403(demo):
    client = APIClient()
    client.force_authenticate(User.objects.create_user("nobody"))
    assert client.get(url(demo.org.pk, "json")).status_code == 403


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv", "html", "json"])
def test_auditor_exports_and_the_entry_digest_is_that_of_the_bytes_served(demo, auditor, auditor_api, fmt):
    response = auditor_api.get(url(demo.org.pk, fmt))
    assert response.status_code == 200
    body = response.content
    export = RegisterExport.objects.get()
    assert export.sha256 == hashlib.sha256(body).hexdigest()
    assert export.size == len(body)
    assert (export.format, export.created_by, export.organisation_id) == (fmt, auditor, demo.org.pk)
    assert response["X-Register-Export-Id"] == str(export.pk)
    assert response["X-Register-Export-SHA256"] == export.sha256
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'export{export.pk}.{fmt}"')


def test_as_of_and_include_retired_are_honoured(demo, auditor_api):
    before = timezone.now()
    demo.payments.name = "Payments v2"
    from tests import factories as f

    f.save(demo.payments)
    response = auditor_api.get(url(demo.org.pk, "json"), {"as_of": before.isoformat(), "include_retired": "true"})
    assert response.status_code == 200
    register = json_doc(response.content)["register"]
    names = {a["reference"]: a["name"] for a in register["controller_activities"]}
    assert names["PA-001"] == "Payments" and "PA-009" in names
    assert RegisterExport.objects.get().as_of == before
    live = csv_rows(auditor_api.get(url(demo.org.pk, "csv")).content)
    assert [r["Processing activity"] for r in live if r["Reference"] == "PA-001"] == ["Payments v2"]


def test_unknown_organisation_and_unknown_format_are_404(demo, auditor_api):
    assert auditor_api.get(url(999_999, "pdf")).status_code == 404
    response = auditor_api.get(url(demo.org.pk, "docx"))
    assert response.status_code == 404
    assert "choose one of" in response.json()["detail"]
    assert not RegisterExport.objects.exists()


@pytest.mark.parametrize("as_of", ["yesterday", "2025-13-45", "2025-02-30T10:00"])
def test_malformed_as_of_is_a_400_on_the_field(demo, auditor_api, as_of):
    response = auditor_api.get(url(demo.org.pk, "json"), {"as_of": as_of})
    assert response.status_code == 400
    assert "as_of" in response.json()
    assert not RegisterExport.objects.exists()


def test_future_as_of_is_a_400_that_says_why(demo, auditor_api):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = auditor_api.get(url(demo.org.pk, "json"), {"as_of": tomorrow})
    assert response.status_code == 400
    assert "future" in response.json()["as_of"][0]


def test_bad_include_retired_is_a_400(demo, auditor_api):
    response = auditor_api.get(url(demo.org.pk, "json"), {"include_retired": "perhaps"})
    assert response.status_code == 400
    assert "include_retired" in response.json()


def test_export_runs_the_same_queries_for_1_and_3_activities(auditor_api, assert_queries):
    from tests import factories as f

    org = f.organisation()
    for count, start in ((1, 0), (2, 1)):
        f.bulk_register(org, count, start=start)
        with assert_queries("api.register_export", f"{count + start} activities"):
            response = auditor_api.get(url(org.pk, "json"))
        assert response.status_code == 200
        assert len(json_doc(response.content)["register"]["controller_activities"]) == count + start


def test_an_out_of_range_organisation_id_is_a_404_not_a_crash(auditor_api):
    assert auditor_api.get(url(10**30, "json")).status_code == 404


def test_the_openapi_schema_lists_each_format_with_its_media_type():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/organisations/{id}/register.{fmt}"]["get"]
    assert set(operation["responses"]["200"]["content"]) == {
        "application/pdf",
        "application/json",
        "text/csv",
        "text/html",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }


def test_the_openapi_schema_describes_every_format_and_bounds_the_id():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/organisations/{id}/register.{fmt}"]["get"]
    description = operation["responses"]["200"]["description"]
    assert all(f"`{fmt}`" in description for fmt in ("csv", "html", "json", "pdf", "xlsx")), description
    id_schema = next(p["schema"] for p in operation["parameters"] if p["name"] == "id")
    assert (id_schema["type"], id_schema["minimum"], id_schema["maximum"]) == ("integer", 1, 10**18 - 1)
