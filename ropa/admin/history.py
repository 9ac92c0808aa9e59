"""The history an admin page shows: a record's historical rows, and for an activity those of its relations,
turned into entries with field-level differences (old → new, verbose names, display values).

One query per historical model (users and related records come with it through `select_related`), whatever the
length of the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject

from ropa.choices import DPIACriterion
from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    LegalBasis,
    Recipient,
    Transfer,
)

EMPTY = "—"
NOT_SHOWN = {"id", "version", "created_at", "updated_at", "activity"}
OBJECT_VERBS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
RELATION_VERBS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    history_id: int
    user: str
    reason: str
    kind: str  # "+", "~" or "-"
    summary: str
    object_label: str
    changes: list[FieldChange] = field(default_factory=list)


def _name(obj, fallback: str = EMPTY) -> str:
    if obj is None or isinstance(obj, DeletedObject):
        return fallback
    return str(obj)


def _country(value) -> str:
    return getattr(value, "name", None) or str(value or "") or EMPTY


def _transfer_label(h) -> str:
    where = h.destination_country.name if h.destination_country else h.international_organisation
    return f"{_name(h.third_party)} → {where or EMPTY}"


# The relations of an activity shown in its history: label of the kind, and how one row names itself.
RELATIONS: list[tuple[type[models.Model], str, Callable]] = [
    (ActivityPurpose, _("Purpose"), lambda h: _name(h.purpose)),
    (LegalBasis, _("Legal basis"), lambda h: f"{_name(h.purpose)}: {h.get_basis_display()}"),
    (ActivityDataSubject, _("Data subjects"), lambda h: _name(h.data_subject)),
    (ActivityDataCategory, _("Data category"), lambda h: _name(h.data_category)),
    (Recipient, _("Recipient"), lambda h: f"{_name(h.third_party)} ({h.get_role_display()})"),
    (Transfer, _("Transfer"), _transfer_label),
    (ActivitySecurityMeasure, _("Security measure"), lambda h: _name(h.measure)),
    (ActivityController, _("Controller"), lambda h: _name(h.controller)),
]


def display_value(model_field: models.Field, value) -> str:
    """A stored value as a person reads it: choice labels, country names, yes/no, dates."""
    if isinstance(value, DeletedObject):
        return _("%(model)s #%(pk)s (deleted)") % {
            "model": model_field.related_model._meta.verbose_name,
            "pk": value.pk,
        }
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.name == "dpia_screening" and isinstance(value, list):
        labels = dict(DPIACriterion.choices)
        return "; ".join(str(labels.get(v, v)) for v in value)
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if hasattr(model_field, "countries"):
        return ", ".join(_country(v) for v in value) if isinstance(value, list | tuple) else _country(value)
    if model_field.choices and not isinstance(model_field, models.ForeignKey):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return str(value)


def _fields(historical_model) -> dict[str, models.Field]:
    return {f.name: f for f in historical_model.tracked_fields if f.editable and f.name not in NOT_SHOWN}


def _rows(historical_model, **filters) -> list:
    related = [
        f.name
        for f in historical_model._meta.fields
        if isinstance(f, models.ForeignKey) and f.name not in ("activity", "history_relation")
    ]
    return list(
        historical_model.objects.filter(**filters).select_related(*related).order_by("history_date", "history_id")
    )


def _user(row) -> str:
    user = row.history_user
    if user is None:
        return EMPTY
    full = user.get_full_name()
    return f"{user.get_username()} ({full})" if full else user.get_username()


def _changes(row, previous, fields: dict[str, models.Field]) -> list[FieldChange]:
    if row.history_type == "-":
        return []
    if previous is None:  # created: what it was created with
        return [
            FieldChange(str(capfirst(f.verbose_name)), EMPTY, display_value(f, getattr(row, f.name)))
            for name, f in fields.items()
            if display_value(f, getattr(row, f.name)) != EMPTY
        ]
    delta = row.diff_against(previous, included_fields=list(fields), foreign_keys_are_objs=True)
    return [
        FieldChange(
            str(capfirst(fields[c.field].verbose_name)),
            display_value(fields[c.field], c.old),
            display_value(fields[c.field], c.new),
        )
        for c in delta.changes
    ]


def _entries(rows: Iterable, summarise: Callable, label: Callable, fields: dict[str, models.Field]) -> list:
    previous: dict = {}
    entries = []
    for row in rows:
        before = previous.get(row.id)
        entries.append(
            HistoryEntry(
                when=row.history_date,
                history_id=row.history_id,
                user=_user(row),
                reason=row.history_change_reason or "",
                kind=row.history_type,
                summary=summarise(row),
                object_label=label(row),
                changes=_changes(row, before if row.history_type != "+" else None, fields),
            )
        )
        previous[row.id] = row
    return entries


def _newest_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    return sorted(entries, key=lambda e: (e.when, e.history_id), reverse=True)


def object_history(model: type[models.Model], pk) -> list[HistoryEntry]:
    """A record's own history, newest first."""
    historical = model.history.model
    fields = _fields(historical)

    def label(row) -> str:
        return str(row.instance)

    return _newest_first(_entries(_rows(historical, id=pk), lambda r: str(OBJECT_VERBS[r.history_type]), label, fields))


def activity_history(pk) -> list[HistoryEntry]:
    """An activity's history merged with its relations' (purposes, categories, recipients, transfers…)."""
    from ropa.models import ProcessingActivity

    entries = object_history(ProcessingActivity, pk)
    for model, kind_label, describe in RELATIONS:
        historical = model.history.model

        def summarise(row, kind_label=kind_label, describe=describe) -> str:
            return f"{kind_label} {RELATION_VERBS[row.history_type]}: {describe(row)}"

        entries += _entries(_rows(historical, activity_id=pk), summarise, describe, _fields(historical))
    return _newest_first(entries)
