"""What a report embeds cannot act: spreadsheet formulas are inert, markup is escaped."""

from __future__ import annotations

import pytest

from ropa.reports.cells import inert, xlsx_text
from ropa.reports.service import export_register
from tests import factories as f

from .helpers import controller_sheet_rows, csv_rows, pdf_text

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_a_spreadsheet_would_evaluate_gets_a_quote(value):
    assert inert(value) == "'" + value


@pytest.mark.parametrize("value", ["Payments", "a=b", "", 3, None])
def test_ordinary_values_are_left_alone(value):
    assert inert(value) == value


def test_xlsx_text_drops_control_characters_before_the_guard():
    assert xlsx_text("\x01=1") == "'=1"


def test_hyperlink_formula_in_an_activity_name_is_inert_in_csv(demo):
    f.activity(demo.org, reference="PA-100", name=HYPERLINK, business_function="-2+3")
    _, content = export_register(demo.org.pk, "csv")
    row = next(r for r in csv_rows(content) if r["Reference"] == "PA-100")
    assert row["Processing activity"] == "'" + HYPERLINK
    assert row["Business function"] == "'-2+3"


@pytest.mark.parametrize(
    ("value", "in_csv"),
    [
        ("=1+1", "'=1+1"),
        ("-1", "'-1"),
        ("\t=1", "'\t=1"),  # our guard: defusedcsv leaves a leading tab
        ("|cmd|x", "'\\|cmd\\|x"),  # defusedcsv: a leading pipe (DDE) is quoted and every pipe escaped
        ("%x", "'%x"),
        ("a|b", "a|b"),
    ],
)
def test_csv_cells_pass_the_formula_guard_and_defusedcsv(demo, value, in_csv):
    f.activity(demo.org, reference="PA-100", data_source=value)
    _, content = export_register(demo.org.pk, "csv")
    row = next(r for r in csv_rows(content) if r["Reference"] == "PA-100")
    assert row["The source of the personal data (if applicable)"] == in_csv


def test_hyperlink_formula_in_an_activity_name_is_inert_in_xlsx(demo):
    f.activity(demo.org, reference="PA-100", name=HYPERLINK, business_function="@cmd")
    _, content = export_register(demo.org.pk, "xlsx")
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content))["Controller record"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s"  # a string cell, not a formula
    assert cell.value == "'" + HYPERLINK
    _, rows = controller_sheet_rows(content)
    assert next(r for r in rows if r["Reference"] == "PA-100")["Business function"] == "'@cmd"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_script_in_register_values_is_escaped_in_html(demo):
    f.activity(
        demo.org,
        reference="PA-101",
        name="<script>alert(1)</script>",
        description="<img src=x onerror=alert(2)>",
    )
    _, content = export_register(demo.org.pk, "html")
    html = content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html


def test_markup_in_register_values_is_printed_as_text_in_pdf(demo):
    f.activity(demo.org, reference="PA-101", name="<b>Bold</b> & <script>x</script>")
    _, content = export_register(demo.org.pk, "pdf")
    assert "<b>Bold</b> & <script>x</script>" in pdf_text(content)
