"""CSV: the controller sheet's columns, one row per activity, UTF-8 with a BOM for spreadsheets."""

from __future__ import annotations

import csv
import io

from ropa.register import Register

from ..cells import inert
from ..rows import CONTROLLER_COLUMNS, controller_rows
from .base import ExportContext, Exporter, register_exporter


@register_exporter
class CSVExporter(Exporter):
    identifier = "csv"
    verbose_name = "CSV (controller record, one row per activity)"
    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def render(self, register: Register, context: ExportContext) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CONTROLLER_COLUMNS)
        for row in controller_rows(context.document):
            writer.writerow([inert(v) for v in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")
