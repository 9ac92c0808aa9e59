"""Exact query counts as data.

Each surface that must run a constant number of queries has a baseline in `tests/query_counts.json`, keyed by a
dotted name (`"api.activity_list": 9`). A test measures the surface on small data of two sizes (say 1 and 3
activities) inside `assert_queries(name)`: both must run exactly the baseline, so a query added or removed anywhere —
an N+1 included — fails the test and shows in review as a one-line change of the file.

A baseline is one number, or one per database vendor when the count truly differs between them
(`{"sqlite": 9, "postgresql": 10}`).

After an intended change, update the file by hand or run the failing tests with `--update-query-counts`, which
writes the measured counts back (for the vendor of the run when the entry is keyed by vendor), then review the diff.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropa.register import cache as snapshot_cache

BASELINES = Path(__file__).with_name("query_counts.json")
UPDATE_OPTION = "--update-query-counts"

# the counts measured in a run with UPDATE_OPTION, written back at its end
_measured: dict[str, tuple[str, int]] = {}


def baselines() -> dict[str, int | dict[str, int]]:
    return json.loads(BASELINES.read_text())


def expected(name: str, vendor: str) -> int:
    entry = baselines().get(name)
    if entry is None:
        raise KeyError(f"no query-count baseline named {name!r} in tests/query_counts.json: add it")
    return entry[vendor] if isinstance(entry, dict) else entry


@contextmanager
def assert_queries(name: str, where: str = "", *, update: bool = False) -> Iterator[CaptureQueriesContext]:
    """Fails unless the block runs exactly the baseline number of queries `name` (on this database vendor).
    With `update`, records the count instead, failing only when one name measures two counts in a run."""
    vendor = connection.vendor
    # Content types are cached per process once read, so whether a page reads them depends on the tests that ran
    # before it in this worker: count every page as a running server does, with the cache full.
    ContentType.objects.get_for_models(*apps.get_models(include_auto_created=True))
    # A page that reads the register builds its snapshot unless an earlier request of the test built the same one
    # (`ropa.register.cache`): count the build, the cost that has to stay constant.
    snapshot_cache.clear()
    with CaptureQueriesContext(connection) as context:
        yield context
    measured, label = len(context.captured_queries), f"{name}{f' ({where})' if where else ''}"
    if update:
        earlier = _measured.setdefault(name, (vendor, measured))[1]
        if earlier != measured:
            pytest.fail(
                f"{label}: {measured} queries, {earlier} earlier in this run: the count is not constant", pytrace=False
            )
        return
    baseline = expected(name, vendor)
    if measured == baseline:
        return
    sql = "\n".join(f"{n}. {q['sql']}" for n, q in enumerate(context.captured_queries, start=1))
    pytest.fail(
        f"{label}: {measured} queries on {vendor}, baseline {baseline}.\n"
        f'If the change is intended, set "{name}" in tests/query_counts.json to {measured} (keyed by vendor '
        f"if SQLite and PostgreSQL truly differ), or re-run the failing tests with {UPDATE_OPTION}; "
        f"then review the diff.\nQueries run:\n{sql}",
        pytrace=False,
    )


def write_updates() -> None:
    """Writes the counts measured under UPDATE_OPTION into the file; parallel workers take turns on a lock."""
    if not _measured:
        return
    with BASELINES.open("r+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        data = json.load(handle)
        for name, (vendor, measured) in _measured.items():
            entry = data.get(name)
            if isinstance(entry, dict):
                entry[vendor] = measured
            else:
                data[name] = measured
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(dict(sorted(data.items())), indent=2) + "\n")
    _measured.clear()
