"""Reports of the demo register (the Mysterium VPN notice as records), held against the records."""

from __future__ import annotations

import jsonschema
import pytest
from django.db.models import Q

from ropa.choices import ActivityStatus, OrganisationRole, TransferMechanism
from ropa.demo import load_demo
from ropa.models import ActivityDataCategory, Organisation, ProcessingActivity, Recipient, Transfer
from ropa.reports.document import label, retention_text
from ropa.reports.schema import load_schema
from ropa.reports.service import export_register

from .helpers import controller_sheet_rows, csv_rows, json_doc, pdf_text, squash, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db) -> Organisation:
    load_demo()
    return Organisation.objects.get(trade_name="Mysterium VPN")


def facts(org: Organisation) -> dict:
    """What the register holds, read from the models directly (not through the snapshot the reports use)."""
    active = ProcessingActivity.objects.filter(organisation=org).exclude(status=ActivityStatus.RETIRED)
    controller = active.exclude(role=OrganisationRole.PROCESSOR)
    in_report = Q(activity__organisation=org) & ~Q(activity__status=ActivityStatus.RETIRED)
    return {
        "activities": list(active.values_list("reference", "name")),
        "controller_refs": sorted(controller.values_list("reference", flat=True)),
        "third_parties": sorted(
            {r.third_party.name for r in Recipient.objects.filter(in_report)}
            | {t.third_party.name for t in Transfer.objects.filter(in_report)}
        ),
        "transfers": [
            (
                t.third_party.name,
                t.destination_country.name or t.international_organisation,
                label(TransferMechanism, t.mechanism),
            )
            for t in Transfer.objects.filter(in_report)
        ],
        "retention": [
            (
                c.activity.reference,
                c.data_category.name,
                retention_text(c.retention_period, c.retention_unit, c.retention_event, c.retention_note),
            )
            for c in ActivityDataCategory.objects.filter(in_report).select_related("data_category", "activity")
        ],
    }


def test_demo_register_has_the_shape_these_tests_rely_on(org):
    f = facts(org)
    assert len(f["activities"]) >= 9 and f["transfers"] and f["retention"] and len(f["third_parties"]) >= 10
    assert org.registration_number == "304869871"


def test_demo_pdf(org):
    f = facts(org)
    flat = squash(pdf_text(export_register(org.pk, "pdf")[1]))
    for ref, name in f["activities"]:
        assert squash(f"{ref} — {name}") in flat
    for name in f["third_parties"]:
        assert squash(name) in flat
    for recipient, destination, mechanism in f["transfers"]:
        assert squash(recipient) in flat and squash(destination) in flat and squash(mechanism) in flat
    for _ref, category, retention in f["retention"]:
        assert squash(category) in flat and squash(retention) in flat
    for value in ['UAB "MN Technologijos"', "304869871", "Konstitucijos pr. 21A", "help@mysteriumvpn.com"]:
        assert squash(value) in flat


def test_demo_xlsx_and_csv(org):
    f = facts(org)
    _header, rows = controller_sheet_rows(export_register(org.pk, "xlsx")[1])
    by_ref = {r["Reference"]: r for r in rows}
    assert sorted(by_ref) == f["controller_refs"]
    for ref, category, retention in f["retention"]:
        if ref in by_ref:
            assert f"{category}: {retention}" in by_ref[ref]["Retention schedule (if possible)"]
    wb = workbook(export_register(org.pk, "xlsx")[1])
    transfers = {
        (r[3], r[7], r[8])
        for r in wb["Recipients and transfers"].iter_rows(min_row=3, values_only=True)
        if r[2] == "Transfer"
    }
    assert transfers == set(f["transfers"])
    header_block = {r[0]: r[1] for r in wb["Controller record"].iter_rows(min_row=2, max_row=15, values_only=True)}
    assert header_block["Registration number"] == "304869871"
    csv = csv_rows(export_register(org.pk, "csv")[1])
    assert sorted(r["Reference"] for r in csv) == f["controller_refs"]


def test_demo_json_and_html(org):
    f = facts(org)
    payload = json_doc(export_register(org.pk, "json")[1])
    jsonschema.validate(payload, load_schema())
    register = payload["register"]
    assert register["organisation"]["registration_number"] == "304869871"
    acts = register["controller_activities"] + [a for g in register["processor_activities"] for a in g["activities"]]
    assert sorted((a["reference"], a["name"]) for a in acts) == sorted(f["activities"])
    assert {t["name"] for t in register["third_parties"]} >= set(f["third_parties"])
    assert all(t["mechanism_iri"] for a in acts for t in a["transfers"])
    html = export_register(org.pk, "html")[1].decode()
    for name in f["third_parties"]:
        assert name.replace("&", "&amp;") in html
