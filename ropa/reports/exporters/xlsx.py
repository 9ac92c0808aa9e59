"""XLSX: the controller sheet in the UK ICO template's column order under the header block, a processor
sheet, a sheet of recipients and transfers and, when asked for, a sheet of compliance findings — frozen
headers, filters, wrapped text."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ropa.register import Register

from ..cells import xlsx_text
from ..document import findings_counts
from ..rows import (
    CONTROLLER_COLUMNS,
    FINDING_COLUMNS,
    PROCESSOR_COLUMNS,
    RECIPIENT_COLUMNS,
    controller_rows,
    finding_rows,
    header_rows,
    processor_rows,
    recipient_rows,
)
from .base import ExportContext, Exporter, register_exporter

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def _table(ws: Worksheet, first_row: int, columns: list[str], rows: list[list[Any]], width: int = 28) -> None:
    """Write a table whose header is at `first_row`: frozen under it, filterable, every cell wrapped."""
    for col, name in enumerate(columns, start=1):
        cell = ws.cell(row=first_row, column=col, value=name)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = WRAP
    for offset, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=first_row + offset, column=col, value=xlsx_text(value)).alignment = WRAP
    last = first_row + len(rows)
    for i in range(1, len(columns) + 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=first_row + 1, column=3 if len(columns) > 3 else 1)
    ws.auto_filter.ref = f"A{first_row}:{get_column_letter(len(columns))}{max(last, first_row)}"


@register_exporter
class XLSXExporter(Exporter):
    identifier = "xlsx"
    verbose_name = "Excel workbook (UK ICO template order)"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, register: Register, context: ExportContext) -> bytes:
        doc = context.document
        wb = Workbook()
        ws = wb.active
        ws.title = "Controller record"
        ws.append(["Record of processing activities — Article 30(1) GDPR"])
        ws["A1"].font = Font(bold=True, size=14)
        for name, value in header_rows(doc, context.export):
            ws.append([name, xlsx_text(value)])
            ws.cell(row=ws.max_row, column=1).font = BOLD
            ws.cell(row=ws.max_row, column=2).alignment = WRAP
        _table(ws, ws.max_row + 2, CONTROLLER_COLUMNS, controller_rows(doc))

        processors = wb.create_sheet("Processor record")
        processors.append(["Record of processing activities as processor — Article 30(2) GDPR"])
        processors["A1"].font = Font(bold=True, size=14)
        _table(processors, 2, PROCESSOR_COLUMNS, processor_rows(doc))

        recipients = wb.create_sheet("Recipients and transfers")
        recipients.append(["Recipients (Art. 30(1)(d)) and transfers (Art. 30(1)(e))"])
        recipients["A1"].font = Font(bold=True, size=14)
        _table(recipients, 2, RECIPIENT_COLUMNS, recipient_rows(doc), width=24)

        if "findings" in doc:
            counts = findings_counts(doc["findings"])
            findings = wb.create_sheet("Findings")
            findings.append(
                [
                    "Annex: compliance findings at the as-of time — "
                    f"{counts['error']} errors, {counts['warning']} warnings"
                ]
            )
            findings["A1"].font = Font(bold=True, size=14)
            _table(findings, 2, FINDING_COLUMNS, finding_rows(doc), width=30)

        wb.properties.title = (
            f"Register of processing activities — {(doc['organisation'] or {}).get('name', '')}"
        )
        wb.properties.creator = "ropa"
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
