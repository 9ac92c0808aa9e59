"""Who changed the register and why: the one place that knows how a change is attributed.

Every write path opens a change context — the admin and the API through `ChangeContextMiddleware`, commands and the
demo loader with `change_context(...)` — and every historical row simple-history writes inside it carries that user
and reason (see `attribute_historical_record`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

NO_REASON = "No reason given"
# simple-history's `history_type` of a row, as every surface names it
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class ChangeContext:
    reason: str
    user: Any = None
    request: Any = None
    # Records saved in this context, as (model label, pk): an activity saved once per change is enough.
    saved: set = field(default_factory=set, compare=False)

    def resolve_user(self):
        """The acting user; for a request, read lazily, because DRF authenticates inside the view."""
        if self.user is not None:
            return self.user
        user = getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


_current: contextvars.ContextVar[ChangeContext | None] = contextvars.ContextVar("ropa_change", default=None)


@contextmanager
def change_context(reason: str, user: Any = None, request: Any = None) -> Iterator[ChangeContext]:
    """Attribute every history row written inside the block to `user` with `reason`."""
    ctx = ChangeContext(reason=(reason or "").strip() or NO_REASON, user=user, request=request)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)


def current_change() -> ChangeContext | None:
    return _current.get()


def set_reason(reason: str) -> None:
    """Replace the reason of the open context (e.g. once a form has been validated)."""
    ctx = _current.get()
    if ctx is not None and reason and reason.strip():
        _current.set(ChangeContext(reason=reason.strip(), user=ctx.user, request=ctx.request, saved=ctx.saved))


def history_user(instance=None, **kwargs):
    """`get_user` callable for HistoricalRecords: the one place a historical row gets its user."""
    ctx = _current.get()
    return ctx.resolve_user() if ctx else None


@receiver(pre_create_historical_record)
def attribute_historical_record(sender, instance, history_instance, **kwargs) -> None:
    """The reason of the open change on every historical row (the user comes from `history_user`)."""
    if getattr(history_instance, "history_change_reason", None):
        return
    ctx = _current.get()
    history_instance.history_change_reason = ctx.reason if ctx else NO_REASON


def history_rows_by(user) -> list[str]:
    """The register models whose history names `user` (one query per historical model)."""
    from django.apps import apps

    return [
        str(model._meta.verbose_name_plural)
        for model in apps.get_app_config("ropa").get_models()
        if hasattr(model, "history") and model.history.filter(history_user_id=user.pk).exists()
    ]


def protect_authors_of_history(sender, instance, **kwargs) -> None:
    """Deleting a user would erase "who" from every change they made (the history's user link is nulled):
    refuse, so the account is deactivated instead."""
    from django.db.models import ProtectedError

    if instance.pk and (models := history_rows_by(instance)):
        raise ProtectedError(
            f"{instance} made changes recorded in the history of {', '.join(map(str, models))}: "
            "deactivate the account instead of deleting it, so the audit trail keeps its author.",
            {instance},
        )
