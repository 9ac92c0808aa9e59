"""Answers for requests that cannot be served, on every surface: never a 500 for bad input or a database outage.

- A NUL character in the path, the query string or a form body (no database stores one; PostgreSQL refuses it) and a
  body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` are refused before any view runs (400, 413).
- A database that cannot be reached answers 503 with `Retry-After`, whatever raised it.
- Under `/api/` every such answer is JSON (`{"detail": "…"}`), like the API's own errors; elsewhere it is plain text.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from ropa.auth import is_api

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
RETRY_AFTER_SECONDS = 30
NUL = "\x00"


def error_response(request: HttpRequest, status: int, detail: str, **headers: str) -> HttpResponse:
    """`{"detail": …}` under /api/, a line of text elsewhere."""
    response: HttpResponse
    if is_api(request):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(
        request, 413, _("The request body is larger than the %(limit)d bytes accepted.") % {"limit": limit}
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(
        request, 503, _("The database is unavailable. Try again shortly."), Retry_After=str(RETRY_AFTER_SECONDS)
    )


def is_database_outage(exc: BaseException | None) -> bool:
    """A failure of the connection or the server (not of the query): worth retrying later."""
    return isinstance(exc, OperationalError | InterfaceError)


def _fields_with_nul(values) -> list[str]:
    return [
        key.replace(NUL, "") or "non_field_errors"
        for key in values
        if NUL in key or any(NUL in v for v in values.getlist(key))
    ]


def nul_response(request: HttpRequest, fields: list[str]) -> HttpResponse:
    """400 naming each parameter that holds a NUL (field-level on the API, like its other 400s)."""
    message = _("Null characters are not allowed.")
    if is_api(request):
        return JsonResponse({name: [message] for name in fields}, status=400)
    return error_response(request, 400, f"{message} ({', '.join(fields)})")


class RequestSanityMiddleware:
    """Refuses, before anything reads them, a body over the size limit (413) and NUL characters (400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return too_large(request)
        fields = ["non_field_errors"] if NUL in request.path else _fields_with_nul(request.GET)
        if not fields and request.method == "POST" and request.content_type in FORM_TYPES:
            fields = _fields_with_nul(request.POST)
        if fields:
            return nul_response(request, fields)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """`handler400`: a body too large for Django's own limits is a 413, the rest a 400."""
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return error_response(request, 400, _("Bad request."))


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """`handler404`: JSON under /api/, Django's page elsewhere."""
    if is_api(request):
        return error_response(request, 404, _("Not found."))
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: a database outage is a 503 with `Retry-After`; anything else stays a 500 (logged)."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    if is_api(request):
        return error_response(request, 500, _("Server error. It has been logged."))
    from django.views.defaults import server_error as default_server_error

    return default_server_error(request)
