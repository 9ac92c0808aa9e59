"""HTML: the register as one printable page, also shown in the admin. Autoescaping covers every value."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from ropa.checks import findings_annex
from ropa.choices import Sensitivity
from ropa.register import Register

from ..document import decision_text, findings_counts
from .base import ExportContext, Exporter, register_exporter

TEMPLATE = "ropa/reports/register.html"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S %Z") if value else ""


def overview(doc: dict[str, Any], register: Register) -> list[dict[str, Any]]:
    """One line per reported activity for the report's first pages: purposes, bases, special data, transfers and
    how many errors and warnings the checks find on it (on this same snapshot, whether or not the annex is in)."""
    per_activity = Counter(f.activity_reference for f in findings_annex(register) if f.activity_reference)
    processed = [a for group in doc["processor_activities"] for a in group["activities"]]
    return [
        {
            "activity": a,
            "processor": processor,
            "purposes": [p["name"] for p in a["purposes"]],
            "bases": sorted({b["basis_label"] for b in a["legal_bases"]}),
            "special": [c["name"] for c in a["data_categories"] if c["sensitivity"] != Sensitivity.ORDINARY],
            "transfers": sorted(
                {t["destination_country_name"] or t["international_organisation"] for t in a["transfers"]}
            ),
            "findings": per_activity[a["reference"]],
        }
        for a, processor in [*((a, False) for a in doc["controller_activities"]), *((a, True) for a in processed)]
    ]


def template_context(register: Register, context: ExportContext, pdf: bool) -> dict[str, Any]:
    doc = context.document
    annex = doc.get("findings")
    if annex is not None:
        annex = [{**f, "decision_text": decision_text(f.get("decision"))} for f in annex]
    approved_at = context.sign_off["approved_at"]
    return {
        "doc": doc,
        "org": doc["organisation"] or {},
        "export": context.export,
        "as_of_text": _when(register.as_of),
        "generated_text": _when(context.generated_at),
        "approved_text": _when(dt.datetime.fromisoformat(approved_at)) if approved_at else "",
        "pdf": pdf,
        "annex": annex,
        "overview": overview(doc, register),
        "annex_counts": findings_counts(annex) if annex is not None else None,
        # the processor record in one run (`part_processor.html`; the chunked PDF cuts it into several)
        "processor_groups": [
            {"group": g, "index": i, "activities": g["activities"], "first": True}
            for i, g in enumerate(doc["processor_activities"], start=1)
        ],
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
