"""Every measure of the performance table, on a generated register, with its floor and the goal's ratio.

Generates one organisation with `--activities` activities (and one with `--large` for the as-of page and the
snapshot) carrying `--relations` relation rows each, spread over every relation the models declare, written with
their history. Then it times the API list and detail, the CSV, XLSX and PDF exports, an `?as_of=` page, the
snapshot build, and API PATCHes, each against a floor (hand-written queries and `json.dumps`, the bare ORM write).
Medians over `--runs`; exports and the PDF run in a forked process so each reports its own peak memory.

    .venv/bin/python benchmarks/run.py [--activities 1000] [--relations 19] [--large 10000] [--skip pdf]
    .venv/bin/python benchmarks/run.py --database-url postgres://postgres@127.0.0.1:5432/ropa_bench

Without `--database-url` it uses a throw-away SQLite file. A PostgreSQL database named in the URL is dropped and
created again. Benchmarks are not part of the test suite: tests assert query counts only.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURES = ("list", "detail", "csv", "xlsx", "pdf", "as_of", "snapshot", "patch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=1000)
    parser.add_argument("--relations", type=int, default=19)
    parser.add_argument("--large", type=int, default=10000, help="Activities of the as-of and snapshot register.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--skip", default="", help=f"Comma-separated measures to leave out: {', '.join(MEASURES)}.")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    tmp = tempfile.TemporaryDirectory()
    url = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    if url.startswith("postgres"):
        _recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("API_THROTTLE_USER", "100000000/minute")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)

    from benchmarks.generate import generate

    started = time.perf_counter()
    small = generate("Bench UAB", args.activities, args.relations)
    large = generate("Bench Large UAB", args.large, args.relations) if {"as_of", "snapshot"} - skip else None
    print(
        f"# {connection.vendor}: {args.activities} + {args.large} activities, {args.relations} relation rows "
        f"each, generated in {time.perf_counter() - started:.0f} s; {platform.node()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )

    bench = Bench(args.runs, small, large)
    print("| measure | queries | median | floor | ratio | goal |\n|---|---|---|---|---|---|", flush=True)
    for name in MEASURES:
        if name not in skip:
            for row in getattr(bench, name)():
                print(row, flush=True)
    tmp.cleanup()


def _recreate_postgres(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def median_ms(func: Callable[[], object], runs: int) -> float:
    func()  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def count_queries(func: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured.captured_queries)


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


def row(measure: str, queries: int | str, median: float, floor: float | None, goal: str) -> str:
    ratio = f"{median / floor:.1f}×" if floor else ""
    return f"| {measure} | {queries} | {_ms(median)} | {_ms(floor) if floor else ''} | {ratio} | {goal} |"


class Bench:
    """One method per line of the table; each returns the table rows it measured."""

    def __init__(self, runs: int, small, large):
        from django.contrib.auth.models import Group, User
        from rest_framework.test import APIClient

        from ropa.auth import issue_token
        from ropa.models import ApiToken
        from ropa.roles import DPO

        self.runs, self.small, self.large = runs, small, large
        user = User.objects.create_user("bench-dpo", password="bench-only-password")
        user.groups.add(Group.objects.get(name=DPO))
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(ApiToken(user=user, name='benchmark'))}")
        self.pages = itertools.count()
        # Counted as a running server answers: content types and other per-process caches already filled.
        self._get("/api/v1/activities/", organisation=small.pk, page_size=1)

    def _get(self, url: str, **params):
        response = self.client.get(url, params)
        assert response.status_code == 200, response.content[:300]
        return response

    def _list(self, org, **extra) -> Callable[[], object]:
        pages = max(1, len(org.ids) // 100)
        return lambda: self._get(
            "/api/v1/activities/", organisation=org.pk, page_size=100, page=1 + next(self.pages) % pages, **extra
        )

    def list(self) -> list[str]:
        from benchmarks.floor import activity_page

        request = self._list(self.small)
        floor = median_ms(lambda: activity_page(self.small.pk, 1 + next(self.pages) % 10), self.runs)
        return [
            row(
                "activity list, page of 100",
                count_queries(request),
                median_ms(request, self.runs),
                floor,
                "≤ 4× the floor",
            )
        ]

    def detail(self) -> list[str]:
        from benchmarks.floor import activity_detail

        ids = itertools.cycle(self.small.ids)
        request = lambda: self._get(f"/api/v1/activities/{next(ids)}/")  # noqa: E731
        floor = median_ms(lambda: activity_detail(next(ids)), self.runs)
        return [row("activity detail", count_queries(request), median_ms(request, self.runs), floor, "keep")]

    def _export(self, fmt: str, goal: str, runs: int) -> list[str]:
        elapsed, rss, workers = zip(*(_in_child(_timed_export, self.small.pk, fmt) for _ in range(runs)), strict=True)
        peak = f"peak RSS {max(rss) / 1024:.0f} MiB" + (
            f", workers {max(workers) / 1024:.0f} MiB" if any(workers) else ""
        )
        return [
            row(
                f"whole-register {fmt.upper()} ({peak})",
                "",
                statistics.median(elapsed) * 1000,
                None,
                goal,
            )
        ]

    def csv(self) -> list[str]:
        return self._export("csv", "≤ 0.5 s", 3)

    def xlsx(self) -> list[str]:
        return self._export("xlsx", "≤ 1.5 s, ≤ 200 MB", 3)

    def pdf(self) -> list[str]:
        return self._export("pdf", "≤ 15 s, ≤ 400 MB", 1)

    def as_of(self) -> list[str]:
        from django.utils import timezone

        moment = timezone.now().isoformat()
        live = self._list(self.large)
        past = self._list(self.large, as_of=moment)
        runs = max(3, self.runs // 3)
        live_ms = median_ms(live, runs)
        return [
            row(
                f"list with ?as_of=, page of 100 at {len(self.large.ids)}",
                count_queries(past),
                median_ms(past, runs),
                live_ms,
                "≤ 2× the live page",
            )
        ]

    def snapshot(self) -> list[str]:
        from django.utils import timezone

        from ropa.register import build_register

        moment = timezone.now()
        out = []
        for label, as_of in (("live", None), ("as-of", moment)):
            build = lambda as_of=as_of: build_register(self.large.pk, as_of=as_of)  # noqa: E731
            out.append(
                row(
                    f"snapshot, {len(self.large.ids)} activities, {label}",
                    count_queries(build),
                    median_ms(build, 3),
                    None,
                    "≤ 2 s",
                )
            )
        return out

    def patch(self) -> list[str]:
        from benchmarks.floor import orm_write

        ids = itertools.cycle(self.small.ids)
        text = (f"Benchmark edit {i}" for i in itertools.count())

        def description():
            activity_id = next(ids)
            etag = self._get(f"/api/v1/activities/{activity_id}/")["ETag"]
            return lambda: self._patch(activity_id, etag, {"description": next(text)})

        def retention():
            activity_id = next(ids)
            response = self._get(f"/api/v1/activities/{activity_id}/")
            items = response.json()["data_categories"]
            items[0]["retention_period"] = items[0]["retention_period"] % 9 + 1
            return lambda: self._patch(activity_id, response["ETag"], {"data_categories": items})

        writes = self.runs * 10  # a write is milliseconds: enough of them for a steady rate
        _rate(lambda: orm_write(next(ids), next(text)), 10)
        floor = _rate(lambda: orm_write(next(ids), next(text)), writes)
        return [
            _write_row("API PATCH of one text field", description, writes, floor),
            _write_row("API PATCH of one retention", retention, writes, floor),
        ]

    def _patch(self, activity_id: int, etag: str, body: dict) -> None:
        response = self.client.patch(
            f"/api/v1/activities/{activity_id}/",
            body,
            format="json",
            HTTP_IF_MATCH=etag,
            HTTP_X_CHANGE_REASON="benchmark",
        )
        assert response.status_code == 200, response.content[:300]


def _rate(write: Callable[[], object], runs: int) -> float:
    started = time.perf_counter()
    for _ in range(runs):
        write()
    return runs / (time.perf_counter() - started)


def _write_row(measure: str, prepare: Callable[[], Callable[[], None]], runs: int, floor: float) -> str:
    """Writes per second of `prepare()`'s write (its preparation, a GET for the ETag, is not timed), after ten
    untimed writes (first reads of the rows and statements)."""
    queries = count_queries(prepare())
    for _ in range(10):
        prepare()()
    elapsed = 0.0
    for _ in range(runs):
        write = prepare()
        started = time.perf_counter()
        write()
        elapsed += time.perf_counter() - started
    rate = runs / elapsed
    return (
        f"| {measure} | {queries} | {rate:.0f} writes/s | {floor:.0f} writes/s (ORM) | {floor / rate:.1f}× | "
        f"≥ 100/s, ≤ 12 queries, ≤ 3× the ORM |"
    )


def _timed_export(org_id: int, fmt: str) -> tuple[float, int, int]:
    """Seconds, and the peak RSS (KiB) of this process and of the largest of its descendants: the PDF's workers
    are children of multiprocessing's fork server, which is stopped (and so waited for, with the workers it
    reaped) before the children's peak is read."""
    from multiprocessing import forkserver

    from ropa.reports.service import export_register

    started = time.perf_counter()
    export_register(org_id, fmt)
    elapsed = time.perf_counter() - started
    forkserver._forkserver._stop()
    return (
        elapsed,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )


def _child(conn, func, *args) -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's database connection
    conn.send(func(*args))
    conn.close()


def _in_child(func, *args):
    """One measurement in a forked process, so its peak memory is its own."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    process = context.Process(target=_child, args=(child, func, *args))
    process.start()
    result = parent.recv()
    process.join()
    return result


if __name__ == "__main__":
    main()
