"""The API's throttles count requests per fixed window: the cache holds one small pair per client whatever the rate,
the limit answers 429 with the seconds left in the window, and the next window starts again from zero."""

from __future__ import annotations

import pickle

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from rest_framework.test import APIRequestFactory

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


def test_the_cache_holds_one_small_pair_whatever_the_number_of_requests(throttle, monkeypatch):
    made, _ = throttle
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", {"user": "100000/minute", "anon": "100000/minute"})
    made = UserThrottle()
    made.timer = throttle[1]
    request = _request()
    for _ in range(2000):
        assert made.allow_request(request, None)
    stored = cache.get(made.key)
    assert stored == (10, 2000)
    assert len(pickle.dumps(stored)) < 40  # DRF's history would hold 2,000 times here


def test_a_list_left_by_the_earlier_throttle_starts_a_new_count(throttle):
    made, _ = throttle
    request = _request()
    assert made.allow_request(request, None)
    cache.set(made.key, [599.0, 598.0, 597.0], 60)  # DRF's own format
    assert made.allow_request(request, None)
    assert cache.get(made.key) == (10, 1)
