"""Every change across the register, newest first: one UNION of the historical tables.

Each historical table contributes the same columns (when, what, who, why, which record and a text naming
it), so a page of the audit trail is one query plus one count, whatever the number of tables or rows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Concat

from ropa import models as m
from ropa.access import restrict_history
from ropa.models.base import history_of

AUDITED: tuple[tuple[str, Any], ...] = (
    ("organisation", m.Organisation),
    ("third_party", m.ThirdParty),
    ("activity", m.ProcessingActivity),
    # the activity's relations, keyed by their class name in snake case (activity_purpose, legal_basis…)
    *((re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower(), model) for model in m.ACTIVITY_RELATIONS),
    ("data_category", m.DataCategory),
    ("data_subject_category", m.DataSubjectCategory),
    ("purpose", m.Purpose),
    ("security_measure", m.SecurityMeasure),
    ("adequacy_decision", m.AdequacyDecision),
)
MODELS = dict(AUDITED)


def _about(model: Any) -> str:
    """What a relation row is about, after its activity's reference: the name of its first natural key's catalogue
    entry or third party, as a person reads it (read from the current tables: text only)."""
    reference: Any = model._meta.get_field(model.relation.natural_key[0])
    return f"{reference.name}__name"


RELATION_DETAIL = {model: _about(model) for model in m.ACTIVITY_RELATIONS}
COLUMNS = (
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "id",
    "model_key",
    "object_text",
    "username",
)


def _object_text(model: type):
    text = CharField()
    if model is m.ProcessingActivity:
        return Concat("reference", Value(" "), "name", output_field=text)
    if model in RELATION_DETAIL:
        activity = Coalesce(
            "activity__reference", Concat(Value("activity #"), Cast("activity_id", text)), output_field=text
        )
        return Concat(activity, Value(" · "), Coalesce(RELATION_DETAIL[model], Value("")), output_field=text)
    return Cast("name", text)


def audit_trail(
    models: list[str] | None = None,
    user_id: int | None = None,
    record: str = "",
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    reason: str = "",
    user: Any = None,
) -> QuerySet:
    """The historical rows of the register matching the filters, newest first, as dicts of COLUMNS; with `user`,
    only the rows of the organisations they may see (`ropa.access`)."""
    parts = []
    for key, model in AUDITED:
        if models and key not in models:
            continue
        rows = history_of(model).model.objects.all()
        qs = (restrict_history(rows, user) if user is not None else rows).annotate(
            model_key=Value(key, output_field=CharField()),
            object_text=_object_text(model),
            username=F("history_user__username"),
        )
        if user_id:
            qs = qs.filter(history_user_id=user_id)
        if start:
            qs = qs.filter(history_date__gte=start)
        if end:
            qs = qs.filter(history_date__lte=end)
        if reason:
            qs = qs.filter(history_change_reason__icontains=reason)
        if record:
            match = Q(object_text__icontains=record)
            if record.strip().isdigit():
                match |= Q(id=int(record))
            qs = qs.filter(match)
        parts.append(qs.values(*COLUMNS).order_by())
    if not parts:
        return m.Organisation.history.model.objects.none().values(*COLUMNS)
    first, *rest = parts
    return (
        first.union(*rest, all=True).order_by("-history_date", "-history_id")
        if rest
        else first.order_by("-history_date", "-history_id")
    )
