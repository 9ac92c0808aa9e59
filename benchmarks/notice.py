"""Time of the notice comparison (extraction + notice rules, and the whole compare_notice with its two snapshot
builds) on the demo and on a 1,000-activity register (in-memory SQLite by default).

    .venv/bin/python benchmarks/notice.py [activities]      default 1000

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

from ropa.demo import load_demo  # noqa: E402
from ropa.models import Organisation  # noqa: E402
from ropa.notice.compare import compare_notice, latest_notice, notice_findings  # noqa: E402
from ropa.register import build_register  # noqa: E402
from tests import factories as f  # noqa: E402


def measure(label: str, org_id: int, notice) -> None:
    register = build_register(org_id)
    t0 = time.perf_counter()
    found = notice_findings(register, notice)
    t1 = time.perf_counter()
    compare_notice(org_id, notice)
    t2 = time.perf_counter()
    tracemalloc.start()
    notice_findings(register, notice)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"{label:<28} {len(register.activities):>6} {len(found):>9} {(t1 - t0) * 1000:>10.1f} "
        f"{(t2 - t1) * 1000:>12.1f} {peak:>9.1f}"
    )


def main(size: int) -> None:
    call_command("migrate", verbosity=0)
    load_demo()
    demo = Organisation.objects.get(name__icontains="MN Technologijos")
    notice = latest_notice(demo.pk)
    header = ("register", "acts", "findings", "rules ms", "compare ms", "peak MiB")
    print("{:<28} {:>6} {:>9} {:>10} {:>12} {:>9}".format(*header))
    measure("demo (Mysterium notice)", demo.pk, notice)
    org = f.organisation(name="Benchmark Org", address="Benchmark street 1")
    f.bulk_register(org, size)
    measure(f"{size} activities (same notice)", org.pk, notice)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
