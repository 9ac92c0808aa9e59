"""The notice over the API.

GET /api/v1/organisations/{id}/notice.{md,html}?as_of=…   the notice generated from the register
GET /api/v1/organisations/{id}/notice-findings/            the latest published notice against the register
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa.api import schema
from ropa.api.fields import AsOfField
from ropa.checks.api import FindingSerializer
from ropa.models import Organisation, PrivacyNotice
from ropa.register import Register, build_register

from .compare import compare_notice, latest_notice
from .generate import notice_html, notice_markdown


def notice_pdf(register: Register) -> bytes:
    """The generated notice as PDF, through the register report's PDF machinery (WeasyPrint, nothing fetched)."""
    from django.conf import settings
    from weasyprint import HTML

    from ropa.reports.exporters.pdf import RefusingFetcher

    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2cm; @bottom-right { content: counter(page) } } "
        "body { font-family: sans-serif; font-size: 10pt; } h1 { font-size: 16pt; } h2 { font-size: 12pt; }"
        f"</style></head><body>{notice_html(register)}</body></html>"
    )
    return HTML(string=page, base_url=str(settings.BASE_DIR), url_fetcher=RefusingFetcher()).write_pdf()


FORMATS: dict[str, tuple[str, Callable[[Register], str | bytes]]] = {
    "md": ("text/markdown; charset=utf-8", notice_markdown),
    "html": ("text/html; charset=utf-8", notice_html),
    "pdf": ("application/pdf", notice_pdf),
}
AS_OF = OpenApiParameter("as_of", OpenApiTypes.STR, description="Past date (2025-01-31) or ISO 8601 datetime.")
ERRORS = {
    401: OpenApiResponse(description="Not authenticated."),
    403: OpenApiResponse(description="No permission to view privacy notices."),
    404: OpenApiResponse(description="Unknown organisation or format, or no notice recorded."),
}


class NoticeQuery(serializers.Serializer):
    as_of = AsOfField(required=False, allow_blank=True)


def _organisation(id: int, user) -> None:
    if not Organisation.objects.for_user(user).filter(pk=id).exists():  # another organisation's: 404 (ropa.access)
        raise Http404(f"There is no organisation with id {id}.")


class GeneratedNoticeView(APIView):
    """The Art. 13 notice written from the register, each statement traceable to its records."""

    queryset = PrivacyNotice.objects.none()  # reading notices: the permission to view them

    @extend_schema(
        operation_id="organisations_notice_generate",
        summary="Generate the privacy notice from the register",
        parameters=[
            schema.ID,
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["html", "md", "pdf"]),
            AS_OF,
        ],
        responses={
            (200, "text/markdown"): OpenApiTypes.STR,
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="Bad as_of, or the organisation did not exist then."),
            **ERRORS,
        },
    )
    def get(self, request: Request, id: int, fmt: str) -> HttpResponse:
        if fmt not in FORMATS:
            raise Http404(f"Unknown format {fmt!r}: choose md, html or pdf.")
        _organisation(id, request.user)
        query = NoticeQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        register = build_register(id, as_of=query.validated_data.get("as_of"))
        if register.organisation is None:
            raise exceptions.ValidationError({"as_of": [register.note]})
        content_type, render = FORMATS[fmt]
        return HttpResponse(render(register), content_type=content_type)


class NoticeComparisonSerializer(serializers.Serializer):
    notice = serializers.DictField()
    today = FindingSerializer(many=True)
    at_publication = FindingSerializer(many=True)
    at_publication_note = serializers.CharField(allow_blank=True)


class NoticeFindingsView(APIView):
    """The differences between the organisation's latest published notice and its register, today and then."""

    queryset = PrivacyNotice.objects.none()

    @extend_schema(
        operation_id="organisations_notice_findings",
        summary="Compare the published privacy notice with the register",
        parameters=[schema.ID],
        responses={200: NoticeComparisonSerializer, **ERRORS},
    )
    def get(self, request: Request, id: int) -> Response:
        from ropa.management.commands.compare_notice import as_json

        _organisation(id, request.user)
        notice = latest_notice(id)
        if notice is None:
            raise Http404("This organisation has no recorded privacy notice.")
        return Response(as_json(compare_notice(id, notice)))
