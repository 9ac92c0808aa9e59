"""Bad input is refused with a clear, located message, and the database is left exactly as it was (rows and
history rows of every register model)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from ropa.importing.service import import_register

from .conftest import ico_row, workbook

pytestmark = pytest.mark.django_db

OURS = [
    "Reference",
    "Processing activity",
    "Status",
    "Categories of personal data",
    "Last reviewed",
    "Article 6 lawful basis for processing personal data",
    "Purpose of processing",
    "Legitimate interests for the processing",
]


def _refused(org, user, data: bytes, name: str = "register.xlsx"):
    report = import_register(org, name, data, user=user, dry_run=False)
    assert not report.committed and report.has_errors
    return report


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_file_over_the_size_limit(org, dpo, settings, unchanged_database):
    settings.ROPA_IMPORT_MAX_BYTES = 1000
    report = _refused(org, dpo, b"Reference,Processing activity\n" + b"x" * 2000)
    assert report.errors == [
        "The file is 2,030 bytes, over the import limit of 1,000 bytes: split the register "
        "or ask the administrator to raise ROPA_IMPORT_MAX_BYTES."
    ]


def test_xlsx_that_decompresses_beyond_the_limit_is_a_zip_bomb(org, dpo, settings, unchanged_database):
    settings.ROPA_IMPORT_MAX_UNZIPPED_BYTES = 50_000
    buffer = io.BytesIO(workbook([]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"0" * 200_000)  # compresses to a few hundred bytes
    report = _refused(org, dpo, buffer.getvalue())
    assert "refused as a possible zip bomb" in report.errors[0]


def test_workbook_with_macros(org, dpo, unchanged_database):
    buffer = io.BytesIO(workbook([ico_row(Purpose="Payroll")]))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    report = _refused(org, dpo, buffer.getvalue(), "register.xlsm")
    assert report.errors[0].startswith("The workbook contains macros (VBA)")


def test_formula_is_never_evaluated_and_the_report_says_so(org, dpo, unchanged_database):
    book = Workbook()
    sheet = book.active
    sheet.append(OURS[:3])
    sheet.append(["PA-1", '=HYPERLINK("http://evil","Payroll")', "Active"])
    buffer = io.BytesIO()
    book.save(buffer)  # openpyxl stores no cached value: the cell reads as empty
    report = import_register(org, "f.xlsx", buffer.getvalue(), user=dpo, dry_run=True)
    assert any(
        n.startswith("Sheet, row 2, column B: a formula (=HYPERLINK(") and "not evaluated" in n for n in report.notices
    )
    assert report.rows[0].errors[0].message == "This field cannot be blank."
    assert report.rows[0].errors[0].column == "B (Processing activity)"


def test_csv_in_an_undetectable_encoding(org, dpo, unchanged_database):
    report = _refused(org, dpo, _csv("Reference,Processing activity,Status\nPA-1,Payroll,Active\n", "utf-16"), "r.csv")
    assert report.errors[0].startswith("The CSV's character encoding cannot be recognised")


def test_no_recognisable_header(org, dpo, unchanged_database):
    report = _refused(org, dpo, _csv("Colour,Size\nred,42\n"), "r.csv")
    assert report.errors[0].startswith("No header row was recognised")


def test_duplicate_references(org, dpo, unchanged_database):
    text = "Reference;Processing activity;Status\nPA-1;Payroll;Active\nPA-1;Recruitment;Active\n"
    report = _refused(org, dpo, _csv(text), "r.csv")
    assert report.errors == ["CSV, row 3, column A (Reference): Duplicate reference 'PA-1': already on CSV, row 2."]


def test_ambiguous_date(org, dpo, unchanged_database):
    text = "Reference,Processing activity,Status,Last reviewed\nPA-1,Payroll,Active,03/04/2025\n"
    report = _refused(org, dpo, _csv(text), "r.csv")
    assert report.errors == [
        "CSV, row 2, column D (Last reviewed): 03/04/2025 is ambiguous (day/month or "
        "month/day): write it as 2025-04-03 or 2025-03-04."
    ]


def test_unambiguous_day_first_date_is_read(org, dpo):
    text = "Reference,Processing activity,Status,Last reviewed\nPA-1,Payroll,Active,25/04/2025\n"
    report = import_register(org, "r.csv", _csv(text), user=dpo, dry_run=False)
    assert report.committed
    assert org.activities.get().last_reviewed_on == dt.date(2025, 4, 25)


def test_row_violating_a_model_rule_gets_the_models_message_located(org, dpo, unchanged_database):
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    text = (
        f"Reference,Processing activity,Status,Last reviewed\nPA-1,Payroll,Active,2025-01-01\n"
        f"PA-2,Recruitment,Active,{future}\n"
    )
    report = _refused(org, dpo, _csv(text), "r.csv")
    assert report.errors == ["CSV, row 3, column D (Last reviewed): A review cannot have happened in the future."]
    assert [r.action for r in report.rows] == ["created", "error"]  # row 2 was fine, yet nothing is written


def test_relation_rule_is_located_at_the_column_that_set_it(org, dpo, unchanged_database):
    text = (
        "Reference,Processing activity,Status,Purpose of processing,"
        "Article 6 lawful basis for processing personal data\n"
        "PA-1,Analytics,Active,Analytics,Legitimate interests\n"
    )
    report = _refused(org, dpo, _csv(text), "r.csv")
    assert report.errors == [
        "CSV, row 2, column E (Article 6 lawful basis for processing personal data): "
        "State the legitimate interest pursued (Art. 6(1)(f))."
    ]


def test_not_a_ropa_json(org, dpo, unchanged_database):
    report = _refused(org, dpo, b'{"activities": []}', "r.json")
    assert report.errors == ['This JSON is not a ropa register export (no "register" with activities).']


def test_damaged_workbook(org, dpo, unchanged_database):
    report = _refused(org, dpo, b"PK\x03\x04 not really a zip")
    assert report.errors[0].startswith("The file looks like an XLSX workbook but is damaged")
