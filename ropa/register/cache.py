"""A short-lived cache of built snapshots, for the readers that rebuild the same register again and again.

An export in several formats, the diff's end snapshot and the exports of a past moment all ask for the register of
one organisation at one moment. A snapshot is keyed by (organisation, as-of moment, last history id): every write
of the register adds a history row, so any write makes the next lookup a miss (one query finds the last id, in any
process), and entries live at most `TTL` seconds. Held in process memory, not pickled into Django's cache: a
10,000-activity snapshot costs more to pickle than to find again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections import OrderedDict
from functools import cache

from django.apps import apps
from django.db import connection
from django.utils import timezone

from .build import build_register
from .snapshot import Register

__all__ = ["cached_register", "clear", "last_history_id"]

TTL = 120.0  # seconds
SIZE = 4  # snapshots kept

_entries: OrderedDict[tuple, tuple[float, Register]] = OrderedDict()
_lock = threading.Lock()


@cache
def _history_tables() -> tuple[str, ...]:
    from ropa.models.base import RegisterModel, history_of

    return tuple(
        history_of(model).model._meta.db_table
        for model in apps.get_app_config("ropa").get_models()
        if issubclass(model, RegisterModel)
    )


def last_history_id() -> tuple:
    """The last history row (id and date) of every register table, in one query: what any write changes. The date
    tells apart an id given again after a rolled-back write (SQLite rolls its sequence back with the transaction)."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT MAX(history_id), MAX(history_date) FROM {quote(table)}"  # noqa: S608 — table names from _meta, quoted
        for table in _history_tables()
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchall())


def cached_register(organisation_id: int, as_of: dt.datetime | None = None) -> Register:
    """`build_register(organisation_id, as_of)`, reused while no write happened (at most `TTL` seconds).

    The snapshot is shared: readers must not change it (it is frozen). `generated_at` is the time of this call.
    """
    key = (organisation_id, as_of, last_history_id())
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit and now - hit[0] < TTL:
            _entries.move_to_end(key)
            return dataclasses.replace(hit[1], generated_at=timezone.now())
    register = build_register(organisation_id, as_of=as_of)
    with _lock:
        for stale in [k for k, (at, _) in _entries.items() if k[2] != key[2] or now - at >= TTL]:
            del _entries[stale]
        _entries[key] = (now, register)
        while len(_entries) > SIZE:
            _entries.popitem(last=False)
    return register


def clear() -> None:
    with _lock:
        _entries.clear()
