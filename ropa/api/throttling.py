"""Request rates counted per fixed window: one small (window, count) pair per client in the cache.

DRF's own throttles keep the time of every request of the last period in the cache and read, unpickle, pickle and
write that whole list on every request: at the default 2,000 requests a minute that is some 20 KB each way per
request, growing with the rate allowed. Here the cache holds the current window's number and its count, whatever
the rate. A client may make up to twice the rate across a window's boundary (the usual cost of fixed windows);
`Retry-After` says when the current window ends.
"""

from __future__ import annotations

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
        stored = self.cache.get(self.key)
        # Anything else than this window's pair (an earlier window, or DRF's list of times left by an older
        # version) starts the count again.
        count = stored[1] if isinstance(stored, tuple) and stored[0] == window else 0
        self.window_ends = (window + 1) * self.duration
        if count >= self.num_requests:
            return False
        self.cache.set(self.key, (window, count + 1), self.duration)
        return True

    def wait(self) -> float:
        return max(0.0, self.window_ends - self.now)


class UserThrottle(throttling.UserRateThrottle, WindowCounting):
    """The `user` rate per authenticated user (the `anon` rate per address otherwise), as DRF's UserRateThrottle."""


class AnonThrottle(throttling.AnonRateThrottle, WindowCounting):
    """The `anon` rate per address for unauthenticated requests, as DRF's AnonRateThrottle."""


class ScopedThrottle(throttling.ScopedRateThrottle, WindowCounting):
    """The rate of the view's `throttle_scope`, as DRF's ScopedRateThrottle."""
