"""Each rule: a register that triggers it, and a near-identical one that does not."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from ropa.checks import RULES, findings_annex, run_checks
from ropa.choices import ActivityStatus, LawfulBasis, RecipientRole, TransferMechanism
from ropa.history import change_context
from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    DataCategory,
    LegalBasis,
    Purpose,
    Recipient,
    Transfer,
)
from ropa.register import build_register
from tests import factories as f

from .conftest import codes, findings

pytestmark = pytest.mark.django_db


def delete(*objs):
    with change_context("test: remove"):
        for obj in objs:
            obj.delete()


def update(obj, **values):
    obj.refresh_from_db()
    for k, v in values.items():
        setattr(obj, k, v)
    return f.save(obj)


def test_the_clean_register_has_no_findings(act):
    assert run_checks(build_register(act.organisation_id)) == []


def test_every_rule_has_code_severity_article_title_and_fix():
    assert len(RULES) >= 25
    for code, rule in RULES.items():
        assert code == rule.code and code.upper() == code
        assert rule.severity in {"error", "warning", "info"}
        assert rule.article and rule.title and rule.fix


# --- Art. 30(1) completeness ----------------------------------------------------------------------------

def test_controller_contact_missing(act, org):
    update(org, email="", phone="")
    assert "ART30-CONTROLLER-CONTACT-MISSING" in codes(org.pk)
    update(org, phone="+370 5 000 0000")
    assert "ART30-CONTROLLER-CONTACT-MISSING" not in codes(org.pk)


def test_dpo_contact_missing(act, org):
    update(org, dpo_name="", dpo_email="")
    found = findings(org.pk, "ART30-DPO-CONTACT-MISSING")
    assert [(x.record, x.organisation_id, x.activity_id) for x in found] == [("organisation", org.pk, None)]
    update(org, dpo_phone="+370 5 111 1111")
    assert "ART30-DPO-CONTACT-MISSING" not in codes(org.pk)


def test_purpose_missing(act, org):
    purpose = ActivityPurpose.objects.get(activity=act)
    delete(purpose)
    found = findings(org.pk, "ART30-PURPOSE-MISSING")
    assert [(x.activity_id, x.activity_reference) for x in found] == [(act.pk, act.reference)]
    assert act.reference in found[0].message
    f.save(ActivityPurpose(activity=act, purpose=Purpose.objects.get(key="service_provision")))
    assert "ART30-PURPOSE-MISSING" not in codes(org.pk)


def test_data_subjects_missing(act, org):
    delete(ActivityDataSubject.objects.get(activity=act))
    assert "ART30-DATA-SUBJECTS-MISSING" in codes(org.pk)


def test_data_subjects_not_required_of_a_processor_activity(act, org):
    delete(ActivityDataSubject.objects.get(activity=act))
    update(act, role="processor")
    client = f.third_party(default_role=RecipientRole.INDEPENDENT_CONTROLLER)
    f.save(ActivityController(activity=act, controller=client, processing_carried_out="Hosting"))
    assert "ART30-DATA-SUBJECTS-MISSING" not in codes(org.pk)


def test_data_categories_missing(act, org):
    delete(ActivityDataCategory.objects.get(activity=act))
    assert "ART30-DATA-CATEGORIES-MISSING" in codes(org.pk)


def test_recipients_missing_unless_described_in_words(act, org):
    delete(Transfer.objects.get(activity=act), Recipient.objects.get(activity=act))
    assert "ART30-RECIPIENTS-MISSING" in codes(org.pk)
    update(act, recipients_statement="None: the data stays with the organisation.")
    assert "ART30-RECIPIENTS-MISSING" not in codes(org.pk)


def test_security_measures_missing(act, org):
    delete(ActivitySecurityMeasure.objects.get(activity=act))
    assert "ART30-SECURITY-MEASURES-MISSING" in codes(org.pk)


def test_processor_activity_without_its_controller(act, org):
    update(act, role="processor")
    assert "ART30-PROCESSOR-CONTROLLER-MISSING" in codes(org.pk)
    f.save(ActivityController(activity=act, controller=f.third_party(), processing_carried_out="Storage"))
    assert "ART30-PROCESSOR-CONTROLLER-MISSING" not in codes(org.pk)


# --- Lawfulness -----------------------------------------------------------------------------------------

def test_purpose_without_art6_basis(act, org):
    marketing = Purpose.objects.get(key="direct_marketing")
    f.save(ActivityPurpose(activity=act, purpose=marketing))
    found = findings(org.pk, "LAWFUL-ART6-BASIS-MISSING")
    assert len(found) == 1 and marketing.name in found[0].message
    f.save(LegalBasis(activity=act, purpose=marketing, basis=LawfulBasis.CONSENT, consent_record="CMP log"))
    assert "LAWFUL-ART6-BASIS-MISSING" not in codes(org.pk)


def _with_category(register, **changes):
    """The register with the activity's first data category changed: a state only the past can hold."""
    a = register.activities[0]
    category = dataclasses.replace(a.data_categories[0], **changes)
    return dataclasses.replace(register, activities=(dataclasses.replace(a, data_categories=(category,)),))


def test_special_category_without_art9_condition_in_a_past_snapshot(act, org):
    register = build_register(org.pk)
    bad = _with_category(register, sensitivity="special", name="Health data", art9_condition="")
    good = _with_category(register, sensitivity="special", name="Health data", art9_condition="a")
    assert "LAWFUL-ART9-CONDITION" in {x.code for x in run_checks(bad)}
    assert "LAWFUL-ART9-CONDITION" not in {x.code for x in run_checks(good)}


def test_special_category_with_its_condition_recorded_passes(act, org):
    f.save(ActivityDataCategory(activity=act, data_category=DataCategory.objects.get(key="special.health"),
                                art9_condition="a", retention_period=1, retention_unit="years",
                                retention_event="collection"))
    assert "LAWFUL-ART9-CONDITION" not in codes(org.pk)


def test_criminal_data_without_art10_authority_in_a_past_snapshot(act, org):
    register = build_register(org.pk)
    bad = _with_category(register, sensitivity="criminal", name="Convictions", art10_authority=" ")
    good = _with_category(register, sensitivity="criminal", name="Convictions", art10_authority="Law No. 1")
    assert "LAWFUL-ART10-AUTHORITY" in {x.code for x in run_checks(bad)}
    assert "LAWFUL-ART10-AUTHORITY" not in {x.code for x in run_checks(good)}


def test_consent_without_consent_record(act, org):
    basis = LegalBasis.objects.get(activity=act)
    update(basis, basis=LawfulBasis.CONSENT, consent_record="")
    assert "LAWFUL-CONSENT-RECORD-MISSING" in codes(org.pk)
    update(basis, consent_record="Consent banner v3, stored in the CMP")
    assert "LAWFUL-CONSENT-RECORD-MISSING" not in codes(org.pk)


def test_legitimate_interests_without_assessment(act, org):
    basis = LegalBasis.objects.get(activity=act)
    update(basis, basis=LawfulBasis.LEGITIMATE_INTERESTS, legitimate_interest="Keeping the service secure")
    found = findings(org.pk, "LAWFUL-LI-ASSESSMENT-MISSING")
    assert len(found) == 1 and "assessment reference" in found[0].message
    update(basis, assessment_reference="LIA-2025-04")
    assert "LAWFUL-LI-ASSESSMENT-MISSING" not in codes(org.pk)


def test_public_task_claimed_by_a_private_body(act, org):
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.PUBLIC_TASK, law_reference="Law on X")
    assert "LAWFUL-PUBLIC-TASK-PRIVATE-BODY" in codes(org.pk)
    update(org, is_public_body=True)
    assert "LAWFUL-PUBLIC-TASK-PRIVATE-BODY" not in codes(org.pk)


# --- Transfers ------------------------------------------------------------------------------------------

def test_recipient_established_outside_the_eea_without_transfer(act, org, vendor):
    delete(Transfer.objects.get(activity=act))
    found = findings(org.pk, "TRANSFER-NOT-RECORDED")
    assert [(x.activity_id, x.third_party_id) for x in found] == [(act.pk, vendor.pk)]
    assert "US" in found[0].message


def test_eea_processor_processing_outside_the_eea_without_transfer(act, org):
    hoster = f.third_party(country="DE", processing_locations=["DE", "IN"])
    f.save(Recipient(activity=act, third_party=hoster, role=RecipientRole.PROCESSOR))
    found = findings(org.pk, "TRANSFER-NOT-RECORDED")
    assert [x.third_party_id for x in found] == [hoster.pk] and "IN" in found[0].message
    update(Recipient.objects.get(activity=act, third_party=hoster), role=RecipientRole.INDEPENDENT_CONTROLLER)
    assert "TRANSFER-NOT-RECORDED" not in codes(org.pk)


def test_adequacy_covers_the_us_only_for_dpf_certified_recipients(act, org, vendor):
    update(Transfer.objects.get(activity=act), mechanism=TransferMechanism.ADEQUACY, tia_reference="")
    assert "TRANSFER-ADEQUACY-NOT-COVERED" not in codes(org.pk)
    update(vendor, dpf_certified=False)
    assert "TRANSFER-ADEQUACY-NOT-COVERED" in codes(org.pk)


def test_adequacy_is_judged_on_the_registers_date(act, org):
    update(Transfer.objects.get(activity=act), mechanism=TransferMechanism.ADEQUACY)
    register = build_register(org.pk)
    # Between Privacy Shield (invalidated 16 July 2020) and the DPF (10 July 2023) nothing covered the US.
    gap = dataclasses.replace(register, as_of=dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
    shield = dataclasses.replace(register, as_of=dt.datetime(2019, 6, 1, tzinfo=dt.UTC))
    assert "TRANSFER-ADEQUACY-NOT-COVERED" in {x.code for x in run_checks(gap)}
    assert "TRANSFER-ADEQUACY-NOT-COVERED" not in {x.code for x in run_checks(shield)}


def test_derogation_used_for_regular_transfers(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, mechanism=TransferMechanism.DEROGATION_CONTRACT, occasional=False,
           derogation_assessment="Needed to perform the contract requested by the customer")
    assert "TRANSFER-DEROGATION-REGULAR" in codes(org.pk)
    update(transfer, occasional=True)
    assert "TRANSFER-DEROGATION-REGULAR" not in codes(org.pk)


def test_derogation_without_documented_assessment(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, mechanism=TransferMechanism.DEROGATION_CONTRACT, occasional=True,
           derogation_assessment="")
    assert "TRANSFER-DEROGATION-UNDOCUMENTED" in codes(org.pk)
    update(transfer, derogation_assessment="Customer asked for delivery to a US address")
    assert "TRANSFER-DEROGATION-UNDOCUMENTED" not in codes(org.pk)


def test_scc_without_transfer_impact_assessment(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, tia_reference="")
    assert "TRANSFER-TIA-MISSING" in codes(org.pk)
    update(transfer, tia_reference="TIA-2025-01")
    assert "TRANSFER-TIA-MISSING" not in codes(org.pk)


# --- Recipients -----------------------------------------------------------------------------------------

def test_processor_without_dpa(act, org, vendor):
    update(vendor, dpa_reference="")
    found = findings(org.pk, "RECIPIENT-DPA-MISSING")
    assert [(x.record, x.third_party_id, x.activity_id) for x in found] == [("third_party", vendor.pk, None)]
    update(Recipient.objects.get(activity=act), role=RecipientRole.INDEPENDENT_CONTROLLER)
    assert "RECIPIENT-DPA-MISSING" not in codes(org.pk)


def test_same_third_party_recorded_twice(act, org, vendor):
    twin = f.third_party(name="MAILER, Inc.", legal_entity="Mailer Incorporated", country="US")
    found = findings(org.pk, "RECIPIENT-DUPLICATE")
    assert {x.third_party_id for x in found} == {vendor.pk, twin.pk}
    update(twin, name="Mailer Analytics")
    assert "RECIPIENT-DUPLICATE" not in codes(org.pk)


def test_third_party_used_by_no_activity(act, org):
    idle = f.third_party(name="Old CRM")
    found = findings(org.pk, "RECIPIENT-UNUSED")
    assert [(x.severity, x.third_party_id) for x in found] == [("info", idle.pk)]
    f.save(Recipient(activity=act, third_party=idle, role=RecipientRole.PROCESSOR))
    assert "RECIPIENT-UNUSED" not in codes(org.pk)


# --- Retention ------------------------------------------------------------------------------------------

def test_retention_missing(act, org):
    category = ActivityDataCategory.objects.get(activity=act)
    update(category, retention_period=None, retention_unit="", retention_event="")
    assert "RETENTION-MISSING" in codes(org.pk)
    update(category, retention_note="Deleted when the account is closed")
    assert {"RETENTION-MISSING", "RETENTION-VAGUE"}.isdisjoint(codes(org.pk))


def test_retention_vague(act, org):
    category = ActivityDataCategory.objects.get(activity=act)
    update(category, retention_note="For as long as necessary for the purposes described")
    assert "RETENTION-VAGUE" not in codes(org.pk)  # a period is set; the note only explains it
    update(category, retention_period=None, retention_unit="", retention_event="")
    found = findings(org.pk, "RETENTION-VAGUE")
    assert len(found) == 1 and "as long as necessary" in found[0].message
    assert "RETENTION-MISSING" not in codes(org.pk)


# --- DPIA -----------------------------------------------------------------------------------------------

def test_two_wp248_criteria_need_a_dpia(act, org):
    update(act, profiling=True, automated_decision_details="Interest segments for ads",
           dpia_screening=["wp248_5"])
    found = findings(org.pk, "DPIA-REQUIRED")
    assert len(found) == 1 and "profiling" in found[0].message
    update(act, dpia_status="in_progress")
    assert "DPIA-REQUIRED" not in codes(org.pk)


def test_one_wp248_criterion_alone_needs_no_dpia(act, org):
    update(act, profiling=True, automated_decision_details="Interest segments for ads")
    assert "DPIA-REQUIRED" not in codes(org.pk)


def test_an_art35_3_case_alone_needs_a_dpia(act, org):
    update(act, dpia_screening=["art35_3_c"])
    assert "DPIA-REQUIRED" in codes(org.pk)
    update(act, dpia_status="done", dpia_reference="DPIA-7")
    assert "DPIA-REQUIRED" not in codes(org.pk)


# --- Governance -----------------------------------------------------------------------------------------

def test_review_overdue(act, org):
    today = timezone.localdate()
    update(act, next_review_due=today - dt.timedelta(days=1))
    assert "GOV-REVIEW-OVERDUE" in codes(org.pk)
    update(act, next_review_due=today + dt.timedelta(days=1))
    assert "GOV-REVIEW-OVERDUE" not in codes(org.pk)


def test_draft_activity_with_recipients(act, org):
    update(act, status=ActivityStatus.DRAFT)
    assert "GOV-DRAFT-WITH-RECIPIENTS" in codes(org.pk)
    update(act, status=ActivityStatus.ACTIVE)
    assert "GOV-DRAFT-WITH-RECIPIENTS" not in codes(org.pk)


def test_art30_5_small_organisation_told_what_to_record_and_why(act, org):
    update(org, headcount=40)
    found = findings(org.pk, "GOV-ART30-5-MUST-RECORD")
    assert [(x.severity, x.activity_id) for x in found] == [("info", act.pk)]
    assert "not occasional" in found[0].message
    update(act, status=ActivityStatus.DRAFT, recipients_statement="")
    assert "GOV-ART30-5-MUST-RECORD" not in codes(org.pk)  # a draft without special data or risk: no duty yet
    update(org, headcount=250)
    update(act, status=ActivityStatus.ACTIVE)
    assert "GOV-ART30-5-MUST-RECORD" not in codes(org.pk)


# --- Engine ---------------------------------------------------------------------------------------------

def test_retired_activities_are_not_checked(act, org):
    delete(ActivitySecurityMeasure.objects.get(activity=act))
    update(act, status=ActivityStatus.RETIRED)
    assert "ART30-SECURITY-MEASURES-MISSING" not in codes(org.pk)


def test_findings_are_ordered_most_serious_first(act, org, vendor):
    update(vendor, dpa_reference="")  # error
    delete(ActivitySecurityMeasure.objects.get(activity=act))  # warning
    f.third_party(name="Idle")  # info
    severities = [x.severity for x in run_checks(build_register(org.pk))]
    assert severities == ["error", "warning", "info"]


def test_a_register_before_the_organisation_existed_has_no_findings(act, org):
    register = build_register(org.pk, as_of=org.created_at - dt.timedelta(days=1))
    assert register.organisation is None and run_checks(register) == []


def test_docs_list_every_rule():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "checks.md").read_text()
    assert [code for code in RULES if f"`{code}`" not in docs] == []


def test_findings_annex_keeps_errors_and_warnings_grouped_by_record(act, org, vendor):
    update(org, headcount=40, dpo_email="")  # info (Art. 30(5)) and an organisation warning
    update(vendor, dpa_reference="")  # third-party error
    delete(ActivitySecurityMeasure.objects.get(activity=act))  # activity warning
    annex = findings_annex(build_register(org.pk))
    assert [(x.record, x.code) for x in annex] == [
        ("organisation", "ART30-DPO-CONTACT-MISSING"),
        ("third_party", "RECIPIENT-DPA-MISSING"),
        ("activity", "ART30-SECURITY-MEASURES-MISSING"),
    ]
