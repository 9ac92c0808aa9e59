"""No lost updates: ETag from the version, If-Match required on writes (428), stale versions refused (412), and the
check made under the row lock in the writing transaction."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropa.api import views
from ropa.models import Organisation, ProcessingActivity

from .conftest import API, if_match


def _activity(api, org):
    response = api.post(
        f"{API}/activities/", {"organisation": org.id, "reference": "PA-1", "name": "Payroll"}, format="json"
    )
    assert response.status_code == 201
    return response


def test_detail_carries_the_version_as_etag(api, org):
    response = api.get(f"{API}/organisations/{org.id}/")
    assert response["ETag"] == f'"{org.version}"'


def test_writes_without_if_match_get_428_and_change_nothing(api, org):
    url = f"{API}/organisations/{org.id}/"
    for method in (api.put, api.patch):
        response = method(url, {"name": "Renamed UAB", "country": "LT"}, format="json")
        assert response.status_code == 428
        assert "If-Match" in response.json()["detail"]
    assert api.delete(url).status_code == 428
    org.refresh_from_db()
    assert (org.name, org.version) != ("Renamed UAB", 2)
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_stale_if_match_gets_412_and_changes_nothing(api, org):
    url = f"{API}/organisations/{org.id}/"
    old = api.get(url)
    assert api.patch(url, {"trade_name": "First"}, format="json", **if_match(old)).status_code == 200
    stale = api.patch(url, {"trade_name": "Second"}, format="json", **if_match(old))
    assert stale.status_code == 412
    assert api.delete(url, **if_match(old)).status_code == 412
    assert Organisation.objects.get(pk=org.pk).trade_name == "First"


def test_if_match_that_names_no_version_is_412(api, org):
    response = api.patch(f"{API}/organisations/{org.id}/", {"trade_name": "X"}, format="json", HTTP_IF_MATCH="banana")
    assert response.status_code == 412


def test_weak_and_listed_etags_are_understood(api, org):
    url = f"{API}/organisations/{org.id}/"
    version = api.get(url)["ETag"].strip('"')
    response = api.patch(url, {"trade_name": "Weak"}, format="json", HTTP_IF_MATCH=f'"999", W/"{version}"')
    assert response.status_code == 200
    assert response["ETag"] == f'"{int(version) + 1}"'


def test_two_clients_racing_one_wins_the_other_gets_412(api, contributor_api, org):
    created = _activity(api, org)
    pk = created.json()["id"]
    url = f"{API}/activities/{pk}/"
    alice_read, bob_read = api.get(url), contributor_api.get(url)
    alice = api.put(
        url,
        {"organisation": org.id, "reference": "PA-1", "name": "Payroll (Alice)"},
        format="json",
        HTTP_X_CHANGE_REASON="Alice",
        **if_match(alice_read),
    )
    bob = contributor_api.put(
        url,
        {"organisation": org.id, "reference": "PA-1", "name": "Payroll (Bob)"},
        format="json",
        HTTP_X_CHANGE_REASON="Bob",
        **if_match(bob_read),
    )
    assert (alice.status_code, bob.status_code) == (200, 412)
    assert ProcessingActivity.objects.get(pk=pk).name == "Payroll (Alice)"
    assert not ProcessingActivity.history.filter(id=pk, history_change_reason="Bob").exists()
    # Bob is told to reload; with the fresh ETag his change goes through on top of Alice's, not over it.
    retry = contributor_api.patch(
        url, {"description": "Bob's note"}, format="json", **if_match(contributor_api.get(url))
    )
    assert retry.status_code == 200
    assert (retry.json()["name"], retry.json()["description"]) == ("Payroll (Alice)", "Bob's note")


def test_version_is_checked_on_the_row_read_under_the_lock(api, contributor_api, org, monkeypatch):
    """Alice's write lands after Bob's request began, before it reads the record: the write's read is the locked
    one (`SELECT … FOR UPDATE`), so it sees Alice's version and refuses Bob's stale write. (In this
    single-connection simulation Alice's write runs inside Bob's transaction, so Bob's rollback takes it along;
    what matters is that Bob's is refused.)"""
    created = _activity(api, org)
    pk = created.json()["id"]
    url = f"{API}/activities/{pk}/"
    real_read = views.RegisterViewSet.locked_object
    calls = []

    def alice_writes_first(view):
        calls.append(view.request.method)
        if len(calls) == 1:  # inside Bob's request, before his locked read
            alice = api.patch(url, {"name": "Alice"}, format="json", **if_match(created))
            assert alice.status_code == 200
        return real_read(view)

    monkeypatch.setattr(views.RegisterViewSet, "locked_object", alice_writes_first)
    bob = contributor_api.patch(url, {"name": "Bob"}, format="json", **if_match(created))
    assert bob.status_code == 412
    assert "changed by someone else" in bob.json()["detail"]
    assert calls == ["PATCH", "PATCH"]  # Bob's read, then Alice's inside it
    assert ProcessingActivity.objects.get(pk=pk).name != "Bob"


def test_a_write_reads_its_record_and_locks_it_in_one_query(api, org):
    """The write's read of the record is its lock: one query on the activity's table before the UPDATE, and on
    PostgreSQL it is `FOR UPDATE` of the activity's own row (not of the organisation it joins)."""
    created = _activity(api, org)
    url = f"{API}/activities/{created.json()['id']}/"
    with CaptureQueriesContext(connection) as captured:
        response = api.patch(url, {"name": "Locked"}, format="json", **if_match(created))
    assert response.status_code == 200
    table = ProcessingActivity._meta.db_table
    reads = [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    ]
    assert len(reads) == 1, reads
    if connection.vendor == "postgresql":
        assert reads[0].endswith(f'FOR UPDATE OF "{table}"')


def test_read_only_fields_cannot_forge_a_version(api, org):
    created = _activity(api, org)
    url = f"{API}/activities/{created.json()['id']}/"
    response = api.patch(url, {"version": 99, "name": "x"}, format="json", **if_match(created))
    assert response.status_code == 200
    assert response.json()["version"] == 2


def test_a_relation_changed_outside_the_api_makes_an_old_etag_stale(api, org, vendor):
    """A script changes a retention after the client read the activity: the client's PUT must not revert it."""
    from ropa.history import change_context
    from ropa.models import ActivityDataCategory

    created = api.post(
        f"{API}/activities/",
        {
            "organisation": org.pk,
            "reference": "PA-RACE",
            "name": "Payments",
            "data_categories": [
                {
                    "data_category": "contact.email",
                    "retention_period": 2,
                    "retention_unit": "years",
                    "retention_event": "end_of_contract",
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk, etag, body = created.json()["id"], created["ETag"], created.json()
    with change_context("Legal asked for ten years"):
        use = ActivityDataCategory.objects.get(activity_id=pk)
        use.retention_period = 10
        use.save()
    body.pop("id")
    response = api.put(f"{API}/activities/{pk}/", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert ActivityDataCategory.objects.get(activity_id=pk).retention_period == 10
