"""The import over the API.

POST /api/v1/organisations/{id}/import/?dry_run=true — multipart (`file`, optional `choices` as JSON) or JSON
(`{"name": …, "content_base64": …, "choices": {…}}`, or a ropa JSON export as the body itself). A dry run is the
default; `dry_run=false` imports, all rows or none. The answer is the import report: 200 when the file (would)
import cleanly, 400 with the same report when it has errors.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa.api import schema
from ropa.api.fields import parse_bool
from ropa.api.parsers import UnicodeJSONParser
from ropa.api.permissions import RegisterModelPermissions
from ropa.models import Organisation, ProcessingActivity

from .files import MAX_BYTES, limit
from .permissions import can_import
from .service import import_register


class CanImport(BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_import(request.user)


def _choices(value: Any) -> dict[str, str]:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else {}
        except ValueError:
            raise exceptions.ValidationError({"choices": ["Not valid JSON."]}) from None
    if not isinstance(value, dict):
        raise exceptions.ValidationError(
            {"choices": ['Expected an object {"<value id>": "text" | "create" | "map:<key>"}.']}
        )
    return {str(k): str(v) for k, v in value.items()}


def _upload(request: Request) -> tuple[str, bytes, dict[str, str]]:
    """The file's name and bytes, and the user's choices, from a multipart or JSON body."""
    maximum = limit("ROPA_IMPORT_MAX_BYTES", MAX_BYTES)
    if "file" in request.FILES:
        upload = request.FILES["file"]
        if upload.size > maximum:  # refused before it is read into memory
            raise exceptions.ValidationError(
                {
                    "file": [
                        f"The file is {upload.size:,} bytes, over the import limit of {maximum:,} bytes: split the "
                        "register or ask the administrator to raise ROPA_IMPORT_MAX_BYTES."
                    ]
                }
            )
        form = request.data if isinstance(request.data, dict) else {}
        return upload.name or "upload", upload.read(), _choices(form.get("choices", ""))
    data = request.data
    if isinstance(data, dict) and "register" in data:
        return request.query_params.get("name", "register.json"), json.dumps(data).encode(), {}
    if isinstance(data, dict) and "content_base64" in data:
        try:
            content = base64.b64decode(str(data["content_base64"]), validate=True)
        except (binascii.Error, ValueError):
            raise exceptions.ValidationError({"content_base64": ["Not valid base64."]}) from None
        return str(data.get("name") or "upload"), content, _choices(data.get("choices", {}))
    raise exceptions.ValidationError(
        {
            "file": [
                "Send the file as multipart field `file`, or JSON with `name` and "
                "`content_base64`, or a ropa JSON export as the body."
            ]
        }
    )


def _dry_run(value: str | None) -> bool:
    """Absent or blank: a dry run — only an explicit no imports."""
    if value is None or not value.strip():
        return True
    try:
        return bool(parse_bool(value))
    except ValueError as exc:
        raise exceptions.ValidationError({"dry_run": [str(exc)]}) from None


class RegisterImportView(APIView):
    """Import a register file into the organisation, or (by default) report what importing it would do."""

    # Importing adds and changes activities: the model permissions (DRF asks `add` for a POST), and `change` too.
    queryset = ProcessingActivity.objects.none()
    permission_classes = [RegisterModelPermissions, CanImport]
    parser_classes = [MultiPartParser, FormParser, UnicodeJSONParser]

    @extend_schema(
        operation_id="organisations_register_import",
        summary="Import a register (dry run by default)",
        description=__doc__,
        parameters=[schema.ID, OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="Default true.")],
        request={"multipart/form-data": OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The import report; nothing wrong."),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description="The import report with its errors; nothing was written."
            ),
            401: OpenApiResponse(description="Not authenticated."),
            403: OpenApiResponse(description="No permission to add and change processing activities."),
            404: OpenApiResponse(description="Unknown organisation."),
        },
    )
    def post(self, request: Request, id: int) -> Response:
        # Importing writes activities: only into an organisation where the user may add them (else a 404).
        organisation = Organisation.objects.for_user(request.user, "ropa.add_processingactivity").filter(pk=id).first()
        if organisation is None:
            raise Http404(f"There is no organisation with id {id}.")
        dry_run = _dry_run(request.query_params.get("dry_run"))
        name, content, choices = _upload(request)
        report = import_register(organisation, name, content, user=request.user, dry_run=dry_run, choices=choices)
        return Response(report.as_dict(), status=400 if report.has_errors else 200)
