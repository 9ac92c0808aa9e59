"""The database cache with a `set` in one statement, for the counts every API request writes (its throttle).

Django's `DatabaseCache.set` runs five statements — a `COUNT(*)` of the whole table to decide on culling, then a
transaction that selects the key and updates or inserts it — on every API request, since the throttle sets its
history each time. Here a set is one upsert (`INSERT … ON CONFLICT … DO UPDATE`, PostgreSQL and SQLite alike), and
the table is counted and culled on one set in `CULL_EVERY` (at random), so it stays bounded by `MAX_ENTRIES` give or
take those sets. `add`, `touch`, reads and deletes are Django's own.
"""

from __future__ import annotations

import base64
import pickle
import random
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

__all__ = ["CULL_EVERY", "DatabaseCache"]

CULL_EVERY = 50
UPSERT_VENDORS = frozenset({"postgresql", "sqlite"})


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table: str, params: dict) -> None:
        super().__init__(table, params)
        self.table = table

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        if self._connection().vendor not in UPSERT_VENDORS:
            super().set(key, value, timeout, version)
            return
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        moment = datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        self._upsert(
            "VALUES (%s, %s, %s) ON CONFLICT ({key}) DO UPDATE SET {value} = EXCLUDED.{value}, "
            "{expires} = EXCLUDED.{expires}",
            [key, encoded, self._expires(moment)],
        )

    def increment(self, key: str, timeout: float) -> int:
        """Add one to the count at `key` (a new key counts 1 and expires after `timeout` seconds) and return it: one
        statement, atomic across processes. The count is stored as plain digits, so only this method reads it; a key
        is meant for one period (the throttle's window is in it), since an expired row is counted on until culled."""
        if self._connection().vendor not in UPSERT_VENDORS:
            self.add(key, 0, timeout)
            return self.incr(key)
        key = self.make_and_validate_key(key)
        moment = datetime.fromtimestamp(time.time() + timeout, tz=UTC)
        row = self._upsert(
            "VALUES (%s, '1', %s) ON CONFLICT ({key}) "
            "DO UPDATE SET {value} = CAST(CAST({table}.{value} AS INTEGER) + 1 AS TEXT) RETURNING {value}",
            [key, self._expires(moment)],
        )
        return int(row[0])  # type: ignore[index]  # a RETURNING statement returns its row

    def _connection(self):
        return connections[router.db_for_write(self.cache_model_class)]

    def _expires(self, moment: datetime) -> object:
        if not settings.USE_TZ:
            moment = moment.replace(tzinfo=None)
        return self._connection().ops.adapt_datetimefield_value(moment.replace(microsecond=0))

    def _upsert(self, rest: str, params: list) -> tuple | None:
        """`INSERT INTO` the cache table's (key, value, expires) columns, then `rest` with the quoted names in
        braces; culls first on one call in `CULL_EVERY`. Returns the first row of a `RETURNING` statement."""
        connection = self._connection()
        names = {
            k: connection.ops.quote_name(n)
            for k, n in (("table", self.table), ("key", "cache_key"), ("value", "value"), ("expires", "expires"))
        }
        sql = "INSERT INTO {table} ({key}, {value}, {expires}) " + rest
        with connection.cursor() as cursor:
            if random.randrange(CULL_EVERY) == 0:  # noqa: S311 — a sampling rate, not a secret
                self._cull_when_full(connection.alias, cursor)
            cursor.execute(sql.format(**names), params)
            return cursor.fetchone() if "RETURNING" in rest else None

    def _cull_when_full(self, db, cursor) -> None:
        cursor.execute(f"SELECT COUNT(*) FROM {connections[db].ops.quote_name(self.table)}")  # noqa: S608
        count = cursor.fetchone()[0]
        if count > self._max_entries:
            # Django's own cull (expired first, then a share of the oldest keys); not in django-stubs
            self._cull(db, cursor, tz_now().replace(microsecond=0), count)  # type: ignore[attr-defined]
