"""Activity representations without DRF's per-field machinery on the hot path.

`ActivitySerializer` and its nested serializers stay the one declaration of the shape (and of the OpenAPI schema).
This module compiles a serializer's readable fields once into plain columns — where the value is (an attribute chain
on an instance, a lookup on a relation row), and the field's own `to_representation` when the value is not already
what JSON carries — and applies them to a page of activities. The relation rows of the whole page come in **one**
query (a `UNION ALL` of one `JSONObject` row per relation row, references joined), instead of one query and one
model instance per row and per referenced entry. The output is the serializer's own (tested field by field).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models import F, IntegerField, Value
from django.db.models.functions import JSONObject
from rest_framework import serializers
from rest_framework.relations import PrimaryKeyRelatedField, RelatedField

from ropa.models import ACTIVITY_RELATIONS, ProcessingActivity

__all__ = ["ActivityRepresentation", "order_rows", "relation_rows"]

# Exact types whose representation of a stored string is the string itself.
_PLAIN = (serializers.CharField, serializers.ChoiceField, serializers.ReadOnlyField)
# Model fields whose JSON value is already the Python value the serializer field expects.
_TEXT = (models.CharField, models.TextField)

RelationRows = dict[type, dict[int, list[dict]]]  # relation model -> activity id -> rows (lookup -> value)


@dataclass(frozen=True)
class Column:
    """One readable field: where its value is, and how it becomes JSON."""

    name: str
    attrs: tuple[str, ...]  # from an instance (empty: the instance itself, as for a method field)
    path: str  # the lookup on the row's model (`purpose__key`, `third_party_id`)
    to_python: Callable | None  # the model field's parser of the raw JSON value, when it is not text
    convert: Callable | None  # the serializer field's to_representation, when needed

    def of_object(self, obj):
        value = obj
        for attr in self.attrs:
            value = getattr(value, attr)
            if value is None:
                return None
        return value if self.convert is None else self.convert(value)

    def of_row(self, row: dict):
        value = row[self.path]
        if value is None:
            return None
        if self.to_python is not None:
            value = self.to_python(value)
        return value if self.convert is None else self.convert(value)


def _lookup(model: type[models.Model], attrs: list[str]) -> tuple[str, models.Field]:
    """The lookup of a dotted source on `model`'s rows, and the model field it ends on. A source may end with
    `code` after a country field: the column stores the code."""
    parts, current, end = [], model, None
    for index, attr in enumerate(attrs):
        end = current._meta.get_field(attr)
        parts.append(attr)
        if not end.is_relation:
            rest = attrs[index + 1 :]
            if rest and not (rest == ["code"] and hasattr(end, "countries")):
                raise ImproperlyConfigured(f"{model.__name__}: cannot read {'.'.join(attrs)} from a row")
            break
        current = end.related_model
    return "__".join(parts), end


def _related_column(name: str, item: RelatedField, model: type[models.Model]) -> Column:
    """A reference read as the referred entry's pk (`third_party_id`) or one of its columns (`purpose__key`)."""
    fk = model._meta.get_field(item.source_attrs[0])
    read_as = "pk" if isinstance(item, PrimaryKeyRelatedField) else item.read_as
    if read_as == "pk":
        return Column(name, (fk.attname,), fk.attname, None, None)
    path, end = _lookup(model, [fk.name, read_as])
    return Column(name, (*item.source_attrs, read_as), path, None if isinstance(end, _TEXT) else end.to_python, None)


def _column(name: str, item: serializers.Field, model: type[models.Model]) -> Column:
    if isinstance(item, RelatedField):
        return _related_column(name, item, model)
    convert = None if type(item) in _PLAIN else item.to_representation
    if not item.source_attrs:  # source "*": the object itself (a method field)
        return Column(name, (), "", None, convert)
    path, end = _lookup(model, item.source_attrs)
    to_python = None if isinstance(end, _TEXT) else end.to_python
    return Column(name, tuple(item.source_attrs), path, to_python, convert)


@dataclass(frozen=True)
class Nested:
    """A nested list of one relation: its serializer's columns, read from the relation's rows."""

    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    order: tuple[str, ...] = field(default=())  # the model's ordering within an activity

    def of_rows(self, rows: Iterable[dict]) -> list[dict]:
        return [{c.name: c.of_row(row) for c in self.columns} for row in rows]

    def of_objects(self, objects: Iterable) -> list[dict]:
        return [{c.name: c.of_object(obj) for c in self.columns} for obj in objects]


def _nested(name: str, serializer: serializers.ModelSerializer) -> Nested:
    model = serializer.Meta.model
    columns = tuple(_column(n, f, model) for n, f in serializer.fields.items() if not f.write_only)
    order = tuple(o for o in model._meta.ordering if o.lstrip("-") != "activity")
    return Nested(name, model, columns, order)


def _sort_key(value) -> tuple:
    return (value is None, value if value is not None else "")


def order_rows(rows: list[dict], nested: Nested) -> list[dict]:
    """Rows in the relation's own ordering (its `Meta.ordering` after the activity), then by id: stable sorts from
    the last key to the first, so any mix of ascending and descending keys holds."""
    rows.sort(key=lambda r: r["id"])
    for key in reversed(nested.order):
        name = key.lstrip("-")
        rows.sort(key=lambda r, name=name: _sort_key(r[name]), reverse=key.startswith("-"))
    return rows


@cache
def _plan(serializer_class: type) -> tuple[list[tuple[str, object]], tuple[Nested, ...]]:
    """The serializer's fields in order: ("column", Column), ("nested", Nested) or ("method", (name, method name))
    — compiled once per class."""
    serializer = serializer_class(context={})
    model = serializer.Meta.model
    relations = {r.relation.accessor: r for r in ACTIVITY_RELATIONS}
    items: list[tuple[str, object]] = []
    for name, item in serializer.fields.items():
        if item.write_only:
            continue
        if isinstance(item, serializers.ListSerializer) and item.source in relations:
            items.append(("nested", _nested(name, item.child)))
        elif not isinstance(item, serializers.SerializerMethodField):
            items.append(("column", _column(name, item, model)))
        else:  # called on the serializer itself, so no instance ever builds its fields
            items.append(("method", (name, item.method_name)))
    return items, tuple(p for kind, p in items if kind == "nested")


def _union(activity_ids: list[int], nested: tuple[Nested, ...]) -> models.QuerySet:
    parts = []
    for index, n in enumerate(nested):
        lookups = {"id", *(c.path for c in n.columns), *(o.lstrip("-") for o in n.order)}
        parts.append(
            n.model._default_manager.filter(activity_id__in=activity_ids)
            .order_by()
            .annotate(
                relation_index=Value(index, IntegerField()),
                row=JSONObject(**{lookup: F(lookup) for lookup in sorted(lookups)}),
            )
            .values_list("relation_index", "activity_id", "row")
        )
    return parts[0].union(*parts[1:], all=True)


@lru_cache(maxsize=256)
def _compiled(nested: tuple[Nested, ...], count: int, vendor: str) -> tuple[str, tuple]:
    """The union's SQL for `count` activity ids, compiled once (compiling it cost three times running it). It is
    compiled with placeholder ids -1…-count — no other parameter is a negative number — and each parameter is kept as
    ("id", position) or ("value", value)."""
    sql, params = _union([-(k + 1) for k in range(count)], nested).query.sql_with_params()
    slots = tuple(("id", -p - 1) if type(p) is int and p < 0 else ("value", p) for p in params)
    return sql, slots


def relation_rows(activity_ids: list[int], nested: tuple[Nested, ...]) -> RelationRows:
    """Every relation row of the given activities in one query, each as {lookup: value}, grouped and ordered."""
    out: RelationRows = {n.model: {} for n in nested}
    ids = list(dict.fromkeys(activity_ids))
    if not ids or not nested:
        return out
    sql, slots = _compiled(nested, len(ids), connection.vendor)
    params = [ids[v] if kind == "id" else v for kind, v in slots]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    for index, activity_id, row in found:
        out[nested[index].model].setdefault(activity_id, []).append(json.loads(row) if isinstance(row, str) else row)
    for n in nested:
        for rows in out[n.model].values():
            order_rows(rows, n)
    return out


class ActivityRepresentation:
    """The representation `ActivitySerializer(context=...)` gives, built from compiled columns."""

    def __init__(self, serializer: serializers.BaseSerializer):
        self.serializer = serializer  # bound: method fields read its context (the as-of day)
        self.items, self.nested = _plan(type(serializer))

    def live(self, activities: list[ProcessingActivity]) -> list[dict]:
        """Activities read now: their relations come from one query."""
        return self.from_rows(activities, relation_rows([a.pk for a in activities], self.nested))

    def from_rows(self, activities: list[ProcessingActivity], rows: RelationRows) -> list[dict]:
        """Activities whose relation rows were read already ({lookup: value} per row, as `relation_rows` gives)."""
        return [self._one(a, lambda n, a=a: n.of_rows(rows[n.model].get(a.pk, ()))) for a in activities]

    def _one(self, activity: ProcessingActivity, nested: Callable[[Nested], list[dict]]) -> dict:
        out = {}
        for kind, item in self.items:
            if kind == "column":
                out[item.name] = item.of_object(activity)
            elif kind == "nested":
                out[item.name] = nested(item)
            else:
                name, method = item
                out[name] = getattr(self.serializer, method)(activity)
        return out
