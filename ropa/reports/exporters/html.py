"""HTML: the register as one printable page, also shown in the admin. Autoescaping covers every value."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from ropa.register import Register

from ..document import findings_counts
from .base import ExportContext, Exporter, register_exporter

TEMPLATE = "ropa/reports/register.html"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S %Z") if value else ""


def template_context(register: Register, context: ExportContext, pdf: bool) -> dict[str, Any]:
    doc = context.document
    annex = doc.get("findings")
    return {
        "doc": doc,
        "org": doc["organisation"] or {},
        "export": context.export,
        "as_of_text": _when(register.as_of),
        "generated_text": _when(context.generated_at),
        "pdf": pdf,
        "annex": annex,
        "annex_counts": findings_counts(annex) if annex is not None else None,
    }


def render_html(register: Register, context: ExportContext, pdf: bool = False) -> str:
    return render_to_string(TEMPLATE, template_context(register, context, pdf))


@register_exporter
class HTMLExporter(Exporter):
    identifier = "html"
    verbose_name = "HTML (printable page)"
    content_type = "text/html; charset=utf-8"
    extension = "html"
    inline = True

    def render(self, register: Register, context: ExportContext) -> bytes:
        return render_html(register, context).encode("utf-8")
