"""Time and query count of build_register + run_checks for growing registers (in-memory SQLite by default).

    .venv/bin/python benchmarks/checks.py [sizes…]      e.g. 10 100 500

Set DATABASE_URL to measure on PostgreSQL (a scratch database: the script migrates it and writes to it).
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from ropa.checks import run_checks  # noqa: E402
from ropa.register import build_register  # noqa: E402
from tests import factories as f  # noqa: E402


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    org = f.organisation(address="Benchmark street 1", headcount=40)
    vendor = f.third_party(country="US", dpa_reference="")
    made = 0
    header = ("activities", "queries", "findings", "build ms", "checks ms", "peak MiB")
    print("{:>10} {:>8} {:>9} {:>9} {:>10} {:>9}".format(*header))
    for size in sizes:
        while made < size:
            f.complete_activity(org, vendor=vendor)
            made += 1
        connection.queries_log.clear()  # a full log (maxlen 9000) would hide the new queries
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            register = build_register(org.pk)
            t1 = time.perf_counter()
            findings = run_checks(register)
            t2 = time.perf_counter()
        tracemalloc.start()
        run_checks(build_register(org.pk))
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"{size:>10} {len(ctx.captured_queries):>8} {len(findings):>9} {(t1 - t0) * 1000:>9.1f} "
            f"{(t2 - t1) * 1000:>10.1f} {peak:>9.1f}"
        )


if __name__ == "__main__":
    main([int(s) for s in sys.argv[1:]] or [10, 100, 500])
