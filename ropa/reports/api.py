"""The register report over the API.

GET /api/v1/organisations/{id}/register.{pdf,xlsx,csv,html,json}?as_of=…&include_retired=…&include_findings=…
    the file, rendered in the request (within EXPORT_REQUEST_TIMEOUT);
POST the same URL (same parameters, in the query or the body): 202 and a job rendered by the job worker;
GET /api/v1/export-jobs/{id}/: the job's status, progress and, once complete, its download URL and digest;
GET /api/v1/export-jobs/{id}/file: the stored file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa.api import schema
from ropa.api.fields import AsOfField, FlagField
from ropa.api.permissions import RegisterModelPermissions
from ropa.models import ExportJob, Organisation

from .exporters import exporters
from .jobs import fail_abandoned_jobs, queue_export
from .service import NothingToReport, export_register
from .timeout import RenderTimeout
from .views import file_response, visible_job


class ReportQuery(serializers.Serializer):
    as_of = AsOfField(required=False, allow_blank=True)
    include_retired = FlagField()
    include_findings = FlagField()


class ExportPermission(RegisterModelPermissions):
    """Queueing an export (POST) is reading the register, like downloading one: the view permission."""

    perms_map = {**RegisterModelPermissions.perms_map, "POST": ["%(app_label)s.view_%(model_name)s"]}


class RenderTooLong(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "render_timeout"


class ExportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    export_id = serializers.IntegerField(source="export.pk", allow_null=True, default=None)
    sha256 = serializers.CharField(source="export.sha256", allow_null=True, default=None)
    size = serializers.IntegerField(source="export.size", allow_null=True, default=None)

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "url",
            "status",
            "progress",
            "organisation",
            "format",
            "as_of",
            "include_retired",
            "include_findings",
            "requested_at",
            "started_at",
            "finished_at",
            "error",
            "export_id",
            "sha256",
            "size",
            "download_url",
        ]

    def get_url(self, job: ExportJob) -> str:
        return self.context["request"].build_absolute_uri(reverse("api-export-job", args=[job.pk]))

    def get_download_url(self, job: ExportJob) -> str | None:
        if not job.export_id:
            return None
        return self.context["request"].build_absolute_uri(reverse("api-export-job-file", args=[job.pk]))


class RegisterReportView(APIView):
    """The organisation's Art. 30 register as a file; every call records an export entry with its SHA-256."""

    # Exporting the register is reading it: the permission to view organisations (DPO, Contributor, Auditor).
    queryset = Organisation.objects.none()
    permission_classes = [ExportPermission]

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
            503: OpenApiResponse(
                description="The report took longer than the request's time limit: POST to run it as a job."
            ),
        },
    )
    def get(self, request: Request, id: int, fmt: str) -> HttpResponse:
        params = self._params(request.query_params, id, fmt, request.user)
        try:
            export, content = export_register(
                id,
                fmt,
                as_of=params.get("as_of"),
                include_retired=params["include_retired"],
                user=request.user,
                include_findings=params["include_findings"],
                timeout=settings.EXPORT_REQUEST_TIMEOUT,
            )
        except NothingToReport as exc:
            raise exceptions.ValidationError({"as_of": [str(exc)]}) from None
        except RenderTimeout as exc:
            raise RenderTooLong(f"{exc} POST to the same URL to run it as a background job.") from None
        return file_response(export, content, attachment=True)

    @extend_schema(
        operation_id="organisations_register_export_job",
        summary="Queue an export of the Art. 30 register as a background job",
        description=(
            "The same export as GET, rendered by the job worker: answers 202 with the job, whose `url` reports "
            "its status (pending, running, complete, failed) and progress, then its `download_url`. The same "
            "export asked again by the same user while the first is pending or running is refused (409)."
        ),
        parameters=[
            schema.ID,
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(exporters())),
        ],
        request=ReportQuery,
        responses={
            202: ExportJobSerializer,
            400: OpenApiResponse(description="Malformed or future as_of, or an as_of before the organisation existed."),
            401: OpenApiResponse(description="Not authenticated."),
            403: OpenApiResponse(description="No permission to view organisations."),
            404: OpenApiResponse(description="Unknown organisation or format."),
            409: OpenApiResponse(description="The same export is already pending or running."),
        },
    )
    def post(self, request: Request, id: int, fmt: str) -> Response:
        params = self._params(request.data or request.query_params, id, fmt, request.user)
        try:
            job = queue_export(
                id,
                fmt,
                request.user,
                as_of=params.get("as_of"),
                include_retired=params["include_retired"],
                include_findings=params["include_findings"],
            )
        except NothingToReport as exc:
            raise exceptions.ValidationError({"as_of": [str(exc)]}) from None
        except DjangoValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    def _params(self, data, id: int, fmt: str, user) -> dict:
        # The path kwarg is not called `format`: DRF would read that as a renderer suffix.
        if fmt not in exporters():
            raise Http404(f"Unknown format {fmt!r}: choose one of {', '.join(sorted(exporters()))}.")
        if not Organisation.objects.for_user(user).filter(pk=id).exists():  # another organisation's: 404
            raise Http404(f"There is no organisation with id {id}.")
        query = ReportQuery(data=data)
        query.is_valid(raise_exception=True)
        return query.validated_data


class ExportJobView(APIView):
    """One export job of the user's: status, progress, and the download URL once complete."""

    queryset = Organisation.objects.none()

    @extend_schema(
        operation_id="export_jobs_retrieve",
        summary="An export job: status, progress, download",
        parameters=[schema.ID],
        responses={200: ExportJobSerializer, **schema.READ_ERRORS},
    )
    def get(self, request: Request, id: int) -> Response:
        fail_abandoned_jobs()
        job = visible_job(request.user, id)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


class ExportJobFileView(APIView):
    """The stored file of a complete job, with its export entry's id and digest in headers."""

    queryset = Organisation.objects.none()

    @extend_schema(
        operation_id="export_jobs_file",
        summary="The file of a complete export job",
        parameters=[schema.ID],
        responses={
            **{
                (200, cls.content_type.split(";")[0]): OpenApiResponse(
                    OpenApiTypes.OBJECT if key == "json" else OpenApiTypes.BINARY
                )
                for key, cls in sorted(exporters().items())
            },
            **schema.READ_ERRORS,
        },
    )
    def get(self, request: Request, id: int) -> HttpResponse:
        job = visible_job(request.user, id)
        if job.export is None or not job.file:
            raise Http404("The export is not ready.")
        with default_storage.open(str(job.file.name), "rb") as stored:
            content = stored.read()
        return file_response(job.export, content, attachment=True)
