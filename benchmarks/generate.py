"""A generated register for the benchmarks: N activities with R relation rows each, written with their history.

The rows are spread over every relation the models declare (`ACTIVITY_RELATIONS`), round-robin, so a relation added
later is generated too. Written in bulk (`bulk_create_with_history`): saving one by one would take minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, models
from simple_history.utils import bulk_create_with_history

from ropa import models as m
from ropa.choices import ActivityStatus, LawfulBasis, RecipientRole, RetentionEvent, TransferMechanism

# Values that make a generated row valid (a non-EEA destination under SCCs, a contract basis, a retention).
VALUES = {
    "basis": LawfulBasis.CONTRACT,
    "role": RecipientRole.PROCESSOR,
    "mechanism": TransferMechanism.SCC,
    "destination_country": "US",
    "safeguard_reference": "SCC module 2, DPA of 2024-01-10",
    "retention_period": 2,
    "retention_unit": "years",
    "retention_event": RetentionEvent.choices[0][0],
    "details": "Generated for the benchmark.",
}


@dataclass
class Generated:
    pk: int
    ids: list[int]


def _entries(model: type[models.Model], vendors: list[m.ThirdParty]) -> list[models.Model]:
    if model is m.ThirdParty:
        return vendors
    rows = model._default_manager.order_by("pk")
    if any(f.name == "sensitivity" for f in model._meta.fields):
        rows = rows.filter(sensitivity="ordinary")
    return list(rows)


def _counts(relations: int) -> dict[type, int]:
    """How many rows of each relation an activity gets: `relations` spread round-robin."""
    models_ = m.ACTIVITY_RELATIONS
    return {model: relations // len(models_) + (i < relations % len(models_)) for i, model in enumerate(models_)}


def _row(model: type, activity: m.ProcessingActivity, entries: dict, i: int, k: int) -> models.Model:
    values = {}
    for field in model.relation.references:
        choices = entries[field.related_model]
        values[field.name] = choices[(i + k) % len(choices)]
    for field in model.relation.content_fields:
        if field.name in VALUES:
            values[field.name] = VALUES[field.name]
        elif field.choices and not field.blank:
            values[field.name] = field.choices[0][0]
    return model(activity=activity, version=1, **values)


def generate(name: str, activities: int, relations: int) -> Generated:
    """An organisation named `name` with its activities, each with `relations` relation rows."""
    org = m.Organisation.objects.create(name=name, country="LT", version=1)
    vendors = list(m.ThirdParty.objects.filter(name__startswith="Bench vendor")) or bulk_create_with_history(
        [
            m.ThirdParty(
                name=f"Bench vendor {k}",
                legal_entity=f"Bench vendor {k} Inc.",
                country="US",
                default_role=RecipientRole.PROCESSOR,
                version=1,
            )
            for k in range(20)
        ],
        m.ThirdParty,
    )
    created = bulk_create_with_history(
        [
            m.ProcessingActivity(
                organisation=org,
                reference=f"PA-{i:05d}",
                name=f"Activity {i}",
                description="Generated for the benchmark.",
                status=ActivityStatus.ACTIVE,
                business_function="Operations",
                version=1,
            )
            for i in range(activities)
        ],
        m.ProcessingActivity,
        batch_size=2000,
    )
    created = list(m.ProcessingActivity.objects.filter(organisation=org).order_by("reference"))
    referred = {f.related_model for model in m.ACTIVITY_RELATIONS for f in model.relation.references}
    entries = {model: _entries(model, vendors) for model in referred}
    for model, count in _counts(relations).items():
        rows = [_row(model, a, entries, i, k) for i, a in enumerate(created) for k in range(count)]
        bulk_create_with_history(rows, model, batch_size=2000)
    _analyze()
    return Generated(org.pk, [a.pk for a in created])


def _analyze() -> None:
    """Fresh statistics, as PostgreSQL's autovacuum gathers them within a minute of a bulk load: without them the
    planner believes the just-filled history tables empty and joins them row by row (an as-of snapshot of 10,000
    activities took 17 s instead of 2)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
