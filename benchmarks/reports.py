"""Time and peak memory to produce each register report format for a register of N activities (default 1000).

Standalone: builds a temporary SQLite database (migrations included) and fills it with N activities, each with a
purpose and legal basis, data subjects, a data category with retention, a recipient, a transfer and a security
measure. Then, per format, it runs `export_register()` (snapshot, render, export entry) in a forked process:
once timed, reporting wall time, CPU time and the process's peak RSS (which includes the ~85 MiB of Django already
loaded), and once under tracemalloc, reporting the peak of Python allocations (that pass is several times
slower; skip it for slow formats with --no-tracemalloc pdf). Run from the project root:

    .venv/bin/python benchmarks/reports.py [--activities 1000] [--formats pdf,xlsx] [--no-tracemalloc pdf]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--formats", default="json,csv,xlsx,html,pdf")
    parser.add_argument("--no-tracemalloc", default="", help="Formats to time without the tracemalloc pass.")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="ropa-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from ropa.register import build_register
    from tests import factories as f
    from tests.reports.conftest import bulk_register

    org = f.organisation(name="Benchmark Org UAB", registration_number="123456789")
    started = time.perf_counter()
    bulk_register(org, args.activities)
    print(
        f"database: {workdir}/bench.sqlite3; {args.activities} activities with relations built in "
        f"{time.perf_counter() - started:.1f} s"
    )

    started = time.perf_counter()
    tracemalloc.start()
    register = build_register(org.pk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{'snapshot only':<14} {time.perf_counter() - started:8.2f} s  peak {peak / 2**20:8.1f} MiB  "
        f"({len(register.activities)} activities)"
    )

    skip = set(filter(None, args.no_tracemalloc.split(",")))
    print(f"{'format':<8} {'time':>9} {'CPU':>9} {'peak RSS':>11} {'tracemalloc peak':>17} {'size':>10}")
    for fmt in args.formats.split(","):
        timed = _in_child(_timed_export, org.pk, fmt)
        traced = "skipped" if fmt in skip else f"{_in_child(_traced_export, org.pk, fmt) / 2**20:.1f} MiB"
        elapsed, cpu, rss_kib, size = timed
        print(
            f"{fmt:<8} {elapsed:7.2f} s {cpu:7.2f} s {rss_kib / 1024:7.0f} MiB {traced:>17} {size / 1024:7.0f} KiB",
            flush=True,
        )


def _timed_export(org_id: int, fmt: str) -> tuple[float, float, int, int]:
    """Wall and CPU time of export_register() without tracing overhead, and the process's peak resident memory.

    CPU time (this process's: with SQLite the database's work too) varies less than wall time on a busy machine."""
    from ropa.reports.service import export_register

    started, cpu_started = time.perf_counter(), time.process_time()
    _, content = export_register(org_id, fmt)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return elapsed, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(content)


def _traced_export(org_id: int, fmt: str) -> int:
    """Peak Python allocation during export_register(), from tracemalloc (slows the run several times)."""
    from ropa.reports.service import export_register

    tracemalloc.start()
    export_register(org_id, fmt)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _child(conn, func, *args) -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's database connection
    conn.send(func(*args))
    conn.close()


def _in_child(func, *args):
    """Run one measurement in a forked process, so one format's memory does not count against the next."""
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(child, func, *args))
    process.start()
    result = parent.recv()
    process.join()
    return result


if __name__ == "__main__":
    main()
