"""What every record of the register shares: a version for optimistic concurrency, timestamps, and history."""

from collections.abc import Iterable
from typing import Any, Self

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ropa.history import current_change, history_user

__all__ = [
    "RegisterModel",
    "RegisterQuerySet",
    "StaleVersionError",
    "clean_and_save",
    "register_history",
    "unchanged_fields",
]


class StaleVersionError(ValidationError):
    """Raised when a record is saved from a version that is no longer the current one."""


class RegisterHistoricalRecords(HistoricalRecords):
    """simple-history's records with one more index: (id, history_date, history_id), the key of "the latest row of
    this object at or before a moment" that every as-of read asks once per object (`ropa.register.sources`).
    Without it PostgreSQL answers that subquery by walking the date index backwards (milliseconds per object)."""

    def get_meta_options(self, model):
        meta = super().get_meta_options(model)
        index = models.Index(
            fields=(model._meta.pk.attname, "history_date", "history_id"), name=f"h_{model._meta.model_name[:21]}_asof"
        )
        meta["indexes"] = (*meta.get("indexes", ()), index)
        return meta


def register_history(**kwargs) -> HistoricalRecords:
    """The HistoricalRecords every register model uses: user and reason come from `ropa.history`."""
    return RegisterHistoricalRecords(get_user=history_user, inherit=False, cascade_delete_history=False, **kwargs)


def history_of(model: type[models.Model]) -> Any:
    """The historical manager simple-history adds to a register model (`Model.history`), typed for readers."""
    return model.history  # type: ignore[attr-defined]


def _constraint_groups(model: type[models.Model]) -> list[set[str]]:
    """The fields validated together: each unique constraint's, unique_together's, each check constraint's."""
    groups = [set(c.fields) for c in model._meta.total_unique_constraints]
    groups += [set(fields) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            groups.append(set(Q(constraint.condition).referenced_base_fields))
    return groups


def unchanged_fields(model: type[models.Model], changed) -> list[str]:
    """The fields `full_clean(exclude=...)` may leave out after a write of `changed` only: every other field, except
    those validated together with a changed one (a unique constraint across `organisation` and `reference` is
    checked when either changes). What was not changed was validated when it was written."""
    keep = set(changed)
    for group in _constraint_groups(model):
        if group & keep:
            keep |= group
    return [f.name for f in model._meta.concrete_fields if f.name not in keep]


class RegisterQuerySet(models.QuerySet):
    def for_user(self, user, perm: str | None = None) -> Self:
        """The records of the organisations where `user` holds `perm` (default: viewing): `ropa.access.restrict`."""
        from ropa.access import restrict

        return restrict(self, user, perm)


class RegisterModel(models.Model):
    """Base of every register record.

    `version` is the record's optimistic-concurrency token: a save must start from the version currently stored, or
    it is refused (two DPOs editing one activity must not overwrite each other silently). The check runs under a row
    lock in the saving transaction, so admin, API and scripts share it.
    """

    version = models.PositiveIntegerField(_("version"), default=0, editable=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        locked = self._holds_lock()
        # Under a lock the caller's transaction already took, a failed save fails the caller's whole write: no
        # savepoint to roll back to is needed (two queries fewer per save).
        with transaction.atomic(savepoint=not locked):
            if self.pk is not None and not self._state.adding and not locked:
                current = self.current_version(lock=True)
                if current is None:
                    raise self.deleted_error()
                if current != self.version:
                    raise self.stale_version_error(current)
            self.__dict__.pop("_locked_version", None)
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

    def locked_at(self, version: int) -> None:
        """Say that the caller's transaction holds this row's lock and read `version` under it: until the next save,
        the version check needs no query. Only for code that took the lock itself (`select_for_update`) in the
        transaction that then saves."""
        self._locked_version = version

    def _holds_lock(self) -> bool:
        locked = self.__dict__.get("_locked_version")
        return locked is not None and locked == self.version and transaction.get_connection().in_atomic_block

    def current_version(self, lock: bool = False) -> int | None:
        qs = type(self)._default_manager.filter(pk=self.pk)
        if lock:
            qs = qs.select_for_update()
        return qs.values_list("version", flat=True).first()

    def validate_version(self) -> None:
        """Refuse a stale edit with a form-level message (the same check `save()` enforces under lock)."""
        if self.pk is None or self._state.adding or self._holds_lock():
            return
        current = self.current_version()
        if current is None:
            raise self.deleted_error()
        if current != self.version:
            raise self.stale_version_error(current)

    def clean(self) -> None:
        super().clean()
        self.validate_version()


def clean_and_save(
    instance: models.Model, changed: Iterable[str] | None = None, exists: Iterable[str] = ()
) -> models.Model:
    """Validate with the model's rules (full_clean: fields, clean(), constraints), then save — the path the admin
    takes too, so no rule exists in one surface only.

    With `changed` (an update of those fields of a stored record), the fields and constraints no changed field takes
    part in are not validated again and the UPDATE writes only what changed; `clean()` always sees the whole
    record. `exists` names foreign keys whose targets the caller read in its own transaction (an import checks every
    reference once per file): their existence is not queried again for each row; everything else, constraints
    across them included, is validated as usual."""
    adding = changed is None or instance._state.adding
    exclude = [] if adding else unchanged_fields(type(instance), list(changed or ()))
    _full_clean(instance, exclude, set(exists))
    if adding:
        instance.save()
        return instance
    columns = {getattr(instance._meta.get_field(name), "attname", name) for name in changed or ()}
    instance.save(update_fields=[*sorted(columns), "version", "updated_at"])
    return instance


def _full_clean(instance: models.Model, exclude: list[str], exists: set[str]) -> None:
    """`full_clean(exclude)`, with the fields in `exists` left out of the per-field checks only (Django's steps:
    fields, clean(), unique, constraints — a field that failed is not checked for uniqueness)."""
    if not exists:
        instance.full_clean(exclude=exclude)
        return
    errors: dict[str, Any] = {}
    excluded = set(exclude)
    for step in (lambda: instance.clean_fields(exclude=excluded | exists), instance.clean):
        try:
            step()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    excluded |= {name for name in errors if name != NON_FIELD_ERRORS}
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check(exclude=excluded)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
