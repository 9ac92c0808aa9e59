"""The floors the benchmark compares with: what the same answer costs written by hand.

A list page or a detail as one query for the activities, one per relation (its references joined) and a count,
then `json.dumps`; a write as the bare ORM `full_clean()` + `save()`.
"""

from __future__ import annotations

import json

from ropa import models as m
from ropa.history import change_context

PAGE = 100


def _relation_values(model: type) -> list[str]:
    names = [f.attname for f in model._meta.concrete_fields]
    for field in model.relation.references:
        names += [f"{field.name}__{n}" for n in ("key", "name") if _has(field.related_model, n)]
    return names


def _has(model: type, name: str) -> bool:
    return any(f.name == name for f in model._meta.fields)


def _activities(activities: list[dict]) -> str:
    ids = [a["id"] for a in activities]
    by_id = {a["id"]: a for a in activities}
    for model in m.ACTIVITY_RELATIONS:
        for row in model.objects.filter(activity_id__in=ids).values(*_relation_values(model)):
            by_id[row["activity_id"]].setdefault(model.relation.name, []).append(row)
    return json.dumps(activities, default=str)


def activity_page(organisation_id: int, page: int) -> str:
    """A page of 100 activities with every relation: a count, the page, one query per relation."""
    qs = m.ProcessingActivity.objects.filter(organisation_id=organisation_id).order_by("reference")
    count = qs.count()
    rows = list(qs.values()[(page - 1) * PAGE : page * PAGE])
    return json.dumps({"count": count, "results": json.loads(_activities(rows))})


def activity_detail(activity_id: int) -> str:
    return _activities(list(m.ProcessingActivity.objects.filter(pk=activity_id).values()))


def orm_write(activity_id: int, text: str) -> None:
    """One text field changed through the model's own validation and save (its version check included)."""
    with change_context("benchmark floor"):
        activity = m.ProcessingActivity.objects.get(pk=activity_id)
        activity.description = text
        activity.full_clean()
        activity.save()
