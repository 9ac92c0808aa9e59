"""Every API write is attributed (user, reason) in the history, and the history endpoint shows each change with
its field-level differences — for an activity, the changes of its relation rows too."""

from __future__ import annotations

from ropa.models import ActivityDataCategory, ProcessingActivity, Recipient, ThirdParty

from .conftest import API, if_match


def _create(api, org, vendor, **headers):
    return api.post(
        f"{API}/activities/",
        {
            "organisation": org.id,
            "reference": "PA-1",
            "name": "Support desk",
            "purposes": [{"purpose": "customer_support"}],
            "data_categories": [
                {
                    "data_category": "contact.email",
                    "retention_period": 2,
                    "retention_unit": "years",
                    "retention_event": "last_activity",
                }
            ],
            "recipients": [{"third_party": vendor.name, "role": "processor"}],
        },
        format="json",
        **headers,
    )


def _plain(changes: list[dict]) -> list[dict]:
    """The machine-readable part of each change: field, old and new as the API writes them."""
    return [{k: c[k] for k in ("field", "old", "new")} for c in changes]


def test_api_write_records_the_token_user_and_the_reason(contributor, contributor_api, org, vendor):
    created = _create(contributor_api, org, vendor, HTTP_X_CHANGE_REASON="Ticket PRIV-12: new support tool")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    row = ProcessingActivity.history.get(id=pk)
    assert row.history_user == contributor
    assert row.history_change_reason == "Ticket PRIV-12: new support tool"
    relation_rows = ActivityDataCategory.history.filter(activity_id=pk)
    assert [(r.history_user, r.history_change_reason) for r in relation_rows] == [
        (contributor, "Ticket PRIV-12: new support tool")
    ]


def test_without_a_reason_the_method_and_path_are_recorded(api, dpo, org):
    created = api.post(
        f"{API}/third-parties/",
        {"name": "Zendesk", "legal_entity": "Zendesk Inc.", "country": "US", "default_role": "processor"},
        format="json",
    )
    row = ThirdParty.history.get(id=created.json()["id"])
    assert (row.history_user, row.history_change_reason) == (dpo, "POST /api/v1/third-parties/")


def test_relation_changes_appear_in_the_activity_history(api, org, vendor):
    created = _create(api, org, vendor, HTTP_X_CHANGE_REASON="created")
    pk = created.json()["id"]
    changed = api.patch(
        f"{API}/activities/{pk}/",
        {
            "data_categories": [
                {
                    "data_category": "contact.email",
                    "retention_period": 3,
                    "retention_unit": "years",
                    "retention_event": "last_activity",
                }
            ],
            "recipients": [],
            "security_measures": [{"measure": "mfa"}],
        },
        format="json",
        HTTP_X_CHANGE_REASON="Retention review 2025",
        **if_match(created),
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["version"] == 2, "a relation change bumps the activity's version"
    assert not Recipient.objects.filter(activity_id=pk).exists()

    history = api.get(f"{API}/activities/{pk}/history/").json()
    latest = [e for e in history if e["why"] == "Retention review 2025"]
    by_model = {(e["model"], e["type"]): e for e in latest}
    retention = by_model[("activitydatacategory", "changed")]
    assert retention["who"] == "dpo"
    assert retention["object"] == "Email address"  # the same label as the admin page
    assert retention["summary"] == "Data category changed: Email address"
    assert {"field": "retention_period", "old": 2, "new": 3} in _plain(retention["changes"])
    assert {
        "field": "retention_period",
        "label": "Retention period",
        "old": 2,
        "new": 3,
        "old_display": "2",
        "new_display": "3",
    } in retention["changes"]
    assert by_model[("recipient", "deleted")]["object"] == f"{vendor.name} (Processor)"
    assert {"field": "measure", "old": None, "new": "mfa"} in _plain(
        by_model[("activitysecuritymeasure", "created")]["changes"]
    )
    assert ("processingactivity", "changed") in by_model
    assert [e["when"] for e in history] == sorted((e["when"] for e in history), reverse=True)


def test_activity_field_diffs_are_listed(api, org, vendor):
    created = _create(api, org, vendor)
    pk = created.json()["id"]
    api.patch(f"{API}/activities/{pk}/", {"name": "Help desk", "status": "active"}, format="json", **if_match(created))
    entry = api.get(f"{API}/activities/{pk}/history/").json()[0]
    assert entry["model"] == "processingactivity"
    assert entry["type"] == "changed"
    assert {"field": "name", "old": "Support desk", "new": "Help desk"} in _plain(entry["changes"])
    assert {"field": "status", "old": "draft", "new": "active"} in _plain(entry["changes"])
    status = next(c for c in entry["changes"] if c["field"] == "status")
    assert (status["old_display"], status["new_display"]) == ("Draft", "Active")


def test_history_of_a_deleted_record_stays_readable(api, org, vendor):
    created = _create(api, org, vendor)
    pk = created.json()["id"]
    assert api.delete(f"{API}/activities/{pk}/", **if_match(created)).status_code == 204
    history = api.get(f"{API}/activities/{pk}/history/").json()
    deleted = {e["model"] for e in history if e["type"] == "deleted"}
    assert {"processingactivity", "activitydatacategory", "recipient", "activitypurpose"} <= deleted
    assert api.get(f"{API}/activities/999999/history/").status_code == 404


def test_history_endpoint_runs_the_same_queries_after_1_and_3_changes(api, org, vendor, assert_queries):
    for changes in (1, 3):
        read_history_after(api, org, vendor, changes, assert_queries)


def read_history_after(api, org, vendor, changes: int, assert_queries) -> None:
    """Reads the history of an activity changed `changes` times, in the baseline's number of queries."""
    response = api.post(
        f"{API}/activities/",
        {
            "organisation": org.id,
            "reference": f"PA-H{changes}",
            "name": "Support",
            "data_categories": [{"data_category": "contact.email"}],
            "recipients": [{"third_party": vendor.id, "role": "processor"}],
        },
        format="json",
    )
    pk = response.json()["id"]
    current = response
    for n in range(changes):
        current = api.patch(
            f"{API}/activities/{pk}/",
            {
                "name": f"Name {n}",
                "data_categories": [
                    {
                        "data_category": "contact.email",
                        "retention_period": n + 1,
                        "retention_unit": "years",
                        "retention_event": "last_activity",
                    }
                ],
            },
            format="json",
            **if_match(current),
        )
        assert current.status_code == 200
    with assert_queries("api.activity_history", f"after {changes} changes"):
        history = api.get(f"{API}/activities/{pk}/history/")
    assert history.status_code == 200
    assert len(history.json()) >= 2 * changes + 3
