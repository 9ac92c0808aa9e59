"""Each rule: a register that triggers it, and a near-identical one that does not."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from ropa.checks import RULES, findings_annex, run_checks
from ropa.checks.registry import Hit
from ropa.choices import ActivityStatus, LawfulBasis, RecipientRole, TransferMechanism
from ropa.history import change_context
from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    DataCategory,
    DataSubjectCategory,
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
        assert set(rule.severities) <= {"error", "warning", "info"} and rule.severity not in rule.lower
        assert rule.article and rule.title and rule.fix


# --- Art. 30(1) completeness ----------------------------------------------------------------------------


def test_controller_contact_missing(act, org):
    update(org, email="", phone="")
    assert "ART30-CONTROLLER-CONTACT-MISSING" in codes(org.pk)
    update(org, phone="+370 5 000 0000")
    assert "ART30-CONTROLLER-CONTACT-MISSING" not in codes(org.pk)


def test_dpo_designated_without_contact_is_an_error(act, org):
    update(org, dpo_name="D. P. Officer", dpo_email="", dpo_phone="")
    found = findings(org.pk, "ART30-DPO-CONTACT-MISSING")
    assert [(x.severity, x.record, x.organisation_id, x.activity_id) for x in found] == [
        ("error", "organisation", org.pk, None)
    ]
    update(org, dpo_phone="+370 5 111 1111")
    assert "ART30-DPO-CONTACT-MISSING" not in codes(org.pk)


def test_dpo_need_not_assessed_is_a_warning(act, org):
    update(org, dpo_designation="not_assessed", dpo_name="", dpo_email="")
    assert [x.severity for x in findings(org.pk, "ART30-DPO-CONTACT-MISSING")] == ["warning"]


def test_no_dpo_needed_with_the_reason_recorded_is_no_finding(act, org):
    update(
        org,
        dpo_designation="not_required",
        dpo_name="",
        dpo_email="",
        dpo_not_required_reason="12 staff; no large-scale monitoring nor Art. 9 data (Art. 37(1)(b)-(c))",
    )
    assert "ART30-DPO-CONTACT-MISSING" not in codes(org.pk)


def test_a_public_body_cannot_find_a_dpo_not_required(act, org):
    update(
        org,
        is_public_body=True,
        dpo_designation="not_required",
        dpo_name="",
        dpo_email="",
        dpo_not_required_reason="Small authority",
    )
    found = findings(org.pk, "ART30-DPO-CONTACT-MISSING")
    assert [x.severity for x in found] == ["error"] and "Art. 37(1)(a)" in found[0].message
    update(org, dpo_designation="designated", dpo_email="dpo@example.org")
    assert "ART30-DPO-CONTACT-MISSING" not in codes(org.pk)


def test_representative_missing_for_an_organisation_established_outside_the_eea(act, org):
    update(org, country="US")
    found = findings(org.pk, "ART27-REPRESENTATIVE-MISSING")
    assert [(x.severity, x.record) for x in found] == [("error", "organisation")] and act.reference in found[0].message
    update(org, representative_name="EU Rep GmbH", representative_contact="rep@example.eu")
    assert "ART27-REPRESENTATIVE-MISSING" not in codes(org.pk)


def test_representative_not_needed_in_the_eea_by_a_public_body_or_for_occasional_processing(act, org):
    update(org, country="NO")
    assert "ART27-REPRESENTATIVE-MISSING" not in codes(org.pk)
    update(org, country="US", is_public_body=True)
    assert "ART27-REPRESENTATIVE-MISSING" not in codes(org.pk)
    update(org, is_public_body=False)
    update(act, status=ActivityStatus.DRAFT)  # occasional: no special data, no risk (Art. 27(2)(a))
    assert "ART27-REPRESENTATIVE-MISSING" not in codes(org.pk)


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
    f.save(
        ActivityDataCategory(
            activity=act,
            data_category=DataCategory.objects.get(key="special.health"),
            art9_condition="a",
            retention_period=1,
            retention_unit="years",
            retention_event="collection",
        )
    )
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


def test_legitimate_interests_relied_on_by_a_public_body(act, org):
    update(
        LegalBasis.objects.get(activity=act),
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        legitimate_interest="Service quality",
        assessment_reference="LIA-1",
    )
    assert "LAWFUL-LI-PUBLIC-AUTHORITY" not in codes(org.pk)
    update(org, is_public_body=True)
    assert [x.severity for x in findings(org.pk, "LAWFUL-LI-PUBLIC-AUTHORITY")] == ["warning"]


def _subjects(act, *keys):
    delete(*ActivityDataSubject.objects.filter(activity=act))
    for key in keys:
        f.save(ActivityDataSubject(activity=act, data_subject=DataSubjectCategory.objects.get(key=key)))


def test_consent_asked_of_employees_or_job_applicants(act, org):
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.CONSENT, consent_record="Signed form")
    assert "LAWFUL-CONSENT-IMBALANCE" not in codes(org.pk)  # customers
    _subjects(act, "job_applicants")
    found = findings(org.pk, "LAWFUL-CONSENT-IMBALANCE")
    assert [x.severity for x in found] == ["warning"] and "Job applicants" in found[0].message
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.CONTRACT)
    assert "LAWFUL-CONSENT-IMBALANCE" not in codes(org.pk)


def test_explicit_consent_of_employees_for_special_data(act, org):
    _subjects(act, "employees")
    f.save(
        ActivityDataCategory(
            activity=act,
            data_category=DataCategory.objects.get(key="special.health"),
            art9_condition="a",
            retention_period=1,
            retention_unit="years",
            retention_event="collection",
        )
    )
    assert "LAWFUL-CONSENT-IMBALANCE" in codes(org.pk)
    update(
        ActivityDataCategory.objects.get(activity=act, data_category__key="special.health"),
        art9_condition="b",
        law_reference="Labour Code, Art. 27",
    )
    assert "LAWFUL-CONSENT-IMBALANCE" not in codes(org.pk)


def test_consent_asked_by_a_public_body(act, org):
    update(org, is_public_body=True)
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.CONSENT, consent_record="Opt-in log")
    assert "LAWFUL-CONSENT-IMBALANCE" in codes(org.pk)
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.PUBLIC_TASK, law_reference="Law on X")
    assert "LAWFUL-CONSENT-IMBALANCE" not in codes(org.pk)


def test_consent_with_another_basis_on_one_purpose_is_an_error(act, org):
    purpose = Purpose.objects.get(key="service_provision")
    f.save(LegalBasis(activity=act, purpose=purpose, basis=LawfulBasis.CONSENT, consent_record="Form"))
    found = findings(org.pk, "LAWFUL-ONE-BASIS-PER-PURPOSE")
    assert [x.severity for x in found] == ["error"] and "consent" in found[0].message.lower()
    delete(LegalBasis.objects.get(activity=act, basis=LawfulBasis.CONSENT))
    assert "LAWFUL-ONE-BASIS-PER-PURPOSE" not in codes(org.pk)


def test_two_bases_without_consent_on_one_purpose_is_a_warning(act, org):
    purpose = Purpose.objects.get(key="service_provision")
    f.save(
        LegalBasis(
            activity=act,
            purpose=purpose,
            basis=LawfulBasis.LEGITIMATE_INTERESTS,
            legitimate_interest="Prospects",
            assessment_reference="LIA-3",
        )
    )
    assert [x.severity for x in findings(org.pk, "LAWFUL-ONE-BASIS-PER-PURPOSE")] == ["warning"]


def test_one_basis_for_each_of_two_purposes_is_fine(act, org):
    marketing = Purpose.objects.get(key="direct_marketing")
    f.save(ActivityPurpose(activity=act, purpose=marketing))
    f.save(LegalBasis(activity=act, purpose=marketing, basis=LawfulBasis.CONSENT, consent_record="Opt-in log"))
    assert "LAWFUL-ONE-BASIS-PER-PURPOSE" not in codes(org.pk)


def _health(act, condition: str, law: str = ""):
    return f.save(
        ActivityDataCategory(
            activity=act,
            data_category=DataCategory.objects.get(key="special.health"),
            art9_condition=condition,
            law_reference=law,
            retention_period=1,
            retention_unit="years",
            retention_event="collection",
        )
    )


@pytest.mark.parametrize("condition", ["b", "g", "h", "i", "j"])
def test_art9_condition_resting_on_a_law_names_the_law(act, org, condition):
    category = _health(act, condition)
    found = findings(org.pk, "LAWFUL-ART9-LAW-MISSING")
    assert [x.severity for x in found] == ["error"] and f"Art. 9(2)({condition})" in found[0].message
    update(category, law_reference="Law on Patients' Rights, Art. 5")
    assert "LAWFUL-ART9-LAW-MISSING" not in codes(org.pk)


@pytest.mark.parametrize("condition", ["a", "c", "d", "e", "f"])
def test_art9_conditions_that_need_no_law(act, org, condition):
    _health(act, condition)
    assert "LAWFUL-ART9-LAW-MISSING" not in codes(org.pk)


def test_childrens_consent_without_parental_consent_record(act, org):
    basis = LegalBasis.objects.get(activity=act)
    update(basis, basis=LawfulBasis.CONSENT, consent_record="In-app consent log")
    _subjects(act, "children")
    assert [x.severity for x in findings(org.pk, "LAWFUL-CHILD-CONSENT")] == ["warning"]
    update(basis, parental_consent_record="Under 14: parent confirms by e-mail link; age asked at sign-up")
    assert "LAWFUL-CHILD-CONSENT" not in codes(org.pk)


def test_adults_consent_needs_no_parental_consent(act, org):
    update(LegalBasis.objects.get(activity=act), basis=LawfulBasis.CONSENT, consent_record="Log")
    assert "LAWFUL-CHILD-CONSENT" not in codes(org.pk)


def test_automated_decisions_need_an_art22_exception_and_safeguards(act, org):
    update(act, automated_decision_making=True, automated_decision_details="Loan applications scored and refused")
    found = findings(org.pk, "LAWFUL-ART22-AUTOMATED-DECISION")
    assert [x.severity for x in found] == ["error"] and "no Art. 22(2) exception" in found[0].message
    update(act, art22_exception="contract")
    assert "no safeguards" in findings(org.pk, "LAWFUL-ART22-AUTOMATED-DECISION")[0].message
    update(act, art22_safeguards="Human review on request; the applicant may contest by e-mail")
    assert "LAWFUL-ART22-AUTOMATED-DECISION" not in codes(org.pk)


def test_automated_decisions_on_special_data_only_with_explicit_consent(act, org):
    update(
        act,
        automated_decision_making=True,
        automated_decision_details="Insurance quotes",
        art22_exception="explicit_consent",
        art22_safeguards="Human review",
    )
    category = _health(act, "h", law="Law on Health Insurance")
    assert "Art. 22(4)" in findings(org.pk, "LAWFUL-ART22-AUTOMATED-DECISION")[0].message
    update(category, art9_condition="a", law_reference="")
    assert "LAWFUL-ART22-AUTOMATED-DECISION" not in codes(org.pk)


def test_profiling_without_automated_decisions_is_not_art22(act, org):
    update(act, profiling=True, automated_decision_details="Segments for newsletters")
    assert "LAWFUL-ART22-AUTOMATED-DECISION" not in codes(org.pk)


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


@pytest.mark.parametrize(
    "mechanism",
    [
        TransferMechanism.DEROGATION_CONTRACT,
        TransferMechanism.DEROGATION_CONTRACT_INTEREST,
        TransferMechanism.DEROGATION_LEGAL_CLAIMS,
        TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS,
    ],
)
def test_regular_transfer_on_a_derogation_the_text_limits_to_occasional_ones_is_an_error(act, org, mechanism):
    transfer = Transfer.objects.get(activity=act)
    update(
        transfer,
        mechanism=mechanism,
        occasional=False,
        derogation_assessment="Assessed",
        supervisory_authority_reference="Informed the SA on 2026-01-05",
    )
    assert [x.severity for x in findings(org.pk, "TRANSFER-DEROGATION-REGULAR")] == ["error"]
    update(transfer, occasional=True)
    assert "TRANSFER-DEROGATION-REGULAR" not in codes(org.pk)


@pytest.mark.parametrize(
    "mechanism",
    [
        TransferMechanism.DEROGATION_CONSENT,
        TransferMechanism.DEROGATION_PUBLIC_INTEREST,
        TransferMechanism.DEROGATION_VITAL_INTERESTS,
        TransferMechanism.DEROGATION_PUBLIC_REGISTER,
    ],
)
def test_regular_transfer_on_another_derogation_is_a_warning(act, org, mechanism):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, mechanism=mechanism, occasional=False, derogation_assessment="Assessed")
    assert [x.severity for x in findings(org.pk, "TRANSFER-DEROGATION-REGULAR")] == ["warning"]
    update(transfer, occasional=True)
    assert "TRANSFER-DEROGATION-REGULAR" not in codes(org.pk)


def test_derogation_without_documented_assessment(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, mechanism=TransferMechanism.DEROGATION_CONTRACT, occasional=True, derogation_assessment="")
    assert [x.severity for x in findings(org.pk, "TRANSFER-DEROGATION-UNDOCUMENTED")] == ["warning"]
    update(transfer, derogation_assessment="Customer asked for delivery to a US address")
    assert "TRANSFER-DEROGATION-UNDOCUMENTED" not in codes(org.pk)


def test_compelling_interests_undocumented_is_an_error_art49_6(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(
        transfer,
        mechanism=TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS,
        occasional=True,
        derogation_assessment="",
        supervisory_authority_reference="Letter to the SA, 2026-02-01",
    )
    assert [x.severity for x in findings(org.pk, "TRANSFER-DEROGATION-UNDOCUMENTED")] == ["error"]


def test_compelling_interests_without_informing_the_authority(act, org):
    transfer = Transfer.objects.get(activity=act)
    update(
        transfer,
        mechanism=TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS,
        occasional=True,
        derogation_assessment="One-off, three people, safeguards: minimised",
    )
    assert [x.severity for x in findings(org.pk, "TRANSFER-ART49-AUTHORITY-NOT-INFORMED")] == ["error"]
    update(transfer, supervisory_authority_reference="Informed the VDAI on 2026-03-02, ref. 2R-77")
    assert "TRANSFER-ART49-AUTHORITY-NOT-INFORMED" not in codes(org.pk)


@pytest.mark.parametrize("mechanism", [TransferMechanism.AD_HOC_CLAUSES, TransferMechanism.ADMIN_ARRANGEMENT])
def test_art46_3_safeguard_without_the_authoritys_authorisation(act, org, mechanism):
    transfer = Transfer.objects.get(activity=act)
    update(transfer, mechanism=mechanism)
    assert [x.severity for x in findings(org.pk, "TRANSFER-ART46-3-NOT-AUTHORISED")] == ["error"]
    update(transfer, supervisory_authority_reference="VDAI authorisation 2025-14")
    assert "TRANSFER-ART46-3-NOT-AUTHORISED" not in codes(org.pk)


def _adequacy_transfer(act, country: str, **kw):
    party = f.third_party(country=country, processing_locations=[country], **kw)
    f.save(Recipient(activity=act, third_party=party, role=RecipientRole.PROCESSOR))
    return f.save(
        Transfer(activity=act, third_party=party, destination_country=country, mechanism=TransferMechanism.ADEQUACY)
    )


@pytest.mark.parametrize("country, scope", [("CA", "PIPEDA"), ("JP", "APPI"), ("IL", "automated"), ("KR", "PIPA")])
def test_adequacy_with_a_scope_limit_needs_the_recipient_confirmed_within_it(act, org, country, scope):
    transfer = _adequacy_transfer(act, country)
    found = findings(org.pk, "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED")
    assert [x.severity for x in found] == ["error"] and scope in found[0].message
    update(transfer, adequacy_scope_confirmed=True)
    assert "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED" not in codes(org.pk)


def test_adequacy_without_a_scope_limit_needs_no_confirmation(act, org):
    _adequacy_transfer(act, "CH")
    assert "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED" not in codes(org.pk)


def test_uk_immigration_exception_applies_to_the_2021_decision_only(act, org):
    _adequacy_transfer(act, "GB")
    register = build_register(org.pk)
    in_2024 = dataclasses.replace(register, as_of=dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    in_2026 = dataclasses.replace(register, as_of=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    found = [x for x in run_checks(in_2024) if x.code == "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED"]
    assert len(found) == 1 and "immigration" in found[0].message
    assert "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED" not in {x.code for x in run_checks(in_2026)}


def test_dpf_certification_checked_more_than_a_year_ago(act, org, vendor):
    update(Transfer.objects.get(activity=act), mechanism=TransferMechanism.ADEQUACY, tia_reference="")
    today = timezone.localdate()
    update(vendor, dpf_verified_on=today - dt.timedelta(days=400))
    found = findings(org.pk, "TRANSFER-DPF-VERIFICATION-STALE")
    assert [(x.severity, x.third_party_id) for x in found] == [("warning", vendor.pk)]
    update(vendor, dpf_verified_on=today - dt.timedelta(days=300))
    assert "TRANSFER-DPF-VERIFICATION-STALE" not in codes(org.pk)
    update(vendor, dpf_verified_on=None)
    assert "never checked" in findings(org.pk, "TRANSFER-DPF-VERIFICATION-STALE")[0].message


def test_dpf_checks_matter_only_where_a_transfer_relies_on_the_dpf(act, org, vendor):
    update(vendor, dpf_verified_on=None)  # the transfer is on SCCs
    assert "TRANSFER-DPF-VERIFICATION-STALE" not in codes(org.pk)


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


def test_processor_dpa_without_its_date(act, org, vendor):
    update(vendor, dpa_date=None)
    found = findings(org.pk, "RECIPIENT-DPA-UNDATED")
    assert [(x.severity, x.third_party_id) for x in found] == [("warning", vendor.pk)]
    update(vendor, dpa_date=dt.date(2024, 3, 1))
    assert "RECIPIENT-DPA-UNDATED" not in codes(org.pk)


def test_sub_processor_without_the_controllers_authorisation(act, org):
    hosting = f.third_party(country="DE", default_role=RecipientRole.SUB_PROCESSOR)
    recipient = f.save(Recipient(activity=act, third_party=hosting, role=RecipientRole.SUB_PROCESSOR))
    found = findings(org.pk, "RECIPIENT-SUBPROCESSOR-NOT-AUTHORISED")
    assert [(x.severity, x.activity_id, x.third_party_id) for x in found] == [("error", act.pk, hosting.pk)]
    update(recipient, authorisation_reference="General written authorisation, DPA §7; notified 2026-01-10")
    assert "RECIPIENT-SUBPROCESSOR-NOT-AUTHORISED" not in codes(org.pk)


def test_joint_controller_recipient_needs_an_arrangement_and_its_essence_published(act, org):
    partner = f.third_party(country="DE", default_role=RecipientRole.JOINT_CONTROLLER, dpa_reference="")
    recipient = f.save(Recipient(activity=act, third_party=partner, role=RecipientRole.JOINT_CONTROLLER))
    assert [x.severity for x in findings(org.pk, "JOINT-CONTROLLER-ARRANGEMENT-MISSING")] == ["error"]
    assert "JOINT-CONTROLLER-ESSENCE-NOT-AVAILABLE" not in codes(org.pk)  # one gap, one finding
    update(recipient, arrangement_reference="Joint controller agreement 2026-02")
    assert "JOINT-CONTROLLER-ARRANGEMENT-MISSING" not in codes(org.pk)
    assert [x.severity for x in findings(org.pk, "JOINT-CONTROLLER-ESSENCE-NOT-AVAILABLE")] == ["warning"]
    update(recipient, arrangement_essence_location="Privacy notice, section 6")
    assert {"JOINT-CONTROLLER-ARRANGEMENT-MISSING", "JOINT-CONTROLLER-ESSENCE-NOT-AVAILABLE"}.isdisjoint(codes(org.pk))


def test_joint_controller_activity_names_its_arrangement_with_the_other_controllers(act, org):
    update(act, role="joint_controller")
    other = f.save(ActivityController(activity=act, controller=f.third_party(dpa_reference="")))
    assert "JOINT-CONTROLLER-ARRANGEMENT-MISSING" in codes(org.pk)
    update(other, arrangement_reference="Art. 26 arrangement of 2025-11-03")
    assert "JOINT-CONTROLLER-ARRANGEMENT-MISSING" not in codes(org.pk)


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
    assert [x.severity for x in findings(org.pk, "RETENTION-MISSING")] == ["warning"]
    update(category, retention_note="Deleted when the account is closed")
    assert {"RETENTION-MISSING", "RETENTION-VAGUE"}.isdisjoint(codes(org.pk))


def test_where_possible_rules_of_art30_1_share_one_severity():
    """Art. 30(1)(f) and (g) both say "where possible": their rules weigh the same (docs/checks.md, severity policy)."""
    where_possible = ["RETENTION-MISSING", "RETENTION-VAGUE", "ART30-SECURITY-MEASURES-MISSING"]
    assert {RULES[code].severities for code in where_possible} == {("warning",)}


def test_retention_by_criteria_is_not_vague(act, org):
    category = ActivityDataCategory.objects.get(activity=act)
    update(
        category,
        retention_period=None,
        retention_unit="",
        retention_event="",
        retention_note="For as long as the subscription lasts; deleted within 30 days of unsubscribing.",
    )
    assert "RETENTION-VAGUE" not in codes(org.pk)
    update(category, retention_note="As long as necessary.")
    assert "RETENTION-VAGUE" in codes(org.pk)


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
    update(act, profiling=True, automated_decision_details="Interest segments for ads", dpia_screening=["wp248_5"])
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


def test_two_criteria_screened_out_with_a_documented_reason_is_info_not_error(act, org):
    update(
        act,
        profiling=True,
        automated_decision_details="Scores",
        dpia_screening=["wp248_5"],
        dpia_status="not_required",
        dpia_reference="",
    )
    assert "DPIA-REQUIRED" in codes(org.pk)  # "not required" without the reasoning recorded
    update(act, dpia_reference="Screening note 2026-04: human review of every score, low-value orders")
    assert "DPIA-REQUIRED" not in codes(org.pk)
    found = findings(org.pk, "DPIA-NOT-REQUIRED-DOCUMENTED")
    assert [x.severity for x in found] == ["info"]
    assert "WP248 1: evaluation" in found[0].message and "WP248 5: large scale" in found[0].message


@pytest.mark.parametrize("case", ["art35_3_a", "art35_3_b", "art35_3_c", "art35_4"])
def test_a_screening_cannot_waive_a_mandatory_dpia(act, org, case):
    update(act, dpia_screening=[case], dpia_status="not_required", dpia_reference="Screening note 12")
    found = findings(org.pk, "DPIA-REQUIRED")
    assert [x.severity for x in found] == ["error"] and "cannot waive" in found[0].message
    assert "DPIA-NOT-REQUIRED-DOCUMENTED" not in codes(org.pk)


def test_a_processor_activity_leaves_the_dpia_to_its_controller(act, org):
    update(
        act,
        role="processor",
        profiling=True,
        automated_decision_details="Scores for the client",
        dpia_screening=["wp248_5"],
    )
    f.save(ActivityController(activity=act, controller=f.third_party(), processing_carried_out="Scoring"))
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


def test_a_rule_reports_only_the_severities_it_declares():
    assert RULES["TRANSFER-DEROGATION-REGULAR"].severity_of(Hit("m", severity="warning")) == "warning"
    assert RULES["TRANSFER-DEROGATION-REGULAR"].severity_of(Hit("m")) == "error"
    with pytest.raises(ValueError, match="RETENTION-VAGUE"):
        RULES["RETENTION-VAGUE"].severity_of(Hit("m", severity="error"))


def test_findings_carry_plain_string_severities(act, org):
    update(org, dpo_designation="not_assessed")  # a hit that lowers its rule's severity
    found = run_checks(build_register(org.pk))
    assert found and all(type(x.severity) is str for x in found)


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
    update(org, headcount=40, dpo_designation="not_assessed")  # info (Art. 30(5)) and an organisation warning
    update(vendor, dpa_reference="")  # third-party error
    delete(ActivitySecurityMeasure.objects.get(activity=act))  # activity warning
    annex = findings_annex(build_register(org.pk))
    assert [(x.record, x.code) for x in annex] == [
        ("organisation", "ART30-DPO-CONTACT-MISSING"),
        ("third_party", "RECIPIENT-DPA-MISSING"),
        ("activity", "ART30-SECURITY-MEASURES-MISSING"),
    ]
