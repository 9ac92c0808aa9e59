"""Property: whatever sequence of edits is made, the register as of any moment equals what it said then."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ropa import models as m
from ropa.choices import ActivityStatus, RecipientRole
from ropa.history import change_context
from ropa.register import build_register
from tests import factories as f

from .conftest import UTC, at, comparable

pytestmark = pytest.mark.django_db

CATEGORIES = ["contact.email", "online.ip_address", "identity.name"]
STATUSES = [ActivityStatus.DRAFT, ActivityStatus.ACTIVE, ActivityStatus.RETIRED]
idx = st.integers(0, 5)
word = st.text("abcdefgh ", min_size=1, max_size=8).map(str.strip).filter(bool)
edits = st.one_of(
    st.tuples(st.just("rename"), idx, word),
    st.tuples(st.just("status"), idx, st.sampled_from(STATUSES)),
    st.tuples(st.just("add_recipient"), idx, st.integers(0, 1)),
    st.tuples(st.just("remove_recipient"), idx, st.integers(0, 1)),
    st.tuples(st.just("add_category"), idx, st.integers(0, 2)),
    st.tuples(st.just("remove_category"), idx, st.integers(0, 2)),
    st.tuples(st.just("retention"), idx, st.integers(0, 2), st.integers(1, 10)),
    st.tuples(st.just("rename_vendor"), st.integers(0, 1), word),
    st.tuples(st.just("delete"), idx),
    st.tuples(
        st.just("create"),
    ),
)
# each edit happens 0 or 60 seconds after the previous one: equal history dates are frequent
steps = st.lists(st.tuples(edits, st.sampled_from([0, 60])), min_size=1, max_size=12)


def apply(edit, org, vendors):
    acts = list(m.ProcessingActivity.objects.filter(organisation=org).order_by("pk"))
    op, *args = edit
    if op == "create":
        f.activity(org)
        return
    if op == "rename_vendor":
        vendor = vendors[args[0]]
        vendor.refresh_from_db()
        vendor.name = f"{args[1]} #{vendor.pk}"
        f.save(vendor)
        return
    if not acts:
        return
    act = acts[args[0] % len(acts)]
    if op == "rename":
        act.name = args[1]
        f.save(act)
    elif op == "status":
        act.status = args[1]
        f.save(act)
    elif op == "delete":
        with change_context("delete"):
            act.delete()
    elif op in ("add_recipient", "remove_recipient"):
        existing = m.Recipient.objects.filter(activity=act, third_party=vendors[args[1]]).first()
        if op == "add_recipient" and not existing:
            f.save(m.Recipient(activity=act, third_party=vendors[args[1]], role=RecipientRole.PROCESSOR))
        elif op == "remove_recipient" and existing:
            with change_context("remove"):
                existing.delete()
    else:
        category = m.DataCategory.objects.get(key=CATEGORIES[args[1]])
        existing = m.ActivityDataCategory.objects.filter(activity=act, data_category=category).first()
        if op == "add_category" and not existing:
            f.save(m.ActivityDataCategory(activity=act, data_category=category))
        elif op == "remove_category" and existing:
            with change_context("remove"):
                existing.delete()
        elif op == "retention" and existing:
            existing.retention_period, existing.retention_unit, existing.retention_event = (
                args[2],
                "months",
                "collection",
            )
            f.save(existing)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # examples: the profile (tests/conftest.py)
@given(steps=steps)
def test_as_of_reconstruction_equals_recorded_states_for_random_edits(steps):
    with transaction.atomic():
        moment = dt.datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
        with at(moment):
            org = f.organisation()
            vendors = [f.third_party(country="US"), f.third_party(country="IE")]
            f.activity(org)
            f.activity(org)
        recorded = {}
        for edit, gap in steps:
            moment += dt.timedelta(seconds=gap)
            with at(moment):
                apply(edit, org, vendors)
                recorded[moment] = build_register(org.pk)  # the last edit at an instant sets the state then
        for when, register in recorded.items():
            assert comparable(build_register(org.pk, as_of=when)) == comparable(register), (when, steps)
        transaction.set_rollback(True)
