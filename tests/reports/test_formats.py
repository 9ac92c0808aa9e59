"""Each format, generated from a realistic register and read back, states the register's facts."""

from __future__ import annotations

import jsonschema
import pytest
from django.utils import timezone

from ropa.choices import dpv_iri
from ropa.reports.document import canonical_json, content_sha256
from ropa.reports.schema import load_schema
from ropa.reports.service import export_register
from ropa.reports.sheets import CONTROLLER, ICO_COLUMNS, PROCESSOR, RECIPIENTS
from ropa.reports.table import labels
from tests import factories as f

from .helpers import (
    contents_page,
    controller_sheet_rows,
    csv_rows,
    json_doc,
    pdf_pages,
    pdf_text,
    squash,
    table_rows,
    workbook,
)
from .ico_template import ICO_CONTROLLER_TEMPLATE, ICO_PROCESSOR_RECORD, ROPA_CONTROLLER_EXTRAS

pytestmark = pytest.mark.django_db

ACTIVE = ["PA-001", "PA-002", "PA-003", "PR-001"]
THIRD_PARTIES = ["Stripe", "Google Analytics", "Partner Clinic", "Client Shop", "CloudHost"]
TRANSFERS = [  # recipient, destination, mechanism label
    ("Stripe", "United States of America", "Art. 46(2)(c) Commission standard contractual clauses"),
    ("Google Analytics", "United States of America", "Art. 45 adequacy decision"),
    ("CloudHost", "India", "Art. 46(2)(b) binding corporate rules"),
]
RETENTION = [  # category, retention text
    ("Transaction and order history", "10 years from end of the financial year"),
    ("Email address", "3 years from end of the contract or account closure"),
    ("Health data", "5 years from end of the contract or account closure"),
    ("IP address", "14 months from collection of the data"),
]
IDENTIFIERS = [
    "MN Technologijos UAB",
    "305546218",
    "Antakalnio g. 17, Vilnius",
    "privacy@example.com",
    "Ona Duomenų",
    "dpo@example.com",
    "Rep Ltd (UK)",
    "State Data Protection Inspectorate",
]
ICO = labels(ICO_COLUMNS)


# --- PDF ----------------------------------------------------------------------------------------------------


def test_pdf_states_every_fact_of_the_register(demo):
    _export, content = export_register(demo.org.pk, "pdf")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    flat = squash(text)
    for ref in ACTIVE:
        assert ref in text
    for name in ["Payments", "Employee wellbeing programme", "Website analytics", "Shop hosting for clients"]:
        assert squash(name) in flat
    assert "PA-009" not in text and "Old newsletter" not in text
    for name in THIRD_PARTIES:
        assert squash(name) in flat
    for _recipient, destination, mechanism in TRANSFERS:
        assert squash(destination) in flat and squash(mechanism) in flat
    for category, retention in RETENTION:
        assert squash(category) in flat and squash(retention) in flat
    for value in IDENTIFIERS:
        assert squash(value) in flat
    assert squash("Art. 9(2)(b) employment, social security and social protection law") in flat
    assert squash("Tax authorities on request.") in flat  # the activity's categories of recipients in words
    assert squash("Hosting and backups of the shop database") in flat  # Art. 30(2)(b)


def test_pdf_has_title_page_contents_and_running_margins_on_every_page(demo):
    export, content = export_register(demo.org.pk, "pdf")
    pages = pdf_pages(content)
    assert len(pages) >= 4  # several pages, so the running margins below are checked on more than one
    assert "Record of processing activities".upper() in pages[0].upper()
    toc = contents_page(pages)
    for ref in ACTIVE:
        line = next(line for line in toc.splitlines() if ref in line)
        assert line.rstrip().split()[-1].isdigit(), f"no page number for {ref} in the contents: {line!r}"
    for number, page in enumerate(pages, start=1):
        assert "MN Technologijos UAB" in page
        assert "Live register at" in page
        assert f"Page {number} of {len(pages)}" in page
        assert f"Export #{export.pk}" in page


def test_pdf_prints_export_id_and_register_content_digest(demo):
    export, content = export_register(demo.org.pk, "pdf")
    _, json_content = export_register(demo.org.pk, "json")
    flat = squash(pdf_text(content))
    assert f"Export#{export.pk}" in flat
    assert squash(f"recorded in export entry #{export.pk}") in flat
    assert json_doc(json_content)["export"]["content_sha256"] in flat


def test_pdf_as_of_prints_the_date_on_every_page(demo):
    as_of = timezone.now()
    demo.payments.name = "Payments renamed later"
    f.save(demo.payments)
    _, content = export_register(demo.org.pk, "pdf", as_of=as_of)
    pages = pdf_pages(content)
    stamp = timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M:%S")
    assert all(f"Register as it stood at {stamp}" in page for page in pages)
    assert "renamed later" not in "".join(pages)


# --- XLSX ---------------------------------------------------------------------------------------------------


def test_xlsx_controller_sheet_header_is_the_ico_template_then_ropa_columns(demo):
    header, _rows = controller_sheet_rows(export_register(demo.org.pk, "xlsx")[1])
    assert header == ICO_CONTROLLER_TEMPLATE + ROPA_CONTROLLER_EXTRAS
    assert ICO == ICO_CONTROLLER_TEMPLATE


def test_xlsx_processor_sheet_holds_every_item_the_ico_asks_a_processor_to_record(demo):
    ws = workbook(export_register(demo.org.pk, "xlsx")[1])["Processor record"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0]]
    at = next(i for i, r in enumerate(rows) if r[0] == PROCESSOR.labels[0])
    heading, header = {r[0] for r in rows[:at]}, [h for h in rows[at] if h]
    for item, (where, label) in ICO_PROCESSOR_RECORD.items():
        if where == "heading":
            assert label in heading, item
        else:
            assert any(h.startswith(label) for h in header), item
    # Each column of the table says which Art. 30(2) item it is, or is the activity it is about.
    lettered = [h for h in header if "Art. 30(2)(" in h]
    assert {h.split("Art. 30(2)(")[1][0] for h in lettered} == {"a", "b", "c", "d"}


def test_xlsx_states_every_fact_of_the_register(demo):
    _, content = export_register(demo.org.pk, "xlsx")
    _, rows = controller_sheet_rows(content)
    by_ref = {r["Reference"]: r for r in rows}
    assert sorted(by_ref) == [
        "PA-001",
        "PA-002",
        "PA-003",
    ]  # controller record; PR-001 is on the processor sheet
    pay = by_ref["PA-001"]
    assert pay["Processing activity"] == "Payments"
    assert pay["Business function"] == "Finance"
    assert "Transaction and order history: 10 years from end of the financial year" in pay[ICO[9]]
    assert "Email address: 3 years from end of the contract or account closure" in pay[ICO[9]]
    assert (
        "Stripe (Stripe Payments Europe Ltd, United States of America) — Processor" in pay["Categories of recipients"]
    )
    assert "Tax authorities on request." in pay["Categories of recipients"]
    assert pay["Link to contract with processor"] == "Stripe: Stripe DPA 2024"
    assert pay[ICO[7]] == "United States of America (Stripe)"
    # The ICO's "exceptional transfers" column is for Art. 49(1) second-subparagraph transfers only.
    assert pay[ICO[8]] == "None (no Art. 49(1) second-subparagraph transfer)"
    assert "Processing payments: Art. 6(1)(b) contract" in pay["Article 6 lawful basis for processing personal data"]
    assert pay["Data Protection Impact Assessment required?"] == "No (screened)"
    well = by_ref["PA-002"]
    assert "Health data: Art. 9(2)(b)" in well["Article 9 condition for processing special category data"]
    assert "Partner Clinic" in well[ICO[2]]
    assert well["Link to Data Protection Impact Assessment"] == "DPIA-2024-03"
    assert by_ref["PA-003"][ICO[7]] == "United States of America (Google Analytics)"

    wb = workbook(content)
    header_block = {r[0]: r[1] for r in wb["Controller record"].iter_rows(min_row=2, max_row=15, values_only=True)}
    assert header_block["Controller"] == "MN Technologijos UAB"
    assert header_block["Registration number"] == "305546218"
    assert "Ona Duomenų" in header_block["Data protection officer"]
    assert "Rep Ltd (UK)" in header_block["Art. 27 representative"]
    assert header_block["Lead supervisory authority"] == "State Data Protection Inspectorate"

    proc = table_rows(wb["Processor record"], PROCESSOR.labels)
    assert proc[0][PROCESSOR.labels[0]].startswith("Client Shop (Client Shop GmbH, Germany), privacy@shop.example")
    assert proc[0]["Contract or arrangement (Art. 28)"] == "Art. 28 contract CS-1"
    assert proc[0]["Reference"] == "PR-001"
    transfers = proc[0][PROCESSOR.labels[8]]
    assert "India" in transfers and "binding corporate rules" in transfers

    rt = list(wb["Recipients and transfers"].iter_rows(values_only=True))
    assert list(rt[1]) == RECIPIENTS.labels
    transfers = {(r[3], r[7], r[8]) for r in rt[2:] if r[2] == "Transfer"}
    assert transfers == set(TRANSFERS)
    recipients = {r[3] for r in rt[2:] if r[2] == "Recipient"}
    assert recipients == {"Stripe", "Google Analytics", "Partner Clinic", "CloudHost"}


def test_xlsx_has_frozen_header_filters_and_wrapped_text(demo):
    _, content = export_register(demo.org.pk, "xlsx")
    ws = workbook(content)["Controller record"]
    header_row = next(r[0].row for r in ws.iter_rows() if r[0].value == CONTROLLER.labels[0] and r[1].value)
    assert ws.freeze_panes == f"C{header_row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row}:")
    assert ws.cell(row=header_row + 1, column=5).alignment.wrap_text


def test_spreadsheet_columns_are_the_documented_ones(demo):
    """The header rows as regulators' tools read them, written out here so a change to a label or the order
    shows in review: CSV and the four XLSX sheets."""
    controller = ICO_CONTROLLER_TEMPLATE + ROPA_CONTROLLER_EXTRAS
    processor = [
        "Name and contact details of the controller — Art. 30(2)(a)",
        "Controller's representative — Art. 30(2)(a)",
        "Controller's data protection officer — Art. 30(2)(a)",
        "Contract or arrangement (Art. 28)",
        "Reference",
        "Processing activity",
        "Status",
        "Categories of processing carried out on behalf of the controller — Art. 30(2)(b)",
        "Transfers to third countries or international organisations, with safeguards — Art. 30(2)(c)",
        "General description of technical and organisational security measures — Art. 30(2)(d)",
    ]
    third_parties = [
        "Trade name",
        "Legal entity",
        "Country of establishment",
        "Address",
        "Contact email",
        "Processing locations",
        "Default role",
        "Data processing agreement",
        "Agreement date",
        "EU-US Data Privacy Framework",
        "Certifications",
        "Privacy policy",
    ]
    recipients = [
        "Activity reference",
        "Processing activity",
        "Kind",
        "Third party",
        "Legal entity",
        "Country",
        "Role",
        "Data shared / destination",
        "Mechanism",
        "DPV identifier",
        "Safeguard document",
        "Transfer impact assessment",
        "Contract (DPA)",
    ]
    findings = [
        "Severity",
        "Code",
        "Article",
        "Record",
        "Activity reference",
        "Third party",
        "Finding",
        "Message",
        "Fix",
        "Decision",
    ]
    for fmt, labels_ in (("csv", controller), ("csv-processor", processor)):
        csv_header = ",".join(f'"{label}"' if "," in label else label for label in labels_)
        assert export_register(demo.org.pk, fmt)[1].split(b"\r\n")[0] == ("\ufeff" + csv_header).encode("utf-8")
    wb = workbook(export_register(demo.org.pk, "xlsx", include_findings=True)[1])
    assert controller_sheet_rows(export_register(demo.org.pk, "xlsx")[1])[0] == controller
    assert PROCESSOR.labels == processor
    assert list(table_rows(wb["Processor record"], processor)[0]) == processor
    assert list(next(wb["Third parties"].iter_rows(min_row=2, max_row=2, values_only=True))) == third_parties
    assert list(next(wb["Recipients and transfers"].iter_rows(min_row=2, max_row=2, values_only=True))) == recipients
    assert list(next(wb["Findings"].iter_rows(min_row=2, max_row=2, values_only=True))) == findings


def test_csv_and_xlsx_controller_tables_hold_the_same_cells(demo):
    """Two renderings of one sheet declaration: same header, same rows, same values."""
    csv_table = csv_rows(export_register(demo.org.pk, "csv", include_retired=True)[1])
    header, xlsx_table = controller_sheet_rows(export_register(demo.org.pk, "xlsx", include_retired=True)[1])
    assert list(csv_table[0]) == header
    assert len(csv_table) == 4
    assert csv_table == [{k: "" if v is None else v for k, v in row.items()} for row in xlsx_table]


# --- CSV ----------------------------------------------------------------------------------------------------


def test_csv_has_the_controller_columns_and_one_row_per_activity(demo):
    _, content = export_register(demo.org.pk, "csv")
    rows = csv_rows(content)
    assert list(rows[0]) == CONTROLLER.labels
    assert [r["Reference"] for r in rows] == ["PA-001", "PA-002", "PA-003"]
    assert "Health data [Special category (Art. 9)]" in rows[1]["Categories of personal data"]
    assert "India" not in content.decode("utf-8-sig")  # the processor activity is not in the controller record
    assert "IP address: 14 months from collection of the data" in rows[2]["Retention schedule (if possible)"]


def test_retired_activities_only_when_asked(demo):
    _, content = export_register(demo.org.pk, "csv")
    assert "PA-009" not in {r["Reference"] for r in csv_rows(content)}
    _, content = export_register(demo.org.pk, "csv", include_retired=True)
    retired = next(r for r in csv_rows(content) if r["Reference"] == "PA-009")
    assert retired["Status"] == "Retired"
    _, content = export_register(demo.org.pk, "html", include_retired=True)
    assert "PA-009 — Old newsletter" in content.decode()


# --- HTML ---------------------------------------------------------------------------------------------------


def test_html_states_every_fact_and_the_export_id(demo):
    export, content = export_register(demo.org.pk, "html")
    html = content.decode("utf-8")
    for ref in ACTIVE:
        assert ref in html
    assert "PA-009" not in html
    for name in THIRD_PARTIES:
        assert name in html
    for _r, destination, mechanism in TRANSFERS:
        assert destination in html and mechanism in html
    for _c, retention in RETENTION:
        assert retention in html
    for value in IDENTIFIERS:
        assert value in html
    assert f'#<span class="export-ref">{export.pk}</span>' in html


# --- JSON ---------------------------------------------------------------------------------------------------


def test_json_validates_against_the_shipped_schema_and_carries_dpv_identifiers(demo):
    export, content = export_register(demo.org.pk, "json")
    payload = json_doc(content)
    jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker()).validate(payload)
    register = payload["register"]
    assert payload["export"]["id"] == export.pk
    assert register["organisation"]["registration_number"] == "305546218"
    assert register["organisation"]["dpo"] == {
        "designation": "designated",
        "not_required_reason": "",
        "name": "Ona Duomenų",
        "email": "dpo@example.com",
        "phone": "",
        "statement": "Ona Duomenų; dpo@example.com",
    }
    acts = {a["reference"]: a for a in register["controller_activities"]}
    assert sorted(acts) == ["PA-001", "PA-002", "PA-003"]
    bases = {(b["purpose_key"], b["basis_iri"]) for b in acts["PA-001"]["legal_bases"]}
    assert bases == {
        ("payment_processing", "https://w3id.org/dpv/legal/eu/gdpr#A6-1-b"),
        ("legal_compliance", "https://w3id.org/dpv/legal/eu/gdpr#A6-1-c"),
    }
    health = acts["PA-002"]["data_categories"][0]
    assert (health["key"], health["sensitivity"], health["art9_condition_iri"]) == (
        "special.health",
        "special",
        "https://w3id.org/dpv/legal/eu/gdpr#A9-2-b",
    )
    assert health["retention"]["period"] == 5 and health["retention"]["unit"] == "years"
    mechanisms = {
        (t["recipient"]["name"], t["destination_country"], t["mechanism_iri"])
        for a in acts.values()
        for t in a["transfers"]
    }
    mechanisms |= {
        (t["recipient"]["name"], t["destination_country"], t["mechanism_iri"])
        for g in register["processor_activities"]
        for a in g["activities"]
        for t in a["transfers"]
    }
    assert mechanisms == {
        ("Stripe", "US", dpv_iri("scc")),
        ("Google Analytics", "US", dpv_iri("adequacy")),
        ("CloudHost", "IN", dpv_iri("bcr")),
    }
    [group] = register["processor_activities"]
    assert group["controller"]["name"] == "Client Shop"
    assert [a["reference"] for a in group["activities"]] == ["PR-001"]
    assert {t["name"] for t in register["third_parties"]} == set(THIRD_PARTIES)
    assert [j["name"] for j in register["joint_controllers"]] == ["Partner Clinic"]


def test_json_content_digest_is_recomputable_and_stable_across_exports(demo):
    _, first = export_register(demo.org.pk, "json")
    _, second = export_register(demo.org.pk, "json")
    one, two = json_doc(first), json_doc(second)
    import hashlib

    assert one["export"]["content_sha256"] == hashlib.sha256(canonical_json(one["register"])).hexdigest()
    assert one["export"]["id"] != two["export"]["id"]
    assert one["export"]["content_sha256"] == two["export"]["content_sha256"]
    assert content_sha256(one["register"]) == one["export"]["content_sha256"]


def test_no_dpo_required_is_stated_with_its_reason_in_every_format(demo):
    reason = "Eight staff, no large-scale monitoring nor Art. 9 data (Art. 37(1))"
    demo.org.refresh_from_db()
    demo.org.dpo_designation, demo.org.dpo_not_required_reason = "not_required", reason
    demo.org.dpo_name = demo.org.dpo_email = ""
    f.save(demo.org)
    line = f"No DPO designated — not required: {reason}"
    assert line in export_register(demo.org.pk, "html")[1].decode()
    header = {
        r[0]: r[1]
        for r in workbook(export_register(demo.org.pk, "xlsx")[1])["Controller record"].iter_rows(
            min_row=2, max_row=15, values_only=True
        )
    }
    assert header["Data protection officer"] == line
    dpo = json_doc(export_register(demo.org.pk, "json")[1])["register"]["organisation"]["dpo"]
    assert (dpo["designation"], dpo["statement"]) == ("not_required", line)
    assert squash(line) in squash(pdf_text(export_register(demo.org.pk, "pdf")[1]))


def test_xlsx_sheets_print_landscape_fit_to_width_with_the_header_row_on_every_page(demo):
    wb = workbook(export_register(demo.org.pk, "xlsx", include_findings=True)[1])
    for ws in wb:
        header = next(i for i, r in enumerate(ws.iter_rows(values_only=True), start=1) if r[1] is not None and r[2])
        assert ws.page_setup.orientation == "landscape", ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows.replace("$", "") == f"{header}:{header}", ws.title
