"""Check constraints a model validates in Python when their condition reads only the row's own values.

Django validates a `CheckConstraint` by asking the database (`SELECT 1 WHERE <condition>`, in a savepoint inside a
transaction): three statements for every saved row that carries one, on every surface. A condition built from this
row's fields, literals and `F()` references to its other fields, with `exact`, `isnull` and the comparisons, is
decided here with SQL's three-valued logic (a comparison with NULL is unknown, and an unknown result passes, as
in the database's CHECK). Anything else is left to Django's query. The database enforces the constraint either way.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import F, Q

__all__ = ["RowCheck", "decide"]

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class Undecided(Exception):
    """The condition holds something this module does not evaluate: the database decides."""


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many or field.one_to_many or not field.concrete:
        raise Undecided(name)
    return field.get_prep_value(getattr(instance, field.attname))  # a foreign key: its id


def _lookup(instance: models.Model, lookup: str, rhs: Any) -> bool | None:
    name, _, kind = lookup.partition("__")
    kind = kind or "exact"
    if isinstance(rhs, F):
        rhs = _value(instance, rhs.name)  # type: ignore[attr-defined]  # F() names its field
    elif hasattr(rhs, "resolve_expression"):
        raise Undecided(lookup)
    lhs = _value(instance, name)
    if kind == "isnull":
        return (lhs is None) is bool(rhs)
    if kind == "exact" and rhs is None:  # `Q(x=None)` is `x IS NULL` in Django
        return lhs is None
    if kind not in _COMPARISONS:
        raise Undecided(lookup)
    if lhs is None or rhs is None:
        return None  # SQL: a comparison with NULL is unknown
    return _COMPARISONS[kind](lhs, rhs)


def _child(child: Any, instance: models.Model) -> bool | None:
    return decide(child, instance) if isinstance(child, Q) else _lookup(instance, *child)


def decide(condition: Q, instance: models.Model) -> bool | None:
    """The condition's truth for the instance: True, False or None (SQL's unknown). Raises `Undecided`."""
    results = [_child(child, instance) for child in condition.children]
    if condition.connector == Q.AND:
        result = False if False in results else (None if None in results else True)
    else:
        result = True if True in results else (None if None in results else False)
    if condition.negated and result is not None:
        result = not result
    return result


class RowCheck(models.CheckConstraint):
    """A `CheckConstraint` validated in Python when `decide()` can (see the module); migrations see a plain one."""

    def validate(
        self,
        model: type[models.Model],
        instance: models.Model,
        exclude: set[str] | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        if (exclude or set()) & set(Q(self.condition).referenced_base_fields):
            return  # as Django: a condition on a field left out is not checked
        try:
            verdict = decide(Q(self.condition), instance)
        except Undecided:
            super().validate(model, instance, exclude, using)
            return
        if verdict is False:
            raise ValidationError(self.get_violation_error_message(), code=self.violation_error_code)

    def deconstruct(self) -> Any:
        _, args, kwargs = super().deconstruct()
        return "django.db.models.CheckConstraint", args, kwargs
