"""Request rates counted per fixed window: one count per client and window in the cache.

DRF's own throttles keep the time of every request of the last period in the cache and read, unpickle, pickle and
write that whole list on every request (two statements with the database cache; some 20 KB each way at the default
2,000 requests a minute, growing with the rate allowed), and two workers may both read the list before either
writes it back. Here each request adds one to its window's count: one atomic statement with the database cache
(`ropa.dbcache.DatabaseCache.increment`), `add` + `incr` with any other cache. A client may make up to twice the rate
across a window's boundary (the usual cost of fixed windows); `Retry-After` says when the current window ends.
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling

__all__ = ["AnonThrottle", "ScopedThrottle", "UserThrottle", "WindowCounting"]


class WindowCounting(throttling.SimpleRateThrottle):
    """`SimpleRateThrottle` with its history replaced by a count per window of `duration` seconds."""

    duration: int  # set by SimpleRateThrottle from the rate
    num_requests: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return _increment(self.cache, f"{self.key}:{window}", self.duration) <= self.num_requests

    def wait(self) -> float:
        return max(0.0, self.window_ends - self.now)


def _increment(cache: Any, key: str, timeout: int) -> int:
    if hasattr(cache, "increment"):
        return cache.increment(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout)
        return 1


class UserThrottle(throttling.UserRateThrottle, WindowCounting):
    """The `user` rate per authenticated user (the `anon` rate per address otherwise), as DRF's UserRateThrottle."""


class AnonThrottle(throttling.AnonRateThrottle, WindowCounting):
    """The `anon` rate per address for unauthenticated requests, as DRF's AnonRateThrottle."""


class ScopedThrottle(throttling.ScopedRateThrottle, WindowCounting):
    """The rate of the view's `throttle_scope`, as DRF's ScopedRateThrottle."""
