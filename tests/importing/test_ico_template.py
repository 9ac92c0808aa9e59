"""A filled-in UK ICO template, with the messy cells real registers have, imports with every mapping reported and
every value it could not map listed — never dropped."""

from __future__ import annotations

import pytest

from ropa.choices import LawfulBasis, RecipientRole, RetentionEvent, TransferMechanism
from ropa.importing.service import import_register
from ropa.models import DataCategory, ProcessingActivity, ThirdParty

from .conftest import ICO_HEADER, ico_row, workbook

pytestmark = pytest.mark.django_db

ROWS = [
    ico_row(
        **{
            "Business function": "Marketing",
            "Purpose": "Marketing",
            "Categories of individuals": "Customers, newsletter subscribers",
            "Categories of personal data": "Name, email address, IP address",
            "Categories of recipients": "Mailchimp (The Rocket Science Group LLC)",
            "Names of third": "USA",
            "Safeguards": "Standard contractual clauses (2021, module 2)",
            "Retention": "2 years after the last login",
            "Article 6": "Consent",
            "Rights": "Access, erasure, objection",
            "Existence": "No",
            "Source": "Sign-up form",
            "Link to record of consent": "Consent log in the CRM",
            "Data Protection Impact Assessment required": "No",
        }
    ),
    ico_row(
        **{
            "Business function": "HR",
            "Purpose": "Payroll",
            "Categories of individuals": "Staff",
            "Categories of personal data": "Name; bank details; Health data; Shoe size",
            "Categories of recipients": "HMRC",
            "Retention": "Six years from the end of the financial year",
            "Article 6": "Art. 6(1)(c)",
            "Article 9": "Art. 9(2)(b) — employment law",
        }
    ),
    ico_row(
        **{
            "Purpose": "Analytics",
            "Categories of individuals": "Website visitors",
            "Categories of personal data": "IP address, cookies",
            "Categories of recipients": "Mailchimp",
            "Names of third": "United States",
            "Safeguards": "SCCs",
            "Article 6": "consent (opt-in)",
        }
    ),
    ico_row(
        **{
            "Purpose": "Support",
            "Categories of individuals": "Customers",
            "Categories of personal data": "Name",
            "Categories of recipients": "Mailchimp",
            "Names of third": "US",
            "Safeguards": "SCCs",
            "Article 6": "Art. 6(1)(a)",
            "Retention": "As long as needed",
        }
    ),
]


@pytest.fixture
def imported(org, mailchimp, dpo):
    report = import_register(org, "ico.xlsx", workbook(ROWS), user=dpo, dry_run=False)
    assert report.committed, report.errors
    return report


def _activity(org, purpose_key: str) -> ProcessingActivity:
    return ProcessingActivity.objects.get(organisation=org, activitypurpose__purpose__key=purpose_key)


def _mapped(report, row: int, column_start: str) -> dict[str, tuple[str, float]]:
    found = next(r for r in report.rows if r.row == row)
    return {
        m["value"]: (m["mapped_to"], m["confidence"]) for m in found.mappings if m["column"].startswith(column_start)
    }


def test_header_is_found_below_the_title_lines_and_every_row_becomes_an_activity(imported, org):
    assert [r.row for r in imported.rows] == [5, 6, 7, 8]
    assert imported.counts == {"created": 4, "updated": 0, "unchanged": 0, "error": 0}
    assert ProcessingActivity.objects.filter(organisation=org).count() == 4


def test_free_text_data_categories_become_catalogue_entries(imported, org):
    assert _mapped(imported, 5, "Categories of personal data") == {
        "Name": ("Name", 1.0),
        "email address": ("Email address", 1.0),
        "IP address": ("IP address", 1.0),
    }
    keys = set(_activity(org, "direct_marketing").activitydatacategory_set.values_list("data_category__key", flat=True))
    assert keys == {"identity.name", "contact.email", "online.ip_address"}


def test_basis_written_three_ways_is_consent(imported, org):
    assert _mapped(imported, 5, "Article 6")["Consent"][0] == LawfulBasis.CONSENT
    assert _mapped(imported, 7, "Article 6")["consent (opt-in)"][0] == LawfulBasis.CONSENT
    assert _mapped(imported, 8, "Article 6")["Art. 6(1)(a)"] == (LawfulBasis.CONSENT, 0.95)
    for purpose in ("direct_marketing", "web_analytics", "customer_support"):
        assert list(_activity(org, purpose).legalbasis_set.values_list("basis", flat=True)) == ["consent"]
    assert _activity(org, "hr_management").legalbasis_set.get().basis == LawfulBasis.LEGAL_OBLIGATION


def test_country_written_three_ways_is_the_united_states(imported, org):
    assert _mapped(imported, 5, "Names of third")["USA"] == ("US", 0.95)
    assert _mapped(imported, 7, "Names of third")["United States"] == ("US", 0.95)
    assert _mapped(imported, 8, "Names of third")["US"][0] == "US"
    for purpose in ("direct_marketing", "web_analytics", "customer_support"):
        transfer = _activity(org, purpose).transfer_set.get()
        assert (transfer.destination_country.code, transfer.third_party.name) == ("US", "Mailchimp")
        assert transfer.mechanism == TransferMechanism.SCC


def test_vendor_with_its_legal_entity_matches_the_existing_third_party(imported, org, mailchimp):
    assert _mapped(imported, 5, "Categories of recipients") == {
        "Mailchimp (The Rocket Science Group LLC)": ("Mailchimp", 1.0)
    }
    recipient = _activity(org, "direct_marketing").recipient_set.get()
    assert (recipient.third_party, recipient.role) == (mailchimp, mailchimp.default_role)


def test_retention_prose_is_kept_verbatim_and_parsed_where_it_states_a_period(imported, org):
    email = _activity(org, "direct_marketing").activitydatacategory_set.get(data_category__key="contact.email")
    assert (email.retention_period, email.retention_unit, email.retention_event) == (
        2,
        "years",
        RetentionEvent.LAST_ACTIVITY,
    )
    assert email.retention_note == "2 years after the last login"
    payroll = _activity(org, "hr_management").activitydatacategory_set.get(data_category__key="identity.name")
    assert (payroll.retention_period, payroll.retention_event) == (6, RetentionEvent.END_OF_FINANCIAL_YEAR)
    support = _activity(org, "customer_support").activitydatacategory_set.get()
    assert (support.retention_period, support.retention_note) == (None, "As long as needed")


def test_special_category_gets_the_art9_condition_of_the_row(imported, org):
    health = _activity(org, "hr_management").activitydatacategory_set.get(data_category__key="special.health")
    assert health.art9_condition == "b"


def test_synonyms_report_a_lower_confidence(imported):
    assert _mapped(imported, 5, "Purpose") == {"Marketing": ("Direct marketing (newsletters and promotions)", 0.9)}
    assert _mapped(imported, 6, "Categories of individuals") == {"Staff": ("Employees", 0.9)}
    assert _mapped(imported, 6, "Categories of personal data")["bank details"] == ("Bank account details", 0.9)


def test_unmapped_values_are_listed_and_kept_as_text(imported, org):
    unmapped = {(u["kind"], u["value"]): u for u in imported.unmapped}
    assert set(unmapped) == {("data_categories", "Shoe size"), ("third_party", "HMRC")}
    assert unmapped[("data_categories", "Shoe size")]["rows"] == [6]
    payroll = _activity(org, "hr_management")
    assert "Categories of personal data: Shoe size" in payroll.description
    assert payroll.recipients_statement == "HMRC"


def test_activity_fields_and_name_from_the_purpose(imported, org):
    marketing = _activity(org, "direct_marketing")
    assert (marketing.name, marketing.business_function, marketing.data_source) == (
        "Marketing",
        "Marketing",
        "Sign-up form",
    )
    assert marketing.reference.startswith("IMP-")
    assert marketing.dpia_status == "not_required"
    assert marketing.legalbasis_set.get().consent_record == "Consent log in the CRM"


def test_the_dpo_chooses_to_create_an_entry_for_an_unmapped_value(org, mailchimp, dpo):
    report = import_register(
        org,
        "ico.xlsx",
        workbook(ROWS),
        user=dpo,
        dry_run=False,
        choices={"data_categories:shoe size": "create", "third_party:hmrc": "text"},
    )
    assert report.committed
    assert [u["value"] for u in report.unmapped] == ["HMRC"]  # kept as text, as chosen
    created = DataCategory.objects.get(name="Shoe size")
    assert created.history.get().history_user == dpo
    assert _activity(org, "hr_management").activitydatacategory_set.filter(data_category=created).exists()


def test_a_contributor_cannot_create_catalogue_entries(org, mailchimp, contributor, unchanged_database):
    report = import_register(
        org,
        "ico.xlsx",
        workbook(ROWS),
        user=contributor,
        dry_run=False,
        choices={"data_categories:shoe size": "create"},
    )
    assert not report.committed
    assert any("Only a DPO can create a data category ('Shoe size')" in e for e in report.errors)


def test_a_value_mapped_by_the_user_goes_to_the_chosen_entry(org, mailchimp, dpo):
    report = import_register(
        org,
        "ico.xlsx",
        workbook(ROWS),
        user=dpo,
        dry_run=False,
        choices={"data_categories:shoe size": "map:online.usage"},
    )
    assert report.committed
    keys = _activity(org, "hr_management").activitydatacategory_set.values_list("data_category__key", flat=True)
    assert "online.usage" in keys
    assert "Shoe size" not in _activity(org, "hr_management").description


def test_an_unmapped_recipient_becomes_a_new_third_party_by_the_users_choice(org, mailchimp, dpo):
    report = import_register(
        org, "ico.xlsx", workbook(ROWS), user=dpo, dry_run=False, choices={"third_party:hmrc": "create:United Kingdom"}
    )
    assert report.committed, report.errors
    hmrc = ThirdParty.objects.get(name="HMRC")
    assert (hmrc.legal_entity, hmrc.country.code, hmrc.default_role) == ("HMRC", "GB", RecipientRole.PROCESSOR)
    assert (hmrc.history.get().history_user, hmrc.history.get().history_change_reason) == (
        dpo,
        f"imported from ico.xlsx (sha256 {report.sha256})",
    )
    payroll = _activity(org, "hr_management")
    assert payroll.recipient_set.get().third_party == hmrc
    assert payroll.recipients_statement == ""  # no longer kept as text
    assert [u["value"] for u in report.unmapped] == ["Shoe size"]
    assert _mapped(report, 6, "Categories of recipients")["HMRC"][0] == "HMRC"
    how = next(m["how"] for r in report.rows for m in r.mappings if m["value"] == "HMRC")
    assert how == "created by the user's choice (United Kingdom, default role Processor: check it)"


def test_a_new_third_party_takes_legal_entity_country_and_role_from_the_cell(org, dpo):
    rows = [
        ico_row(Purpose="Payroll", **{"Categories of recipients": "Acme Pay (Acme Payroll Ltd, Ireland) — Processor"})
    ]
    choices = {"third_party:acme pay acme payroll ltd ireland": "create"}
    report = import_register(org, "ico.xlsx", workbook(rows), user=dpo, dry_run=False, choices=choices)
    assert report.committed, report.errors
    acme = ThirdParty.objects.get(name="Acme Pay")
    assert (acme.legal_entity, acme.country.code) == ("Acme Payroll Ltd", "IE")
    assert _activity(org, "hr_management").recipient_set.get().third_party == acme


def test_a_third_party_is_not_created_without_its_country(org, mailchimp, dpo, unchanged_database):
    report = import_register(
        org, "ico.xlsx", workbook(ROWS), user=dpo, dry_run=False, choices={"third_party:hmrc": "create"}
    )
    assert not report.committed
    assert any("To create the third party 'HMRC', name its country of establishment" in e for e in report.errors)


def test_an_auditor_cannot_create_a_third_party(org, mailchimp, auditor, unchanged_database):
    report = import_register(
        org, "ico.xlsx", workbook(ROWS), user=auditor, dry_run=False, choices={"third_party:hmrc": "create:GB"}
    )
    assert not report.committed
    assert any("Only a user who may add third parties can create a third party ('HMRC')" in e for e in report.errors)


def test_an_unmapped_recipient_mapped_to_an_existing_third_party(org, mailchimp, dpo):
    revenue = ThirdParty.objects.create(
        name="Revenue service", legal_entity="HM Revenue & Customs", country="GB", default_role="public_authority"
    )
    report = import_register(
        org, "ico.xlsx", workbook(ROWS), user=dpo, dry_run=False, choices={"third_party:hmrc": "map:Revenue service"}
    )
    assert report.committed, report.errors
    recipient = _activity(org, "hr_management").recipient_set.get()
    assert (recipient.third_party, recipient.role) == (revenue, "public_authority")


def _one(org, dpo, **cells):
    report = import_register(org, "ico.xlsx", workbook([ico_row(Purpose="Payroll", **cells)]), user=dpo, dry_run=False)
    assert report.committed, report.errors
    return report, _activity(org, "hr_management")


def test_a_joint_controller_listed_as_recipient_is_that_recipient_as_joint_controller(org, mailchimp, dpo):
    _, payroll = _one(
        org,
        dpo,
        **{"Name and contact": "Mailchimp (The Rocket Science Group LLC, USA), privacy@mailchimp.com"},
        **{"Categories of recipients": "Mailchimp"},
    )
    assert payroll.recipient_set.get().role == RecipientRole.JOINT_CONTROLLER
    assert (payroll.role, payroll.activitycontroller_set.count()) == ("controller", 0)


def test_a_joint_controller_not_among_the_recipients_controls_the_activity_with_the_organisation(org, mailchimp, dpo):
    _, payroll = _one(org, dpo, **{"Name and contact": "Mailchimp, privacy@mailchimp.com"})
    assert payroll.role == "joint_controller"
    assert payroll.activitycontroller_set.get().controller == mailchimp
    assert not payroll.recipient_set.exists()


def test_the_processor_contract_is_checked_against_the_third_party_and_a_different_one_kept(org, mailchimp, dpo):
    mailchimp.dpa_reference = "Mailchimp DPA 2024"
    mailchimp.save()
    report, payroll = _one(
        org, dpo, **{"Categories of recipients": "Mailchimp", "Link to contract": "Mailchimp: Mailchimp DPA 2024"}
    )
    assert _mapped(report, 5, "Link to contract") == {
        "Mailchimp: Mailchimp DPA 2024": ("the DPA reference of Mailchimp", 1.0)
    }
    assert "contract" not in payroll.description
    org2_report, payroll = _one(
        org,
        dpo,
        **{"Categories of recipients": "Mailchimp", "Link to contract": "Mailchimp: signed 2019, in the drive"},
    )
    assert "Link to contract with processor: Mailchimp: signed 2019, in the drive" in payroll.description
    assert _mapped(org2_report, 5, "Link to contract")["Mailchimp: signed 2019, in the drive"][1] == 0.0
    mailchimp.refresh_from_db()
    assert mailchimp.dpa_reference == "Mailchimp DPA 2024"  # the third party's record is not changed by an import


def test_a_breach_answer_without_its_record_is_kept_as_text(org, dpo):
    _, payroll = _one(org, dpo, **{"Personal data breach": "Yes", "Link to record of personal data": "BR-2024-3"})
    assert (payroll.breach_reference, "breach" in payroll.description) == ("BR-2024-3", False)
    _, payroll = _one(org, dpo, **{"Personal data breach": "Yes, in March", "Link to record of personal data": ""})
    assert payroll.breach_reference == ""
    assert "Has a personal data breach occurred?: Yes, in March" in payroll.description


# The UK ICO processor template's columns (what a processor's filled-in sheet has).
ICO_PROCESSOR_HEADER = [
    "Name and contact details of controller",
    "Name and contact details of controller's representative (if applicable)",
    "Name and contact details of controller's data protection officer (if applicable)",
    "Categories of processing carried out on behalf of the controller",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations "
    "(if applicable)",
    "General description of technical and organisational security measures (if possible)",
]


def test_a_filled_ico_processor_template_imports_as_processor_activities(org, mailchimp, dpo):
    client = ThirdParty.objects.create(
        name="Client plc", legal_entity="Client plc", country="IE", default_role="processor"
    )
    rows = [
        [
            "Client plc, dpo@client.example",
            "EU Rep GmbH",
            "dpo@client.example",
            "Newsletter sending for the client",
            "USA (Mailchimp)",
            "SCCs",
            "Encryption at rest",
        ],
        ["Client plc", "", "", "Newsletter sending for the client", "", "", ""],  # the same activity, listed twice
    ]
    report = import_register(
        org, "processor.xlsx", workbook(rows, header=ICO_PROCESSOR_HEADER), user=dpo, dry_run=False
    )
    assert report.committed, report.errors
    assert report.counts["created"] == 1 and len(report.rows) == 1  # one activity, its rows merged
    activity = ProcessingActivity.objects.get(organisation=org)
    assert (activity.name, activity.role) == ("Newsletter sending for the client", "processor")
    link = activity.activitycontroller_set.get()
    assert (link.controller, link.controller_representative, link.controller_dpo, link.processing_carried_out) == (
        client,
        "EU Rep GmbH",
        "dpo@client.example",
        "Newsletter sending for the client",
    )
    transfer = activity.transfer_set.get()
    assert (transfer.third_party, transfer.destination_country.code, transfer.mechanism) == (mailchimp, "US", "scc")
    assert activity.activitysecuritymeasure_set.get().measure.key


def test_the_uk_schedule_1_columns_are_kept_as_text(org, dpo):
    header = [
        *ICO_HEADER,
        "Data Protection Act 2018 Schedule 1 Condition for processing",
        "Link to retention and erasure policy document",
    ]
    row = [*ico_row(Purpose="Payroll"), "Para 1 — employment", "https://intranet.example/retention"]
    report = import_register(org, "ico.xlsx", workbook([row], header=header), user=dpo, dry_run=False)
    assert report.committed, report.errors
    description = _activity(org, "hr_management").description
    assert "Data Protection Act 2018 Schedule 1 Condition for processing: Para 1 — employment" in description
    assert "Link to retention and erasure policy document: https://intranet.example/retention" in description
    assert not any("left out" in n for n in report.notices)
