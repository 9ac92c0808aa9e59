"""`GET /api/v1/organisations/{id}/changes/?from=…&to=…`: the diff of one organisation's register, as JSON."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa import models as m
from ropa.api import schema
from ropa.api.fields import AsOfField

from .diff import diff_register


class PeriodQuery(serializers.Serializer):
    """`from` (excluded) and `to` (included, default now); fields declared in `get_fields`, `from` being a keyword."""

    def get_fields(self) -> dict:
        return {"from": AsOfField(day_end=False), "to": AsOfField(required=False, allow_blank=True)}

    def validate(self, attrs: dict) -> dict:
        attrs["to"] = attrs.get("to") or timezone.now()
        if attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"from": ["'from' comes after 'to': give a period that runs forward."]})
        return attrs


class OrganisationChangesView(APIView):
    """What changed in the organisation's register in (from, to], with when, who and why of each change."""

    # The diff describes the activities: reading it needs the permission to view activities.
    queryset = m.ProcessingActivity.objects.none()

    @extend_schema(
        parameters=[
            schema.ID,
            OpenApiParameter(
                "from",
                OpenApiTypes.STR,
                required=True,
                description="Start (excluded): ISO date (start of that day) or datetime.",
            ),
            OpenApiParameter(
                "to",
                OpenApiTypes.STR,
                description="End (included): ISO date (end of that day) or datetime; default now.",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: schema.VALIDATION, **schema.READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        organisation = get_object_or_404(m.Organisation.objects.for_user(request.user), pk=pk)
        query = PeriodQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        period = query.validated_data
        return Response(diff_register(organisation.pk, period["from"], period["to"]).to_dict())
