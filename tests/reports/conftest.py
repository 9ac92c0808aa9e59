"""A realistic register for report tests: controller activities (one with health data under an Art. 9
condition), a joint-controller activity, a retired one, a processor activity done for a client, and transfers
with their mechanisms."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone

from ropa.choices import (
    ActivityStatus,
    DPIAStatus,
    LawfulBasis,
    OrganisationRole,
    RecipientRole,
    TransferMechanism,
)
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
from tests import factories as f


@dataclass
class Demo:
    org: Organisation
    payments: ProcessingActivity
    wellbeing: ProcessingActivity
    analytics: ProcessingActivity
    retired: ProcessingActivity
    hosting: ProcessingActivity
    stripe: ThirdParty
    analytics_vendor: ThirdParty
    partner: ThirdParty
    client: ThirdParty

    @property
    def active(self) -> list[ProcessingActivity]:
        return [self.payments, self.wellbeing, self.analytics, self.hosting]


def _cat(act, key, **kw):
    return f.save(ActivityDataCategory(activity=act, data_category=DataCategory.objects.get(key=key), **kw))


def _purpose(act, key, basis, **kw):
    purpose = Purpose.objects.get(key=key)
    f.save(ActivityPurpose(activity=act, purpose=purpose))
    return f.save(LegalBasis(activity=act, purpose=purpose, basis=basis, **kw))


def _subject(act, key):
    return f.save(ActivityDataSubject(activity=act, data_subject=DataSubjectCategory.objects.get(key=key)))


def _measure(act, key):
    return f.save(ActivitySecurityMeasure(activity=act, measure=SecurityMeasure.objects.get(key=key)))


def build_demo() -> Demo:
    org = f.organisation(
        name="MN Technologijos UAB",
        trade_name="Mysterium VPN",
        registration_number="305546218",
        address="Antakalnio g. 17, Vilnius",
        country="LT",
        email="privacy@example.com",
        phone="+370 600 00000",
        dpo_name="Ona Duomenų",
        dpo_email="dpo@example.com",
        representative_name="Rep Ltd (UK)",
        representative_contact="1 Rep Street, London",
        lead_supervisory_authority="State Data Protection Inspectorate",
    )
    stripe = f.third_party(
        name="Stripe",
        legal_entity="Stripe Payments Europe Ltd",
        country="US",
        dpa_reference="Stripe DPA 2024",
        dpf_certified=True,
    )
    analytics_vendor = f.third_party(
        name="Google Analytics",
        legal_entity="Google LLC",
        country="US",
        dpa_reference="Google Ads Data Processing Terms",
        dpf_certified=True,
        dpf_verified_on=timezone.localdate(),
    )
    partner = f.third_party(
        name="Partner Clinic",
        legal_entity="Partner Clinic SIA",
        country="LV",
        default_role=RecipientRole.JOINT_CONTROLLER,
        contact_email="dpo@clinic.example",
    )
    client = f.third_party(
        name="Client Shop",
        legal_entity="Client Shop GmbH",
        country="DE",
        default_role=RecipientRole.INDEPENDENT_CONTROLLER,
        contact_email="privacy@shop.example",
    )
    hoster = f.third_party(name="CloudHost", legal_entity="CloudHost Inc.", country="IN", dpa_reference="CH-DPA-7")

    payments = f.activity(
        org,
        reference="PA-001",
        name="Payments",
        business_function="Finance",
        dpia_status=DPIAStatus.NOT_REQUIRED,
        recipients_statement="Tax authorities on request.",
        last_reviewed_on="2025-01-15",
    )
    _purpose(payments, "payment_processing", LawfulBasis.CONTRACT, law_reference="Terms of service")
    _purpose(payments, "legal_compliance", LawfulBasis.LEGAL_OBLIGATION, law_reference="Accounting Act art. 19")
    _subject(payments, "customers")
    _cat(
        payments,
        "financial.transaction",
        retention_period=10,
        retention_unit="years",
        retention_event="end_of_financial_year",
    )
    _cat(
        payments,
        "contact.email",
        retention_period=3,
        retention_unit="years",
        retention_event="end_of_contract",
    )
    _measure(payments, "encryption_in_transit")
    f.save(Recipient(activity=payments, third_party=stripe, role=RecipientRole.PROCESSOR, data_shared="Card data"))
    f.save(
        Transfer(
            activity=payments,
            third_party=stripe,
            destination_country="US",
            mechanism=TransferMechanism.SCC,
            safeguard_reference="SCC 2021/914 module 2",
        )
    )

    wellbeing = f.activity(
        org,
        reference="PA-002",
        name="Employee wellbeing programme",
        role=OrganisationRole.JOINT_CONTROLLER,
        dpia_status=DPIAStatus.DONE,
        dpia_reference="DPIA-2024-03",
    )
    _purpose(wellbeing, "hr_management", LawfulBasis.LEGAL_OBLIGATION, law_reference="Labour Code")
    _subject(wellbeing, "employees")
    _cat(
        wellbeing,
        "special.health",
        art9_condition="b",
        law_reference="Labour Code, Art. 27",
        retention_period=5,
        retention_unit="years",
        retention_event="end_of_contract",
    )
    _measure(wellbeing, "access_control")
    f.save(ActivityController(activity=wellbeing, controller=partner, arrangement_reference="Art. 26 arrangement 2024"))
    f.save(
        Recipient(
            activity=wellbeing,
            third_party=partner,
            role=RecipientRole.JOINT_CONTROLLER,
            arrangement_reference="Art. 26 arrangement 2024",
            arrangement_essence_location="Staff privacy notice, section 4",
        )
    )

    analytics = f.activity(org, reference="PA-003", name="Website analytics", business_function="Marketing")
    _purpose(analytics, "web_analytics", LawfulBasis.CONSENT, consent_record="Cookie banner log")
    _subject(analytics, "website_visitors")
    _cat(
        analytics,
        "online.ip_address",
        retention_period=14,
        retention_unit="months",
        retention_event="collection",
    )
    f.save(Recipient(activity=analytics, third_party=analytics_vendor, role=RecipientRole.PROCESSOR))
    f.save(
        Transfer(
            activity=analytics,
            third_party=analytics_vendor,
            destination_country="US",
            mechanism=TransferMechanism.ADEQUACY,
            safeguard_reference="EU-US DPF certification",
        )
    )

    retired = f.activity(org, reference="PA-009", name="Old newsletter", status=ActivityStatus.RETIRED)
    _purpose(retired, "direct_marketing", LawfulBasis.CONSENT)

    hosting = f.activity(org, reference="PR-001", name="Shop hosting for clients", role=OrganisationRole.PROCESSOR)
    f.save(
        ActivityController(
            activity=hosting,
            controller=client,
            arrangement_reference="Art. 28 contract CS-1",
            processing_carried_out="Hosting and backups of the shop database",
        )
    )
    _subject(hosting, "customers")
    _cat(hosting, "contact.postal_address", retention_note="As instructed by the controller")
    f.save(
        Recipient(
            activity=hosting,
            third_party=hoster,
            role=RecipientRole.SUB_PROCESSOR,
            authorisation_reference="Art. 28 contract CS-1, annex of approved sub-processors",
        )
    )
    f.save(
        Transfer(
            activity=hosting,
            third_party=hoster,
            destination_country="IN",
            mechanism=TransferMechanism.BCR,
            safeguard_reference="CloudHost BCR-P",
        )
    )
    _measure(hosting, "backup")
    for activity in (payments, wellbeing, analytics, retired, hosting):
        activity.refresh_from_db()  # their relations' saves moved their versions on
    return Demo(org, payments, wellbeing, analytics, retired, hosting, stripe, analytics_vendor, partner, client)


@pytest.fixture
def demo(db) -> Demo:
    return build_demo()


# benchmarks/reports.py builds its register with this
bulk_register = f.bulk_register
