"""The historical rows written in a window (start, end]: when, who and why each change was saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from django.db import models

from ropa.history import ACTIONS
from ropa.models.base import history_of
from ropa.register.sources import HistorySource

from .changes import Event


def norm(value: Any) -> Any:
    """One comparable shape for values read from views and from historical rows."""
    if isinstance(value, list | tuple):
        return tuple(norm(v) for v in value)
    if value is None or isinstance(value, bool | int | float | dt.date | dict):
        return value
    return str(value)


class RecordingSource(HistorySource):
    """A HistorySource that keeps what it read: the start snapshot's rows are the diff's "state before"."""

    whole_rows = True  # the snapshot builder reads whole rows from it, never a projection of its own choosing

    def __init__(self, as_of: dt.datetime):
        super().__init__(as_of)
        self.read: dict[type, list[dict]] = {}

    def rows(self, model: type, fields: tuple[str, ...] = (), **filters) -> list[dict]:
        found = super().rows(model, fields, **filters)
        if not fields:  # whole rows only: a projection (e.g. which vendors are in use) is not a state
            self.read.setdefault(model, []).extend(found)
        return found


EVENT_COLUMNS = (
    "history_date",
    "history_id",
    "history_type",
    "history_change_reason",
    "history_user__username",
)


class History:
    """The historical rows of one model in (start, end], and the state just before, grouped per object.

    `before` is the model's rows at `start` (as the start snapshot read them); read here when not given.
    """

    def __init__(
        self,
        model: type[models.Model],
        start: dt.datetime,
        end: dt.datetime,
        key: Callable[[dict], Hashable],
        before: list[dict] | None = None,
        **filters,
    ):
        names = [f.attname for f in model._meta.concrete_fields]
        window = (
            history_of(model)
            .model.objects.filter(history_date__gt=start, history_date__lte=end, **filters)
            .order_by("history_date", "history_id")
            .values(*names, *EVENT_COLUMNS)
        )
        self.rows: dict[Hashable, list[dict]] = {}
        for row in window:
            self.rows.setdefault(key(row), []).append(row)
        self.before: dict[Hashable, dict] = {}
        if self.rows:  # no change in the window: the state before is not needed
            if before is None:
                before = HistorySource(start).rows(model, **filters)
            self.before = {key(r): r for r in before}

    @staticmethod
    def event(row: dict) -> Event:
        return Event(
            row["history_date"],
            row["history_user__username"],
            row["history_change_reason"] or "",
            ACTIONS.get(row["history_type"], row["history_type"]),
        )

    def events(self, key: Hashable, types: str = "+~-") -> tuple[Event, ...]:
        return tuple(self.event(r) for r in self.rows.get(key, ()) if r["history_type"] in types)

    def field_events(self, key: Hashable, attname: str, normalise: Callable[[Any], Any] = norm) -> tuple[Event, ...]:
        """The rows of the window that changed one field of one object."""
        previous = self.before.get(key)
        prev = normalise(previous[attname]) if previous else None
        found = []
        for row in self.rows.get(key, ()):
            if row["history_type"] == "-":
                continue
            value = normalise(row[attname])
            if previous is not None and value != prev:
                found.append(self.event(row))
            previous, prev = row, value
        return tuple(found)
