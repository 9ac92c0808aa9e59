"""Reading reports back the way a regulator's tools would."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from pypdf import PdfReader

from ropa.reports.sheets import CONTROLLER


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def contents_page(pages: list[str]) -> str:
    """The contents of a PDF: its page (1 or 2, depending on how long the overview is) from the heading on."""
    page = next(p for p in pages if "Contents" in p.splitlines())
    lines = page.splitlines()
    return "\n".join(lines[lines.index("Contents") :])


def pdf_text(content: bytes) -> str:
    return "\n".join(pdf_pages(content))


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines inside table cells."""
    return "".join(text.split())


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def table_rows(ws, header: list[str]) -> list[dict[str, object]]:
    """The table of a sheet, found by its header row (below any header block), as one dict per row."""
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if list(r[: len(header)]) == header)
    return [dict(zip(header, r[: len(header)], strict=True)) for r in rows[at + 1 :]]


def controller_sheet_rows(content: bytes) -> tuple[list[str], list[dict[str, object]]]:
    """The controller table of the XLSX: located by its header row under the header block."""
    ws = workbook(content)["Controller record"]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == CONTROLLER.labels[0] and r[1])
    header = list(rows[header_at])
    return header, [dict(zip(header, r, strict=True)) for r in rows[header_at + 1 :]]


def json_doc(content: bytes) -> dict:
    return json.loads(content.decode("utf-8"))
