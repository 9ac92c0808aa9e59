"""The processing activity with everything a reader needs in one request, and its writable nested relations."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from ropa.api.fields import MAX_ID, BoundedPrimaryKeyField, CatalogueKeyField, ThirdPartyField
from ropa.api.relations import RELATIONS, write_relations
from ropa.choices import DPIACriterion, SecurityMeasureKind, Sensitivity
from ropa.models import (
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

from .base import BOOKKEEPING, RegisterSerializer, clean_and_save

__all__ = ["ActivitySerializer"]


class RelationSerializer(RegisterSerializer):
    """A row of an activity's relation inside the activity. `id` is optional on write: it picks the row to update
    (otherwise rows are matched by their natural key)."""

    id = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


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
    sensitivity = serializers.ChoiceField(source="data_category.sensitivity", choices=Sensitivity.choices,
                                          read_only=True)

    class Meta:
        model = ActivityDataCategory
        fields = ["id", "data_category", "name", "sensitivity", "retention_period", "retention_unit",
                  "retention_event", "retention_note", "art9_condition", "art10_authority"]


class LegalBasisSerializer(RelationSerializer):
    purpose = CatalogueKeyField(queryset=Purpose.objects.all())

    class Meta:
        model = LegalBasis
        fields = ["id", "purpose", "basis", "legitimate_interest", "assessment_reference", "consent_record",
                  "law_reference"]


class RecipientSerializer(RelationSerializer):
    third_party = ThirdPartyField(queryset=ThirdParty.objects.all())
    third_party_name = serializers.CharField(source="third_party.name", read_only=True)
    country = serializers.CharField(source="third_party.country.code", read_only=True)

    class Meta:
        model = Recipient
        fields = ["id", "third_party", "third_party_name", "country", "role", "data_shared", "purpose"]


class TransferSerializer(RelationSerializer):
    third_party = ThirdPartyField(queryset=ThirdParty.objects.all())
    third_party_name = serializers.CharField(source="third_party.name", read_only=True)

    class Meta:
        model = Transfer
        fields = ["id", "third_party", "third_party_name", "destination_country", "international_organisation",
                  "mechanism", "safeguard_reference", "tia_reference", "derogation_assessment", "occasional"]


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
        fields = ["id", "controller", "controller_name", "arrangement_reference", "processing_carried_out"]


NESTED = {
    "purposes": ActivityPurposeSerializer,
    "data_subjects": ActivityDataSubjectSerializer,
    "data_categories": ActivityDataCategorySerializer,
    "legal_bases": LegalBasisSerializer,
    "recipients": RecipientSerializer,
    "transfers": TransferSerializer,
    "security_measures": ActivitySecurityMeasureSerializer,
    "controllers": ActivityControllerSerializer,
}
assert set(NESTED) == {spec.name for spec in RELATIONS}  # noqa: S101 — the writer and the representation agree


class ActivitySerializer(RegisterSerializer):
    """An activity and all its relations. On write, each nested list given replaces that relation's rows."""

    organisation = BoundedPrimaryKeyField(queryset=Organisation.objects.all())
    dpia_screening = serializers.ListField(child=serializers.ChoiceField(choices=DPIACriterion.choices),
                                           required=False)
    review_overdue = serializers.BooleanField(read_only=True)
    purposes = ActivityPurposeSerializer(many=True, required=False, source="activitypurpose_set")
    data_subjects = ActivityDataSubjectSerializer(many=True, required=False, source="activitydatasubject_set")
    data_categories = ActivityDataCategorySerializer(many=True, required=False, source="activitydatacategory_set")
    legal_bases = LegalBasisSerializer(many=True, required=False, source="legalbasis_set")
    recipients = RecipientSerializer(many=True, required=False, source="recipient_set")
    transfers = TransferSerializer(many=True, required=False, source="transfer_set")
    security_measures = ActivitySecurityMeasureSerializer(many=True, required=False,
                                                          source="activitysecuritymeasure_set")
    controllers = ActivityControllerSerializer(many=True, required=False, source="activitycontroller_set")

    class Meta:
        model = ProcessingActivity
        fields = ["id", "organisation", "reference", "name", "description", "role", "status", "business_function",
                  "systems", "data_source", "data_locations", "recipients_statement", "data_subject_rights",
                  "automated_decision_making", "profiling", "automated_decision_details", "dpia_screening",
                  "dpia_status", "dpia_reference", "breach_reference", "last_reviewed_on", "next_review_due",
                  "review_overdue", *NESTED, *BOOKKEEPING]
        read_only_fields = BOOKKEEPING

    @staticmethod
    def _pop_nested(validated_data: dict) -> dict[str, list[dict]]:
        return {spec.accessor: validated_data.pop(spec.accessor) for spec in RELATIONS
                if spec.accessor in validated_data}

    def create(self, validated_data):
        nested = self._pop_nested(validated_data)
        with transaction.atomic():
            activity = clean_and_save(ProcessingActivity(**validated_data))
            write_relations(activity, nested)
        return activity

    def update(self, instance, validated_data):
        nested = self._pop_nested(validated_data)
        with transaction.atomic():
            for name, value in validated_data.items():
                setattr(instance, name, value)
            # Saved on every write, relations included, so its version and `updated_at` say it changed.
            clean_and_save(instance)
            write_relations(instance, nested)
        return instance


