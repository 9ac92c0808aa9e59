"""Benchmark: the DPO's admin pages on the demo register — size, queries and serve time.

Builds a throw-away SQLite database (or uses $BENCH_DATABASE_URL), loads the demo, signs in as a DPO and requests
the start page, the activity list, the change page of the activity with the most transfers, the add page and the
findings dashboard. Prints, per page, the bytes served, the queries run and the median serve time over N runs.

    .venv/bin/python benchmarks/admin_pages.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", default="", help="measure only the pages whose name contains this")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory()
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)

    from django.contrib.auth.models import Group, User

    from ropa.models import Organisation, ProcessingActivity
    from ropa.roles import DPO

    user = User.objects.create_user("bench-dpo", password="bench-only-password", is_staff=True)
    user.groups.add(Group.objects.get(name=DPO))
    client = Client()
    client.force_login(user)
    busiest = ProcessingActivity.objects.annotate(n=Count("transfer")).order_by("-n", "pk").first()
    org = Organisation.objects.first()
    pages = {
        "start page": "/admin/",
        "activity list": "/admin/ropa/processingactivity/",
        f"activity change ({busiest.reference}, {busiest.n} transfers)": (
            f"/admin/ropa/processingactivity/{busiest.pk}/change/"
        ),
        "activity add": "/admin/ropa/processingactivity/add/",
        "findings dashboard": f"/admin/register/findings/?organisation={org.pk}",
    }
    print(f"database: {connection.vendor}; activities: {ProcessingActivity.objects.count()}")
    for name, url in pages.items():
        if args.only not in name:
            continue
        client.get(url)  # warm-up
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        count = len(queries.captured_queries)  # read now: the next request resets the log
        assert response.status_code == 200, (url, response.status_code)
        timings, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        print(
            f"{name:45} {len(response.content) / 1024:7.1f} KB {count:4d} queries "
            f"median {statistics.median(timings):7.1f} ms (CPU {statistics.median(cpu):6.1f} ms)"
        )


if __name__ == "__main__":
    main()
