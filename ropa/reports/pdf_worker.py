"""Laying out one part of a register PDF with WeasyPrint: what a worker process of the chunked render runs.

Imports WeasyPrint only, never Django, so a worker starts in a fraction of a second and holds nothing of the
server's state. A worker keeps its font configuration and the parsed stylesheet between the parts it renders
(the stylesheet is the same string for every part of a report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ropa.allocations import cyclic_gc_paused  # Django-free, as this module must be

__all__ = ["Part", "RefusingFetcher", "cyclic_gc_paused", "render_part"]

# WeasyPrint's lengths are CSS pixels (1/96 in); PDF's are points (1/72 in).
PX_TO_PT = 0.75


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


@dataclass
class Part:
    """A rendered part: its PDF bytes and, by page index within the part, where its anchors, bookmarks and
    internal links are (y, and rectangles as x1, y1, x2, y2, in CSS pixels from the page's top
    left)."""

    pdf: bytes
    pages: int
    anchors: dict[str, tuple[int, float]] = field(default_factory=dict)
    bookmarks: list[tuple[int, str, int, float, float]] = field(default_factory=list)  # level, label, page, x, y
    links: list[tuple[int, str, tuple[float, float, float, float]]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # URLs the fetcher refused


_fonts: FontConfiguration | None = None
_stylesheets: dict[str, CSS] = {}


def _stylesheet(css: str) -> tuple[CSS, FontConfiguration]:
    """The parsed stylesheet and the font configuration of this process, made once for each stylesheet."""
    global _fonts
    if _fonts is None:
        _fonts = FontConfiguration()
    if css not in _stylesheets:
        if len(_stylesheets) > 3:  # a report's parts and its overlay: two stylesheets at a time
            _stylesheets.clear()
        _stylesheets[css] = CSS(string=css, font_config=_fonts, url_fetcher=RefusingFetcher())
    return _stylesheets[css], _fonts


def render_part(html: str, css: str, base_url: str | None = None) -> Part:
    """Lay out `html` (a whole document, without its stylesheet) with `css` and write it to PDF bytes."""
    stylesheet, fonts = _stylesheet(css)
    fetcher = RefusingFetcher()
    with cyclic_gc_paused():
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[stylesheet], font_config=fonts
        )
        anchors: dict[str, tuple[int, float]] = {}
        bookmarks: list[tuple[int, str, int, float, float]] = []
        for number, page in enumerate(document.pages):
            for name, (_x1, y1, _x2, _y2) in page.anchors.items():
                anchors.setdefault(name, (number, y1))
            bookmarks.extend((level, label, number, x, y) for level, label, (x, y), _state in page.bookmarks)
        links = [
            (number, target, _rectangle(rectangle))
            for number, page in enumerate(document.pages)
            for kind, target, rectangle, _box in page.links
            if kind == "internal"
        ]
        pdf = document.write_pdf()
        pages = len(document.pages)
        del document
    return Part(pdf, pages, anchors, bookmarks, links, fetcher.refused)


def _rectangle(rectangle: Any) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = rectangle
    return (float(x1), float(y1), float(x2), float(y2))
