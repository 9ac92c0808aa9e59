"""The findings dashboard and the findings shown on an activity's admin page."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from ropa.history import change_context
from ropa.models import ActivitySecurityMeasure
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/admin/register/findings/"


@pytest.fixture
def gaps(act, org, vendor):
    vendor.dpa_reference = ""
    f.save(vendor)
    with change_context("test: remove the measures"):
        ActivitySecurityMeasure.objects.filter(activity=act).delete()
    return org


def test_dashboard_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_dashboard_needs_the_view_permission(client, db):
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert client.get(URL).status_code == 403


def test_dashboard_counts_and_links_to_the_record_to_fix(dpo_client, gaps, act, vendor):
    response = dpo_client.get(URL, {"organisation": gaps.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Errors: 1" in page and "Warnings: 1" in page and "Information: 0" in page
    assert "RECIPIENT-DPA-MISSING" in page and "ART30-SECURITY-MEASURES-MISSING" in page
    assert reverse("admin:ropa_thirdparty_change", args=[vendor.pk]) in page
    assert reverse("admin:ropa_processingactivity_change", args=[act.pk]) in page
    groups = response.context["groups"]
    assert groups.by_severity == {"error": 1, "warning": 1, "info": 0}
    assert [r[0] for r in groups.by_rule] == ["RECIPIENT-DPA-MISSING", "ART30-SECURITY-MEASURES-MISSING"]


def test_dashboard_picks_the_only_organisation_and_escapes_names(dpo_client, act, org):
    org.name = "<script>alert(1)</script> UAB"
    f.save(org)
    page = dpo_client.get(URL).content.decode()
    assert "No findings" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_dashboard_reports_bad_input_without_failing(dpo_client, act, org):
    response = dpo_client.get(URL, {"organisation": "999999", "as_of": "soon"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown organisation" in page and "is not a date" in page


def test_activity_change_page_shows_its_findings(dpo_client, gaps, act):
    response = dpo_client.get(reverse("admin:ropa_processingactivity_change", args=[act.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="ropa-activity-findings"' in page
    assert "ART30-SECURITY-MEASURES-MISSING" in page
    # about a third party this activity shares data with: shown here too, with a link to the party's DPA field
    assert "RECIPIENT-DPA-MISSING" in page and "#id_dpa_reference" in page


def test_dashboard_runs_the_same_queries_for_1_and_3_activities(dpo_client, org, vendor, assert_queries):
    org.headcount = 40  # one finding per activity
    f.save(org)
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        with assert_queries("admin.findings_dashboard", f"{count} activities"):
            response = dpo_client.get(URL, {"organisation": org.pk})
        assert response.status_code == 200
        assert response.context["groups"].by_severity["info"] == count
