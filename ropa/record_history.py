"""The history of one register record as plain data: its historical rows (when, who, why, created / changed /
deleted) with the field-level differences between consecutive rows; for an activity, the rows of its relations
(`ropa.models.ACTIVITY_RELATIONS`) merged in time order. The admin history page and the API history endpoint only
format what this returns, so both follow the same rules:

- Fields never shown: id, version, created_at, updated_at and a relation's `activity` (bookkeeping, or implied).
- A creation lists the initial non-empty values (empty: None, "", [], {}); False and 0 are values and are listed,
  because "automated decision-making: no" is itself a statement of the register.
- A deletion lists no field changes: the row as it was is in the previous entry.
- A foreign key is labelled as the referenced record stood at the row's date, read from that record's own
  historical table; only a record without any history row falls back to its current label (and a vanished one
  to "#id"). A later rename of a purpose or vendor therefore does not rewrite the past.

Queries: one per historical model read (the record's, and for an activity its eight relations'; users come joined),
one per referenced model's historical table, and one per referenced model only if some record lacks history —
constant whatever the length of the history.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ropa import models as m
from ropa.choices import DPIACriterion
from ropa.history import ACTIONS
from ropa.models.base import history_of

__all__ = ["EMPTY", "NOT_SHOWN", "FieldChange", "HistoryEntry", "record_history"]

EMPTY = "—"
NOT_SHOWN = frozenset({"id", "version", "created_at", "updated_at", "activity"})
OBJECT_VERBS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
RELATION_VERBS = {"+": _("added"), "~": _("changed"), "-": _("removed")}
EMPTY_VALUES: tuple[Any, ...] = (None, "", [], {}, ())


@dataclass(frozen=True)
class FieldChange:
    """One field's difference: display strings (old, new) for people, plain JSON values for machines."""

    field: str
    label: str
    old: str
    new: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True)
class HistoryEntry:
    """One historical row of the record or of one of its relations."""

    history_id: int
    when: dt.datetime
    user_id: int | None
    username: str | None
    user: str  # as shown: "username (full name)", or EMPTY
    reason: str
    kind: str  # simple-history's "+", "~" or "-"
    model: type[models.Model]
    object_id: int
    object_label: str
    version: int
    summary: str
    changes: tuple[FieldChange, ...]

    @property
    def type(self) -> str:
        return ACTIONS[self.kind]

    @property
    def model_name(self) -> str:
        return str(self.model._meta.model_name)

    @property
    def model_verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)


# --- labels of referenced records, as they stood -------------------------------------------------------------


class _Labels:
    """(natural key, display label) of referenced records at a date, from their historical tables."""

    def __init__(self, wanted: dict[type[models.Model], set[int]]):
        self._history: dict[type[models.Model], dict[int, list]] = {}
        self._dates: dict[type[models.Model], dict[int, list[dt.datetime]]] = {}
        self._current: dict[type[models.Model], dict[int, tuple[Any, str]]] = {}
        for target, ids in wanted.items():
            by_id: dict[int, list] = defaultdict(list)
            if hasattr(target, "history"):
                for row in history_of(target).filter(id__in=ids).order_by("id", "history_date", "history_id"):
                    by_id[row.id].append(row)
            self._history[target] = by_id
            self._dates[target] = {pk: [r.history_date for r in rows] for pk, rows in by_id.items()}
            missing = ids - by_id.keys()
            if missing:
                self._current[target] = {
                    obj.pk: (_natural(obj), str(obj)) for obj in target._default_manager.filter(pk__in=missing)
                }

    def at(self, target: Any, pk: int, when: dt.datetime) -> tuple[Any, str]:
        rows = self._history.get(target, {}).get(pk)
        if rows:
            i = bisect.bisect_right(self._dates[target][pk], when) - 1
            row = rows[max(i, 0)]  # none yet at that date (clock skew): its first known state
            label = str(row.instance)
            if row.history_type == "-" and i >= 0:
                label = _("%(label)s (deleted)") % {"label": label}
            return _natural(row), label
        return self._current.get(target, {}).get(pk, (pk, f"#{pk}"))


def _natural(obj) -> Any:
    """The value the API uses to name a record: a catalogue key, an activity reference, a party name."""
    for attr in ("key", "reference", "name"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return obj.pk


# --- values ---------------------------------------------------------------------------------------------------


def _country(value) -> str:
    return getattr(value, "name", None) or str(value or "") or EMPTY


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool | dict) or value is None:
        return value
    return str(value)


def display_value(field: models.Field, value: Any) -> str:
    """A stored value as a person reads it: choice labels, country names, yes/no, dates."""
    if value in EMPTY_VALUES:
        return EMPTY
    if field.name == "dpia_screening" and isinstance(value, list):
        labels = dict(DPIACriterion.choices)
        return "; ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if hasattr(field, "countries"):
        return ", ".join(_country(v) for v in value) if isinstance(value, list | tuple) else _country(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _shown_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in history_of(model).model.tracked_fields if f.editable and f.name not in NOT_SHOWN]


def _value(row, field: models.Field, labels: _Labels) -> tuple[Any, str]:
    """(plain value, display string) of one field of a historical row."""
    raw = getattr(row, field.attname)
    if field.is_relation:
        if raw is None:
            return None, EMPTY
        return labels.at(field.related_model, raw, row.history_date)
    return _plain(raw), display_value(field, raw)


def _text(row: Any, field: Any, labels: _Labels) -> str:
    """A field of a historical row as its relation's description shows it (labels as they stood, no "—")."""
    value, text = _value(row, field, labels)
    return "" if value in EMPTY_VALUES else text


def _field_changes(row, before, fields: list[models.Field], labels: _Labels) -> list[FieldChange]:
    """A creation's non-empty values, or the fields simple-history's `diff_against` finds changed since `before`
    (stored values: a referenced record renamed meanwhile is not a change of this row)."""
    if before is None:
        shown = [(f, *_value(row, f, labels)) for f in fields]
        return [
            FieldChange(f.name, str(capfirst(f.verbose_name)), EMPTY, text, None, value)
            for f, value, text in shown
            if value not in EMPTY_VALUES
        ]
    changed = {c.field for c in row.diff_against(before, included_fields=[f.name for f in fields]).changes}
    out = []
    for f in (f for f in fields if f.name in changed):
        (old_value, old), (new_value, new) = _value(before, f, labels), _value(row, f, labels)
        out.append(FieldChange(f.name, str(capfirst(f.verbose_name)), old, new, old_value, new_value))
    return out


def _user(user) -> str:
    if user is None:
        return EMPTY
    full = user.get_full_name()
    return f"{user.get_username()} ({full})" if full else user.get_username()


def _entries(model: type[models.Model], rows: list, labels: _Labels) -> list[HistoryEntry]:
    fields = _shown_fields(model)
    relation = getattr(model, "relation", None)
    previous: dict[int, Any] = {}
    out = []
    for row in rows:  # oldest first
        before = previous.get(row.id) if row.history_type != "+" else None
        changes = _field_changes(row, before, fields, labels) if row.history_type != "-" else []
        previous[row.id] = row
        if relation:
            label = relation.text(lambda name, row=row: _text(row, model._meta.get_field(name), labels))
            summary = f"{_(relation.noun)} {RELATION_VERBS[row.history_type]}: {label}"
        else:
            label = str(row.instance)
            summary = str(OBJECT_VERBS[row.history_type])
        user = row.history_user
        out.append(
            HistoryEntry(
                history_id=row.history_id,
                when=row.history_date,
                user_id=row.history_user_id,
                username=user.get_username() if user is not None else None,
                user=_user(user),
                reason=row.history_change_reason or "",
                kind=row.history_type,
                model=model,
                object_id=row.id,
                object_label=label,
                version=row.version,
                summary=summary,
                changes=tuple(changes),
            )
        )
    return out


def _rows(model: type[models.Model], **filters) -> list:
    return list(
        history_of(model).filter(**filters).select_related("history_user").order_by("history_date", "history_id")
    )


def record_history(model: type[models.Model], pk: int) -> list[HistoryEntry]:
    """The history of one record, newest first (empty if it never existed); an activity's includes its relations'."""
    rows_by_model = {model: _rows(model, id=pk)}
    if model is m.ProcessingActivity and rows_by_model[model]:
        for relation in m.ACTIVITY_RELATIONS:
            rows_by_model[relation] = _rows(relation, activity_id=pk)
    wanted: dict[Any, set[int]] = defaultdict(set)
    for source, rows in rows_by_model.items():
        for f in _shown_fields(source):
            if f.is_relation:
                wanted[f.related_model].update(v for r in rows if (v := getattr(r, f.attname)) is not None)
    labels = _Labels({target: ids for target, ids in wanted.items() if ids})
    entries = [e for source, rows in rows_by_model.items() for e in _entries(source, rows, labels)]
    entries.sort(key=lambda e: (e.when, e.history_id), reverse=True)
    return entries
