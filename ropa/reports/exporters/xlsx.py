"""XLSX: every sheet of the register (`sheets.SHEETS`) in one workbook — the controller record in the UK ICO
template's columns under its header block, the processor record, the recipients and transfers, the third parties
and, when asked for, the compliance findings — each with a caption, a frozen header, a filter, wrapped text, and
a print setup (landscape, fit to width, header row repeated)."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ropa.register import Register

from ..cells import xlsx_text
from ..sheets import SHEETS
from ..table import Document, Sheet
from .base import ExportContext, Exporter, register_exporter

# One named style per kind of cell, referenced by every cell of that kind: the workbook holds each once, and a
# cell takes it by name instead of hashing its own font, fill and alignment.
WRAP = Alignment(wrap_text=True, vertical="top")
STYLES = (
    NamedStyle("ropa caption", font=Font(bold=True, size=14)),
    NamedStyle("ropa label", font=Font(bold=True)),
    NamedStyle("ropa header", font=Font(bold=True), fill=PatternFill("solid", fgColor="DDE5F0"), alignment=WRAP),
    NamedStyle("ropa text", font=DEFAULT_FONT, alignment=WRAP),  # the workbook's default font, as an unstyled cell
)
CAPTION, LABEL, HEADER, TEXT = (style.name for style in STYLES)


class _Cells:
    """Makes a sheet's cells, each with its named style's record, looked up once per sheet and shared: setting
    `cell.style` looks the name up and copies the record for every cell, half the workbook's writing time. A
    write-only cell is written and dropped, so nothing changes a shared record."""

    def __init__(self, ws: WriteOnlyWorksheet):
        self.ws = ws
        self.records: dict[str, Any] = {}

    def record(self, style: str) -> Any:
        if style not in self.records:
            probe = WriteOnlyCell(self.ws)
            probe.style = style
            self.records[style] = probe._style
        return self.records[style]

    def __call__(self, value: Any, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell._style = self.record(style)
        return cell

    def rows_of(self, style: str) -> None:
        """From now on, the sheet's appended rows are plain values written as cells of `style`: one cell object per
        row, its value set and written column by column (openpyxl's own way for unstyled values), instead of a
        styled cell per value that openpyxl first tries to take as a value (a raised error per cell)."""
        record, ws = self.record(style), self.ws

        def values_to_row(values: Any, row_idx: int) -> Any:
            cell = WriteOnlyCell(ws)
            cell._style = record
            cell.row = row_idx
            for col_idx, value in enumerate(values, 1):
                cell.value = value
                cell.column = col_idx
                yield cell

        ws._values_to_row = values_to_row  # the write-only sheet's row hook (an instance attribute)


def _sheet(ws: WriteOnlyWorksheet, sheet: Sheet, doc: Document, export: dict[str, Any]) -> None:
    """Caption, the label/value lines of a header block (labels in bold), then the table: its header frozen,
    filterable and repeated on every printed page, every cell wrapped. Written in openpyxl's write-only mode, row
    by row as the sheet's rows are read: what comes before the rows in the file (column widths, the frozen pane,
    the fit to page) is set first."""
    preamble = sheet.preamble_rows(doc, export)
    header_row = 1 + len(preamble) + (2 if sheet.preamble else 1)  # a blank line after a header block
    width = len(sheet.columns)
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = sheet.width
    frozen = sheet.frozen_columns if width > sheet.frozen_columns + 1 else 0
    ws.freeze_panes = f"{get_column_letter(frozen + 1)}{header_row + 1}"
    _print_setup(ws, header_row)
    cell = _Cells(ws)
    ws.append([cell(sheet.caption_for(doc), CAPTION)])
    for name, value in preamble:
        ws.append([cell(name, LABEL), cell(xlsx_text(value), TEXT)])
    for _ in range(header_row - 2 - len(preamble)):
        ws.append([])
    ws.append([cell(name, HEADER) for name in sheet.labels])
    last = header_row
    cell.rows_of(TEXT)
    for last, row in enumerate(sheet.rows(doc), start=header_row + 1):  # noqa: B007 — the last row is kept
        ws.append([xlsx_text(value) for value in row])
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{last}"


def _print_setup(ws: WriteOnlyWorksheet, header_row: int) -> None:
    """Printed, a sheet is landscape A4, as wide as one page, with the table's header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


@register_exporter
class XLSXExporter(Exporter):
    identifier = "xlsx"
    verbose_name = "Excel workbook (UK ICO template order)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, register: Register, context: ExportContext) -> bytes:
        doc = context.document
        wb = Workbook(write_only=True)
        for style in STYLES:
            wb.add_named_style(style)
        for sheet in SHEETS:
            if sheet.present(doc):
                _sheet(wb.create_sheet(sheet.title), sheet, doc, context.export)
        wb.properties.title = f"Register of processing activities — {(doc['organisation'] or {}).get('name', '')}"
        wb.properties.creator = "ropa"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
