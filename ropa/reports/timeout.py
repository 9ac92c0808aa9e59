"""A time limit on rendering a report, so a register too large for a request ends in a clear answer.

WeasyPrint offers no deadline of its own. A real-time interval timer interrupts the render with `RenderTimeout`,
which `export_register` treats like any rendering failure (its entry is rolled back); a chunked PDF's worker
processes are terminated as it passes (`pdf_pool.pool`). Signals reach only the main thread: the job worker and
gunicorn's sync workers render there; in a threaded server the limit is not applied and gunicorn's own timeout
remains the bound.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["RenderTimeout", "time_limit"]


class RenderTimeout(Exception):
    """The report took longer than its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"The report took longer than {seconds:g} s to render and was stopped.")
        self.seconds = seconds


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `RenderTimeout` in the block after `seconds` (None or 0: no limit; outside the main thread: none)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise RenderTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
