"""What is particular to one relation of an activity, declared once on its model.

Every reader of "an activity and its relations" — the API writer and serializers, the snapshot builder, the diff,
the record history, the audit trail, the roles, the demo loader — asks the declaration and the model's `_meta`
instead of keeping a list of its own. Adding a relation is its model (an `ActivityRelation` subclass) with a
`relation = Relation(...)` attribute, and a typed field on `ropa.register.snapshot.ActivityView`.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .activities import ActivityRelation

__all__ = ["BOOKKEEPING", "Relation", "activity_relations", "register_relation"]

# Fields every register row has, which no reader compares or shows as the relation's content.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class Relation:
    """One nested list of an activity.

    - `name`: the list's name in the API, on the snapshot's `ActivityView` and in the reports ("purposes").
    - `item`: one row of it, as the diff and the history name its kind ("purpose").
    - `natural_key`: the fields that identify a row within its activity; a write that names no row id matches on it.
    - `describe`: how a row names itself, a `str.format` template over its fields' texts
      ("{purpose}: {basis}"); each surface supplies the texts (labels as they stood, catalogue keys…).
    - `position`: where the list stands among the activity's relations (the register's order).
    - `section`: the part of the activity's admin form its rows are entered in (a slug of
      `ropa.admin.activity_form.SECTIONS`: "what", "data", "sharing", "safeguards"); within a section the lists
      follow `position`.
    """

    name: str
    item: str
    natural_key: tuple[str, ...]
    position: int
    section: str
    describe: str = ""
    model: type[ActivityRelation] = field(default=None, compare=False)  # type: ignore[assignment]  # bound on registration

    @property
    def accessor(self) -> str:
        """The reverse accessor on the activity (`activitypurpose_set`)."""
        return f"{self.model._meta.model_name}_set"

    @property
    def noun(self) -> str:
        return self.item.replace("_", " ").capitalize()

    @property
    def references(self) -> tuple[models.Field, ...]:
        """The foreign keys to what a row is about (catalogue entries, third parties), the activity left out."""
        return tuple(f for f in self.model._meta.concrete_fields if f.is_relation and f.name != "activity")

    @property
    def content_fields(self) -> tuple[models.Field, ...]:
        """The fields a row says something with: everything but bookkeeping and its activity."""
        return tuple(f for f in self.model._meta.concrete_fields if f.name not in BOOKKEEPING | {"activity"})

    def text(self, value_text: Callable[[str], Any]) -> str:
        """The row's name, from `value_text(field_name)` — the text of one field as the caller shows it."""
        template = self.describe or " ".join(f"{{{n}}}" for n in self.natural_key)
        names = {part[1] for part in _FORMATTER.parse(template) if part[1]}
        return template.format(**{n: value_text(n) or "" for n in names})


_FORMATTER = string.Formatter()
_REGISTRY: list[type[ActivityRelation]] = []


def register_relation(model: type[ActivityRelation]) -> None:
    """Called for each concrete `ActivityRelation` subclass: binds the declaration to its model."""
    declaration = model.__dict__.get("relation")
    if declaration is None:
        raise TypeError(f"{model.__name__} is an activity relation without a `relation = Relation(...)` declaration")
    model.relation = replace(declaration, model=model)
    _REGISTRY.append(model)


def activity_relations() -> tuple[type[ActivityRelation], ...]:
    """The relation models of an activity, in the register's order."""
    return tuple(sorted(_REGISTRY, key=lambda m: m.relation.position))
