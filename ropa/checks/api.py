"""`GET /api/v1/findings/?organisation=<id>&severity=…&as_of=…`: the findings of one register, as JSON."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa.api import schema
from ropa.api.fields import AsOfField, BoundedPrimaryKeyField
from ropa.choices import FindingSeverity
from ropa.models import Organisation, ProcessingActivity
from ropa.register.cache import cached_register

from .engine import run_checks
from .report import findings_report

AS_OF_HELP = "ISO date (the end of that day) or ISO 8601 date-time."


class FindingsQuery(serializers.Serializer):
    """The query string, validated field by field (a bad value is a 400 naming the parameter)."""

    organisation = BoundedPrimaryKeyField(queryset=Organisation.objects.all())
    severity = serializers.ChoiceField(choices=FindingSeverity.choices, required=False)
    as_of = AsOfField(required=False, help_text=AS_OF_HELP)


class FindingSerializer(serializers.Serializer):
    """One finding (documentation of the response; the data comes from `Finding.as_dict()`)."""

    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=FindingSeverity.choices)
    article = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField()
    fix = serializers.CharField()
    organisation_id = serializers.IntegerField()
    record = serializers.ChoiceField(choices=["activity", "third_party", "organisation"])
    record_name = serializers.CharField()
    activity_id = serializers.IntegerField(allow_null=True)
    activity_reference = serializers.CharField(allow_blank=True)
    third_party_id = serializers.IntegerField(allow_null=True)
    quote = serializers.CharField(required=False, help_text="Notice rules: the notice's sentence.")
    position = serializers.CharField(required=False, help_text="Notice rules: where the sentence stands.")


class FindingsReportSerializer(serializers.Serializer):
    """The findings of one register: the shape `findings_report()` builds (docs/checks.md)."""

    organisation = serializers.DictField(allow_null=True)
    as_of = serializers.DateTimeField(allow_null=True)
    effective_date = serializers.DateField()
    generated_at = serializers.DateTimeField()
    note = serializers.CharField(allow_blank=True)
    counts = serializers.DictField(child=serializers.IntegerField())
    findings = FindingSerializer(many=True)


class FindingsView(APIView):
    # Findings describe the activities: reading them needs the permission to view activities (the API's
    # model permissions read it from this queryset).
    queryset = ProcessingActivity.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("organisation", OpenApiTypes.INT, required=True),
            OpenApiParameter("severity", OpenApiTypes.STR, enum=FindingSeverity.values),
            OpenApiParameter("as_of", OpenApiTypes.STR, description=AS_OF_HELP),
        ],
        responses={
            200: FindingsReportSerializer,
            400: schema.VALIDATION,
            401: schema.UNAUTHENTICATED,
            403: schema.FORBIDDEN,
        },
    )
    def get(self, request: Request) -> Response:
        query = FindingsQuery(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        params = query.validated_data
        register = cached_register(params["organisation"].pk, as_of=params.get("as_of"))
        findings = run_checks(register)
        if params.get("severity"):
            findings = [f for f in findings if f.severity == params["severity"]]
        return Response(findings_report(register, findings))
