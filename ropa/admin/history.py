"""The admin history page's entries: `ropa.record_history` builds them (rules, labels, query count live there);
the template `admin/ropa/object_history.html` shows them."""

from __future__ import annotations

from django.db import models

from ropa.models import ProcessingActivity
from ropa.record_history import FieldChange, HistoryEntry, record_history

__all__ = ["FieldChange", "HistoryEntry", "activity_history", "object_history"]


def object_history(model: type[models.Model], pk) -> list[HistoryEntry]:
    """A record's history, newest first (an activity's with its relations merged in)."""
    return record_history(model, pk)


def activity_history(pk) -> list[HistoryEntry]:
    """An activity's history merged with its relations' (purposes, categories, recipients, transfers…)."""
    return record_history(ProcessingActivity, pk)
