"""The admin pages, the API endpoint and the command of the register through time."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from ropa import models as m
from ropa.history import change_context
from tests import factories as f

from .scenario import build_timeline, day

pytestmark = pytest.mark.django_db

AS_OF, CHANGES, AUDIT = "/admin/register/as-of/", "/admin/register/changes/", "/admin/register/audit-trail/"


@pytest.fixture
def timeline(alice, bob):
    return build_timeline(alice, bob)


@pytest.fixture
def api(dpo):
    client = APIClient()
    client.force_authenticate(dpo)
    return client


# --- admin: access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [AS_OF, CHANGES, AUDIT])
def test_timeline_pages_need_login_and_the_view_permission(client, url):
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(User.objects.create_user("nobody", password="pw-for-tests-only", is_staff=True))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [AS_OF, CHANGES, AUDIT])
def test_auditor_can_read_the_timeline_pages(client, auditor, url):
    client.force_login(auditor)
    assert client.get(url).status_code == 200


# --- admin: register as of ----------------------------------------------------------------------------------


def test_register_as_of_shows_the_register_as_it_stood(dpo_client, timeline):
    page = dpo_client.get(AS_OF, {"organisation": timeline.org.pk, "as_of": "2024-03-01T12:00"}).content.decode()
    assert "PA-1 Customer accounts" in page and "Customer accounts and billing" not in page
    assert "PA-3 Old analytics" in page  # deleted since
    assert "Cloudy → United States of America: Art. 46(2)(c) Commission standard contractual clauses" in page
    assert ": scc" not in page  # the mechanism's label, not its stored key
    later = dpo_client.get(AS_OF, {"organisation": timeline.org.pk, "as_of": "2024-03-06"}).content.decode()
    assert "Customer accounts and billing" in later and "Old analytics" not in later
    assert "Cloudy Skies → United States of America: Art. 45 adequacy decision" in later


def test_register_as_of_before_the_organisation_existed_says_so(dpo_client, timeline):
    response = dpo_client.get(AS_OF, {"organisation": timeline.org.pk, "as_of": "2024-02-01"})
    assert response.status_code == 200
    assert "did not exist in the register at this date" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [("14/03/2024", "is not a date or datetime"), ("2999-01-01", "is in the future"), ("", "This field is required")],
)
def test_register_as_of_refuses_bad_moments_with_a_field_error(dpo_client, timeline, value, message):
    response = dpo_client.get(AS_OF, {"organisation": timeline.org.pk, "as_of": value})
    assert response.status_code == 200
    assert message in response.context["form"].errors["as_of"][0]
    assert response.context["register"] is None


# --- admin: changes between -----------------------------------------------------------------------------------


def test_changes_page_lists_changes_grouped_by_activity_with_who_and_why(dpo_client, timeline):
    page = dpo_client.get(
        CHANGES, {"organisation": timeline.org.pk, "start": "2024-03-01T12:00", "end": "2024-03-06"}
    ).content.decode()
    assert "[retired] activity PA-2 Newsletter" in page
    assert "[removed] activity PA-3 Old analytics" in page
    assert "retention shortened" in page
    assert "by alice: Retention review 2024" in page
    assert "by bob: Vendor rebranded" in page


def test_changes_page_refuses_a_period_that_runs_backwards(dpo_client, timeline):
    response = dpo_client.get(CHANGES, {"organisation": timeline.org.pk, "start": "2024-03-05", "end": "2024-03-01"})
    assert response.context["form"].errors["end"] == ["The end of the period comes before its start."]
    assert response.context["diff"] is None


def test_changes_presets_last_days_and_since_the_last_export(dpo_client, dpo):
    org = f.organisation()
    act = f.activity(org, name="Before")
    no_export = dpo_client.get(CHANGES, {"organisation": org.pk, "preset": "export"})
    assert "has not been exported yet" in no_export.context["form"].errors["preset"][0]
    m.RegisterExport.objects.create(organisation=org, format="pdf", created_at=timezone.now())
    act.name = "After"
    f.save(act, "Renamed after the export", dpo)
    diff = dpo_client.get(CHANGES, {"organisation": org.pk, "preset": "export"}).context["diff"]
    assert [(c.field, c.old, c.new, c.events[0].reason) for c in diff.changed[0].changes] == [
        ("name", "Before", "After", "Renamed after the export")
    ]
    week = dpo_client.get(CHANGES, {"organisation": org.pk, "preset": "7d"}).context["diff"]
    assert [a.kind for a in week.activities] == ["added"]  # created within the last 7 days
    assert week.end - week.start == dt.timedelta(days=7)


# --- admin: audit trail ---------------------------------------------------------------------------------------


def _audit(client, **params):
    return client.get(AUDIT, params).context["page"]


def test_audit_trail_lists_every_change_newest_first_and_filters(dpo_client, timeline, alice, bob):
    page = _audit(dpo_client)
    dates = [r["history_date"] for r in page]
    assert dates == sorted(dates, reverse=True) and len(dates) == 50
    assert page.paginator.count == sum(
        model.history.count()
        for model in (
            m.Organisation,
            m.ThirdParty,
            m.ProcessingActivity,
            m.ActivityPurpose,
            m.ActivityDataSubject,
            m.ActivityDataCategory,
            m.LegalBasis,
            m.Recipient,
            m.Transfer,
            m.ActivitySecurityMeasure,
            m.ActivityController,
            m.DataCategory,
            m.DataSubjectCategory,
            m.Purpose,
            m.SecurityMeasure,
            m.AdequacyDecision,
        )
    )
    by_bob = _audit(dpo_client, user=bob.pk)
    assert {r["username"] for r in by_bob} == {"bob"}
    assert by_bob.paginator.count == sum(
        model.history.filter(history_user=bob).count()
        for model in (m.ThirdParty, m.ProcessingActivity, m.ActivityDataCategory, m.Recipient, m.Transfer)
    )
    renamed = _audit(dpo_client, model="third_party", reason="rebranded")
    assert [(r["object_text"], r["action"], r["username"]) for r in renamed] == [("Cloudy Skies", "changed", "bob")]
    # Between its creation and deletion, the activity's own rows are version bumps from its relations' changes.
    pa3 = [r["action"] for r in _audit(dpo_client, model="activity", object="Old analytics")]
    assert pa3[0] == "deleted" and pa3[-1] == "created" and set(pa3[1:-1]) <= {"changed"}
    by_id = _audit(dpo_client, model="activity", object=str(timeline.objects["a3"].pk))
    assert [r["action"] for r in by_id] == pa3
    recipients = _audit(dpo_client, model="recipient", object="Mailer")
    assert [(r["object_text"], r["action"]) for r in recipients] == [
        ("PA-1 · Mailer", "deleted"),
        ("PA-1 · Mailer", "created"),
    ]
    in_day_3 = _audit(dpo_client, start="2024-03-03", end="2024-03-03")
    assert {r["history_date"] for r in in_day_3} == {day(3)}


def test_audit_trail_escapes_what_it_shows(dpo_client):
    org = f.organisation()
    with change_context("<script>alert(1)</script>"):
        org.name = "Evil <b>Org</b>"
        org.full_clean()
        org.save()
    page = dpo_client.get(AUDIT, {"model": "organisation"}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Evil &lt;b&gt;Org&lt;/b&gt;" in page


def test_audit_trail_runs_the_same_queries_for_1_and_3_activities_of_history(dpo_client, assert_queries):
    org = f.organisation()
    for count in (1, 3):
        f.grow_to(org, count)
        for params in ({"page": 2}, {"model": "recipient", "reason": "fixture"}):
            with assert_queries("admin.audit_trail", f"{count} activities, {params}"):
                assert dpo_client.get(AUDIT, params).status_code == 200


# --- API ------------------------------------------------------------------------------------------------------


def _changes_url(org_id):
    return f"/api/v1/organisations/{org_id}/changes/"


def test_changes_api_returns_the_machine_readable_diff(api, timeline):
    response = api.get(_changes_url(timeline.org.pk), {"from": "2024-03-01T12:00:00Z", "to": "2024-03-06T23:00:00Z"})
    assert response.status_code == 200
    data = response.json()
    assert data["summary"] == {"added": 0, "removed": 1, "retired": 1, "changed": 1, "third_parties_changed": 1}
    pa1 = next(a for a in data["activities"] if a["reference"] == "PA-1")
    transfer = next(c for c in pa1["changes"] if c["relation"] == "transfer")
    assert (transfer["field"], transfer["old"], transfer["new"]) == ("mechanism", "scc", "adequacy")
    assert transfer["events"][0]["user"] == "alice" and transfer["events"][0]["reason"] == "Cloudy is DPF certified"


def test_changes_api_needs_authentication_and_permission(timeline):
    client = APIClient()
    assert client.get(_changes_url(timeline.org.pk), {"from": "2024-03-01"}).status_code == 401
    client.force_authenticate(User.objects.create_user("nobody", password="pw-for-tests-only"))
    assert client.get(_changes_url(timeline.org.pk), {"from": "2024-03-01"}).status_code == 403


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({}, "from", "required"),
        ({"from": "yesterday"}, "from", "is not a date or datetime"),
        ({"from": "2024-03-01", "to": "2999-01-01"}, "to", "in the future"),
        ({"from": "2024-03-05", "to": "2024-03-01"}, "from", "comes after"),
    ],
)
def test_changes_api_bad_input_gets_a_field_level_400(api, timeline, params, field, message):
    response = api.get(_changes_url(timeline.org.pk), params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_changes_api_unknown_organisation_is_404(api, db):
    assert api.get(_changes_url(999999), {"from": "2024-03-01"}).status_code == 404


def test_changes_api_schema_documents_its_errors_and_the_id_range(api, db):
    """The 400 and 404 above are part of the contract; ids outside the documented range do not route."""
    from drf_spectacular.generators import SchemaGenerator

    operation = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/organisations/{id}/changes/"][
        "get"
    ]
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    id_schema = next(p["schema"] for p in operation["parameters"] if p["name"] == "id" and p["in"] == "path")
    assert (id_schema["minimum"], id_schema["maximum"]) == (1, 10**18 - 1)
    response = api.get(_changes_url(10**18 - 1), {"from": "2024-03-01"})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


# --- command --------------------------------------------------------------------------------------------------


def test_register_diff_command_text_and_json(timeline, capsys):
    call_command("register_diff", "--organisation", "Timeline UAB", "--from", "2024-03-01T12:00", "--to", "2024-03-02")
    text = capsys.readouterr().out
    assert "[changed] activity PA-1 Customer accounts and billing" in text
    assert "+ Recipient Mailer (Processor)" in text and "by bob: Mailer sends receipts" in text
    call_command(
        "register_diff", "--organisation", str(timeline.org.pk), "--from", "2024-03-01T12:00", "--format", "json"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["organisation"]["name"] == "Timeline UAB"
    assert {a["reference"]: a["kind"] for a in data["activities"]} == {
        "PA-1": "changed",
        "PA-2": "retired",
        "PA-3": "removed",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "Nobody Ltd", "--from", "2024-03-01"], "No organisation"),
        (["--organisation", "Timeline UAB", "--from", "2024-13-01"], "--from: '2024-13-01' is not a date"),
        (["--organisation", "Timeline UAB", "--from", "2024-03-01", "--to", "2999-01-01"], "--to: 2999"),
        (["--organisation", "Timeline UAB", "--from", "2024-03-05", "--to", "2024-03-01"], "comes after --to"),
    ],
)
def test_register_diff_command_bad_input_is_a_command_error(timeline, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("register_diff", *args)
