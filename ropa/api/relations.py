"""Writing an activity's relations from its nested representation, row by row, through the models.

A nested list in a write is the complete new set for that relation. Each item is matched to an existing row by its
`id` when given, else by the relation's natural key (the category, the purpose and basis, the third party…); the
difference becomes real model deletes, updates and creates — each validated by the model and saved, so each writes
its own history row. Errors are collected per item and keyed by the item's index — the format DRF itself uses
for nested lists (`{"data_categories": {"1": {"art9_condition": ["…"]}}}`) — so a client learns which item is
wrong; the caller runs this inside the request's transaction, so a failed nested write leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from rest_framework import serializers

from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    LegalBasis,
    ProcessingActivity,
    Recipient,
    Transfer,
)
from ropa.models.base import StaleVersionError

from .exceptions import error_dict


@dataclass(frozen=True)
class RelationSpec:
    """One nested list of the activity representation and the model rows behind it."""

    name: str  # the field in the API
    model: type[models.Model]
    natural_key: tuple[str, ...]

    @property
    def accessor(self) -> str:
        return f"{self.model._meta.model_name}_set"


RELATIONS = (
    RelationSpec("purposes", ActivityPurpose, ("purpose",)),
    RelationSpec("data_subjects", ActivityDataSubject, ("data_subject",)),
    RelationSpec("data_categories", ActivityDataCategory, ("data_category",)),
    RelationSpec("legal_bases", LegalBasis, ("purpose", "basis")),
    RelationSpec("recipients", Recipient, ("third_party",)),
    RelationSpec("transfers", Transfer, ("third_party", "destination_country", "international_organisation")),
    RelationSpec("security_measures", ActivitySecurityMeasure, ("measure",)),
    RelationSpec("controllers", ActivityController, ("controller",)),
)


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    code = getattr(value, "code", None)  # django-countries Country
    return str(code if code is not None else value or "")


def _key_of_row(row: models.Model, spec: RelationSpec) -> tuple:
    return tuple(_plain(getattr(row, f)) for f in spec.natural_key)


def _key_of_item(item: dict, spec: RelationSpec) -> tuple:
    return tuple(_plain(item.get(f)) for f in spec.natural_key)


def _differs(row: models.Model, values: dict) -> bool:
    return any(_plain(getattr(row, k)) != _plain(v) for k, v in values.items())


def write_relation(
    activity: ProcessingActivity, spec: RelationSpec, items: list[dict]
) -> tuple[bool, dict[int, dict]]:
    """Make the activity's rows of one relation equal to `items`. Returns (changed, per-item errors)."""
    existing = list(spec.model._default_manager.filter(activity=activity))
    for row in existing:
        row.activity = activity  # one instance, so the version bumps of its relation rows stay in step
    by_id = {row.pk: row for row in existing}
    by_key = {_key_of_row(row, spec): row for row in existing}
    errors: dict[int, dict] = {}
    plan: list[tuple[int, models.Model | None, dict]] = []
    kept: set[int] = set()
    for index, item in enumerate(items):
        values = dict(item)
        row_id = values.pop("id", None)
        if row_id is not None:
            target = by_id.get(row_id)
            if target is None:
                errors[index] = {"id": [f"This activity has no {spec.model._meta.verbose_name} with id {row_id}."]}
                continue
        else:
            target = by_key.get(_key_of_item(values, spec))
        if target is not None and target.pk in kept:
            target = None  # listed twice: the second one is a new row, which the model's constraint refuses
        if target is not None:
            kept.add(target.pk)
        plan.append((index, target, values))

    changed = False
    for row in existing:
        if row.pk not in kept:
            row.delete()
            changed = True
    for index, target, values in plan:
        if target is None:
            row = spec.model(activity=activity, **values)
        elif _differs(target, values):
            row = target
            for name, value in values.items():
                setattr(row, name, value)
        else:
            continue
        try:
            row.full_clean()
            row.save()
        except StaleVersionError:
            raise  # a version conflict is a 412 for the whole request, not a field error
        except ValidationError as exc:
            errors[index] = error_dict(exc)
        else:
            changed = True
    return changed, errors


def write_relations(activity: ProcessingActivity, nested: dict[str, list[dict]]) -> bool:
    """Apply every nested list given (a list left out is left alone). Raises a DRF ValidationError listing the
    errors per relation and per item; returns whether any relation row changed."""
    changed = False
    problems: dict[str, dict[int, dict]] = {}
    for spec in RELATIONS:
        if spec.accessor not in nested:
            continue
        relation_changed, errors = write_relation(activity, spec, nested[spec.accessor])
        changed |= relation_changed
        if errors:
            problems[spec.name] = errors
    if problems:
        raise serializers.ValidationError(problems)
    return changed
