"""Errors as clear HTTP answers, never 500s: model-layer validation becomes a field-level 400, a stale version a 412,
a missing If-Match a 428, a delete blocked by records that still refer to the object a 409."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ropa.models.base import StaleVersionError

from . import errors


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send the record's ETag in an If-Match header: writes must say which version they change.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record changed since you read it. Fetch it again and reapply your change.")
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one.")
    default_code = "conflict"


def error_dict(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF's field-level mapping (`__all__` becomes `non_field_errors`)."""
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
    return {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}


def _protected_detail(exc: ProtectedError | RestrictedError) -> str:
    blocking = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    names = ", ".join(str(o) for o in blocking[:5])
    more = f" and {len(blocking) - 5} more" if len(blocking) > 5 else ""
    return str(
        _("It cannot be deleted while these records refer to it: %(names)s%(more)s. Remove those references first.")
        % {"names": names, "more": more}
    )


def exception_handler(exc, context):
    exc = errors.translate(exc, context)
    if isinstance(exc, StaleVersionError):
        exc = PreconditionFailed(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(error_dict(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_protected_detail(exc))
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, list):
        # e.g. the search filter's "Null characters are not allowed.": errors are always an object.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    response = drf_exception_handler(exc, context)
    errors.retry_after(response)
    return response
