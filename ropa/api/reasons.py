"""The reason of an API write, from any writing method, and what a body asks to change.

`ChangeContextMiddleware` takes the reason from the `X-Change-Reason` header; Django fills `request.POST` only for
POST, so a `change_reason` field in the body of a PUT, PATCH or DELETE (form-encoded or JSON) is read here, from
DRF's parsed body, for every method alike.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS

from ropa.history import set_reason
from ropa.middleware import REASON_FIELD, REASON_HEADER

# Keys a body may carry that are not fields of the record: the reason, and the CSRF token of a browser form.
NOT_FIELDS = frozenset({REASON_FIELD, "csrfmiddlewaretoken"})


def reason_in_body(request) -> str:
    data = request.data
    value = data.get(REASON_FIELD) if hasattr(data, "get") else None
    return value.strip() if isinstance(value, str) else ""


def requested_fields(request) -> set[str]:
    """The record's fields a write names (the reason and CSRF token are not fields)."""
    data = request.data
    return set(data) - NOT_FIELDS if hasattr(data, "keys") else set()


class ReasonFromBodyMixin:
    """A viewset mixin: after authentication, a `change_reason` in the body becomes the write's reason (unless the
    header gave one)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in SAFE_METHODS and not request.headers.get(REASON_HEADER):
            reason = reason_in_body(request)
            if reason:
                set_reason(reason)
