"""The worker processes of a chunked PDF render, stopped with it.

Workers come from a fork server that has imported WeasyPrint (`pdf_worker`) and nothing of Django: safe to
start from a threaded server (nothing forks the server's threads), and quick to start (no import per worker).
`pool()` terminates every worker when its block ends with an exception — the render time limit's
`RenderTimeout` (SIGALRM, raised in the parent while it waits for a part) included — so no layout outlives the
export that asked for it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.conf import settings

__all__ = ["pool", "worker_count"]

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["ropa.reports.pdf_worker"])


def worker_count() -> int:
    """`settings.PDF_WORKERS`, or the number of CPUs this process may use, at most 4."""
    configured = getattr(settings, "PDF_WORKERS", None)
    if configured:
        return max(1, int(configured))
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(4, available))


@contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context)
    try:
        yield executor
    except BaseException:
        _terminate(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _terminate(executor: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop a running task: its processes are terminated (SIGTERM) and reaped.
    processes = list((executor._processes or {}).values())
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
