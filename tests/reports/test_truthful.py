"""Reports state what the register holds: joint controllers of the demo, the processor's Art. 30(2)(a) facts,
the ICO's exceptional-transfer column, the annex order and the overview — each read back from the output."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ropa.choices import FindingSeverity
from ropa.demo import load_demo
from ropa.models import ActivityController, Organisation
from ropa.reports.service import export_register
from ropa.reports.sheets import ICO_COLUMNS, PROCESSOR
from ropa.reports.table import labels
from tests import factories as f

from .helpers import controller_sheet_rows, csv_rows, json_doc, pdf_pages, squash, table_rows, workbook

pytestmark = pytest.mark.django_db
ICO = labels(ICO_COLUMNS)
DEMO_JOINT = {  # recipients of MVPN-07 recorded as joint controllers, with the contact the demo holds
    "Facebook": "Merrion Road, Dublin 4, D04 X2K5, Ireland",
    "Reddit": "Contact details: not recorded",
}


@pytest.fixture
def mysterium(db) -> Organisation:
    load_demo()
    return Organisation.objects.get(trade_name="Mysterium VPN")


def test_demo_joint_controllers_appear_with_contact_in_every_format(mysterium):
    by_ref = {r["Processing activity"]: r for r in csv_rows(export_register(mysterium.pk, "csv")[1])}
    cell = by_ref["Advertising and remarketing"][ICO[2]]
    _, xlsx_rows = controller_sheet_rows(export_register(mysterium.pk, "xlsx")[1])
    xlsx_cell = next(r for r in xlsx_rows if r["Reference"] == "MVPN-07")[ICO[2]]
    register = json_doc(export_register(mysterium.pk, "json")[1])["register"]
    pdf = squash("".join(pdf_pages(export_register(mysterium.pk, "pdf")[1])))
    assert {j["name"]: j["contact"] for j in register["joint_controllers"]} == DEMO_JOINT
    for name, contact in DEMO_JOINT.items():
        assert name in cell and contact in cell and xlsx_cell == cell
        assert squash(f"{name} (") in pdf and squash(contact) in pdf
    assert "Joint controllers: None" not in pdf
    assert "LinkedIn" not in cell  # an independent controller under its own terms
    assert by_ref["Surveys"][ICO[2]] == "None"


def test_joint_controllers_carry_their_art_26_arrangement_in_every_format(demo):
    """Next to each joint controller: its contact, the arrangement's reference (Art. 26(1)) and where data subjects
    can read its essence (Art. 26(2)), as the recipient's record holds them."""
    org = demo.org.pk
    facts = ["Partner Clinic", "dpo@clinic.example", "Art. 26 arrangement 2024", "Staff privacy notice, section 4"]
    cell = next(r for r in csv_rows(export_register(org, "csv")[1]) if r["Reference"] == "PA-002")[ICO[2]]
    _, xlsx_rows = controller_sheet_rows(export_register(org, "xlsx")[1])
    assert next(r for r in xlsx_rows if r["Reference"] == "PA-002")[ICO[2]] == cell
    block = {
        r[0]: r[1]
        for r in workbook(export_register(org, "xlsx")[1])["Controller record"].iter_rows(values_only=True)
        if r and r[0]
    }["Joint controllers"]
    assert cell == (
        "Partner Clinic (Partner Clinic SIA, Latvia), dpo@clinic.example; arrangement (Art. 26(1)): Art. 26 "
        "arrangement 2024; essence available to data subjects (Art. 26(2)): Staff privacy notice, section 4"
    )
    assert block.startswith("Partner Clinic (Partner Clinic SIA, Latvia), dpo@clinic.example — PA-002: arrangement")
    pdf = squash("".join(pdf_pages(export_register(org, "pdf")[1])))
    html = squash(unescape(re.sub(r"<[^>]+>", "", export_register(org, "html")[1].decode())))
    for fact in facts:
        assert fact in cell and fact in block
        assert squash(fact) in pdf and squash(fact) in html, fact
    assert pdf.count(squash("essence available to data subjects (Art. 26(2)): Staff privacy notice, section 4")) == 2
    register = json_doc(export_register(org, "json")[1])["register"]
    (joint,) = register["joint_controllers"]
    assert joint["arrangements"] == [
        {
            "activity": "PA-002",
            "arrangement_reference": "Art. 26 arrangement 2024",
            "arrangement_essence_location": "Staff privacy notice, section 4",
        }
    ]
    (activity,) = [a for a in register["controller_activities"] if a["reference"] == "PA-002"]
    assert activity["joint_controllers"][0]["arrangement_essence_location"] == "Staff privacy notice, section 4"


def test_a_joint_controller_without_a_recorded_arrangement_says_so(mysterium):
    cell = next(r for r in csv_rows(export_register(mysterium.pk, "csv")[1]) if r["Reference"] == "MVPN-07")[ICO[2]]
    facebook, reddit = cell.splitlines()
    assert "arrangement (Art. 26(1)): Meta Controller Addendum" in facebook
    assert facebook.endswith("essence available to data subjects (Art. 26(2)): not recorded")
    assert "arrangement (Art. 26(1)): not recorded" in reddit


def test_processor_record_carries_art_30_2_a_in_csv_xlsx_and_pdf(demo):
    link = ActivityController.objects.get(activity=demo.hosting)
    link.controller_representative = "Rep EU GmbH, Berlin"
    link.controller_dpo = "Dr. Daten, dpo@shop.example"
    f.save(link)
    rows = csv_rows(export_register(demo.org.pk, "csv-processor")[1])
    assert len(rows) == 1
    row = rows[0]
    assert row[PROCESSOR.labels[0]] == "Client Shop (Client Shop GmbH, Germany), privacy@shop.example"
    assert row[PROCESSOR.labels[1]] == "Rep EU GmbH, Berlin"
    assert row[PROCESSOR.labels[2]] == "Dr. Daten, dpo@shop.example"
    assert row[PROCESSOR.labels[7]] == "Hosting and backups of the shop database"
    ws = workbook(export_register(demo.org.pk, "xlsx")[1])["Processor record"]
    heading = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert heading["Processor"] == "MN Technologijos UAB" and "Controller" not in heading
    assert table_rows(ws, PROCESSOR.labels)[0] == {k: v for k, v in row.items()}
    pdf = squash("".join(pdf_pages(export_register(demo.org.pk, "pdf")[1])))
    assert squash("Controller's representative (Art. 30(2)(a)): Rep EU GmbH, Berlin") in pdf
    assert squash("Controller's data protection officer (Art. 30(2)(a)): Dr. Daten") in pdf


def test_api_reads_and_writes_the_controllers_representative_and_dpo(demo, dpo):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(dpo)
    url = f"/api/v1/activities/{demo.hosting.pk}/"
    body = client.get(url)
    item = body.json()["controllers"][0]
    assert item["controller_representative"] == "" and item["controller_dpo"] == ""
    item["controller_dpo"] = "Dr. Daten"
    response = client.patch(
        url, {"controllers": [item]}, format="json", HTTP_IF_MATCH=body["ETag"], HTTP_X_CHANGE_REASON="DPO named"
    )
    assert response.status_code == 200, response.content
    assert ActivityController.objects.get(activity=demo.hosting).controller_dpo == "Dr. Daten"


def test_annex_lists_errors_before_warnings(mysterium):
    findings = json_doc(export_register(mysterium.pk, "json", include_findings=True)[1])["register"]["findings"]
    severities = [x["severity"] for x in findings]
    assert FindingSeverity.ERROR in severities and FindingSeverity.WARNING in severities
    assert severities == sorted(severities, key=lambda s: s != FindingSeverity.ERROR)


def test_pdf_opens_with_the_overview_of_every_activity_then_the_sign_off(mysterium):
    pages = pdf_pages(export_register(mysterium.pk, "pdf")[1])
    assert "Overview of the processing activities" in pages[0]
    for ref in (f"MVPN-{n:02d}" for n in range(1, 12)):
        assert ref in pages[0], ref  # every reported activity on the one overview page
    assert pages[1].startswith("Sign-off")
    assert squash("Not approved: no approval of this version of the register is recorded.") in squash(pages[1])


def test_no_page_of_the_demo_pdf_is_nearly_empty(mysterium):
    """Every page but the last carries at least a third of a full page's text (the old title page, contents page
    and controller-details page each held a few lines)."""
    pages = pdf_pages(export_register(mysterium.pk, "pdf", include_findings=True)[1])
    full = max(len(squash(p)) for p in pages)
    sparse = [n for n, p in enumerate(pages[:-1], start=1) if len(squash(p)) < full / 3]
    assert sparse == []
