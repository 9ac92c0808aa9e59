"""XLSX: every sheet of the register (`sheets.SHEETS`) in one workbook — the controller record in the UK ICO
template's columns under its header block, the processor record, the recipients and transfers, the third parties
and, when asked for, the compliance findings — each with a caption, a frozen header, a filter, wrapped text, and
a print setup (landscape, fit to width, header row repeated)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ropa.register import Register

from ..cells import xlsx_text
from ..sheets import SHEETS
from ..table import Document, Sheet
from .base import ExportContext, Exporter, register_exporter

CAPTION = Font(bold=True, size=14)
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def _preamble(ws: Worksheet, lines: list[tuple[str, Any]]) -> None:
    """Label/value lines under the caption, labels in bold."""
    for name, value in lines:
        ws.append([name, xlsx_text(value)])
        ws.cell(row=ws.max_row, column=1).font = BOLD
        ws.cell(row=ws.max_row, column=2).alignment = WRAP


def _table(ws: Worksheet, first_row: int, sheet: Sheet, doc: Document) -> None:
    """The sheet's table with its header at `first_row`: frozen under it, filterable, every cell wrapped."""
    for col, name in enumerate(sheet.labels, start=1):
        cell = ws.cell(row=first_row, column=col, value=name)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = WRAP
    last = first_row
    for last, row in enumerate(sheet.rows(doc), start=first_row + 1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=last, column=col, value=xlsx_text(value)).alignment = WRAP
    width = len(sheet.columns)
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = sheet.width
    frozen = sheet.frozen_columns if width > sheet.frozen_columns + 1 else 0
    ws.freeze_panes = ws.cell(row=first_row + 1, column=frozen + 1)
    ws.auto_filter.ref = f"A{first_row}:{get_column_letter(width)}{last}"
    _print_setup(ws, first_row)


def _print_setup(ws: Worksheet, header_row: int) -> None:
    """Printed, a sheet is landscape A4, as wide as one page, with the table's header on every page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _sheet(ws: Worksheet, sheet: Sheet, doc: Document, export: dict[str, Any]) -> None:
    ws.append([sheet.caption_for(doc)])
    ws["A1"].font = CAPTION
    _preamble(ws, sheet.preamble_rows(doc, export))
    gap = 2 if sheet.preamble else 1  # a blank line between a header block and the table
    _table(ws, ws.max_row + gap, sheet, doc)


@register_exporter
class XLSXExporter(Exporter):
    identifier = "xlsx"
    verbose_name = "Excel workbook (UK ICO template order)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, register: Register, context: ExportContext) -> bytes:
        doc = context.document
        wb = Workbook()
        wb.remove(wb.active)
        for sheet in SHEETS:
            if sheet.present(doc):
                _sheet(wb.create_sheet(sheet.title), sheet, doc, context.export)
        wb.properties.title = f"Register of processing activities — {(doc['organisation'] or {}).get('name', '')}"
        wb.properties.creator = "ropa"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
