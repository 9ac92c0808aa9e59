"""`GET /api/v1/organisations/{id}/changes/?from=…&to=…`: the diff of one organisation's register, as JSON."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ropa import models as m
from ropa.api import schema
from ropa.register.dates import parse_as_of

from .diff import diff_register
from .views import PERMISSION


class CanViewActivities(BasePermission):
    message = "You need the permission to view processing activities."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(PERMISSION)


def _moment(request: Request, name: str, required: bool, day_end: bool):
    value = request.query_params.get(name, "")
    if not value.strip():
        if required:
            raise exceptions.ValidationError(
                {name: ["This parameter is required (YYYY-MM-DD or ISO datetime)."]}
            )
        return None
    try:
        return parse_as_of(value, day_end=day_end)
    except ValueError as exc:
        raise exceptions.ValidationError({name: [str(exc)]}) from exc


class OrganisationChangesView(APIView):
    """What changed in the organisation's register in (from, to], with when, who and why of each change."""

    permission_classes = [IsAuthenticated, CanViewActivities]

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
        organisation = get_object_or_404(m.Organisation, pk=pk)
        start = _moment(request, "from", required=True, day_end=False)
        end = _moment(request, "to", required=False, day_end=True)
        end = end or timezone.now()
        if start > end:
            raise exceptions.ValidationError(
                {"from": ["'from' comes after 'to': give a period that runs forward."]}
            )
        return Response(diff_register(organisation.pk, start, end).to_dict())
