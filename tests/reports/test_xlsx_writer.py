"""The write-only XLSX writer gives the same workbook as the writer it replaced, cell by cell and style by style.

`_reference` is the earlier writer (normal mode, one style object per cell), kept here as the reference: both
render the same export of the demo register, and every sheet is read back with openpyxl and compared.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ropa.reports.cells import xlsx_text
from ropa.reports.exporters import xlsx
from ropa.reports.service import export_register
from ropa.reports.sheets import SHEETS

from .helpers import workbook

pytestmark = pytest.mark.django_db

WRAP = Alignment(wrap_text=True, vertical="top")


def _reference(context) -> bytes:
    doc, wb = context.document, Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        if not sheet.present(doc):
            continue
        ws = wb.create_sheet(sheet.title)
        ws.append([sheet.caption_for(doc)])
        ws["A1"].font = Font(bold=True, size=14)
        for name, value in sheet.preamble_rows(doc, context.export):
            ws.append([name, xlsx_text(value)])
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
            ws.cell(row=ws.max_row, column=2).alignment = WRAP
        first = ws.max_row + (2 if sheet.preamble else 1)
        for col, name in enumerate(sheet.labels, start=1):
            cell = ws.cell(row=first, column=col, value=name)
            cell.font, cell.fill, cell.alignment = Font(bold=True), PatternFill("solid", fgColor="DDE5F0"), WRAP
        last = first
        for last, row in enumerate(sheet.rows(doc), start=first + 1):
            for col, value in enumerate(row, start=1):
                ws.cell(row=last, column=col, value=xlsx_text(value)).alignment = WRAP
        width = len(sheet.columns)
        for col in range(1, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = sheet.width
        frozen = sheet.frozen_columns if width > sheet.frozen_columns + 1 else 0
        ws.freeze_panes = ws.cell(row=first + 1, column=frozen + 1)
        ws.auto_filter.ref = f"A{first}:{get_column_letter(width)}{last}"
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{first}:{first}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cells(ws) -> list[tuple[Any, ...]]:
    """Every written cell: where, its value, and how it looks."""
    return [
        (
            cell.coordinate,
            cell.value,
            cell.font.b,
            cell.font.sz,
            cell.fill.fill_type,
            cell.fill.fgColor.rgb if cell.fill.fill_type else None,
            cell.alignment.wrap_text,
            cell.alignment.vertical,
        )
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _layout(ws) -> tuple[Any, ...]:
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    setup = (ws.page_setup.orientation, str(ws.page_setup.paperSize), ws.page_setup.fitToWidth)
    return (ws.freeze_panes, ws.auto_filter.ref, widths, setup, ws.sheet_properties.pageSetUpPr.fitToPage)


@pytest.mark.parametrize("findings", [False, True])
def test_write_only_workbook_has_the_cells_and_styles_of_the_earlier_writer(demo, monkeypatch, findings):
    contexts = []
    render = xlsx.XLSXExporter.render

    def keep_context(self, register, context):
        contexts.append(context)
        return render(self, register, context)

    monkeypatch.setattr(xlsx.XLSXExporter, "render", keep_context)
    _, content = export_register(demo.org.pk, "xlsx", include_findings=findings)
    new, old = workbook(content), workbook(_reference(contexts[0]))
    assert new.sheetnames == old.sheetnames
    assert len(new.sheetnames) == 4 + findings
    for name in old.sheetnames:
        cells = _cells(new[name])
        assert len(cells) > 10, name
        assert cells == _cells(old[name]), name
        assert _layout(new[name]) == _layout(old[name]), name
        assert new[name].print_title_rows == old[name].print_title_rows, name


def test_the_workbook_holds_each_style_once(demo):
    """One named style per kind of cell, not one style record per cell."""
    _, content = export_register(demo.org.pk, "xlsx")
    book = workbook(content)
    assert {s for s in book.named_styles if s.startswith("ropa ")} == {s.name for s in xlsx.STYLES}
    assert len(book._cell_styles) <= 2 * len(xlsx.STYLES)
