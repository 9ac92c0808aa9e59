"""Reports state what the register holds: joint controllers of the demo, the processor's Art. 30(2)(a) facts,
the ICO's exceptional-transfer column, the annex order and the overview — each read back from the output."""

from __future__ import annotations

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


def test_pdf_overview_lists_every_activity_on_its_first_pages(mysterium):
    pages = pdf_pages(export_register(mysterium.pk, "pdf")[1])
    overview = next(p for p in pages if "Overview of the processing activities" in p and "Sign-off" in p)
    for ref in ("MVPN-01", "MVPN-07", "MVPN-10"):
        assert ref in overview
    assert "Approved by" in overview
