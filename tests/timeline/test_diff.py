"""The diff of the scripted timeline lists exactly the changes made, with who made them and why."""

import datetime as dt
import json

import pytest

from ropa import models as m
from ropa.timeline.diff import diff_register
from tests import factories as f

from .conftest import UTC
from .scenario import build_timeline, day

pytestmark = pytest.mark.django_db


def lines(diff) -> set[tuple]:
    """(activity, kind, relation, label or field, users, reasons) of every change of every activity."""
    out = set()
    for rec in diff.activities:
        out.add(
            (
                rec.reference,
                rec.kind,
                "",
                "",
                tuple(e.user for e in rec.events),
                tuple(e.reason for e in rec.events),
            )
        )
        for c in rec.changes:
            out.add(
                (
                    rec.reference,
                    c.kind,
                    c.relation,
                    c.field or c.label,
                    tuple(e.user for e in c.events),
                    tuple(e.reason for e in c.events),
                )
            )
    return out


def test_diff_of_one_day_lists_the_edits_with_users_and_reasons(alice, bob):
    t = build_timeline(alice, bob)
    diff = diff_register(t.org.pk, day(1), day(2))
    assert lines(diff) == {
        ("PA-1", "changed", "", "", (), ()),
        ("PA-1", "field", "", "name", ("bob",), ("Renamed after the product launch",)),
        ("PA-1", "field", "", "description", ("bob",), ("Describe billing",)),
        ("PA-1", "added", "recipient", "Mailer (processor)", ("bob",), ("Mailer sends receipts",)),
        ("PA-2", "changed", "", "", (), ()),
        ("PA-2", "added", "data_category", "online.ip_address", ("bob",), ("Track opens",)),
    }
    name = next(c for c in diff.activities[0].changes if c.field == "name")
    assert (name.old, name.new) == ("Customer accounts", "Customer accounts and billing")
    assert name.events[0].when == day(2)


def test_diff_of_the_whole_week_lists_exactly_the_net_changes(alice, bob):
    t = build_timeline(alice, bob)
    diff = diff_register(t.org.pk, day(1), day(6))
    assert lines(diff) == {
        ("PA-1", "changed", "", "", (), ()),
        ("PA-1", "field", "", "name", ("bob",), ("Renamed after the product launch",)),
        ("PA-1", "field", "", "description", ("bob",), ("Describe billing",)),
        # the Mailer recipient came and went inside the window: not a change of the register
        ("PA-1", "field", "transfer", "mechanism", ("alice",), ("Cloudy is DPF certified",)),
        ("PA-1", "field", "data_category", "retention_period", ("alice",), ("Retention review 2024",)),
        ("PA-2", "retired", "", "", ("bob",), ("Newsletter discontinued",)),
        ("PA-2", "field", "", "status", ("bob",), ("Newsletter discontinued",)),
        ("PA-2", "added", "data_category", "online.ip_address", ("bob",), ("Track opens",)),
        (
            "PA-2",
            "removed",
            "data_category",
            "contact.email",
            ("alice",),
            ("Stop collecting email for the newsletter",),
        ),
        ("PA-3", "removed", "", "", ("alice",), ("Analytics removed from the register",)),
    }
    assert [r.reference for r in diff.retired] == ["PA-2"]
    assert [r.reference for r in diff.removed] == ["PA-3"]
    assert diff.added == ()
    retention = next(c for c in diff.changed[0].changes if c.field == "retention_period")
    assert (retention.old, retention.new, retention.note) == (2, 1, "retention shortened")
    mechanism = next(c for c in diff.changed[0].changes if c.field == "mechanism")
    assert (mechanism.old, mechanism.new, mechanism.label) == ("scc", "adequacy", "Cloudy Skies → US")
    (vendor,) = diff.third_parties
    assert {(c.field, c.old, c.new, c.events[0].user, c.events[0].reason) for c in vendor.changes} == {
        ("name", "Cloudy", "Cloudy Skies", "bob", "Vendor rebranded"),
        ("legal_entity", "Cloudy Inc.", "Cloudy Skies Inc.", "bob", "Vendor rebranded"),
    }


def test_diff_from_before_the_organisation_existed_lists_everything_as_added(alice, bob):
    t = build_timeline(alice, bob)
    diff = diff_register(t.org.pk, day(1) - dt.timedelta(days=1), day(1))
    assert [(r.reference, r.kind) for r in diff.activities] == [
        ("PA-1", "added"),
        ("PA-2", "added"),
        ("PA-3", "added"),
    ]
    assert "not yet in the register" in diff.note


def test_diff_renders_as_text_and_as_stable_json(alice, bob):
    t = build_timeline(alice, bob)
    diff = diff_register(t.org.pk, day(1), day(6))
    text = diff.text()
    assert "[retired] activity PA-2 Newsletter" in text
    # Words, not attribute names and keys; the period with its unit.
    assert "~ Data category Email address: Retention period: 2 years → 1 year (retention shortened)" in text
    assert "~ Transfer Cloudy Skies → United States of America: Mechanism: Art. 46(2)(c)" in text
    assert "~ Status: Active → Retired" in text
    assert "data_category" not in text and "contact.email" not in text and "retention_period" not in text
    assert "by alice: Retention review 2024" in text
    data = json.loads(json.dumps(diff.to_dict()))
    assert set(data) == {
        "organisation",
        "from",
        "to",
        "note",
        "summary",
        "activities",
        "third_parties",
        "organisation_changes",
    }
    assert data["summary"] == {
        "added": 0,
        "removed": 1,
        "retired": 1,
        "changed": 1,
        "third_parties_changed": 1,
    }
    first = data["activities"][0]
    assert set(first) == {"kind", "model", "id", "reference", "name", "events", "changes"}
    assert set(first["changes"][0]) == {
        "kind",
        "relation",
        "label",
        "field",
        "old",
        "new",
        "note",
        "events",
        "item_label",
        "field_label",
        "old_label",
        "new_label",  # labels beside the machine keys
    }
    retention = next(c for r in data["activities"] for c in r["changes"] if c["field"] == "retention_period")
    assert (retention["relation"], retention["label"], retention["old"], retention["new"]) == (
        "data_category",
        "contact.email",
        2,
        1,
    )
    assert (retention["item_label"], retention["old_label"], retention["new_label"]) == (
        "Data category Email address",
        "2 years",
        "1 year",
    )


def test_diff_refuses_a_start_after_its_end(alice, bob):
    with pytest.raises(ValueError, match="start"):
        diff_register(1, day(2), day(1))


def test_diff_runs_the_same_queries_for_1_and_3_activities_added_and_renamed(assert_queries):
    org = f.organisation()
    vendor = f.third_party(country="US")
    start = dt.datetime.now(UTC)
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        for act in m.ProcessingActivity.objects.filter(organisation=org):
            act.name += " (renamed)"
            f.save(act)
        with assert_queries("timeline.diff", f"{count} activities"):
            diff = diff_register(org.pk, start, dt.datetime.now(UTC))
        assert len(diff.added) == count


def test_diff_of_a_register_that_had_activities_runs_the_same_queries_for_1_and_3(assert_queries):
    """When the register had activities at the start, the start snapshot reads their relations too (eight
    queries an empty register does not run): a baseline of its own, constant in the number of activities."""
    for count in (1, 3):
        org = f.organisation()
        f.grow_to(org, count, f.third_party(country="US"))
        start = dt.datetime.now(UTC)
        for act in m.ProcessingActivity.objects.filter(organisation=org):
            act.name += " (renamed)"
            f.save(act)
        with assert_queries("timeline.diff_of_existing_activities", f"{count} activities"):
            diff = diff_register(org.pk, start, dt.datetime.now(UTC))
        assert len(diff.changed) == count
