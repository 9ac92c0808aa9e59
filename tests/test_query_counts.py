"""The query-count baselines themselves: a query added or removed fails the test with the way to update the file;
the update mode writes the measured counts back, per vendor where the file keys them so, and refuses a count that
is not constant."""

import json

import pytest
from django.contrib.auth.models import User
from django.db import connection

from ropa.register import build_register
from tests import factories as f
from tests import query_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def baselines(tmp_path, monkeypatch):
    path = tmp_path / "query_counts.json"
    monkeypatch.setattr(query_counts, "BASELINES", path)
    monkeypatch.setattr(query_counts, "_measured", {})
    return path


def test_a_query_added_or_removed_fails_with_the_way_to_update_the_baseline(baselines):
    org = f.organisation()
    baselines.write_text(json.dumps({"register.snapshot": 1}))
    with query_counts.assert_queries("register.snapshot"):
        User.objects.count()
    for extra in (0, 2):
        with (
            pytest.raises(pytest.fail.Exception) as failure,
            query_counts.assert_queries("register.snapshot", "a test"),
        ):
            for _ in range(extra):
                User.objects.count()
        assert f"register.snapshot (a test): {extra} queries on {connection.vendor}, baseline 1" in str(failure.value)
        assert "--update-query-counts" in str(failure.value)
    with (
        pytest.raises(pytest.fail.Exception, match='FROM "ropa_organisation"'),
        query_counts.assert_queries("register.snapshot"),
    ):
        build_register(org.pk)


def test_a_baseline_can_differ_by_vendor_and_a_missing_one_says_so(baselines):
    baselines.write_text(json.dumps({"users": {connection.vendor: 1, "other": 5}}))
    with query_counts.assert_queries("users"):
        User.objects.count()
    with pytest.raises(KeyError, match="no query-count baseline named 'none'"), query_counts.assert_queries("none"):
        pass


def test_the_update_mode_writes_the_measured_counts_and_refuses_a_growing_count(baselines):
    baselines.write_text(json.dumps({"users": 7, "by_vendor": {connection.vendor: 7, "other": 5}}))
    for name in ("users", "by_vendor", "new"):
        with query_counts.assert_queries(name, update=True):
            User.objects.count()
    with (
        pytest.raises(pytest.fail.Exception, match="2 queries, 1 earlier in this run: the count is not constant"),
        query_counts.assert_queries("users", update=True),
    ):
        User.objects.count()
        User.objects.count()
    query_counts.write_updates()
    assert json.loads(baselines.read_text()) == {"by_vendor": {connection.vendor: 1, "other": 5}, "new": 1, "users": 1}
