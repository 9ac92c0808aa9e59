"""The checks read the snapshot only: building and checking costs the same queries for 5 or 50 activities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropa.checks import run_checks
from ropa.register import build_register
from tests import factories as f

pytestmark = pytest.mark.django_db


def _build_and_check(org_id: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        findings = run_checks(build_register(org_id))
    return len(ctx.captured_queries), len(findings)


def test_query_count_does_not_grow_with_activities():
    org = f.organisation(address="Somewhere 1", headcount=40)  # one Art. 30(5) finding per activity
    vendor = f.third_party(country="US")
    for _ in range(5):
        f.complete_activity(org, vendor=vendor)
    few_queries, few_findings = _build_and_check(org.pk)
    for _ in range(45):
        f.complete_activity(org, vendor=vendor)
    many_queries, many_findings = _build_and_check(org.pk)
    assert many_queries == few_queries
    assert (few_findings, many_findings) == (5, 50)


def test_running_the_rules_on_a_built_snapshot_makes_no_query():
    org = f.organisation(address="Somewhere 1")
    f.complete_activity(org)
    register = build_register(org.pk)
    with CaptureQueriesContext(connection) as ctx:
        run_checks(register)
    assert ctx.captured_queries == []
