"""Free text with a length limit suited to its use, enforced in the model so every surface shares it.

Django's `TextField(max_length=…)` only sizes the form widget; `LimitedTextField` also validates the length in
`full_clean()`, which the admin, the API (its serializers take the limit from the model), the importer and the
commands all run. Without it a two-megabyte description is a valid record and a regulator PDF that outlasts any
request timeout.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from django.db import models

__all__ = ["ADDRESS", "NOTE", "PROSE", "LimitedTextField"]

PROSE = 10_000  # a description, a statement of systems, sources or rights: several pages of the register
NOTE = 2_000  # a note on one row: details of a purpose, a retention note, a legal reference explained
ADDRESS = 1_000  # a postal address or a contact block


class LimitedTextField(models.TextField):
    """A TextField whose `max_length` is validated, not only shown (default: `PROSE`)."""

    def __init__(self, *args: Any, max_length: int = PROSE, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self._validators: list[Any] = [*self._validators, MaxLengthValidator(max_length)]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        rest = [v for v in kwargs.pop("validators", []) if not isinstance(v, MaxLengthValidator)]
        if rest:
            kwargs["validators"] = rest
        return name, path, args, kwargs
