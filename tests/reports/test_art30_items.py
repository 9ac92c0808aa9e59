"""Every item of Art. 30(2)(a)–(d), for a register that is a processor's only, and of Art. 30(1)(a)–(g) for the
demo, appears in every format, read back by parsing the output (CSV rows, XLSX cells, PDF text, JSON)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ropa.choices import OrganisationRole, RecipientRole, TransferMechanism
from ropa.demo import load_demo
from ropa.models import ActivityController, Organisation, Recipient, Transfer
from ropa.reports.service import export_register
from ropa.reports.sheets import ICO_COLUMNS, PROCESSOR
from ropa.reports.table import labels
from tests import factories as f

from .conftest import _cat, _measure, _subject
from .helpers import controller_sheet_rows, csv_rows, json_doc, pdf_text, squash, table_rows, workbook

pytestmark = pytest.mark.django_db
ICO = labels(ICO_COLUMNS)
P = PROCESSOR.labels


@pytest.fixture
def payroll_bureau(db) -> Organisation:
    """A processor and nothing else: payroll done for one client, hosted in India under BCRs."""
    org = f.organisation(name="Payroll Bureau SIA", email="office@bureau.example", dpo_name="Ilze Bērziņa")
    client = f.third_party(
        name="Client Bakery", legal_entity="Client Bakery GmbH", country="DE", contact_email="privacy@bakery.example"
    )
    host = f.third_party(name="IndiaHost", legal_entity="IndiaHost Pvt Ltd", country="IN")
    payroll = f.activity(org, reference="PB-1", name="Payroll for clients", role=OrganisationRole.PROCESSOR)
    f.save(
        ActivityController(
            activity=payroll,
            controller=client,
            arrangement_reference="Art. 28 contract B-7",
            processing_carried_out="Monthly payroll calculation and payslips",
            controller_representative="none needed: established in the EU",
            controller_dpo="Dr. Kuchen, dpo@bakery.example",
        )
    )
    _subject(payroll, "customers")
    _cat(payroll, "contact.postal_address")
    f.save(Recipient(activity=payroll, third_party=host, role=RecipientRole.SUB_PROCESSOR))
    f.save(
        Transfer(
            activity=payroll,
            third_party=host,
            destination_country="IN",
            mechanism=TransferMechanism.BCR,
            safeguard_reference="IndiaHost BCR-P",
        )
    )
    _measure(payroll, "backup")
    return org


def test_processor_only_register_states_art_30_2_in_every_format(payroll_bureau):
    org = payroll_bureau.pk
    expected = {  # Art. 30(2) item: what must be read back
        "(a) processor": "Payroll Bureau SIA",
        "(a) controller": "Client Bakery (Client Bakery GmbH, Germany), privacy@bakery.example",
        "(a) representative": "none needed: established in the EU",
        "(a) DPO": "Dr. Kuchen, dpo@bakery.example",
        "(b) categories of processing": "Monthly payroll calculation and payslips",
        "(c) transfers": "India (IndiaHost)",
        "(d) security": "Backups",
    }
    csv = csv_rows(export_register(org, "csv-processor")[1])
    assert len(csv) == 1
    ws = workbook(export_register(org, "xlsx")[1])["Processor record"]
    xlsx = table_rows(ws, P)
    assert xlsx == [{k: v for k, v in csv[0].items()}]
    heading = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_row=4, values_only=True)}
    assert heading["Processor"] == expected["(a) processor"]
    row = csv[0]
    assert row[P[0]] == expected["(a) controller"]
    assert row[P[1]] == expected["(a) representative"] and row[P[2]] == expected["(a) DPO"]
    assert row[P[7]] == expected["(b) categories of processing"]
    assert row[P[8]].startswith(expected["(c) transfers"]) and "binding corporate rules" in row[P[8]]
    assert expected["(d) security"] in row[P[9]]
    pdf = squash(pdf_text(export_register(org, "pdf")[1]))
    html = squash(unescape(re.sub(r"<[^>]+>", "", export_register(org, "html")[1].decode())))  # its text
    in_pages = {  # the PDF and HTML lay some facts out as sentences
        expected["(a) controller"]: "Client Bakery GmbH, Germany; privacy@bakery.example",
        expected["(c) transfers"]: "IndiaHost → India — Art. 46(2)(b) binding corporate rules",
    }
    for value in expected.values():
        value = in_pages.get(value, value)
        assert squash(value) in pdf, value
        assert squash(value) in html, value
    link = json_doc(export_register(org, "json")[1])["register"]["processor_activities"][0]["activities"][0]
    assert (link["controllers"][0]["representative"], link["controllers"][0]["dpo"]) == (
        expected["(a) representative"],
        expected["(a) DPO"],
    )
    # The controller record of a processor-only register is empty, and says so.
    assert csv_rows(export_register(org, "csv")[1]) == []


def test_demo_states_art_30_1_a_to_g_in_every_format(db):
    load_demo()
    org = Organisation.objects.get(trade_name="Mysterium VPN").pk
    ref = "MVPN-06"
    expected = {  # column of the ICO template: a fact of MVPN-06 as the register holds it
        ICO[1]: "Analytics and service improvement",  # (b)
        ICO[3]: "Website visitors",  # (c) subjects
        ICO[4]: "Cookie and tracker identifiers",  # (c) categories
        ICO[5]: "Microsoft Clarity (Microsoft Corporation, United States of America) — Independent controller",  # (d)
        ICO[7]: "Israel (AppsFlyer)",  # (e)
        ICO[9]: "IP address: As long as necessary for the purposes of the notice (§3). No period stated.",  # (f)
        ICO[10]: "Not recorded",  # (g): the notice names no measure
    }
    csv = {r[ICO[0]] + r["Reference"]: r for r in csv_rows(export_register(org, "csv")[1])}
    _, xlsx_rows = controller_sheet_rows(export_register(org, "xlsx")[1])
    xlsx = next(r for r in xlsx_rows if r["Reference"] == ref)
    row = next(r for r in csv.values() if r["Reference"] == ref)
    for column, fact in expected.items():
        assert fact in row[column] and fact in xlsx[column], column
    book = workbook(export_register(org, "xlsx")[1])["Controller record"]
    heading = {r[0]: r[1] for r in book.iter_rows(min_row=2, max_row=12, values_only=True)}
    assert heading["Controller"] == 'UAB "MN Technologijos"'  # (a)
    assert heading["Data protection officer"] == ("No DPO designated — whether one is required has not been assessed")
    assert "Facebook (Meta Platforms Ireland Limited, Ireland)" in heading["Joint controllers"]
    pdf = squash(pdf_text(export_register(org, "pdf")[1]))
    html = squash(unescape(re.sub(r"<[^>]+>", " ", export_register(org, "html")[1].decode())))
    sentences = [  # the PDF and HTML lay (c)-(g) out as sentences
        "Microsoft Clarity (Microsoft Corporation) — Independent controller",
        "AppsFlyer → Israel — Art. 45 adequacy decision",
        "Security measures (Art. 30(1)(g), Art. 32(1)) Not recorded.",
        "IP address — Ordinary personal data; Retention: As long as necessary for the purposes",
        'Controller details (Art. 30(1)(a)) Legal name UAB "MN Technologijos"',
        "Joint controllers Facebook (Meta Platforms Ireland Limited, Ireland), Merrion Road",
    ]
    for fact in [*expected.values(), "Data protection officer No DPO designated", "MVPN-11 Strictly necessary cookies"]:
        if fact.startswith(("Microsoft Clarity", "Israel", "Not recorded", "IP address")):
            continue  # laid out as sentences in the PDF; checked below
        assert squash(fact) in pdf and squash(fact) in html, fact
    for fact in sentences:
        assert squash(fact) in pdf and squash(fact) in html, fact
    # JSON: the same facts under stable keys.
    register = json_doc(export_register(org, "json")[1])["register"]
    activity = next(a for a in register["controller_activities"] if a["reference"] == ref)
    assert register["organisation"]["name"] == 'UAB "MN Technologijos"'  # (a)
    assert {j["name"] for j in register["joint_controllers"]} == {"Facebook", "Reddit"}  # (a)
    assert "Analytics and service improvement" in [p["name"] for p in activity["purposes"]]  # (b)
    assert "Website visitors" in [s["name"] for s in activity["data_subjects"]]  # (c)
    assert "Cookie and tracker identifiers" in [c["name"] for c in activity["data_categories"]]  # (c)
    assert ("Microsoft Clarity", "independent_controller") in [(r["name"], r["role"]) for r in activity["recipients"]]
    assert ("IL", "AppsFlyer") in [(t["destination_country"], t["recipient"]["name"]) for t in activity["transfers"]]
    assert all(c["retention"]["text"] for c in activity["data_categories"])  # (f)
    assert activity["security_measures"] == []  # (g): the notice names none, and the report says "Not recorded"
