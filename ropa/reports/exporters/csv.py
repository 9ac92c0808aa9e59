"""CSV: the controller record (one row per controller activity) and, as a format of its own, the processor
record (one row per processor activity and controller it is done for), UTF-8 with a BOM for spreadsheets.

Written through `defusedcsv`, a csv writer that neutralises formula cells, after the formula guard the XLSX
shares (`cells.inert`): defusedcsv adds the pipe and percent triggers of CSV-only DDE attacks, our guard the
leading tab, CR and LF that defusedcsv lets through.
"""

from __future__ import annotations

import io

from defusedcsv import csv as defused_csv

from ropa.register import Register

from ..cells import inert
from ..sheets import CONTROLLER, PROCESSOR
from ..table import Sheet
from .base import ExportContext, Exporter, register_exporter


def render_csv(sheet: Sheet, doc: dict) -> bytes:
    """One sheet's table: its header labels, then its rows, every cell through both guards."""
    out = io.StringIO()
    writer = defused_csv.writer(out, lineterminator="\r\n")
    writer.writerow(sheet.labels)
    writer.writerows([inert(value) for value in row] for row in sheet.rows(doc))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@register_exporter
class CSVExporter(Exporter):
    identifier = "csv"
    verbose_name = "CSV (controller record, Art. 30(1), one row per activity)"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def render(self, register: Register, context: ExportContext) -> bytes:
        return render_csv(CONTROLLER, context.document)


@register_exporter
class ProcessorCSVExporter(Exporter):
    """The Art. 30(2) record as its own file: a CSV holds one table, and a processor's record is not the
    controller's."""

    identifier = "csv-processor"
    verbose_name = "CSV (processor record, Art. 30(2), one row per activity and controller)"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def render(self, register: Register, context: ExportContext) -> bytes:
        return render_csv(PROCESSOR, context.document)
