"""PDF with WeasyPrint from the HTML template: title page, contents with page numbers, one section per
activity, and the organisation, as-of time, export id and page number in the margins of every page."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ropa.register import Register

from .base import ExportContext, Exporter, register_exporter
from .html import render_html


class RefusingFetcher(URLFetcher):
    """The document is self-contained: WeasyPrint must not fetch anything an embedded value might point to (an
    image or stylesheet address typed into a description would otherwise be requested by the server: SSRF, or a
    local file read). Every URL is refused before any handler opens it; WeasyPrint logs the refusal and renders
    without the resource. `refused` lists what was asked for."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None):
        self.refused.append(url)
        raise ValueError(f"External resources are not loaded in register reports: {url}")


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """WeasyPrint builds millions of small objects that stay alive until the PDF is written, so every full
    collection of the cyclic garbage collector rescans all of them for nothing: a third of the rendering time
    of a large register. Reference counting still frees what is dropped; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@register_exporter
class PDFExporter(Exporter):
    identifier = "pdf"
    verbose_name = "PDF (for the supervisory authority)"
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, register: Register, context: ExportContext) -> bytes:
        html = render_html(register, context, pdf=True)
        with _cyclic_gc_paused():
            return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=RefusingFetcher()).write_pdf()
