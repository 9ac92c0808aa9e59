"""`ropa.record_history`: one record's history as plain data, with one set of rules for the admin and the API —
creation values, relation rows merged in, deletions kept, foreign keys labelled as they stood, constant queries;
and the single list of an activity's relations (`ACTIVITY_RELATIONS`) agreeing with every place that needs it."""

from __future__ import annotations

import pytest
from django.apps import apps

from ropa import models as m
from ropa.choices import RecipientRole
from ropa.history import change_context
from ropa.models.activities import ActivityRelation
from ropa.record_history import EMPTY, record_history
from tests import factories

pytestmark = pytest.mark.django_db


def _changes(entry) -> dict[str, tuple[str, str]]:
    return {c.field: (c.old, c.new) for c in entry.changes}


def test_creation_lists_the_initial_non_empty_values_including_false():
    act = factories.activity(name="Payroll", description="", profiling=False, status="draft")
    [created] = record_history(m.ProcessingActivity, act.pk)
    assert (created.kind, created.type, created.summary, created.reason) == ("+", "created", "Created", "test fixture")
    changes = _changes(created)
    assert changes["name"] == (EMPTY, "Payroll")
    assert changes["status"] == (EMPTY, "Draft")
    assert changes["profiling"] == (EMPTY, "no")  # False is a statement, not an empty value
    assert "description" not in changes and "last_reviewed_on" not in changes  # empty: not listed
    assert not {"id", "version", "created_at", "updated_at"} & changes.keys()
    organisation = next(c for c in created.changes if c.field == "organisation")
    assert (organisation.label, organisation.old_value, organisation.new_value) == (
        "Organisation",
        None,
        act.organisation.name,
    )


def test_a_change_lists_only_the_fields_that_changed_with_plain_and_display_values(dpo):
    act = factories.activity(status="draft")
    act.status = "active"
    act.systems = "Stripe"
    factories.save(act, reason="Went live", user=dpo)
    latest = record_history(m.ProcessingActivity, act.pk)[0]
    assert (latest.type, latest.user, latest.user_id, latest.username, latest.reason) == (
        "changed",
        "dpo",
        dpo.pk,
        "dpo",
        "Went live",
    )
    assert {(c.field, c.label, c.old, c.new, c.old_value, c.new_value) for c in latest.changes} == {
        ("status", "Status", "Draft", "Active", "draft", "active"),
        ("systems", "Systems used", EMPTY, "Stripe", "", "Stripe"),
    }


def test_an_activity_history_merges_its_relation_rows_in_time_order():
    vendor = factories.third_party(name="Sentry")
    act = factories.complete_activity(vendor=vendor)
    recipient = m.Recipient.objects.get(activity=act)
    recipient.data_shared = "Crash reports"
    factories.save(recipient, reason="Scope documented")

    entries = record_history(m.ProcessingActivity, act.pk)
    assert [(e.when, e.history_id) for e in entries] == sorted(((e.when, e.history_id) for e in entries), reverse=True)
    assert {e.model for e in entries} == {m.ProcessingActivity, *m.ACTIVITY_RELATIONS} - {m.ActivityController}
    summaries = [e.summary for e in entries]
    assert "Recipient added: Sentry (Processor)" in summaries
    assert "Data category added: Email address" in summaries
    assert "Transfer added: Sentry → United States of America" in summaries
    changed = entries[1] if entries[0].model is m.ProcessingActivity else entries[0]
    assert changed.summary == "Recipient changed: Sentry (Processor)"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [("Data it receives", EMPTY, "Crash reports")]
    assert changed.reason == "Scope documented"
    # a record that is not an activity has only its own rows
    assert {e.model for e in record_history(m.ThirdParty, vendor.pk)} == {m.ThirdParty}


def test_a_deleted_record_keeps_its_history():
    act = factories.complete_activity()
    with change_context("Activity stopped"):
        m.ProcessingActivity.objects.get(pk=act.pk).delete()
    entries = record_history(m.ProcessingActivity, act.pk)
    deleted = [e for e in entries if e.type == "deleted"]
    assert {e.model for e in deleted} >= {m.ProcessingActivity, m.Recipient, m.ActivityDataCategory}
    own = next(e for e in deleted if e.model is m.ProcessingActivity)
    assert (own.reason, own.changes, own.object_label) == ("Activity stopped", (), str(act))
    assert record_history(m.ProcessingActivity, 999999) == []


def test_a_foreign_key_is_labelled_as_it_stood_at_the_time():
    vendor = factories.third_party(name="Old Name Ltd")
    act = factories.activity()
    factories.save(m.Recipient(activity=act, third_party=vendor, role=RecipientRole.PROCESSOR))
    vendor.name = "New Name Ltd"
    factories.save(vendor, reason="Rebranded")

    added = next(e for e in record_history(m.ProcessingActivity, act.pk) if e.model is m.Recipient)
    assert added.summary == "Recipient added: Old Name Ltd (Processor)"
    party = next(c for c in added.changes if c.field == "third_party")
    assert (party.new, party.new_value) == ("Old Name Ltd", "Old Name Ltd")

    # a later row of the same relation shows the name current at its own date
    recipient = m.Recipient.objects.get(activity=act)
    recipient.purpose = "Newsletters"
    factories.save(recipient)
    newest = next(e for e in record_history(m.ProcessingActivity, act.pk) if e.model is m.Recipient)
    assert newest.summary == "Recipient changed: New Name Ltd (Processor)"


def test_a_renamed_referenced_record_is_not_reported_as_a_change_of_the_pointing_row():
    category = m.DataCategory.objects.get(key="contact.email")
    act = factories.activity()
    row = factories.save(
        m.ActivityDataCategory(
            activity=act,
            data_category=category,
            retention_period=1,
            retention_unit="years",
            retention_event="collection",
        )
    )
    with change_context("Catalogue wording"):
        category.name = "E-mail address"
        category.full_clean()
        category.save()
    row.retention_period = 2
    factories.save(row)
    changed = next(
        e
        for e in record_history(m.ProcessingActivity, act.pk)
        if e.type == "changed" and e.model is m.ActivityDataCategory
    )
    assert [c.field for c in changed.changes] == ["retention_period"]


def test_the_same_queries_whatever_the_length_of_the_history(assert_queries):
    # own history + eight relation histories + referenced histories (organisation, purpose, data subjects,
    # data category, security measure, third party)
    act = factories.complete_activity()
    lengths = []
    for rounds in (0, 3):
        factories.rounds_of_changes(act, rounds)
        with assert_queries("record_history.activity", f"after {rounds} rounds of changes"):
            lengths.append(len(record_history(m.ProcessingActivity, act.pk)))
    assert lengths[1] >= lengths[0] + 3 * 3


def test_every_relation_is_declared_once_and_every_reader_derives_from_the_declaration():
    from ropa.api.serializers.activities import ActivitySerializer
    from ropa.register.build import relation_views
    from ropa.roles import ACTIVITY
    from ropa.timeline.audit import MODELS, RELATION_DETAIL

    registry = m.ACTIVITY_RELATIONS
    assert len(set(registry)) == len(registry) == 8
    assert set(registry) == {model for model in apps.get_models() if issubclass(model, ActivityRelation)}
    names = [model.relation.name for model in registry]
    assert names == [
        "purposes",
        "data_subjects",
        "data_categories",
        "legal_bases",
        "recipients",
        "transfers",
        "security_measures",
        "controllers",
    ]
    assert set(names) <= set(ActivitySerializer().fields)
    assert set(relation_views()) == set(registry) == set(RELATION_DETAIL)
    assert set(registry) <= set(MODELS.values())
    assert {model._meta.model_name for model in registry} <= set(ACTIVITY)
