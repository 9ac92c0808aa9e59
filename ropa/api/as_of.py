"""`?as_of=`: activities as they stood at a past moment, in the very representation of live ones.

The rows come from the row source the Register snapshot reads (`HistorySource`: the latest historical row of each
object at or before the moment, deletions excluded). They become unsaved model instances with their relations and
references attached, so `ActivitySerializer` — the one declaration of the representation — serves the past and the
present alike, at every depth. Only the page asked for is read (counted, ordered and sliced in SQL): one query per
relation and per referenced model.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import models
from django.utils import timezone

from ropa.models import ACTIVITY_RELATIONS, ProcessingActivity
from ropa.register.sources import HistorySource

from .representation import ActivityRepresentation, Nested, RelationRows, order_rows

AS_OF = "as_of"


def serializer_context(as_of: dt.datetime) -> dict:
    """What the serializer needs to speak of that day (review overdue on the as-of date, not today)."""
    return {"today": timezone.localdate(as_of)}


def _instance(model: type[models.Model], row: dict) -> Any:
    obj = model(**row)
    obj._state.adding = False
    return obj


def _ordered(model: type[models.Model], items: list[models.Model]) -> list[models.Model]:
    """A relation's past rows in the order of its live ones: its `Meta.ordering` within the activity, then id."""
    items.sort(key=lambda x: x.pk)
    ordering = [str(o) for o in model._meta.ordering or ()]
    for key in reversed([o for o in ordering if o.lstrip("-") != "activity"]):
        path = key.lstrip("-").split("__")

        def value(item, path=path):
            for attr in path:
                item = getattr(item, attr, None)
            return (item is None, str(getattr(item, "code", item) or ""))

        items.sort(key=value, reverse=key.startswith("-"))
    return items


def _lookups(nested: Nested) -> list[tuple[str, tuple[Any, ...], str]]:
    """Each lookup a nested list reads (`id`, `details`, `purpose__key`): the foreign keys it follows, and the
    column it ends on."""
    out = []
    for lookup in sorted({"id", *(c.path for c in nested.columns), *(o.lstrip("-") for o in nested.order)}):
        *path, last = lookup.split("__")
        model: Any = nested.model
        hops = []
        for name in path:
            field = model._meta.get_field(name)
            hops.append(field)
            model = field.related_model
        out.append((lookup, tuple(hops), last))
    return out


def _follow(row: dict, hops: tuple[Any, ...], last: str, rows_of) -> Any:
    """The value at the end of a lookup, from a row and the referenced rows as of the same moment; a referenced
    entry missing from the history reads as "(missing #id)"."""
    for field in hops:
        pk = row.get(field.attname)
        if pk is None:
            return None
        row = rows_of(field.related_model).get(pk) or {"id": pk, "name": f"(missing #{pk})", "key": f"#{pk}"}
    return row.get(last)


class PastActivities:
    """Activities of one organisation as they stood at `as_of`, read page by page."""

    def __init__(self, as_of: dt.datetime):
        self.source = HistorySource(as_of)

    def rows(self, **filters) -> models.QuerySet:
        """The activities' own rows (no relations yet), in reference order: a lazy query, so a page is counted,
        ordered and sliced by the database and only its activities are read."""
        return self.source.queryset(ProcessingActivity, **filters).order_by("reference", "id")

    def represent(self, rows: list[dict], representation: ActivityRepresentation) -> list[dict]:
        """The given activity rows as the API represents them, their relations as they stood: served from the
        history rows as plain columns (as a live page is from its relation query), no model instance per row."""
        activities = [_instance(ProcessingActivity, r) for r in rows]
        return representation.from_rows(activities, self.relation_rows([a.pk for a in activities], representation))

    def relation_rows(self, activity_ids: list[int], representation: ActivityRepresentation) -> RelationRows:
        """The past relation rows of the given activities, each as {lookup: value} like a live page's (`purpose__key`
        read from the purpose's row as of the moment): one query per relation and per referenced model."""
        out: RelationRows = {}
        referenced: dict[type, dict[int, dict]] = {}
        rows_of = functools.partial(self._rows_of, referenced)
        for nested in representation.nested:
            lookups = _lookups(nested)
            columns = {"activity_id", *(hops[0].attname if hops else last for _, hops, last in lookups)}
            grouped: dict[int, list[dict]] = {}
            for row in self.source.rows(nested.model, tuple(sorted(columns)), activity_id__in=activity_ids):
                item = {name: _follow(row, hops, last, rows_of) for name, hops, last in lookups}
                grouped.setdefault(row["activity_id"], []).append(item)
            for items in grouped.values():
                order_rows(items, nested)
            out[nested.model] = grouped
        return out

    def _rows_of(self, cache: dict, model: Any) -> dict[int, dict]:
        if model not in cache:
            cache[model] = {r["id"]: r for r in self.source.rows(model)}
        return cache[model]

    def instances(self, rows: list[dict]) -> list[ProcessingActivity]:
        """The given activity rows as instances, each relation attached as it stood (as a prefetch would): what
        DRF's own serializer reads, the reference `represent` is tested against."""
        activities = [_instance(ProcessingActivity, r) for r in rows]
        ids = [a.pk for a in activities]
        by_activity: dict[int, dict[str, list]] = {a.pk: {} for a in activities}
        referenced: dict[type, dict[int, models.Model]] = {}
        for model in ACTIVITY_RELATIONS:
            relation = model.relation
            for row in self.source.rows(model, activity_id__in=ids):
                item = _instance(model, row)
                for field in relation.references:
                    setattr(item, field.name, self._referenced(referenced, field.related_model, row[field.attname]))
                by_activity[row["activity_id"]].setdefault(relation.accessor, []).append(item)
        for activity in activities:
            found = by_activity[activity.pk]
            activity._prefetched_objects_cache = {
                model.relation.accessor: _ordered(model, found.get(model.relation.accessor, []))
                for model in ACTIVITY_RELATIONS
            }
        return activities

    def _referenced(self, cache: dict, model: Any, pk: int) -> models.Model:
        if model not in cache:
            cache[model] = {r["id"]: _instance(model, r) for r in self.source.rows(model)}
        return cache[model].get(pk) or _instance(model, {"id": pk, "name": f"(missing #{pk})", "key": f"#{pk}"})
