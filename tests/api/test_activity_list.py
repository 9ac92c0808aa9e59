"""The activity list: filters a DPO asks for, bounded pages, constant queries, and the register's past."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ropa.choices import ActivityStatus, LawfulBasis, TransferMechanism
from ropa.models import ActivityDataCategory, DataCategory, LegalBasis, ProcessingActivity, Purpose, Transfer
from tests import factories

from .conftest import API, if_match


def _refs(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return sorted(row["reference"] for row in response.json()["results"])


@pytest.fixture
def register(db, org):
    """Three activities that differ in every filtered dimension."""
    mail = factories.third_party(name="Mailer", country="US")
    health = factories.activity(
        org, reference="A-HEALTH", status=ActivityStatus.ACTIVE, next_review_due=dt.date(2020, 1, 1)
    )
    factories.save(
        ActivityDataCategory(
            activity=health, data_category=DataCategory.objects.get(key="special.health"), art9_condition="h"
        )
    )
    factories.save(
        LegalBasis(
            activity=health,
            purpose=Purpose.objects.get(key="service_provision"),
            basis=LawfulBasis.LEGAL_OBLIGATION,
            law_reference="Health law",
        )
    )
    mailing = factories.complete_activity(org, vendor=mail, reference="B-MAIL")
    retired = factories.activity(
        org, reference="C-OLD", status=ActivityStatus.RETIRED, next_review_due=dt.date(2020, 1, 1)
    )
    factories.save(
        Transfer(activity=retired, third_party=mail, destination_country="IN", mechanism=TransferMechanism.SCC)
    )
    other_org = factories.activity(reference="D-OTHER")
    return {"health": health, "mail": mailing, "retired": retired, "other": other_org, "mailer": mail}


def test_list_shows_everything_a_reader_needs(api, register):
    row = next(r for r in api.get(f"{API}/activities/", {"search": "B-MAIL"}).json()["results"])
    assert row["data_categories"][0]["data_category"] == "contact.email"
    assert row["data_categories"][0]["retention_period"] == 2
    assert row["recipients"][0] == {
        **row["recipients"][0],
        "third_party_name": "Mailer",
        "country": "US",
        "role": "processor",
    }
    assert row["transfers"][0]["mechanism"] == "scc"
    assert row["legal_bases"][0]["basis"] == "contract"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "retired"}, ["C-OLD"]),
        ({"role": "processor"}, []),
        ({"data_category": "special"}, ["A-HEALTH"]),
        ({"data_category": "contact"}, ["B-MAIL"]),
        ({"data_category": "contact.email"}, ["B-MAIL"]),
        ({"data_category": "cont"}, []),
        ({"special_category": "true"}, ["A-HEALTH"]),
        ({"recipient": "Mailer"}, ["B-MAIL"]),
        ({"destination_country": "in"}, ["C-OLD"]),
        ({"legal_basis": "legal_obligation"}, ["A-HEALTH"]),
        ({"review_overdue": "true"}, ["A-HEALTH"]),
        ({"search": "B-MAIL"}, ["B-MAIL"]),
    ],
)
def test_filters(api, org, register, params, expected):
    assert _refs(api.get(f"{API}/activities/", {"organisation": org.id, **params})) == expected


def test_recipient_by_id_and_organisation_filter(api, org, register):
    assert _refs(api.get(f"{API}/activities/", {"recipient": register["mailer"].id})) == ["B-MAIL"]
    assert _refs(api.get(f"{API}/activities/", {"organisation": org.id})) == ["A-HEALTH", "B-MAIL", "C-OLD"]
    assert _refs(api.get(f"{API}/activities/", {"special_category": "false", "organisation": org.id})) == [
        "B-MAIL",
        "C-OLD",
    ]


def test_changed_since_sees_relation_changes_made_through_the_api(api, org, register):
    since = timezone.now()
    assert _refs(api.get(f"{API}/activities/", {"changed_since": since.isoformat()})) == []
    url = f"{API}/activities/{register['health'].id}/"
    response = api.patch(url, {"security_measures": [{"measure": "mfa"}]}, format="json", **if_match(api.get(url)))
    assert response.status_code == 200
    assert _refs(api.get(f"{API}/activities/", {"changed_since": since.isoformat()})) == ["A-HEALTH"]


def test_ordering(api, org, register):
    response = api.get(f"{API}/activities/", {"organisation": org.id, "ordering": "-reference"})
    assert [r["reference"] for r in response.json()["results"]] == ["C-OLD", "B-MAIL", "A-HEALTH"]


@pytest.mark.parametrize(
    "params",
    [
        {"organisation": "abc"},
        {"organisation": 10**30},
        {"status": "lost"},
        {"changed_since": "yesterday"},
        {"review_overdue": "perhaps"},
    ],
)
def test_bad_filter_values_are_400(api, register, params):
    assert api.get(f"{API}/activities/", params).status_code == 400


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_changed_since_beyond_the_date_range_in_utc_is_a_field_error(api, register, since):
    response = api.get(f"{API}/activities/", {"changed_since": since})
    assert response.status_code == 400
    assert "out of the range of dates" in response.json()["changed_since"][0]


def test_changed_since_with_an_offset_compares_the_same_instant(api, org, register):
    later = (timezone.now() + dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=-5)))
    earlier = (timezone.now() - dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert _refs(api.get(f"{API}/activities/", {"changed_since": later.isoformat()})) == []
    assert _refs(api.get(f"{API}/activities/", {"changed_since": earlier.isoformat()})) == [
        "A-HEALTH",
        "B-MAIL",
        "C-OLD",
        "D-OTHER",
    ]


def test_page_size_is_bounded(api, org):
    for n in range(3):
        factories.activity(org, reference=f"P-{n}")
    response = api.get(f"{API}/activities/", {"page_size": 2})
    assert len(response.json()["results"]) == 2
    assert response.json()["count"] == 3
    from ropa.api.pagination import RegisterPagination

    assert RegisterPagination.max_page_size == 200


def test_page_size_above_the_bound_is_capped(api, org, monkeypatch):
    from ropa.api.pagination import RegisterPagination

    monkeypatch.setattr(RegisterPagination, "max_page_size", 2)
    for n in range(3):
        factories.activity(org, reference=f"Q-{n}")
    assert len(api.get(f"{API}/activities/", {"page_size": 1000}).json()["results"]) == 2


def _list(api, org, count: int, **params) -> None:
    response = api.get(f"{API}/activities/", {"organisation": org.id, "page_size": 200, **params})
    assert response.status_code == 200
    assert response.json()["count"] == len(response.json()["results"]) == count


def test_activity_list_runs_the_same_queries_for_1_and_3_activities(api, org, assert_queries):
    vendor = factories.third_party(country="US")
    for count in (1, 3):
        factories.grow_to(org, count, vendor)
        with assert_queries("api.activity_list", f"{count} activities"):
            _list(api, org, count)
        with assert_queries("api.activity_list_as_of", f"{count} activities"):
            _list(api, org, count, as_of=timezone.now().isoformat())


@pytest.mark.slow
def test_activity_list_runs_the_same_queries_for_100_activities(api, org, assert_queries):
    factories.complete_activity(org)
    factories.bulk_register(org, 99)
    with assert_queries("api.activity_list", "100 activities"):
        _list(api, org, 100)
    with assert_queries("api.activity_list_as_of", "100 activities"):
        _list(api, org, 100, as_of=timezone.now().isoformat())


# --- the register's past -------------------------------------------------------------------------------------------


def test_as_of_serves_the_activity_as_it_stood(api, org, register):
    activity = register["mail"]
    before = timezone.now()
    url = f"{API}/activities/{activity.id}/"
    response = api.patch(
        url, {"name": "Renamed", "recipients": [], "transfers": []}, format="json", **if_match(api.get(url))
    )
    assert response.status_code == 200

    past = api.get(url, {"as_of": before.isoformat()})
    assert past.status_code == 200
    assert past.json()["name"] == activity.name
    assert [r["third_party_name"] for r in past.json()["recipients"]] == ["Mailer"]
    assert past.json()["version"] == activity.version
    assert api.get(url).json()["recipients"] == []

    listed = api.get(f"{API}/activities/", {"as_of": before.isoformat(), "organisation": org.id})
    assert sorted(r["reference"] for r in listed.json()["results"]) == ["A-HEALTH", "B-MAIL", "C-OLD"]
    row = next(r for r in listed.json()["results"] if r["reference"] == "B-MAIL")
    assert row["name"] == activity.name
    assert row == past.json(), "the past list and the past detail agree"


def test_as_of_now_equals_the_live_representation_at_every_depth(api, org):
    vendor = factories.third_party(country="US")
    activity = factories.complete_activity(org, vendor=vendor, reference="S-001")
    url = f"{API}/activities/{activity.id}/"
    live = api.get(url).json()
    assert all(
        live[name]
        for name in (
            "purposes",
            "data_subjects",
            "data_categories",
            "legal_bases",
            "recipients",
            "transfers",
            "security_measures",
        )
    ), "every relation is filled"
    past = api.get(url, {"as_of": timezone.now().isoformat()}).json()
    assert past == live
    listed = api.get(f"{API}/activities/", {"as_of": timezone.now().isoformat(), "organisation": org.id}).json()
    assert listed["results"] == [live]


def test_as_of_list_asks_for_one_organisation(api, register, org):
    response = api.get(f"{API}/activities/", {"as_of": timezone.now().isoformat()})
    assert response.status_code == 400 and "organisation" in response.json()
    refs = _refs(api.get(f"{API}/activities/", {"as_of": timezone.now().isoformat(), "organisation": org.pk}))
    assert refs == ["A-HEALTH", "B-MAIL", "C-OLD"]


def test_as_of_before_the_activity_existed_is_404(api, register, org):
    url = f"{API}/activities/{register['health'].id}/"
    assert api.get(url, {"as_of": "2001-01-01T00:00:00Z"}).status_code == 404
    before = api.get(f"{API}/activities/", {"as_of": "2001-01-01T00:00:00Z", "organisation": org.pk})
    assert before.json()["count"] == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("last tuesday", "ISO 8601"),
        ("2024-13-45T00:00:00Z", "ISO 8601"),
        ("2999-01-01T00:00:00Z", "future"),
    ],
)
def test_malformed_or_future_as_of_is_400_with_a_clear_message(api, register, value, message):
    for url in (f"{API}/activities/", f"{API}/activities/{register['health'].id}/"):
        response = api.get(url, {"as_of": value})
        assert response.status_code == 400
        assert message in response.json()["as_of"][0]


def test_as_of_reads_deleted_activities(api, org, register):
    before = timezone.now()
    retired = register["retired"]
    url = f"{API}/activities/{retired.id}/"
    assert api.delete(url, **if_match(api.get(url))).status_code == 204
    assert not ProcessingActivity.objects.filter(pk=retired.pk).exists()
    past = api.get(url, {"as_of": before.isoformat()})
    assert past.status_code == 200
    assert past.json()["transfers"][0]["destination_country"] == "IN"


def test_as_of_page_is_sliced_in_sql_and_runs_the_same_queries_for_5_and_60_activities(api, org):
    vendor = factories.third_party(country="US")

    def page(n_before: int):
        moment = timezone.now().isoformat()
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(
                f"{API}/activities/", {"as_of": moment, "organisation": org.id, "page_size": 2, "page": 2}
            )
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == n_before
        assert [r["reference"] for r in body["results"]] == [f"S-{n:03d}" for n in (2, 3)]
        return len(ctx.captured_queries)

    for n in range(5):
        factories.complete_activity(org, vendor=vendor, reference=f"S-{n:03d}")
    few = page(5)
    for n in range(5, 60):
        factories.complete_activity(org, vendor=vendor, reference=f"S-{n:03d}")
    assert page(60) == few
