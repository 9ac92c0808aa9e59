"""Writing an activity's relations from its nested representation, row by row, through the models.

A nested list in a write is the complete new set for that relation. Each item is matched to an existing row by its
`id` when given, else by the relation's natural key (the category, the purpose and basis, the third party…); the
difference becomes real model deletes, updates and creates — each validated by the model and saved, so each writes
its own history row. Errors are collected per item and keyed by the item's index — the format DRF itself uses
for nested lists (`{"data_categories": {"1": {"art9_condition": ["…"]}}}`) — so a client learns which item is
wrong; the caller runs this inside the request's transaction, so a failed nested write leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

from ropa.models import ACTIVITY_RELATIONS, ProcessingActivity
from ropa.models.base import StaleVersionError, clean_and_save
from ropa.models.relation import Relation

from .exceptions import error_dict

Plan = list[tuple[int, models.Model | None, dict]]  # (item index, the row it updates or None to create, values)


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    code = getattr(value, "code", None)  # django-countries Country
    return str(code if code is not None else value or "")


def _key_of_row(row: models.Model, relation: Relation) -> tuple:
    return tuple(_plain(getattr(row, f)) for f in relation.natural_key)


def _key_of_item(item: dict, relation: Relation) -> tuple:
    return tuple(_plain(item.get(f)) for f in relation.natural_key)


def _plan(relation: Relation, existing: list[Any], items: list[dict]) -> tuple[Plan, dict[int, dict]]:
    """Match each item to the row it updates: by `id` when given, else by the natural key."""
    by_id = {row.pk: row for row in existing}
    by_key = {_key_of_row(row, relation): row for row in existing}
    plan: Plan = []
    errors: dict[int, dict] = {}
    kept: set[int] = set()
    for index, item in enumerate(items):
        values = dict(item)
        row_id = values.pop("id", None)
        target = by_id.get(row_id) if row_id is not None else by_key.get(_key_of_item(values, relation))
        if row_id is not None and target is None:
            name = relation.model._meta.verbose_name
            errors[index] = {"id": [f"This activity has no {name} with id {row_id}."]}
            continue
        if target is not None and target.pk in kept:
            target = None  # listed twice: the second one is a new row, which the model's constraint refuses
        if target is not None:
            kept.add(target.pk)
        plan.append((index, target, values))
    return plan, errors


def _save(relation: Relation, activity: ProcessingActivity, target: Any, values: dict) -> tuple[Any, list[str] | None]:
    """The row to validate and save for one planned item (None when it is unchanged), and the fields it changes
    (None for a new row)."""
    if target is None:
        return relation.model(activity=activity, **values), None
    changed = [name for name, value in values.items() if _plain(getattr(target, name)) != _plain(value)]
    for name in changed:
        setattr(target, name, values[name])
    return (target, changed) if changed else (None, None)


def write_relation(
    activity: ProcessingActivity, relation: Relation, items: list[dict], references_read: bool = False
) -> tuple[bool, dict[int, dict]]:
    """Make the activity's rows of one relation equal to `items`. Returns (changed, per-item errors).

    The caller holds the activity's row: locked under its version check, or created in the same transaction.
    `references_read`: the caller read every entry the items refer to in its transaction and runs this inside a
    savepoint of its own (an import, per row of its file), so a row's references are not queried again and a new
    row's save needs no savepoint of its own."""
    references = [f.name for f in relation.references]
    existing = list(relation.model._default_manager.filter(activity=activity).select_related(*references))
    for row in existing:
        row.activity = activity  # one instance, so the version bumps of its relation rows stay in step
        # The caller holds the activity's row (locked, or created in this transaction), and a relation row changes
        # only together with a save of its activity: the rows read now keep their versions until the transaction
        # ends, so their saves need no version query of their own.
        row.locked_at(row.version)
    plan, errors = _plan(relation, existing, items)
    kept = {target.pk for _, target, _ in plan if target is not None}
    changed = False
    for row in existing:
        if row.pk not in kept:
            row.delete()
            changed = True
    for index, target, values in plan:
        row, changed_fields = _save(relation, activity, target, values)
        if row is None:
            continue
        if references_read and target is None:
            row.locked_at(row.version)  # new: no version to check, and the caller's savepoint covers a failure
        try:
            clean_and_save(row, changed_fields, exists=_reference_names(relation) if references_read else ())
        except StaleVersionError:
            raise  # a version conflict is a 412 for the whole request, not a field error
        except ValidationError as exc:
            errors[index] = error_dict(exc)
        else:
            changed = True
    return changed, errors


def _reference_names(relation: Relation) -> tuple[str, ...]:
    return ("activity", *(f.name for f in relation.references))


def write_relations(activity: ProcessingActivity, nested: dict[str, list[dict]]) -> bool:
    """Apply every nested list given, keyed by the relation's accessor (a list left out is left alone). Raises a DRF
    ValidationError listing the errors per relation and per item; returns whether any relation row changed."""
    changed = False
    problems: dict[str, dict[int, dict]] = {}
    for model in ACTIVITY_RELATIONS:
        relation = model.relation
        if relation.accessor not in nested:
            continue
        relation_changed, errors = write_relation(activity, relation, nested[relation.accessor])
        changed |= relation_changed
        if errors:
            problems[relation.name] = errors
    if problems:
        raise serializers.ValidationError(problems)  # type: ignore[arg-type]  # DRF nests dicts by index
    return changed
