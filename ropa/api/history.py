"""A record's change history as the API serves it: the entries of `ropa.record_history` (one rule set with the
admin page) as plain dicts for `HistoryEntrySerializer`."""

from __future__ import annotations

from django.db import models

from ropa.record_history import HistoryEntry
from ropa.record_history import record_history as build

__all__ = ["record_history"]


def _entry(e: HistoryEntry) -> dict:
    return {
        "history_id": e.history_id,
        "when": e.when,
        "who": e.username,
        "user_id": e.user_id,
        "why": e.reason,
        "type": e.type,
        "model": e.model_name,
        "model_verbose_name": e.model_verbose_name,
        "object_id": e.object_id,
        "object": e.object_label,
        "summary": e.summary,
        "version": e.version,
        "changes": [
            {
                "field": c.field,
                "label": c.label,
                "old": c.old_value,
                "new": c.new_value,
                "old_display": c.old,
                "new_display": c.new,
            }
            for c in e.changes
        ],
    }


def record_history(model: type[models.Model], pk: int) -> list[dict] | None:
    """The change history of one record, newest first; None when the record never existed."""
    entries = build(model, pk)
    return [_entry(e) for e in entries] if entries else None
