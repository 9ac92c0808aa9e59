"""The optional annex of compliance findings: in every format but CSV when asked for, absent otherwise, and
true at the report's as-of time (computed from the same snapshot the report renders)."""

from __future__ import annotations

import hashlib

import jsonschema
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from openpyxl.utils import get_column_letter
from rest_framework.test import APIClient

from ropa.choices import TransferMechanism
from ropa.models import ActivitySecurityMeasure, RegisterExport, SecurityMeasure, Transfer
from ropa.register import build_register
from ropa.reports.document import canonical_json
from ropa.reports.exporters import ExportContext, get_exporter
from ropa.reports.schema import load_schema
from ropa.reports.service import export_register
from ropa.reports.sheets import FINDINGS
from tests import factories as f

from .helpers import contents_page, json_doc, pdf_pages, pdf_text, squash, workbook

pytestmark = pytest.mark.django_db

TIA = "TRANSFER-TIA-MISSING"
NO_MEASURES = "ART30-SECURITY-MEASURES-MISSING"
ANNEX = "Annex: compliance findings"
# What the checks find on the demo register (tests/reports/conftest.py): two Art. 46 transfers without a
# transfer impact assessment, and an activity with no security measure.
DEMO_FINDINGS = {(TIA, "PA-001", "Stripe"), (TIA, "PR-001", "CloudHost"), (NO_MEASURES, "PA-003", None)}


def _triples(findings: list[dict]) -> set[tuple]:
    return {(x["code"], x["activity_reference"], x["third_party"]) for x in findings}


def _json(demo, **kw) -> dict:
    return json_doc(export_register(demo.org.pk, "json", **kw)[1])


def test_json_annex_lists_the_findings_and_validates_against_the_schema(demo):
    payload = _json(demo, include_findings=True)
    validator = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(payload)
    findings = payload["register"]["findings"]
    assert _triples(findings) == DEMO_FINDINGS
    stripe = next(x for x in findings if x["third_party"] == "Stripe")
    assert stripe["severity"] == "warning" and stripe["severity_label"] == "Warning"
    assert stripe["article"].startswith("Art. 46(1)")
    assert "Stripe (US)" in stripe["message"] and stripe["fix"]
    assert (stripe["record"], stripe["record_name"]) == ("activity", "PA-001 Payments")
    assert payload["export"]["include_findings"] is True
    # The content digest covers the annex too.
    digest = hashlib.sha256(canonical_json(payload["register"])).hexdigest()
    assert payload["export"]["content_sha256"] == digest


def test_json_without_the_option_has_no_annex_and_keeps_its_digest(demo):
    plain = _json(demo)
    jsonschema.validate(plain, load_schema())
    assert "findings" not in plain["register"]
    assert plain["export"]["include_findings"] is False
    annexed = _json(demo, include_findings=True)
    # Without the annex the register member is exactly what it was before the option existed.
    assert {k: v for k, v in annexed["register"].items() if k != "findings"} == plain["register"]
    assert annexed["export"]["content_sha256"] != plain["export"]["content_sha256"]


def test_the_annex_is_that_of_the_as_of_date(demo):
    before = timezone.now()
    f.save(ActivitySecurityMeasure(activity=demo.analytics, measure=SecurityMeasure.objects.get(key="access_control")))
    live = _triples(_json(demo, include_findings=True)["register"]["findings"])
    past = _triples(_json(demo, as_of=before, include_findings=True)["register"]["findings"])
    assert (NO_MEASURES, "PA-003", None) not in live
    assert (NO_MEASURES, "PA-003", None) in past
    assert past - live == {(NO_MEASURES, "PA-003", None)}


def test_html_annex_has_counts_and_every_finding(demo):
    html = export_register(demo.org.pk, "html", include_findings=True)[1].decode()
    assert 'href="#findings-annex"' in html
    annex = html[html.index('id="findings-annex"') :]
    assert ANNEX in annex
    assert "<th>Errors</th><td>0</td>" in annex and "<th>Warnings</th><td>3</td>" in annex
    assert annex.count('class="finding finding-warning"') == 3
    for code, ref, _party in DEMO_FINDINGS:
        assert code in annex and ref in annex
    assert "the transfer to Stripe (US) relies on an Art. 46 safeguard" in annex
    assert "(third party CloudHost)" in annex
    assert "Art. 30(1)(g)" in annex  # the article of the security-measures rule
    assert "Fix:" in annex
    assert "The annex of compliance findings at the as-of time is included." in html


def test_html_without_the_option_has_no_annex(demo):
    html = export_register(demo.org.pk, "html")[1].decode()
    assert "findings-annex" not in html and ANNEX not in html and TIA not in html
    assert "No annex of compliance findings is included." in html


def test_annex_text_is_escaped_in_html(demo):
    f.activity(demo.org, reference="PA-100", name="<script>alert(1)</script>")
    html = export_register(demo.org.pk, "html", include_findings=True)[1].decode()
    annex = html[html.index('id="findings-annex"') :]
    assert "PA-100" in annex
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in annex


def test_pdf_annex_is_in_the_contents_at_the_page_it_starts_on(demo):
    pages = pdf_pages(export_register(demo.org.pk, "pdf", include_findings=True)[1])
    toc = contents_page(pages)
    listed = int(next(line for line in toc.splitlines() if ANNEX in line).split()[-1])
    starts = [n for n, page in enumerate(pages, start=1) if f"\n{ANNEX}\n" in f"\n{page}"]
    assert starts == [listed], (listed, starts)
    annex = squash("\n".join(pages[listed - 1 :]))
    for code, ref, _party in DEMO_FINDINGS:
        assert squash(code) in annex and ref in annex
    assert squash("the transfer to Stripe (US) relies on an Art. 46 safeguard") in annex
    assert listed == len(pages) or all(ANNEX not in p for p in pages[listed:])  # the annex is at the end


def test_pdf_without_the_option_has_no_annex(demo):
    text = pdf_text(export_register(demo.org.pk, "pdf")[1])
    assert ANNEX not in text and TIA not in squash(text)


def test_xlsx_findings_sheet(demo):
    wb = workbook(export_register(demo.org.pk, "xlsx", include_findings=True)[1])
    ws = wb["Findings"]
    rows = list(ws.iter_rows(values_only=True))
    assert "0 errors, 3 warnings" in rows[0][0]
    assert list(rows[1]) == FINDINGS.labels
    found = [dict(zip(FINDINGS.labels, r, strict=True)) for r in rows[2:]]
    assert {(r["Code"], r["Activity reference"], r["Third party"]) for r in found} == DEMO_FINDINGS
    assert all(r["Severity"] == "Warning" and r["Message"] and r["Fix"] and r["Article"] for r in found)
    assert ws.freeze_panes == "C3"
    assert ws.auto_filter.ref == f"A2:{get_column_letter(len(FINDINGS.labels))}{len(rows)}"
    assert ws.cell(row=3, column=8).alignment.wrap_text
    header = {r[0]: r[1] for r in wb["Controller record"].iter_rows(values_only=True) if r and r[0]}
    assert header["Compliance findings annex"] == "Included (sheet Findings)"


def test_xlsx_without_the_option_has_no_findings_sheet(demo):
    wb = workbook(export_register(demo.org.pk, "xlsx")[1])
    assert "Findings" not in wb.sheetnames
    header = {r[0]: r[1] for r in wb["Controller record"].iter_rows(values_only=True) if r and r[0]}
    assert header["Compliance findings annex"] == "Not included"


def test_xlsx_findings_cells_are_inert(demo):
    evil = f.third_party(name='=HYPERLINK("http://x","y")', legal_entity="Evil Ltd", country="US")
    f.save(
        Transfer(
            activity=demo.analytics,
            third_party=evil,
            destination_country="US",
            mechanism=TransferMechanism.SCC,
            safeguard_reference="SCC 2021/914",
        )
    )
    ws = workbook(export_register(demo.org.pk, "xlsx", include_findings=True)[1])["Findings"]
    party_column = FINDINGS.labels.index("Third party") + 1
    parties = [ws.cell(row=r, column=party_column) for r in range(3, ws.max_row + 1)]
    assert "'" + evil.name in [c.value for c in parties]
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_csv_is_the_same_with_or_without_the_option(demo):
    plain = export_register(demo.org.pk, "csv")[1]
    annexed = export_register(demo.org.pk, "csv", include_findings=True)[1]
    assert plain == annexed
    assert TIA.encode() not in annexed


@pytest.mark.parametrize("fmt", ["csv", "html", "json", "pdf", "xlsx"])
def test_rendering_the_annex_runs_no_query(demo, fmt, django_assert_num_queries):
    register = build_register(demo.org.pk)
    context = ExportContext(
        export_id=1,
        generated_at=timezone.now(),
        generated_by="",
        include_retired=False,
        register=register,
        include_findings=True,
    )
    with django_assert_num_queries(0):
        assert get_exporter(fmt).render(register, context)


def test_the_export_entry_is_unchanged_by_the_option(demo):
    export, content = export_register(demo.org.pk, "json", include_findings=True)
    export.refresh_from_db()
    assert export.sha256 == hashlib.sha256(content).hexdigest()
    assert RegisterExport.objects.count() == 1


# API


def _api(auditor) -> APIClient:
    client = APIClient()
    client.force_authenticate(auditor)
    return client


def test_api_include_findings(demo, auditor):
    url = f"/api/v1/organisations/{demo.org.pk}/register.json"
    response = _api(auditor).get(url, {"include_findings": "true"})
    assert response.status_code == 200
    assert _triples(json_doc(response.content)["register"]["findings"]) == DEMO_FINDINGS
    plain = _api(auditor).get(url, {"include_findings": "false"})
    assert "findings" not in json_doc(plain.content)["register"]


def test_api_bad_include_findings_is_a_400_on_the_field(demo, auditor):
    response = _api(auditor).get(f"/api/v1/organisations/{demo.org.pk}/register.pdf", {"include_findings": "perhaps"})
    assert response.status_code == 400
    assert "not a yes/no value" in response.json()["include_findings"][0]
    assert not RegisterExport.objects.exists()


def test_openapi_documents_include_findings():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/organisations/{id}/register.{fmt}"]["get"]
    param = next(p for p in operation["parameters"] if p["name"] == "include_findings")
    assert param["in"] == "query" and param["schema"]["type"] == "boolean"
    assert "compliance findings" in param["description"]


# Command


def test_command_include_findings(demo, tmp_path):
    out = tmp_path / "r.json"
    call_command(
        "export_register",
        "--organisation",
        str(demo.org.pk),
        "--format",
        "json",
        "--include-findings",
        "--output",
        str(out),
    )
    findings = json_doc(out.read_bytes())["register"]["findings"]
    assert _triples(findings) == DEMO_FINDINGS
    call_command("export_register", "--organisation", str(demo.org.pk), "--format", "json", "--output", str(out))
    assert "findings" not in json_doc(out.read_bytes())["register"]


def test_command_refuses_a_value_for_the_flag(demo, tmp_path):
    with pytest.raises(CommandError, match="--include-findings: ignored explicit argument 'maybe'"):
        call_command(
            "export_register",
            "--organisation",
            str(demo.org.pk),
            "--format",
            "json",
            "--include-findings=maybe",
            "--output",
            str(tmp_path / "x"),
        )
    assert not RegisterExport.objects.exists()


# Admin


def test_admin_export_page_offers_and_honours_the_checkbox(client, auditor, demo):
    client.force_login(auditor)
    page = client.get("/admin/register/export/").content.decode()
    assert 'name="include_findings"' in page and 'type="checkbox"' in page
    response = client.post(
        "/admin/register/export/", {"organisation": demo.org.pk, "format": "html", "include_findings": "on"}
    )
    assert response.status_code == 200
    assert 'id="findings-annex"' in response.content.decode()
    plain = client.post("/admin/register/export/", {"organisation": demo.org.pk, "format": "html"})
    assert 'id="findings-annex"' not in plain.content.decode()
