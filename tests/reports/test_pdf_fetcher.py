"""The PDF fetches nothing: a document naming an external image, stylesheet or local file renders without any
request leaving the renderer (WeasyPrint's `URLFetcher`, subclassed to refuse every URL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ropa.reports.exporters import pdf
from ropa.reports.exporters.pdf import RefusingFetcher
from ropa.reports.service import export_register


class _Counting(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server recording every request it receives."""
    _Counting.hits = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counting.hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _document(base: str) -> str:
    return (
        f'<link rel="stylesheet" href="{base}/style.css"><p>Register</p>'
        f'<img src="{base}/logo.png"><img src="file:///etc/hostname">'
    )


def test_the_default_fetcher_would_request_the_image(server):
    """The control: without the refusing fetcher the renderer does reach the server, so the test below can fail."""
    base, hits = server
    HTML(string=_document(base), url_fetcher=URLFetcher(timeout=5)).write_pdf()
    assert "/logo.png" in hits


def test_the_refusing_fetcher_requests_nothing(server):
    base, hits = server
    fetcher = RefusingFetcher()
    content = HTML(string=_document(base), url_fetcher=fetcher).write_pdf()
    assert content.startswith(b"%PDF")
    assert hits == []
    assert {f"{base}/logo.png", f"{base}/style.css", "file:///etc/hostname"} <= set(fetcher.refused)


@pytest.mark.django_db
def test_a_register_pdf_naming_an_external_image_fetches_nothing(server, demo, monkeypatch):
    base, hits = server
    render_html = pdf.render_html
    asked: list[bool] = []

    def with_external_resources(register, context, **kwargs) -> str:
        html = render_html(register, context, **kwargs)
        assert "</body>" in html
        asked.append(True)
        return html.replace("</body>", _document(base) + "</body>")

    monkeypatch.setattr(pdf, "render_html", with_external_resources)
    entry, content = export_register(demo.org.pk, "pdf")
    assert content.startswith(b"%PDF") and entry.sha256 and asked
    assert hits == []
