"""The export entry tells the truth about the file, and rendering reads only the snapshot."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ropa.models import Organisation, RegisterExport
from ropa.register import build_register
from ropa.register import cache as snapshot_cache
from ropa.reports.exporters import ExportContext, exporters, get_exporter
from ropa.reports.service import export_register, filename
from tests import factories as f

pytestmark = pytest.mark.django_db
FORMATS = ["csv", "csv-processor", "html", "json", "pdf", "xlsx"]


def test_the_registry_lists_the_five_formats():
    assert sorted(exporters()) == FORMATS
    for cls in exporters().values():
        assert cls.verbose_name and cls.content_type and cls.extension


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_entry_records_who_when_what_and_the_digest_of_the_bytes(demo, dpo, fmt):
    as_of = timezone.now()
    export, content = export_register(demo.org.pk, fmt, as_of=as_of, include_retired=True, user=dpo)
    export.refresh_from_db()
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert export.size == len(content)
    assert (
        export.organisation_id,
        export.format,
        export.as_of,
        export.include_retired,
        export.created_by,
    ) == (demo.org.pk, fmt, as_of, True, dpo)
    assert export.created_at <= timezone.now()
    assert filename(export).endswith(f"-export{export.pk}.{get_exporter(fmt).extension}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_renderers_do_not_query_the_database(demo, fmt, django_assert_num_queries):
    register = build_register(demo.org.pk)
    context = ExportContext(
        export_id=1, generated_at=timezone.now(), generated_by="", include_retired=True, register=register
    )
    with django_assert_num_queries(0):
        assert get_exporter(fmt).render(register, context)


def test_a_failed_render_leaves_no_export_entry(demo, monkeypatch):
    exporter = type(get_exporter("csv"))

    def boom(self, register, context):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(exporter, "render", boom)
    with pytest.raises(RuntimeError):
        export_register(demo.org.pk, "csv")
    assert not RegisterExport.objects.exists()


def test_unknown_organisation_and_format_are_refused(demo):
    with pytest.raises(Organisation.DoesNotExist):
        export_register(999_999, "pdf")
    with pytest.raises(ValueError, match="choose one of csv, csv-processor, html, json, pdf, xlsx"):
        export_register(demo.org.pk, "docx")
    assert not RegisterExport.objects.exists()


def _export_queries(org_id: int, fmt: str, **kw) -> int:
    snapshot_cache.clear()  # from a cold cache: the snapshot is built each time
    with CaptureQueriesContext(connection) as ctx:
        export_register(org_id, fmt, **kw)
    return len(ctx.captured_queries)


def test_every_format_runs_the_same_queries(demo):
    """The service path (snapshot + export entry) is shared; renderers add none (see above)."""
    counts = {fmt: _export_queries(demo.org.pk, fmt) for fmt in FORMATS}
    assert len(set(counts.values())) == 1, counts


def test_exports_of_one_moment_share_one_snapshot(demo):
    """A second format of the same register reuses the snapshot the first one built: no rebuild, one query to
    learn that nothing was written since."""
    cold = _export_queries(demo.org.pk, "json")
    with CaptureQueriesContext(connection) as ctx:
        export_register(demo.org.pk, "csv")
    # the entry and its digest are written in one transaction: a savepoint and its release inside the test's own
    assert len(ctx.captured_queries) == 7, (
        "last history ids, the organisation check, the entry, the register's approvals (sign-off) and the digest"
    )
    assert sum("SAVEPOINT" in q["sql"] for q in ctx.captured_queries) == 2
    assert cold > len(ctx.captured_queries)


# PDF is left out of the two tests below only because WeasyPrint takes about a minute for 200 activities; it runs
# the same queries as every other format (test above) and its renderer runs none.
SIZED_FORMATS = ["csv", "html", "json", "xlsx"]


def _export_in_baseline_queries(assert_queries, org, fmt: str, count: int) -> None:
    snapshot_cache.clear()  # from a cold cache: the snapshot is built each time
    with assert_queries("reports.export", f"{fmt}, {count} activities"):
        export, _ = export_register(org.pk, fmt)
    with assert_queries("reports.export_as_of", f"{fmt}, {count} activities"):
        past, _ = export_register(org.pk, fmt, as_of=timezone.now())
    assert export.size and past.size


@pytest.mark.parametrize("fmt", SIZED_FORMATS)
def test_export_runs_the_same_queries_for_1_and_3_activities(assert_queries, fmt):
    org = f.organisation()
    f.bulk_register(org, 1)
    _export_in_baseline_queries(assert_queries, org, fmt, 1)
    f.bulk_register(org, 2, start=1)
    assert len(build_register(org.pk).activities) == 3
    _export_in_baseline_queries(assert_queries, org, fmt, 3)


@pytest.mark.slow
def test_export_runs_the_same_queries_for_200_activities(assert_queries):
    org = f.organisation()
    f.bulk_register(org, 200)
    assert len(build_register(org.pk).activities) == 200
    for fmt in SIZED_FORMATS:
        _export_in_baseline_queries(assert_queries, org, fmt, 200)
