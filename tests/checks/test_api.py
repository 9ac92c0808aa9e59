"""GET /api/v1/findings/: authentication, permission, validation of every parameter, filters and as-of."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/findings/"


@pytest.fixture
def api(dpo):
    client = APIClient()
    client.force_authenticate(dpo)
    return client


@pytest.fixture
def gaps(act, org, vendor):
    """One error (processor without DPA) and one warning (the need for a DPO never assessed)."""
    vendor.dpa_reference = ""
    f.save(vendor)
    org.refresh_from_db()
    org.dpo_designation = "not_assessed"
    f.save(org)
    return org


def test_anonymous_gets_401(act, org):
    response = APIClient().get(URL, {"organisation": org.pk})
    assert response.status_code == 401


def test_user_without_view_permission_gets_403(act, org):
    client = APIClient()
    client.force_authenticate(User.objects.create_user("nobody", is_staff=True))
    assert client.get(URL, {"organisation": org.pk}).status_code == 403


def test_auditor_reads_findings(auditor, gaps):
    client = APIClient()
    client.force_authenticate(auditor)
    response = client.get(URL, {"organisation": gaps.pk})
    assert response.status_code == 200
    data = response.json()
    assert data["organisation"] == {"id": gaps.pk, "name": gaps.name}
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}
    assert [x["code"] for x in data["findings"]] == ["RECIPIENT-DPA-MISSING", "ART30-DPO-CONTACT-MISSING"]


def test_severity_filter(api, gaps):
    data = api.get(URL, {"organisation": gaps.pk, "severity": "warning"}).json()
    assert [x["code"] for x in data["findings"]] == ["ART30-DPO-CONTACT-MISSING"]


def test_as_of_reads_the_register_as_it_stood(api, act, org, vendor):
    before = timezone.now()
    vendor.dpa_reference = ""
    f.save(vendor)
    assert api.get(URL, {"organisation": org.pk}).json()["counts"]["error"] == 1
    past = api.get(URL, {"organisation": org.pk, "as_of": before.isoformat()}).json()
    assert past["counts"]["error"] == 0 and past["as_of"] == before.isoformat()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "organisation"),
        ({"organisation": "abc"}, "organisation"),
        ({"organisation": "99999"}, "organisation"),
        ({"severity": "fatal"}, "severity"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "2025-02-30"}, "as_of"),
    ],
)
def test_bad_parameters_get_a_field_level_400(api, org, params, field):
    query = {"organisation": org.pk, **params} if params or field != "organisation" else {}
    response = api.get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


def test_findings_run_the_same_queries_for_1_and_3_activities(api, org, vendor, assert_queries):
    org.headcount = 40  # one finding per activity
    f.save(org)
    api.get(URL, {"organisation": org.pk})  # warm up: the forced user caches its permissions on the first request
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        with assert_queries("api.findings", f"{count} activities"):
            response = api.get(URL, {"organisation": org.pk})
        assert response.status_code == 200
        assert response.json()["counts"]["info"] == count


def test_the_openapi_schema_documents_every_answer_the_endpoint_gives(api, org):
    """A client generated from the schema must know the 400 (bad parameter), 401 and 403 answers."""
    from drf_spectacular.generators import SchemaGenerator

    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"][URL]["get"]
    assert {"200", "400", "401", "403"} <= set(operation["responses"])
    assert api.get(URL, {"organisation": org.pk, "as_of": "yesterday"}).status_code == 400
