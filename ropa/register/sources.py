"""Where a Register snapshot reads its rows from: the live tables, or the history tables as of a datetime.

Both sources answer `rows(model, **filters)` with plain dicts keyed by field attname, one query per call, so the
snapshot builder is the same code for "now" and for any past moment.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from django.db import models
from django.db.models import OuterRef, Subquery

from ropa.models.base import history_of


class RowSource(Protocol):
    @property
    def as_of(self) -> dt.datetime | None: ...

    def rows(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> list[dict]: ...

    def queryset(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> models.QuerySet: ...


def _field_names(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


class LiveSource:
    """The register as it is now."""

    as_of = None

    def rows(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> list[dict]:
        return list(self.queryset(model, fields, **filters))

    def queryset(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> models.QuerySet:
        return model._default_manager.filter(**filters).values(*(fields or _field_names(model)))


class HistorySource:
    """The register as it stood at `as_of`, read from simple-history's tables.

    For every object, the latest historical row at or before `as_of` is its state then; an object whose latest row
    is a deletion ('-') did not exist then. Relations are explicit models with their own history, so they are read
    the same way (simple-history's own `as_of()` would return today's m2m rows). One query per model: the latest
    row is picked by a correlated subquery on (id, history_date, history_id).

    Not simple-history's `latest_of_each()`: it keeps every row that has no *later* `history_date`, so two rows of
    one object saved in the same microsecond (an activity and the relation that bumps its version, on a coarse
    clock) both come back; ordering by `history_id` as well breaks the tie.
    """

    def __init__(self, as_of: dt.datetime):
        self.as_of = as_of

    def rows(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> list[dict]:
        return list(self.queryset(model, fields, **filters))

    def queryset(self, model: type[models.Model], fields: tuple[str, ...] = (), **filters) -> models.QuerySet:
        """The rows as a lazy `values()` queryset, for a caller that orders, counts or slices them in SQL."""
        historical = history_of(model).model
        latest = (
            historical.objects.filter(id=OuterRef("id"), history_date__lte=self.as_of)
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        qs = (
            historical.objects.filter(history_date__lte=self.as_of, **filters)
            .filter(history_id=Subquery(latest))
            .exclude(history_type="-")
        )
        return qs.values(*(fields or _field_names(model)))
