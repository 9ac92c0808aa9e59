"""The checks read the snapshot only: building and checking costs the same queries whatever the number of
activities, and checking a built snapshot none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropa.checks import run_checks
from ropa.register import build_register
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_building_and_checking_runs_the_same_queries_for_1_and_3_activities(assert_queries):
    org = f.organisation(address="Somewhere 1", headcount=40)  # one Art. 30(5) finding per activity
    vendor = f.third_party(country="US")
    for count in (1, 3):
        f.grow_to(org, count, vendor)
        with assert_queries("checks.build_and_check", f"{count} activities"):
            findings = run_checks(build_register(org.pk))
        assert len(findings) == count


def test_running_the_rules_on_a_built_snapshot_makes_no_query():
    org = f.organisation(address="Somewhere 1")
    f.complete_activity(org)
    register = build_register(org.pk)
    with CaptureQueriesContext(connection) as ctx:
        run_checks(register)
    assert ctx.captured_queries == []
