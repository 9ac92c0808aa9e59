"""The API's throttles count requests per fixed window: the cache holds one small pair per client whatever the rate,
the limit answers 429 with the seconds left in the window, and the next window starts again from zero."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory

from config.settings import CACHE_TABLE
from ropa import dbcache
from ropa.api.throttling import UserThrottle


class _Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def throttle(monkeypatch):
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"})
    clock = _Clock(600.0)  # the start of a window (600 = 10 × 60)
    made = UserThrottle()
    made.timer = clock
    cache.clear()
    return made, clock


def _request():
    request = APIRequestFactory().get("/api/v1/activities/", REMOTE_ADDR="192.0.2.7")
    request.user = AnonymousUser()  # counted by address, as an unauthenticated client
    return request


def test_the_limit_is_reached_then_the_next_window_starts_again(throttle):
    made, clock = throttle
    request = _request()
    assert [made.allow_request(request, None) for _ in range(4)] == [True, True, True, False]
    clock.now = 630.0
    assert made.allow_request(request, None) is False
    assert made.wait() == pytest.approx(30.0)  # the seconds left in this minute's window
    clock.now = 660.0
    assert made.allow_request(request, None) is True


def test_the_cache_holds_one_count_per_window_whatever_the_number_of_requests(throttle, monkeypatch):
    _, clock = throttle
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "100000/minute", "anon": "100000/minute"})
    made = UserThrottle()
    made.timer = clock
    request = _request()
    for _ in range(2000):
        assert made.allow_request(request, None)
    assert cache.get(f"{made.key}:10") == 2000  # DRF's history would hold 2,000 times here
    assert cache.get(made.key) is None


@pytest.mark.django_db
def test_with_the_database_cache_a_request_is_counted_in_one_statement(throttle, settings, monkeypatch):
    monkeypatch.setattr(dbcache, "CULL_EVERY", 10**9)  # the table is not counted for culling during this test
    settings.CACHES = {"default": {"BACKEND": "ropa.dbcache.DatabaseCache", "LOCATION": CACHE_TABLE}}
    made, _ = throttle
    made.cache = caches["default"]
    request = _request()
    with CaptureQueriesContext(connection) as captured:
        allowed = [made.allow_request(request, None) for _ in range(4)]
    assert allowed == [True, True, True, False]
    assert len(captured.captured_queries) == 4
