"""Serializers of the shared catalogues and of the parties (organisations, third parties)."""

from __future__ import annotations

from ropa.api.fields import CatalogueKeyField
from ropa.models import (
    AdequacyDecision,
    DataCategory,
    DataSubjectCategory,
    Organisation,
    Purpose,
    SecurityMeasure,
    ThirdParty,
)

from .base import BOOKKEEPING, RegisterSerializer

__all__ = [
    "AdequacyDecisionSerializer",
    "DataCategorySerializer",
    "DataSubjectCategorySerializer",
    "OrganisationSerializer",
    "PurposeSerializer",
    "SecurityMeasureSerializer",
    "ThirdPartySerializer",
]

CATALOGUE_FIELDS = ["id", "key", "name", "description"]


class DataCategorySerializer(RegisterSerializer):
    parent = CatalogueKeyField(  # type: ignore[assignment]  # a field named "parent"
        queryset=DataCategory.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = DataCategory
        fields = [*CATALOGUE_FIELDS, "parent", "sensitivity", *BOOKKEEPING]
        read_only_fields = BOOKKEEPING


class DataSubjectCategorySerializer(RegisterSerializer):
    class Meta:
        model = DataSubjectCategory
        fields = [*CATALOGUE_FIELDS, "vulnerable", *BOOKKEEPING]
        read_only_fields = BOOKKEEPING


class PurposeSerializer(RegisterSerializer):
    class Meta:
        model = Purpose
        fields = [*CATALOGUE_FIELDS, *BOOKKEEPING]
        read_only_fields = BOOKKEEPING


class SecurityMeasureSerializer(RegisterSerializer):
    class Meta:
        model = SecurityMeasure
        fields = [*CATALOGUE_FIELDS, "kind", *BOOKKEEPING]
        read_only_fields = BOOKKEEPING


class AdequacyDecisionSerializer(RegisterSerializer):
    class Meta:
        model = AdequacyDecision
        fields = [
            *CATALOGUE_FIELDS,
            "country",
            "international_organisation",
            "reference",
            "in_force_from",
            "ended_on",
            "requires_certification",
            "scope_limit",
            "scope_note",
            *BOOKKEEPING,
        ]
        read_only_fields = BOOKKEEPING


class OrganisationSerializer(RegisterSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "trade_name",
            "registration_number",
            "address",
            "country",
            "email",
            "phone",
            "website",
            "dpo_designation",
            "dpo_not_required_reason",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "representative_name",
            "representative_contact",
            "lead_supervisory_authority",
            "headcount",
            "is_public_body",
            *BOOKKEEPING,
        ]
        read_only_fields = BOOKKEEPING


class ThirdPartySerializer(RegisterSerializer):
    class Meta:
        model = ThirdParty
        fields = [
            "id",
            "name",
            "legal_entity",
            "aliases",
            "country",
            "address",
            "contact_email",
            "processing_locations",
            "default_role",
            "dpa_reference",
            "dpa_date",
            "dpf_certified",
            "dpf_verified_on",
            "certifications",
            "privacy_policy_url",
            "opt_out_url",
            "notes",
            *BOOKKEEPING,
        ]
        read_only_fields = BOOKKEEPING
