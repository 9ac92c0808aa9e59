"""The register report over the API.

GET /api/v1/organisations/{id}/register.{pdf,xlsx,csv,html,json}?as_of=…&include_retired=…&include_findings=…
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from ropa.api import schema
from ropa.api.fields import AsOfField, FlagField
from ropa.models import Organisation

from .exporters import exporters
from .service import NothingToReport, export_register
from .views import file_response


class ReportQuery(serializers.Serializer):
    as_of = AsOfField(required=False, allow_blank=True)
    include_retired = FlagField()
    include_findings = FlagField()


class RegisterReportView(APIView):
    """The organisation's Art. 30 register as a file; every call records an export entry with its SHA-256."""

    # Exporting the register is reading it: the permission to view organisations (DPO, Contributor, Auditor).
    queryset = Organisation.objects.none()

    @extend_schema(
        operation_id="organisations_register_export",
        summary="Export the Art. 30 register",
        description=(
            "The register of the organisation, live or as of a past date, as PDF, XLSX, CSV, HTML or JSON. "
            "Each call records an export entry; the `X-Register-Export-Id` and `X-Register-Export-SHA256` "
            "headers give its id and the SHA-256 of the body."
        ),
        parameters=[
            schema.ID,
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(exporters())),
            OpenApiParameter("as_of", OpenApiTypes.STR, description="Past date (2025-01-31) or ISO 8601 datetime."),
            OpenApiParameter("include_retired", OpenApiTypes.BOOL, description="Include retired activities."),
            OpenApiParameter(
                "include_findings",
                OpenApiTypes.BOOL,
                description="Append the annex of compliance findings (errors and warnings) as of the same "
                "date. CSV has no annex.",
            ),
        ],
        responses={
            **{
                (200, cls.content_type.split(";")[0]): OpenApiResponse(
                    OpenApiTypes.OBJECT if key == "json" else OpenApiTypes.BINARY,
                    description="The report file, in the media type of the format asked for: "
                    + "; ".join(f"`{k}`: {c.verbose_name}" for k, c in sorted(exporters().items()))
                    + ".",
                )
                for key, cls in sorted(exporters().items())
            },
            400: OpenApiResponse(
                description="Malformed or future as_of, an as_of before the organisation existed, or bad "
                "include_retired or include_findings."
            ),
            401: OpenApiResponse(description="Not authenticated."),
            403: OpenApiResponse(description="No permission to view organisations."),
            404: OpenApiResponse(description="Unknown organisation or format."),
        },
    )
    def get(self, request: Request, id: int, fmt: str) -> HttpResponse:
        # The path kwarg is not called `format`: DRF would read that as a renderer suffix.
        if fmt not in exporters():
            raise Http404(f"Unknown format {fmt!r}: choose one of {', '.join(sorted(exporters()))}.")
        if not Organisation.objects.filter(pk=id).exists():
            raise Http404(f"There is no organisation with id {id}.")
        query = ReportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        try:
            export, content = export_register(
                id,
                fmt,
                as_of=params.get("as_of"),
                include_retired=params["include_retired"],
                user=request.user,
                include_findings=params["include_findings"],
            )
        except NothingToReport as exc:
            raise exceptions.ValidationError({"as_of": [str(exc)]}) from None
        return file_response(export, content, attachment=True)
