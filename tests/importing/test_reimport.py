"""Re-importing the same file changes nothing (not one history row); an edited file updates the activities it
matches — by reference, else by name — and writes exactly its changes, each with the user and the reason."""

from __future__ import annotations

import pytest

from ropa.importing.service import import_register
from ropa.models import ActivityDataCategory, ProcessingActivity

from .conftest import census

pytestmark = pytest.mark.django_db

HEADER = "Reference;Processing activity;Status;Business function;Categories of personal data;Retention schedule\n"
V1 = HEADER + (
    "PA-1;Payroll;Active;HR;Name, email address;Email address: 6 years from end of the financial year\n"
    "PA-2;Newsletter;Active;Marketing;Email address;2 years after the last login\n"
)
V2 = HEADER + (
    "PA-1;Payroll;Active;HR;Name, email address, bank details;"
    "Email address: 6 years from end of the financial year\n"
    "PA-2;Newsletter;Active;Growth;Email address;2 years after the last login\n"
)


def _import(org, user, text: str, name: str = "register.csv"):
    report = import_register(org, name, text.encode("cp1252"), user=user, dry_run=False)
    assert report.committed, report.errors
    return report


def test_reimporting_the_same_file_changes_nothing(org, dpo):
    _import(org, dpo, V1)
    before = census()
    report = _import(org, dpo, V1)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert census() == before  # not one row, not one history row


def test_an_edited_file_writes_exactly_its_changes(org, dpo, contributor):
    _import(org, dpo, V1)
    payroll, newsletter = ProcessingActivity.objects.filter(organisation=org).order_by("reference")
    before = census()
    report = _import(org, contributor, V2, "register-v2.csv")
    assert [(r.reference, r.action, r.changes) for r in report.rows] == [
        ("PA-1", "updated", ["data_categories"]),
        ("PA-2", "updated", ["business_function"]),
    ]
    after = census()
    changed = {label: after[label] - before[label] for label in after if after[label] != before[label]}
    assert changed == {
        "ropa.ActivityDataCategory": 1,
        "ropa.HistoricalActivityDataCategory": 1,
        "ropa.HistoricalProcessingActivity": 2,
    }
    reason = f"imported from register-v2.csv (sha256 {report.sha256})"
    for activity in (payroll, newsletter):
        latest = activity.history.first()
        assert (latest.history_user, latest.history_change_reason, latest.history_type) == (contributor, reason, "~")
    added = ActivityDataCategory.history.first()
    assert (added.data_category.key, added.history_user, added.history_change_reason) == (
        "financial.bank_account",
        contributor,
        reason,
    )
    assert ProcessingActivity.objects.get(pk=newsletter.pk).business_function == "Growth"


def test_a_row_without_reference_updates_the_activity_of_the_same_name(org, dpo):
    _import(org, dpo, V1)
    text = "Processing activity;Status;Business function\nnewsletter;Active;Sales\n"
    report = _import(org, dpo, text)
    assert [(r.reference, r.action, sorted(r.changes)) for r in report.rows] == [
        ("PA-2", "updated", ["business_function", "name"])
    ]


def test_a_column_left_out_leaves_its_relation_alone(org, dpo):
    _import(org, dpo, V1)
    report = _import(org, dpo, "Reference;Processing activity;Status\nPA-1;Payroll;Active\n")
    assert report.counts["unchanged"] == 1
    assert ActivityDataCategory.objects.filter(activity__reference="PA-1").count() == 2


def test_windows_1252_and_semicolons_are_detected(org, dpo):
    report = _import(org, dpo, HEADER + "PA-3;Café loyalty;Active;Ventes;Name;\n")
    assert "Read as Windows-1252, columns separated by ';'." in report.notices
    assert ProcessingActivity.objects.get(reference="PA-3").name == "Café loyalty"


def test_utf8_with_bom_and_commas_are_detected(org, dpo):
    data = "\ufeffReference,Processing activity,Status\nPA-4,Café loyalty,Active\n".encode()
    report = import_register(org, "r.csv", data, user=dpo, dry_run=False)
    assert report.committed and "Read as UTF-8 with BOM, columns separated by ','." in report.notices
    assert ProcessingActivity.objects.get(reference="PA-4").name == "Café loyalty"
