"""The queries of an import grow linearly with the file, by a small constant per activity and per relation row:
catalogue entries and third parties are read once per file (the vocabulary), and a row's references are not
queried again when it is validated and saved. Nothing per activity reads a catalogue or the third parties."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropa.importing.service import import_register

from .. import factories as f

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference;Processing activity;Status;Purpose of processing;Categories of individuals;"
    "Categories of personal data;Categories of recipients;Article 6 lawful basis for processing personal data\n"
)
# Per activity: 1 purpose, 2 data subjects, 2 data categories, 1 recipient, 1 legal basis — 7 relation rows.
ROW = "PA-{n};Activity {n};Active;Direct marketing;Customers, employees;Name, email address;{vendor};Consent\n"
RELATION_ROWS = 7
PER_ACTIVITY = 16  # activity: savepoint, unique check, insert, history; and reading its 8 (empty) relations
PER_RELATION_ROW = 4  # unique-constraint check, a check constraint where the model has one, insert, history row
PER_FILE = 12  # the vocabulary (4 catalogues, third parties), the organisation's activities, the transaction


def _queries(org, user, count: int, vendor: str, dry_run: bool = False) -> tuple[int, dict]:
    text = HEADER + "".join(ROW.format(n=n, vendor=vendor) for n in range(count))
    # A fresh user object per import, as each request has: its permissions are read once per file (the vocabulary
    # offers the third parties the user may see), not served from the previous call's cache on the same object.
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        report = import_register(org, "register.csv", text.encode(), user=user, dry_run=dry_run)
    assert not report.errors, report.errors
    return len(ctx.captured_queries), report.counts


def test_queries_grow_by_a_small_constant_per_activity(dpo):
    vendor = f.third_party(name="Mailchimp").name
    small, counts = _queries(f.organisation(), dpo, 5, vendor)
    assert counts["created"] == 5
    large, counts = _queries(f.organisation(), dpo, 15, vendor)
    assert counts["created"] == 15
    per_activity = (large - small) / 10
    assert per_activity == int(per_activity)  # exactly linear: every activity of the file costs the same
    assert per_activity <= PER_ACTIVITY + PER_RELATION_ROW * RELATION_ROWS, per_activity
    assert small - 5 * per_activity <= PER_FILE  # what the file costs once, whatever its length


def test_dry_run_and_unchanged_reimport_cost_the_same_per_activity(dpo):
    vendor = f.third_party(name="Mailchimp").name
    org = f.organisation()
    dry, _ = _queries(org, dpo, 10, vendor, dry_run=True)
    imported, _ = _queries(org, dpo, 10, vendor)
    assert abs(dry - imported) <= 1  # the dry run is the import, rolled back (not committed)
    small, counts = _queries(org, dpo, 5, vendor)  # the first five again: unchanged
    again, counts = _queries(org, dpo, 10, vendor)
    assert counts["unchanged"] == 10
    per_unchanged = (again - small) / 5
    assert per_unchanged <= 2 + 8  # a savepoint and reading its 8 relations; nothing written
