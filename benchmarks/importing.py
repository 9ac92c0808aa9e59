"""Time, peak memory and queries to dry-run, import and re-import an XLSX register of N activities (default 1000).

Standalone: builds a temporary SQLite database, fills one organisation with N activities (each with a purpose and
legal basis, data subjects, a data category with retention, a recipient, a transfer and a security measure — the
report benchmark's register), exports it as XLSX, then in forked processes imports that file into an empty
organisation: a dry run, the confirmed import, and a re-import of the same file (which changes nothing). Each step
reports wall time, CPU time, the process's peak RSS (Django loaded included), the tracemalloc peak and the number
of queries. Run from the project root:

    .venv/bin/python benchmarks/importing.py [--activities 1000] [--format xlsx]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--format", default="xlsx", choices=["xlsx", "csv", "json"])
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="ropa-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from reports import _in_child

    from ropa.reports.service import export_register
    from tests import factories as f
    from tests.reports.conftest import bulk_register

    source = f.organisation(name="Benchmark Source UAB")
    target = f.organisation(name="Benchmark Target UAB")
    bulk_register(source, args.activities)
    _, data = export_register(source.pk, args.format)
    print(f"{args.activities} activities, {args.format} of {len(data) / 1024:.0f} KiB")
    print(f"{'step':<10} {'time':>9} {'CPU':>9} {'peak RSS':>10} {'tracemalloc':>12} {'queries':>8}  result")
    for step, dry_run in (("dry run", True), ("import", False), ("re-import", False)):
        elapsed, cpu, rss, counts, queries = _in_child(_run, target.pk, data, args.format, dry_run)
        traced = _in_child(_traced, target.pk, data, args.format) if dry_run else None
        traced_text = f"{traced / 2**20:.1f} MiB" if traced else "—"
        print(
            f"{step:<10} {elapsed:7.2f} s {cpu:7.2f} s {rss / 1024:6.0f} MiB {traced_text:>12} {queries:>8}  {counts}",
            flush=True,
        )


def _run(org_id: int, data: bytes, fmt: str, dry_run: bool):
    from django.db import connection

    from ropa.importing.service import import_register
    from ropa.models import Organisation

    organisation = Organisation.objects.get(pk=org_id)
    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        report = import_register(organisation, f"bench.{fmt}", data, dry_run=dry_run)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if report.has_errors:
        raise SystemExit(f"import failed: {report.errors[:3]}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return elapsed, cpu, rss, report.counts, queries[0]


def _traced(org_id: int, data: bytes, fmt: str) -> int:
    from ropa.importing.service import import_register
    from ropa.models import Organisation

    organisation = Organisation.objects.get(pk=org_id)
    tracemalloc.start()
    import_register(organisation, f"bench.{fmt}", data, dry_run=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


if __name__ == "__main__":
    main()
