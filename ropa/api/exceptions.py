"""Model-layer validation errors become field-level 400 responses, never 500s."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        detail = {("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
