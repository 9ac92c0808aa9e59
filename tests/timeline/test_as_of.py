"""The register as of a past moment equals what the register said at that moment, relations included."""

import datetime as dt

import pytest
from django.db import connection

from ropa import models as m
from ropa.choices import TransferMechanism
from ropa.register import build_register
from ropa.register.build import NOT_YET
from tests import factories as f

from .conftest import UTC, at, comparable
from .scenario import build_timeline, day

pytestmark = pytest.mark.django_db


def test_as_of_each_step_equals_the_register_recorded_at_that_step(alice, bob):
    timeline = build_timeline(alice, bob)
    for moment, recorded in timeline.steps:
        assert comparable(build_register(timeline.org.pk, as_of=moment)) == comparable(recorded), moment
        # and between steps, the register stays as the previous step left it
        later = moment + dt.timedelta(hours=12)
        assert comparable(build_register(timeline.org.pk, as_of=later)) == comparable(recorded), later


def test_as_of_returns_relations_and_third_parties_as_they_were(alice, bob):
    t = build_timeline(alice, bob)
    org = t.org.pk
    on_day2 = build_register(org, as_of=day(2, 12))
    a1 = on_day2.activity("PA-1")
    assert a1.name == "Customer accounts and billing"  # same-instant saves: the later one is the state
    assert a1.description == "Accounts, invoices and payments."
    assert sorted(r.third_party.name for r in a1.recipients) == ["Cloudy", "Mailer"]
    assert [(t.mechanism, t.third_party.name) for t in a1.transfers] == [(TransferMechanism.SCC, "Cloudy")]
    assert [(c.key, c.retention_period) for c in a1.data_categories] == [("contact.email", 2)]
    assert [c.key for c in on_day2.activity("PA-2").data_categories] == ["contact.email", "online.ip_address"]

    on_day4 = build_register(org, as_of=day(4, 12))
    assert on_day4.activity("PA-2").is_retired
    assert on_day4.activity("PA-3") is not None  # deleted on day 5: still there on day 4
    assert [r.third_party.name for r in on_day4.activity("PA-1").recipients] == ["Cloudy"]
    assert [c.retention_period for c in on_day4.activity("PA-1").data_categories] == [1]

    on_day5 = build_register(org, as_of=day(5, 12))
    assert on_day5.activity("PA-3") is None
    assert on_day5.activity("PA-1").recipients[0].third_party.name == "Cloudy"  # renamed only on day 6
    assert build_register(org).activity("PA-1").recipients[0].third_party.name == "Cloudy Skies"


def test_deleting_an_activity_records_the_deletion_of_its_relations(alice, bob):
    t = build_timeline(alice, bob)
    a3 = t.objects["a3"].pk
    for model in (m.Recipient, m.Transfer, m.ActivityDataCategory, m.LegalBasis, m.ActivityPurpose):
        types = list(
            model.history.filter(activity_id=a3)
            .order_by("history_date", "history_id")
            .values_list("history_type", flat=True)
        )
        assert types[0] == "+" and types[-1] == "-", model
    assert m.ProcessingActivity.history.filter(id=a3, history_type="-").get().history_user.username == "alice"


def test_before_the_organisation_existed_the_register_is_empty_with_a_note(alice, bob):
    t = build_timeline(alice, bob)
    before = build_register(t.org.pk, as_of=day(1) - dt.timedelta(seconds=1))
    assert before.organisation is None and before.activities == () and before.note == NOT_YET


def test_adequacy_is_judged_on_the_as_of_date_with_the_decisions_then_in_the_table():
    with at(dt.datetime(2020, 6, 1, tzinfo=UTC)):  # Privacy Shield in force
        org = f.organisation()
        vendor = f.third_party(country="US", dpf_certified=True)
        act = f.activity(org)
        f.save(
            m.Transfer(
                activity=act,
                third_party=vendor,
                destination_country="US",
                mechanism=TransferMechanism.ADEQUACY,
            )
        )
    in_2021 = build_register(org.pk, as_of=dt.datetime(2021, 1, 1, tzinfo=UTC))
    in_2024 = build_register(org.pk, as_of=dt.datetime(2024, 1, 1, tzinfo=UTC))
    for reg in (in_2021, in_2024):
        (transfer,) = reg.activity(act.reference).transfers
        assert transfer.mechanism == TransferMechanism.ADEQUACY and transfer.third_party.dpf_certified
    assert not in_2021.adequacy_covers("US", certified=True)  # Privacy Shield struck down, DPF not yet adopted
    assert in_2024.adequacy_covers("US", certified=True)  # DPF
    assert not in_2024.adequacy_covers("US", certified=False)


def test_adequacy_decisions_are_read_as_they_stood_in_the_table():
    with at(dt.datetime(2024, 1, 1, tzinfo=UTC)):
        org = f.organisation()
    with at(dt.datetime(2024, 2, 1, tzinfo=UTC)):
        f.save(
            m.AdequacyDecision(
                key="in_test",
                name="India (test)",
                country="IN",
                reference="test",
                in_force_from=dt.date(2023, 1, 1),
            )
        )
    keys = {d.key for d in build_register(org.pk, as_of=dt.datetime(2024, 1, 15, tzinfo=UTC)).adequacy_decisions}
    assert "us_dpf" in keys and "in_test" not in keys
    assert "in_test" in {
        d.key for d in build_register(org.pk, as_of=dt.datetime(2024, 2, 2, tzinfo=UTC)).adequacy_decisions
    }


def test_as_of_snapshot_runs_the_same_queries_for_1_and_3_activities(assert_queries):
    org = f.organisation()
    vendor = f.third_party(country="US")
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        with assert_queries("register.snapshot_as_of", f"{count} activities"):
            register = build_register(org.pk, as_of=dt.datetime.now(UTC))
        assert len(register.activities) == count


@pytest.mark.slow
def test_snapshot_live_and_as_of_runs_the_same_queries_for_200_activities(assert_queries):
    org = f.organisation()
    f.complete_activity(org)
    f.bulk_register(org, 199)
    with assert_queries("register.snapshot", "200 activities"):
        live = build_register(org.pk)
    with assert_queries("register.snapshot_as_of", "200 activities"):
        past = build_register(org.pk, as_of=dt.datetime.now(UTC))
    assert comparable(past) == comparable(live)
    assert len(past.activities) == 200
    assert all(len(a.recipients) == len(a.transfers) == len(a.data_categories) == 1 for a in past.activities)


def test_every_history_table_has_the_index_of_the_latest_row_as_of_a_moment():
    """The as-of reads pick, per object, the latest row at or before a moment: (id, history_date, history_id) is
    that key's index on every history table (without it PostgreSQL walks the date index backwards per object)."""
    from django.apps import apps

    from ropa.models.base import RegisterModel, history_of

    models_ = [mdl for mdl in apps.get_app_config("ropa").get_models() if issubclass(mdl, RegisterModel)]
    assert len(models_) >= 15
    for model in models_:
        historical = history_of(model).model
        indexed = [tuple(index.fields) for index in historical._meta.indexes]
        assert ("id", "history_date", "history_id") in indexed, model.__name__
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, historical._meta.db_table)
        assert any(c["columns"] == ["id", "history_date", "history_id"] and c["index"] for c in constraints.values())
