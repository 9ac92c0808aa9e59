"""API answers for what the view itself cannot help: a database outage (503 with `Retry-After`), a body over the
size limit (413), and failed authentication counted against the anonymous throttle — otherwise a password or token
could be guessed at any speed, since DRF checks credentials before it throttles."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from ropa.errors import RETRY_AFTER_SECONDS, is_database_outage

from .throttling import AnonThrottle


class ServiceUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = _("The database is unavailable. Try again shortly.")
    default_code = "service_unavailable"


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = _("The request body is larger than the server accepts.")
    default_code = "payload_too_large"


class FailedAuthenticationThrottle(AnonThrottle):
    """Failed and missing credentials count against the anonymous rate of the client's address."""

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def translate(exc: Exception, context: dict) -> Exception:
    """The API exception a non-API failure stands for (or `exc` itself)."""
    if is_database_outage(exc):
        return ServiceUnavailable()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        throttle = FailedAuthenticationThrottle()
        if not throttle.allow_request(context["request"], context["view"]):
            return exceptions.Throttled(throttle.wait())
    return exc


def retry_after(response) -> None:
    if response is not None and response.status_code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
