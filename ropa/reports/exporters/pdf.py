"""PDF with WeasyPrint from the HTML template: title page, contents with page numbers, one section per
activity, and the organisation, as-of time, export id, register content digest and page number in the margins
of every page.

A register with at most `settings.PDF_CHUNK_ACTIVITIES` activities is laid out in one pass. A larger one is cut
into parts at activity boundaries (`ropa.reports.pdf_parts`), laid out in worker processes
(`ropa.reports.pdf_pool`, `pdf_worker`) and joined with pypdf (`ropa.reports.pdf_join`); its front matter is laid
out last, with the contents' page numbers computed from where the parts' anchors landed, and its margins are
stamped once the page count is known. The parent never holds a laid-out document: only the parts' PDF bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from concurrent.futures import Future

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from ropa.register import Register

from ..pdf_join import join
from ..pdf_parts import Parts, make_parts
from ..pdf_pool import pool, worker_count
from ..pdf_worker import Part, RefusingFetcher, cyclic_gc_paused, render_part
from .base import ExportContext, Exporter, register_exporter
from .html import render_html

__all__ = ["PDFExporter", "RefusingFetcher", "render_chunked", "render_single_pass"]

# The front matter is laid out again until its page count and anchors stop moving (twice, nearly always).
_FRONT_PASSES = 4
_PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'
_HEADER = re.compile(r'<h1 class="org">.*?</h1>|<p class="asof">.*?</p>|<span class="export-ref"[^>]*>.*?</span>', re.S)


def chunk_activities() -> int:
    return max(1, int(getattr(settings, "PDF_CHUNK_ACTIVITIES", 50)))


def _activities(context: ExportContext) -> int:
    doc = context.document
    return len(doc["controller_activities"]) + sum(len(g["activities"]) for g in doc["processor_activities"])


@register_exporter
class PDFExporter(Exporter):
    identifier = "pdf"
    verbose_name = "PDF (for the supervisory authority)"
    content_type = "application/pdf"
    extension = "pdf"

    def render(self, register: Register, context: ExportContext) -> bytes:
        size = chunk_activities()
        if _activities(context) <= size:
            return render_single_pass(register, context)
        return render_chunked(register, context, size, worker_count())


def render_single_pass(register: Register, context: ExportContext, break_every: int | None = None) -> bytes:
    """The whole register in one WeasyPrint pass. `break_every`: start a new page wherever the chunked render
    with runs of that many activities starts a part (so the two paginate alike: a test compares them)."""
    if break_every:
        parts = make_parts(register, context, break_every)
        style = render_to_string("ropa/reports/register.css") + render_to_string("ropa/reports/register_pdf.css")
        pieces = [*map(_body, parts.opening), _body(parts.front()), *map(_body, parts.body)]
        breaks = "".join(f'<div style="break-before: page">{piece}</div>' for piece in pieces[1:])
        html = _PAGE.format(head=f"<style>{style}</style>", body=pieces[0] + breaks)
    else:
        html = render_html(register, context, pdf=True)
    with cyclic_gc_paused():
        return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=RefusingFetcher()).write_pdf()


def _body(document: str) -> str:
    return document.split("<body>", 1)[1].rsplit("</body>", 1)[0]


def render_chunked(register: Register, context: ExportContext, size: int, workers: int) -> bytes:
    """The register in parts of `size` activities laid out by `workers` processes, then joined."""
    parts = make_parts(register, context, size)
    base_url = str(settings.BASE_DIR)
    with pool(workers) as executor:

        def submit(html: str, css: str = parts.css) -> Future[Part]:
            return executor.submit(render_part, html, css, base_url)

        opening_jobs = [submit(html) for html in parts.opening]
        # placeholders as wide as the page numbers will be (about a page per activity)
        width = len(str(2 * parts.activities + 20))
        front_job = submit(parts.front(width=width))
        body_jobs = [submit(html) for html in parts.body]
        body = [job.result() for job in body_jobs]
        opening, placeholder = [job.result() for job in opening_jobs], front_job.result()

        def stamp_jobs(front_pages: int) -> tuple[int, list[Future[Part]]]:
            total = sum(part.pages for part in opening) + front_pages + sum(part.pages for part in body)
            per_part = math.ceil(total / workers)
            header = "".join(_HEADER.findall(parts.opening[0]))
            return total, [
                submit(_overlay(header, range(start, min(start + per_part, total + 1)), total), parts.stamp_css)
                for start in range(1, total + 1, per_part)
            ]

        laid_out = [*opening, placeholder, *body]
        numbers = _toc_pages(parts, laid_out)
        first = submit(parts.front(numbers))
        # the margins are laid out while the front matter is, for the page count the placeholders gave
        total, stamps = stamp_jobs(placeholder.pages)
        front = _settle(parts, laid_out, len(opening), numbers, first.result(), lambda h: submit(h).result())
        if sum(part.pages for part in laid_out) != total:
            total, stamps = stamp_jobs(front.pages)
        overlays = [job.result().pdf for job in stamps]
    with cyclic_gc_paused():
        return join(laid_out, overlays)


def _settle(
    parts: Parts,
    laid_out: list[Part],
    at: int,
    numbers: dict[str, int],
    front: Part,
    lay_out: Callable[[str], Part],
) -> Part:
    """The front matter (`laid_out[at]`, replaced in place) laid out again until the contents' numbers it prints
    are the pages its anchors and the others' land on (its page count can change with the numbers' width)."""
    for _ in range(_FRONT_PASSES):
        laid_out[at] = front
        now = _toc_pages(parts, laid_out)
        if now == numbers:
            return front
        numbers = now
        front = lay_out(parts.front(numbers))
    raise RuntimeError("The contents of the PDF did not settle on a page count.")


def _toc_pages(parts: Parts, laid_out: list[Part]) -> dict[str, int]:
    """The page (1-based, in the joined document) of every anchor the contents link to."""
    pages: dict[str, int] = {}
    offset = 0
    for part in laid_out:
        for name, (page, _y) in part.anchors.items():
            pages.setdefault(name, offset + page + 1)
        offset += part.pages
    return {name: pages[name] for name in parts.toc_targets if name in pages}


def _overlay(header: str, numbers: range, total: int) -> str:
    """An overlay document: one page of margins per page number (the header strings set on its first page)."""
    pages = "".join(
        f'<div class="stamp">{header if i == 0 else ""}<span class="pageno">Page {n} of {total}</span></div>'
        for i, n in enumerate(numbers)
    )
    return _PAGE.format(head="", body=pages)
