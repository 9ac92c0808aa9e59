"""JSON: the report document itself, with stable keys and W3C DPV identifiers; see the shipped schema."""

from __future__ import annotations

import json

from ropa.register import Register

from ..document import SCHEMA_ID
from .base import ExportContext, Exporter, register_exporter


@register_exporter
class JSONExporter(Exporter):
    identifier = "json"
    verbose_name = "JSON (machine-readable, W3C DPV identifiers)"
    content_type = "application/json"
    extension = "json"

    def render(self, register: Register, context: ExportContext) -> bytes:
        payload = {"schema": SCHEMA_ID, "export": context.export, "register": context.document}
        return json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=2).encode("utf-8")
