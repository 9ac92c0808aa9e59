"""History in the admin: each record's page lists who, when, why and the field-level changes; an activity's
page merges in its relations; inline changes carry the parent's reason; the page runs constant queries."""

from __future__ import annotations

import pytest

from ropa.models import ActivityDataCategory, DataCategory, Recipient, ThirdParty
from tests import factories
from tests.test_admin import add_inline_row, form_data, url

pytestmark = pytest.mark.django_db


def _entries(client, model: str, pk: int):
    response = client.get(url(model, "history", pk))
    assert response.status_code == 200
    return response, response.context["entries"]


def test_history_page_shows_who_why_and_old_to_new_values_with_verbose_names(dpo_client, dpo):
    act = factories.activity(name="Payments", status="draft")
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    dpo_client.post(
        url("processingactivity", "change", act.pk),
        form_data(response, name="Card payments", status="active", change_reason="Went live"),
    )

    response, entries = _entries(dpo_client, "processingactivity", act.pk)
    latest = entries[0]
    assert (latest.user, latest.reason, latest.summary) == ("dpo", "Went live", "Changed")
    assert {(c.label, c.old, c.new) for c in latest.changes} == {
        ("Name", "Payments", "Card payments"),
        ("Status", "Draft", "Active"),  # display values, not stored keys
    }
    assert entries[-1].summary == "Created" and entries[-1].reason == "test fixture"
    html = response.content.decode()
    assert "Went live" in html and "<del>Payments</del> → Card payments" in html


def test_adding_a_data_category_and_removing_a_recipient_in_the_admin_appear_in_the_activity_history(dpo_client, dpo):
    sentry = factories.third_party(name="Sentry", country="US")
    act = factories.complete_activity(vendor=sentry)
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    data = form_data(response, change_reason="Crash reports now include IP addresses; Sentry replaced")
    ip_address = DataCategory.objects.get(key="online.ip_address")
    add_inline_row(
        data,
        "activitydatacategory_set",
        data_category=ip_address.pk,
        retention_period=30,
        retention_unit="days",
        retention_event="collection",
    )
    data["recipient_set-0-DELETE"] = "on"
    data["transfer_set-0-DELETE"] = "on"
    response = dpo_client.post(url("processingactivity", "change", act.pk), data)
    assert response.status_code == 302, response.context and [
        i.formset.errors for i in response.context["inline_admin_formsets"]
    ]

    added = ActivityDataCategory.objects.get(activity=act, retention_unit="days")
    assert not Recipient.objects.filter(activity=act).exists()

    # the relation rows carry the reason and the user of the parent form
    for row in (added.history.latest(), Recipient.history.filter(activity_id=act.pk).latest()):
        assert (row.history_user, row.history_change_reason) == (
            dpo,
            "Crash reports now include IP addresses; Sentry replaced",
        )

    response, entries = _entries(dpo_client, "processingactivity", act.pk)
    summaries = [e.summary for e in entries]
    assert "Data category added: IP address" in summaries
    assert "Recipient removed: Sentry (Processor)" in summaries
    assert "Transfer removed: Sentry → United States of America" in summaries
    added_entry = next(e for e in entries if e.summary.startswith("Data category added"))
    assert ("Retention period", "—", "30") in {(c.label, c.old, c.new) for c in added_entry.changes}
    assert ("Unit", "—", "days") in {(c.label, c.old, c.new) for c in added_entry.changes}
    html = response.content.decode()
    assert "Recipient removed: Sentry (Processor)" in html


def test_a_relation_change_shows_its_field_differences(dpo_client):
    act = factories.complete_activity()
    response = dpo_client.get(url("processingactivity", "change", act.pk))
    data = form_data(response, change_reason="Retention shortened")
    data["activitydatacategory_set-0-retention_period"] = "1"
    assert dpo_client.post(url("processingactivity", "change", act.pk), data).status_code == 302
    _, entries = _entries(dpo_client, "processingactivity", act.pk)
    changed = next(e for e in entries if e.summary == "Data category changed: Email address")
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("Retention period", "2", "1")]
    assert changed.reason == "Retention shortened"


def test_activity_history_page_runs_the_same_queries_after_1_and_3_rounds_of_changes(dpo_client, assert_queries):
    # session, user, the activity, permissions, its own history and eight relation histories, and the historical
    # tables of the six kinds of referenced records (labels as they stood)
    act = factories.complete_activity()
    for rounds in (1, 3):
        factories.rounds_of_changes(act, rounds)
        with assert_queries("admin.activity_history_page", f"after {rounds} rounds"):
            response = dpo_client.get(url("processingactivity", "history", act.pk))
        assert response.status_code == 200
        assert f"Renamed {rounds}" in response.content.decode()


def test_catalogue_and_party_history_pages_show_their_changes(dpo_client):
    vendor = factories.third_party(name="Mailer")
    response = dpo_client.get(url("thirdparty", "change", vendor.pk))
    dpo_client.post(
        url("thirdparty", "change", vendor.pk),
        form_data(response, country="US", dpf_certified="on", change_reason="Moved to the US entity"),
    )
    _, entries = _entries(dpo_client, "thirdparty", vendor.pk)
    changes = {(c.label, c.old, c.new) for c in entries[0].changes}
    assert ("Country of establishment", "Ireland", "United States of America") in changes
    assert ("DPF certified", "no", "yes") in changes
    assert entries[0].reason == "Moved to the US entity"


def test_a_deleted_records_history_stays_readable(dpo_client):
    vendor = factories.third_party(name="Gone")
    assert (
        dpo_client.post(
            url("thirdparty", "delete", vendor.pk), {"post": "yes", "change_reason": "Contract ended"}
        ).status_code
        == 302
    )
    assert not ThirdParty.objects.filter(pk=vendor.pk).exists()
    response, entries = _entries(dpo_client, "thirdparty", vendor.pk)
    assert [e.summary for e in entries] == ["Deleted", "Created"]
    assert entries[0].reason == "Contract ended"
    assert "Gone" in response.content.decode()


def test_history_of_an_unknown_record_is_not_found(dpo_client):
    assert dpo_client.get(url("thirdparty", "history", 999999)).status_code == 404


def test_history_of_a_malformed_id_is_not_found(dpo_client):
    assert dpo_client.get("/admin/ropa/thirdparty/not-a-number/history/").status_code == 404
