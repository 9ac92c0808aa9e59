"""How a change reads to a person: a field's label rather than its attribute name, a choice's label rather than
its stored key, a catalogue entry or third party by its name, a number with its unit, a date as a date.

The diff keeps the machine values (keys, codes) for JSON and adds these texts beside them; its text form and the
admin page print the texts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from ropa.choices import DPIACriterion
from ropa.countries import country_name

__all__ = ["EMPTY", "field_label", "value_text"]

EMPTY = "(empty)"


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model], name: str) -> str:
    """The field's verbose name, capitalised ("Retention period"); a name the model lacks, in words."""
    field = _field(model, name)
    text = str(getattr(field, "verbose_name", "") or name.replace("_", " "))
    return text[:1].upper() + text[1:]


def _with_unit(model: type[models.Model], name: str, value: Any, row: Any) -> str | None:
    """A period printed with its unit from the same row ("12 months"), the one number here that has one."""
    if name != "retention_period" or row is None or value is None:
        return None
    unit = getattr(row, "retention_unit", "")
    unit_field = _field(model, "retention_unit")
    label = str(dict(unit_field.flatchoices).get(unit, unit) if unit_field is not None else unit)
    if value == 1 and label.endswith("s"):
        label = label[:-1]  # "1 year", not "1 years"
    return f"{value} {label}".strip()


def _scalar(field: models.Field | None, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S %Z") if timezone.is_aware(value) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.name in {"country", "destination_country"}:
        return country_name(value) or str(value)
    return str(value)


def value_text(model: type[models.Model], name: str, value: Any, row: Any = None) -> str:
    """One field's value as a person reads it; `row` is the record it belongs to (for a period's unit)."""
    if value in (None, "", (), []):
        return EMPTY
    with_unit = _with_unit(model, name, value, row)
    if with_unit is not None:
        return with_unit
    field = _field(model, name)
    if isinstance(value, tuple | list):
        if field is not None and field.name == "processing_locations":
            return ", ".join(country_name(v) or str(v) for v in value)
        if name == "dpia_screening":
            return "; ".join(str(dict(DPIACriterion.choices).get(v, v)) for v in value)
        return ", ".join(_scalar(None, v) for v in value)
    return _scalar(field, value)
