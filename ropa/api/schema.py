"""What every operation of the API documents: the concurrency and reason headers and the error answers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from ropa.ids import MAX_ID

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the version you read, e.g. `"3"`. Missing: 428. Not the current version: 412.',
)
CHANGE_REASON = OpenApiParameter(
    "X-Change-Reason",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Why you make this change; recorded in the history (default: the method and path).",
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description='The record\'s version, e.g. `"3"`: send it back in If-Match to change or delete the record.',
)
# Record ids are positive and at most 18 digits (the routes' pattern): outside that range the URL does not exist.
ID = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    required=True,
    description="The record's id.",
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATETIME,
    OpenApiParameter.QUERY,
    required=False,
    description="Serve the activities as they stood at this past moment (ISO 8601), read-only, from the register's "
    "history. On the list only the `organisation` filter applies then. Malformed or future: 400.",
)

_detail = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(_detail, description=description)


VALIDATION = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Validation failed: field-level messages, e.g. `{"retention_event": ["…"]}`; nested lists give '
    'the failing items by index, e.g. `{"data_categories": {"1": {"art9_condition": ["…"]}}}`.',
)
UNAUTHENTICATED = _error("No or invalid credentials (token or session).")
FORBIDDEN = _error("Your role does not allow this.")
NOT_FOUND = _error("No such record (or page).")
CONFLICT = _error("Other records still refer to this one.")
STALE = _error("If-Match does not name the current version: someone else changed the record. Reload it.")
MISSING_IF_MATCH = _error("If-Match missing.")

READ_ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}
LIST_ERRORS = {400: VALIDATION, **READ_ERRORS}
CREATE_ERRORS = {400: VALIDATION, 401: UNAUTHENTICATED, 403: FORBIDDEN}
WRITE_ERRORS = {400: VALIDATION, **READ_ERRORS, 412: STALE, 428: MISSING_IF_MATCH}
DELETE_ERRORS = {**READ_ERRORS, 409: CONFLICT, 412: STALE, 428: MISSING_IF_MATCH}
