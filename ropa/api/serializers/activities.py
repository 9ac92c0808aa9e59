"""The processing activity with everything a reader needs in one request, and its writable nested relations."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from ropa.api.fields import BoundedPrimaryKeyField, CatalogueKeyField, ThirdPartyField, prefetch_lookups
from ropa.api.relations import write_relations
from ropa.choices import DPIACriterion, SecurityMeasureKind, Sensitivity
from ropa.ids import MAX_ID
from ropa.models import (
    ACTIVITY_RELATIONS,
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Organisation,
    ProcessingActivity,
    Purpose,
    Recipient,
    SecurityMeasure,
    ThirdParty,
    Transfer,
)
from ropa.models.activities import ActivityRelation

from .base import BOOKKEEPING, RegisterSerializer, clean_and_save

__all__ = ["ActivitySerializer"]


_NESTED: dict[type, type[serializers.ModelSerializer]] = {}


class RelationListSerializer(serializers.ListSerializer):
    """A nested relation list: the entries its items name (categories, purposes, third parties) are read in one
    query per reference field, not one per item."""

    def to_internal_value(self, data):
        prefetched = prefetch_lookups(self.child.fields.values(), data)
        try:
            return super().to_internal_value(data)
        finally:
            for field in prefetched:
                field.forget_prefetched()


class RelationSerializer(RegisterSerializer):
    """A row of an activity's relation inside the activity. `id` is optional on write: it picks the row to update
    (otherwise rows are matched by their natural key).

    A subclass declares the API shape of one relation and is found by its `Meta.model`; a relation without one is
    served by `relation_serializer`'s default (its fields, references named by key or name)."""

    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.Meta.list_serializer_class = RelationListSerializer
        _NESTED[cls.Meta.model] = cls


def _reference_field(field) -> serializers.Field:
    if field.related_model is ThirdParty:
        return ThirdPartyField(queryset=ThirdParty.objects.all())
    return CatalogueKeyField(queryset=field.related_model._default_manager.all())


def relation_serializer(model: type[ActivityRelation]) -> type[serializers.ModelSerializer]:
    """The nested serializer of one relation: the declared one, or a default built from the model's fields."""
    if model not in _NESTED:
        relation = model.relation
        attrs = {f.name: _reference_field(f) for f in relation.references}
        meta = type("Meta", (), {"model": model, "fields": ["id", *(f.name for f in relation.content_fields)]})
        type(f"{model.__name__}Serializer", (RelationSerializer,), {**attrs, "Meta": meta})
    return _NESTED[model]


class ActivityPurposeSerializer(RelationSerializer):
    purpose = CatalogueKeyField(queryset=Purpose.objects.all())
    name = serializers.CharField(source="purpose.name", read_only=True)

    class Meta:
        model = ActivityPurpose
        fields = ["id", "purpose", "name", "details"]


class ActivityDataSubjectSerializer(RelationSerializer):
    data_subject = CatalogueKeyField(queryset=DataSubjectCategory.objects.all())
    name = serializers.CharField(source="data_subject.name", read_only=True)
    vulnerable = serializers.BooleanField(source="data_subject.vulnerable", read_only=True)

    class Meta:
        model = ActivityDataSubject
        fields = ["id", "data_subject", "name", "vulnerable"]


class ActivityDataCategorySerializer(RelationSerializer):
    data_category = CatalogueKeyField(queryset=DataCategory.objects.all())
    name = serializers.CharField(source="data_category.name", read_only=True)
    sensitivity = serializers.ChoiceField(
        source="data_category.sensitivity", choices=Sensitivity.choices, read_only=True
    )

    class Meta:
        model = ActivityDataCategory
        fields = [
            "id",
            "data_category",
            "name",
            "sensitivity",
            "retention_period",
            "retention_unit",
            "retention_event",
            "retention_note",
            "art9_condition",
            "law_reference",
            "art10_authority",
        ]


class LegalBasisSerializer(RelationSerializer):
    purpose = CatalogueKeyField(queryset=Purpose.objects.all())

    class Meta:
        model = LegalBasis
        fields = [
            "id",
            "purpose",
            "basis",
            "legitimate_interest",
            "assessment_reference",
            "consent_record",
            "parental_consent_record",
            "law_reference",
        ]


class RecipientSerializer(RelationSerializer):
    third_party = ThirdPartyField(queryset=ThirdParty.objects.all())
    third_party_name = serializers.CharField(source="third_party.name", read_only=True)
    country = serializers.CharField(source="third_party.country.code", read_only=True)

    class Meta:
        model = Recipient
        fields = [
            "id",
            "third_party",
            "third_party_name",
            "country",
            "role",
            "data_shared",
            "purpose",
            "arrangement_reference",
            "arrangement_essence_location",
            "authorisation_reference",
        ]


class TransferSerializer(RelationSerializer):
    third_party = ThirdPartyField(queryset=ThirdParty.objects.all())
    third_party_name = serializers.CharField(source="third_party.name", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "third_party",
            "third_party_name",
            "destination_country",
            "international_organisation",
            "mechanism",
            "safeguard_reference",
            "tia_reference",
            "derogation_assessment",
            "occasional",
            "adequacy_scope_confirmed",
            "supervisory_authority_reference",
        ]


class ActivitySecurityMeasureSerializer(RelationSerializer):
    measure = CatalogueKeyField(queryset=SecurityMeasure.objects.all())
    name = serializers.CharField(source="measure.name", read_only=True)
    kind = serializers.ChoiceField(source="measure.kind", choices=SecurityMeasureKind.choices, read_only=True)

    class Meta:
        model = ActivitySecurityMeasure
        fields = ["id", "measure", "name", "kind", "details"]


class ActivityControllerSerializer(RelationSerializer):
    controller = ThirdPartyField(queryset=ThirdParty.objects.all())
    controller_name = serializers.CharField(source="controller.name", read_only=True)

    class Meta:
        model = ActivityController
        fields = [
            "id",
            "controller",
            "controller_name",
            "arrangement_reference",
            "processing_carried_out",
            "controller_representative",
            "controller_dpo",
        ]


class ActivitySerializer(RegisterSerializer):
    """An activity and all its relations. On write, each nested list given replaces that relation's rows."""

    # Only the organisations where the user may add activities: another one is "does not exist" (a field error).
    organisation = BoundedPrimaryKeyField(queryset=Organisation.objects.all(), perm="ropa.add_processingactivity")
    dpia_screening = serializers.ListField(
        child=serializers.ChoiceField(choices=DPIACriterion.choices), required=False, max_length=len(DPIACriterion)
    )
    review_overdue = serializers.SerializerMethodField()
    # ... and one nested list per relation, from the relation declarations (see below the class)

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "organisation",
            "reference",
            "name",
            "description",
            "role",
            "status",
            "business_function",
            "systems",
            "data_source",
            "data_locations",
            "recipients_statement",
            "data_subject_rights",
            "automated_decision_making",
            "profiling",
            "automated_decision_details",
            "art22_exception",
            "art22_safeguards",
            "dpia_screening",
            "dpia_status",
            "dpia_reference",
            "breach_reference",
            "last_reviewed_on",
            "next_review_due",
            "review_overdue",
            *(model.relation.name for model in ACTIVITY_RELATIONS),
            *BOOKKEEPING,
        ]
        read_only_fields = BOOKKEEPING

    def get_review_overdue(self, activity: ProcessingActivity) -> bool:
        """Overdue on the day the representation speaks of: today, or the as-of date of a past register."""
        return activity.review_overdue_on(self.context.get("today"))

    @staticmethod
    def _pop_nested(validated_data: dict) -> dict[str, list[dict]]:
        accessors = (model.relation.accessor for model in ACTIVITY_RELATIONS)
        return {a: validated_data.pop(a) for a in accessors if a in validated_data}

    def create(self, validated_data):
        nested = self._pop_nested(validated_data)
        with transaction.atomic():
            activity = clean_and_save(ProcessingActivity(**validated_data))
            write_relations(activity, nested)
        return activity

    def update(self, instance, validated_data):
        nested = self._pop_nested(validated_data)
        # No savepoint: the view's transaction is the unit of the write, and a failure fails all of it.
        with transaction.atomic(savepoint=False):
            for name, value in validated_data.items():
                setattr(instance, name, value)
            # Saved on every write, relations included, so its version and `updated_at` say it changed.
            clean_and_save(instance, changed=validated_data)
            write_relations(instance, nested)
        return instance


# The most rows one relation of one activity may hold in a write: far above any real activity (the demo's largest
# has a dozen), low enough that a request listing thousands is refused before any item is validated.
MAX_RELATION_ITEMS = 200

ActivitySerializer._declared_fields.update(
    {
        model.relation.name: relation_serializer(model)(
            many=True,
            required=False,
            source=model.relation.accessor,
            max_length=MAX_RELATION_ITEMS,  # type: ignore[call-arg]
        )
        for model in ACTIVITY_RELATIONS
    }
)
