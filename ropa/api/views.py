"""The register's API resources: thin viewsets that translate HTTP to model writes and back.

Every resource has list, retrieve, create, update, partial update, delete and `{id}/history/`. Writes go through the
serializers (which call the model's `full_clean()`), inside one transaction with the If-Match check under a row lock.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from ropa import models as m
from ropa.access import history_visible, restrict
from ropa.ids import ID_PATTERN, as_id

from . import schema
from .as_of import AS_OF, PastActivities, serializer_context
from .concurrency import check_locked_version, etag, expected_versions
from .fields import AsOfField
from .filters import ActivityFilter
from .history import record_history
from .reasons import ReasonFromBodyMixin, requested_fields
from .representation import ActivityRepresentation
from .serializers import (
    ActivitySerializer,
    AdequacyDecisionSerializer,
    DataCategorySerializer,
    DataSubjectCategorySerializer,
    HistoryEntrySerializer,
    OrganisationSerializer,
    PurposeSerializer,
    SecurityMeasureSerializer,
    ThirdPartySerializer,
)


def documented(serializer, noun: str, list_parameters: tuple = (), detail_parameters: tuple = ()):
    """OpenAPI for the operations every register resource has, with their headers and error answers."""
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {noun}",
            parameters=list(list_parameters),
            responses={200: serializer(many=True), **schema.LIST_ERRORS},
        ),
        retrieve=extend_schema(
            summary=f"Read one of the {noun}",
            parameters=[schema.ID, schema.ETAG, *detail_parameters],
            responses={
                200: serializer,
                **schema.READ_ERRORS,
                **({400: schema.VALIDATION} if detail_parameters else {}),
            },
        ),
        create=extend_schema(
            summary=f"Add to the {noun}",
            parameters=[schema.CHANGE_REASON, schema.ETAG],
            responses={201: serializer, **schema.CREATE_ERRORS},
        ),
        update=extend_schema(
            summary=f"Replace one of the {noun}",
            parameters=[schema.ID, schema.IF_MATCH, schema.CHANGE_REASON, schema.ETAG],
            responses={200: serializer, **schema.WRITE_ERRORS},
        ),
        partial_update=extend_schema(
            summary=f"Change fields of one of the {noun}",
            parameters=[schema.ID, schema.IF_MATCH, schema.CHANGE_REASON, schema.ETAG],
            responses={200: serializer, **schema.WRITE_ERRORS},
        ),
        destroy=extend_schema(
            summary=f"Delete one of the {noun} (its history stays)",
            parameters=[schema.ID, schema.IF_MATCH, schema.CHANGE_REASON],
            responses={204: None, **schema.DELETE_ERRORS},
        ),
        history=extend_schema(
            summary=f"Change history of one of the {noun}",
            parameters=[schema.ID],
            description="Newest first: when, who, why, the kind of change and the field-level "
            "differences (foreign keys shown by key or name).",
            responses={200: HistoryEntrySerializer(many=True), **schema.READ_ERRORS},
        ),
    )


class RegisterViewSet(ReasonFromBodyMixin, viewsets.ModelViewSet):
    """CRUD with ETag / If-Match and history, for one register model."""

    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        """The records of the user's organisations (`ropa.access`): another organisation's are a 404."""
        return restrict(super().get_queryset(), self.request.user)

    def filter_queryset(self, queryset):
        """On one record's route without query parameters every filter is a no-op, so none is built: django-filter
        builds and validates a form of all its filters each time (a fifth of a one-field PATCH)."""
        if getattr(self, "detail", False) and not self.request.query_params:
            return queryset
        return super().filter_queryset(queryset)

    def represent(self, instance) -> dict:
        """The representation answered after a write: the record re-read (relations changed by it included)."""
        return self.get_serializer(self.get_queryset().get(pk=instance.pk)).data

    def locked_object(self):
        """The record a write names, read and locked in one query (`SELECT … FOR UPDATE` of its own row), under
        the same queryset, filters and object permissions as `get_object()`."""
        queryset = self.filter_queryset(self.get_queryset())
        if queryset.query.distinct:  # a search across relations: PostgreSQL locks no DISTINCT rows, so by id
            queryset = self.get_queryset().filter(pk__in=queryset.values("pk"))
        queryset = queryset.select_for_update(of=("self",))
        lookup = self.lookup_url_kwarg or self.lookup_field
        instance = get_object_or_404(queryset, **{self.lookup_field: self.kwargs[lookup]})
        self.check_object_permissions(self.request, instance)
        return instance

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return Response(self.get_serializer(instance).data, headers={"ETag": etag(instance)})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = serializer.save()
        return Response(self.represent(instance), status=status.HTTP_201_CREATED, headers={"ETag": etag(instance)})

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        expected = expected_versions(request)
        with transaction.atomic():
            instance = self.locked_object()
            check_locked_version(instance, expected)
            if partial and not requested_fields(request):  # nothing to change: no new version, no history row
                return Response(self.represent(instance), headers={"ETag": etag(instance)})
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            serializer.save()
        return Response(self.represent(instance), headers={"ETag": etag(instance)})

    def destroy(self, request, *args, **kwargs):
        expected = expected_versions(request)
        with transaction.atomic():
            instance = self.locked_object()
            check_locked_version(instance, expected)
            instance.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None, format=None):  # `format`: the router's suffix (history.json)
        model = self.queryset.model
        entries = record_history(model, int(pk)) if history_visible(model, int(pk), request.user) else None
        if entries is None:
            raise NotFound()
        return Response(HistoryEntrySerializer(entries, many=True).data)


@documented(OrganisationSerializer, "organisations")
class OrganisationViewSet(RegisterViewSet):
    queryset = m.Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_fields = ["country"]
    search_fields = ["name", "trade_name", "registration_number"]
    ordering_fields = ["name", "updated_at"]


@documented(ThirdPartySerializer, "third parties")
class ThirdPartyViewSet(RegisterViewSet):
    queryset = m.ThirdParty.objects.all()
    serializer_class = ThirdPartySerializer
    filterset_fields = ["country", "default_role", "dpf_certified"]
    search_fields = ["name", "legal_entity", "notes"]
    ordering_fields = ["name", "country", "updated_at"]


class CatalogueViewSet(RegisterViewSet):
    search_fields = ["key", "name", "description"]
    ordering_fields = ["key", "name", "updated_at"]


@documented(DataCategorySerializer, "data categories")
class DataCategoryViewSet(CatalogueViewSet):
    queryset = m.DataCategory.objects.select_related("parent")
    serializer_class = DataCategorySerializer
    filterset_fields = ["sensitivity"]


@documented(DataSubjectCategorySerializer, "data subject categories")
class DataSubjectCategoryViewSet(CatalogueViewSet):
    queryset = m.DataSubjectCategory.objects.all()
    serializer_class = DataSubjectCategorySerializer
    filterset_fields = ["vulnerable"]


@documented(PurposeSerializer, "purposes")
class PurposeViewSet(CatalogueViewSet):
    queryset = m.Purpose.objects.all()
    serializer_class = PurposeSerializer


@documented(SecurityMeasureSerializer, "security measures")
class SecurityMeasureViewSet(CatalogueViewSet):
    queryset = m.SecurityMeasure.objects.all()
    serializer_class = SecurityMeasureSerializer
    filterset_fields = ["kind"]


@documented(AdequacyDecisionSerializer, "adequacy decisions")
class AdequacyDecisionViewSet(CatalogueViewSet):
    queryset = m.AdequacyDecision.objects.all()
    serializer_class = AdequacyDecisionSerializer
    filterset_fields = ["country", "requires_certification"]
    ordering_fields = ["key", "country", "in_force_from", "updated_at"]


class AsOfQuery(serializers.Serializer):
    as_of = AsOfField()


def _as_of(request) -> dt.datetime:
    """`?as_of=` of the request, or a 400 that says what is expected."""
    query = AsOfQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data[AS_OF]


@documented(
    ActivitySerializer, "processing activities", list_parameters=(schema.AS_OF,), detail_parameters=(schema.AS_OF,)
)
class ActivityViewSet(RegisterViewSet):
    """Processing activities with their relations nested; `?as_of=` reads the register's past."""

    # Relations are not prefetched: `ActivityRepresentation` reads those of a whole page in one query.
    queryset = m.ProcessingActivity.objects.select_related("organisation")
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["reference", "name", "description", "business_function"]
    ordering_fields = ["reference", "name", "status", "next_review_due", "created_at", "updated_at"]

    def represent(self, instance) -> dict:
        """After a write the instance in memory is the stored row (saved under its lock); its relations are read
        in one query."""
        return ActivityRepresentation(self.get_serializer()).live([instance])[0]

    def list(self, request, *args, **kwargs):
        if AS_OF not in request.query_params:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(ActivityRepresentation(self.get_serializer()).live(page))
        as_of = _as_of(request)
        organisation = request.query_params.get("organisation")
        organisation_id = as_id(organisation) if organisation else None
        if organisation_id is None or organisation_id < 1:
            # One register at a time, read page by page: a fixed number of queries, whatever its size.
            raise ValidationError(
                {
                    "organisation": [
                        "With as_of, give the id of the organisation whose register you ask about (?organisation=<id>)."
                    ]
                }
            )
        past = PastActivities(as_of)
        # Another organisation's register, like one that does not exist, has no activities to list.
        mine = restrict(m.Organisation.objects.filter(pk=organisation_id), request.user).values("pk")
        page = self.paginate_queryset(past.rows(organisation_id=organisation_id).filter(organisation_id__in=mine))
        return self.get_paginated_response(past.represent(page, self._past(as_of)))

    def retrieve(self, request, *args, **kwargs):
        if AS_OF not in request.query_params:
            instance = self.get_object()
            return Response(self.represent(instance), headers={"ETag": etag(instance)})
        as_of = _as_of(request)
        pk = as_id(kwargs["pk"])
        past = PastActivities(as_of)
        mine = restrict(m.Organisation.objects.all(), request.user).values("pk")
        rows = list(past.rows(id=pk).filter(organisation_id__in=mine)) if pk and pk > 0 else []
        if not rows:
            raise NotFound("This activity did not exist at that date.")
        return Response(past.represent(rows, self._past(as_of))[0])

    def _past(self, as_of) -> ActivityRepresentation:
        return ActivityRepresentation(
            self.get_serializer(context={**self.get_serializer_context(), **serializer_context(as_of)})
        )
