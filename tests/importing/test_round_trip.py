"""The demo register exported as XLSX, CSV and JSON and imported into an empty organisation gives the same register:
equal on every cell the spreadsheet formats carry, and the same content digest for JSON (ids, versions and the
organisation's own header set aside: they belong to the receiving organisation)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from ropa.demo import load_demo
from ropa.importing.service import import_register
from ropa.models import (
    ACTIVITY_RELATIONS,
    ActivityController,
    ActivitySecurityMeasure,
    Organisation,
    ProcessingActivity,
    SecurityMeasure,
    Transfer,
)
from ropa.register import build_register
from ropa.reports.document import content_sha256, register_document
from ropa.reports.service import export_register
from ropa.reports.sheets import CONTROLLER, PROCESSOR

from .. import factories as f

pytestmark = pytest.mark.django_db

BOOKKEEPING = {"id", "third_party_id", "version"}


@pytest.fixture
def demo(db) -> Organisation:
    load_demo()
    return Organisation.objects.get()


@pytest.fixture
def empty(db) -> Organisation:
    return f.organisation(name="Receiving Ltd")


def _document(org: Organisation) -> dict[str, Any]:
    return register_document(build_register(org.pk))


def _without_bookkeeping(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_bookkeeping(v) for k, v in value.items() if k not in BOOKKEEPING}
    if isinstance(value, list):
        return [_without_bookkeeping(v) for v in value]
    return value


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_spreadsheet_round_trip_gives_the_same_controller_record(demo, empty, dpo, fmt):
    _, data = export_register(demo.pk, fmt)
    report = import_register(empty, f"register.{fmt}", data, user=dpo, dry_run=False)
    assert report.committed, report.errors
    original, imported = _document(demo), _document(empty)
    assert len(original["controller_activities"]) == report.counts["created"] > 0
    assert list(CONTROLLER.rows(imported)) == list(CONTROLLER.rows(original))


def test_xlsx_export_of_the_import_has_the_same_cells(demo, empty, dpo):
    _, data = export_register(demo.pk, "xlsx")
    import_register(empty, "register.xlsx", data, user=dpo, dry_run=False)
    _, again = export_register(empty.pk, "xlsx")

    def table(content: bytes) -> list[tuple]:
        rows = list(load_workbook(io.BytesIO(content), read_only=True)["Controller record"].values)
        start = next(i for i, r in enumerate(rows) if r and r[0] == CONTROLLER.labels[0] and r[1])
        return rows[start:]

    assert table(again) == table(data)


def test_json_round_trip_gives_the_same_content_digest(demo, empty, dpo):
    processed = f.activity(demo, reference="PROC-1", name="Payroll for a client", role="processor")
    f.save(
        ActivityController(
            activity=processed,
            controller=f.third_party(name="Client plc"),
            arrangement_reference="DPA 2024",
            processing_carried_out="Payroll runs",
            controller_representative="Client EU Rep GmbH",
            controller_dpo="dpo@client.example",
        )
    )
    _, data = export_register(demo.pk, "json")
    report = import_register(empty, "register.json", data, user=dpo, dry_run=False)
    assert report.committed, report.errors
    original, imported = _document(demo), _document(empty)
    original["organisation"] = imported["organisation"] = None
    assert imported["processor_activities"]  # the processor record came across too
    assert content_sha256(_without_bookkeeping(imported)) == content_sha256(_without_bookkeeping(original))


def test_every_imported_write_has_the_user_and_the_reason(demo, empty, dpo):
    _, data = export_register(demo.pk, "json")
    report = import_register(empty, "register.json", data, user=dpo, dry_run=False)
    reason = f"imported from register.json (sha256 {report.sha256})"
    activity_ids = ProcessingActivity.objects.filter(organisation=empty).values_list("pk", flat=True)
    rows = ProcessingActivity.history.filter(id__in=activity_ids)
    assert rows.count() == len(activity_ids)  # created once each: relations did not bump them again
    assert set(rows.values_list("history_user", "history_change_reason")) == {(dpo.pk, reason)}
    authors = set()
    for model in ACTIVITY_RELATIONS:
        authors |= set(
            model.history.filter(activity_id__in=activity_ids).values_list("history_user", "history_change_reason")
        )
    assert authors == {(dpo.pk, reason)}


def test_dry_run_reports_the_same_and_writes_nothing(demo, empty, dpo):
    _, data = export_register(demo.pk, "csv")
    from .conftest import census

    before = census()
    report = import_register(empty, "register.csv", data, user=dpo, dry_run=True)
    assert census() == before
    assert not report.committed and report.counts["created"] == len(_document(demo)["controller_activities"])


@pytest.fixture
def processed(demo) -> ProcessingActivity:
    """A processor activity carried out for two controllers, with a transfer and a security measure."""
    activity = f.activity(demo, reference="PROC-1", name="Payroll for clients", role="processor")
    for name, dpo in (("Client plc", "dpo@client.example"), ("Other Client SA", "")):
        f.save(
            ActivityController(
                activity=activity,
                controller=f.third_party(name=name),
                arrangement_reference=f"DPA with {name}",
                processing_carried_out="Payroll runs",
                controller_representative="EU Rep GmbH" if dpo else "",
                controller_dpo=dpo,
            )
        )
    vendor = f.third_party(name="Payroll Cloud Inc", country="US")
    f.save(
        Transfer(
            activity=activity,
            third_party=vendor,
            destination_country="US",
            mechanism="scc",
            safeguard_reference="SCC 2021 module 3",
        )
    )
    f.save(ActivitySecurityMeasure(activity=activity, measure=SecurityMeasure.objects.first(), details="AES-256"))
    return activity


@pytest.mark.parametrize("fmt", ["xlsx", "csv-processor"])
def test_processor_record_round_trip(demo, processed, empty, dpo, fmt):
    _, data = export_register(demo.pk, fmt)
    report = import_register(
        empty, "register.xlsx" if fmt == "xlsx" else "processor.csv", data, user=dpo, dry_run=False
    )
    assert report.committed, report.errors
    imported = ProcessingActivity.objects.get(organisation=empty, reference="PROC-1")
    assert imported.role == "processor" and imported.activitycontroller_set.count() == 2
    assert list(PROCESSOR.rows(_document(empty))) == list(PROCESSOR.rows(_document(demo)))
