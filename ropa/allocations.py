"""Pausing Python's cyclic garbage collector around code that builds a large, long-lived object graph.

A register snapshot, its report document or a WeasyPrint layout of ten thousand activities allocates hundreds of
thousands of small objects that all stay alive until the work is done; each full collection of the cyclic collector
rescans every one of them for nothing (a third of a snapshot's build time at 10,000 activities). Reference counting
still frees whatever is dropped; the collector resumes afterwards, so cycles made meanwhile are collected then.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["cyclic_gc_paused"]


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block and restore it as it was (a nested pause leaves it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
