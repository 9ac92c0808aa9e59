"""The database cache's set in one statement (the throttle count every API request writes), and its culling."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.settings import CACHE_TABLE
from ropa import dbcache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache(settings, monkeypatch):
    monkeypatch.setattr(dbcache, "CULL_EVERY", 10**9)  # never counted, unless a test says so
    settings.CACHES = {
        "default": {"BACKEND": "ropa.dbcache.DatabaseCache", "LOCATION": CACHE_TABLE, "OPTIONS": {"MAX_ENTRIES": 5}}
    }
    caches["default"].clear()
    return caches["default"]


def _rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {CACHE_TABLE}")
        return cursor.fetchone()[0]


def test_a_set_is_one_statement_that_inserts_then_updates(cache):
    with CaptureQueriesContext(connection) as captured:
        cache.set("throttle_user_1", [1.0], 60)
        cache.set("throttle_user_1", [2.0, 1.0], 60)
    assert len(captured.captured_queries) == 2
    assert cache.get("throttle_user_1") == [2.0, 1.0]
    assert _rows() == 1


def test_a_set_without_timeout_never_expires(cache):
    cache.set("forever", "kept", None)
    assert cache.get("forever") == "kept"


def test_an_expired_entry_is_not_read(cache):
    cache.set("gone", "old", -1)
    assert cache.get("gone") is None


def test_a_full_table_is_culled_on_a_sampled_set(cache, monkeypatch):
    for n in range(8):
        cache.set(f"key{n}", n, 60)
    assert _rows() == 8, "not counted while no set is sampled"
    monkeypatch.setattr(dbcache, "CULL_EVERY", 1)
    cache.set("one_more", 1, 60)
    assert _rows() == 8 - 8 // 3 + 1, "Django's cull: a third of the entries over MAX_ENTRIES (5), then the new key"
    assert cache.get("one_more") == 1


def test_increment_counts_in_one_statement_per_key(cache):
    with CaptureQueriesContext(connection) as captured:
        counts = [cache.increment("throttle_user_1:10", 60) for _ in range(3)]
        other = cache.increment("throttle_user_2:10", 60)
    assert counts == [1, 2, 3] and other == 1
    assert len(captured.captured_queries) == 4
    assert _rows() == 2
