"""What every record of the register shares: a version for optimistic concurrency, timestamps, and history."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ropa.history import current_change, history_user

__all__ = ["RegisterModel", "StaleVersionError", "register_history"]


class StaleVersionError(ValidationError):
    """Raised when a record is saved from a version that is no longer the current one."""


def register_history(**kwargs) -> HistoricalRecords:
    """The HistoricalRecords every register model uses: user and reason come from `ropa.history`."""
    return HistoricalRecords(get_user=history_user, inherit=False, cascade_delete_history=False, **kwargs)


def history_of(model: type[models.Model]) -> Any:
    """The historical manager simple-history adds to a register model (`Model.history`), typed for readers."""
    return model.history  # type: ignore[attr-defined]


class RegisterModel(models.Model):
    """Base of every register record.

    `version` is the record's optimistic-concurrency token: a save must start from the version currently stored, or
    it is refused (two DPOs editing one activity must not overwrite each other silently). The check runs under a row
    lock in the saving transaction, so admin, API and scripts share it.
    """

    version = models.PositiveIntegerField(_("version"), default=0, editable=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.pk is not None and not self._state.adding:
                current = self.current_version(lock=True)
                if current is None:
                    raise self.deleted_error()
                if current != self.version:
                    raise self.stale_version_error(current)
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except Exception:
                self.version -= 1
                raise
            ctx = current_change()
            if ctx is not None:
                ctx.saved.add((self._meta.label, self.pk))

    def deleted_error(self) -> StaleVersionError:
        """Saving a record someone else deleted would silently bring it back: refuse instead."""
        message = _("This %(name)s was deleted by someone else since you opened it; it was not saved.")
        return StaleVersionError({NON_FIELD_ERRORS: [message % {"name": self._meta.verbose_name}]}, code="deleted")

    def stale_version_error(self, current: int | None) -> StaleVersionError:
        return StaleVersionError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "This %(name)s was changed by someone else since you opened it (you edited version "
                        "%(mine)s, the current one is %(current)s). Reload it, reapply your change and save again."
                    )
                    % {"name": self._meta.verbose_name, "mine": self.version, "current": current}
                ]
            },
            code="stale_version",
        )

    def current_version(self, lock: bool = False) -> int | None:
        qs = type(self)._default_manager.filter(pk=self.pk)
        if lock:
            qs = qs.select_for_update()
        return qs.values_list("version", flat=True).first()

    def validate_version(self) -> None:
        """Refuse a stale edit with a form-level message (the same check `save()` enforces under lock)."""
        if self.pk is None or self._state.adding:
            return
        current = self.current_version()
        if current is None:
            raise self.deleted_error()
        if current != self.version:
            raise self.stale_version_error(current)

    def clean(self) -> None:
        super().clean()
        self.validate_version()
