"""A record's change history as the API serves it: when, who, why, what kind of change, and the field-level
differences — for an activity, the history of its relation rows merged in.

Reads every historical row of the record (and of its relations) in one query per model and computes differences
between consecutive rows in Python, so the query count does not grow with the number of changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import models

from ropa.models import (
    DataCategory,
    DataSubjectCategory,
    Organisation,
    ProcessingActivity,
    Purpose,
    SecurityMeasure,
    ThirdParty,
)

from .relations import RELATIONS

NOT_DIFFED = {"version", "created_at", "updated_at", "id", "activity"}
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
LABEL_FIELD = {DataCategory: "key", DataSubjectCategory: "key", Purpose: "key", SecurityMeasure: "key",
               ThirdParty: "name", Organisation: "name", ProcessingActivity: "reference"}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "code"):  # django-countries Country
        return value.code
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in NOT_DIFFED]


def _fk_targets(model: type[models.Model]) -> dict[str, type[models.Model]]:
    return {f.name: f.related_model for f in _tracked_fields(model) if f.is_relation and f.related_model in LABEL_FIELD}


def _labels(rows_by_model: dict[type[models.Model], list]) -> dict[type[models.Model], dict[int, str]]:
    """Readable names of every record a foreign key in these rows points to: one query per target model."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for model, rows in rows_by_model.items():
        for name, target in _fk_targets(model).items():
            wanted[target].update(getattr(r, f"{name}_id") for r in rows if getattr(r, f"{name}_id") is not None)
    return {
        target: dict(target._default_manager.filter(pk__in=ids).values_list("pk", LABEL_FIELD[target]))
        for target, ids in wanted.items() if ids
    }


def _value(row, field: models.Field, labels) -> Any:
    if field.is_relation:
        pk = getattr(row, field.attname)
        if pk is None:
            return None
        return labels.get(field.related_model, {}).get(pk, pk) if field.related_model in LABEL_FIELD else pk
    return _plain(getattr(row, field.attname))


def _describe(model: type[models.Model], row, labels) -> str:
    if model is ProcessingActivity:
        return f"{row.reference} {row.name}"
    for spec in RELATIONS:
        if spec.model is model:
            fields = [model._meta.get_field(n) for n in spec.natural_key]
            parts = [str(v) for v in (_value(row, f, labels) for f in fields) if v not in (None, "")]
            return f"{model._meta.verbose_name}: {' '.join(parts)}"
    return str(getattr(row, "key", None) or getattr(row, "name", None) or row.id)


def _entries(model: type[models.Model], rows: list, labels) -> list[dict]:
    fields = _tracked_fields(model)
    previous: dict[int, Any] = {}
    out = []
    for row in rows:  # oldest first
        before = previous.get(row.id)
        changes = []
        if row.history_type != "-":
            for f in fields:
                new = _value(row, f, labels)
                old = _value(before, f, labels) if before is not None else None
                if before is None and new in (None, "", [], False):
                    continue
                if before is None or old != new:
                    changes.append({"field": f.name, "old": old, "new": new})
        previous[row.id] = row
        user = row.history_user
        out.append({
            "history_id": row.history_id,
            "when": row.history_date,
            "who": user.get_username() if user is not None else None,
            "why": row.history_change_reason or "",
            "type": CHANGE_TYPES.get(row.history_type, row.history_type),
            "model": model._meta.model_name,
            "object_id": row.id,
            "object": _describe(model, row, labels),
            "version": row.version,
            "changes": changes,
        })
    return out


def _rows(model: type[models.Model], **filters) -> list:
    return list(model.history.filter(**filters).select_related("history_user").order_by("history_date", "history_id"))


def record_history(model: type[models.Model], pk: int) -> list[dict] | None:
    """The change history of one record, newest first; None when the record never existed."""
    rows_by_model = {model: _rows(model, id=pk)}
    if not rows_by_model[model]:
        return None
    if model is ProcessingActivity:
        for spec in RELATIONS:
            rows_by_model[spec.model] = _rows(spec.model, activity_id=pk)
    labels = _labels(rows_by_model)
    entries = [e for m, rows in rows_by_model.items() for e in _entries(m, rows, labels)]
    entries.sort(key=lambda e: (e["when"], e["history_id"]), reverse=True)
    return entries
