"""Reading an uploaded register into plain rows, safely: XLSX, CSV or ropa's JSON export.

A file is refused before anything is parsed when it is over the size limit (`ROPA_IMPORT_MAX_BYTES`, 10 MB), an
XLSX whose parts would decompress beyond `ROPA_IMPORT_MAX_UNZIPPED_BYTES` (a zip bomb) or that carries macros, or a
CSV in an encoding we cannot tell. Formulas are never evaluated: openpyxl reads the value the spreadsheet
application cached when it last saved the file, and each formula cell is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

__all__ = ["Cell", "ImportFileError", "Sheet", "SourceFile", "read_file"]

MAX_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 50_000


class ImportFileError(ValueError):
    """The file cannot be read at all; the message says why and what to do."""


@dataclass(frozen=True)
class Cell:
    """Where a value stands in the file, as the user sees it (sheet, row number, column letter)."""

    sheet: str
    row: int
    column: str = ""

    def __str__(self) -> str:
        where = f"{self.sheet}, row {self.row}"
        return f"{where}, column {self.column}" if self.column else where


@dataclass
class Sheet:
    """One table of the file: its name and its rows, each a list of (1-based row number, cell values)."""

    name: str
    rows: list[tuple[int, list[Any]]]


@dataclass
class SourceFile:
    """What was read: the tables of a spreadsheet, or the document of a JSON export, and the notices on the way."""

    name: str
    kind: str  # "xlsx", "csv" or "json"
    sheets: list[Sheet] = field(default_factory=list)
    document: dict | None = None
    notices: list[str] = field(default_factory=list)


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def read_file(name: str, data: bytes) -> SourceFile:
    """The rows of an uploaded file, the format told by its content (a ZIP is XLSX, `{` is JSON, else CSV)."""
    maximum = limit("ROPA_IMPORT_MAX_BYTES", MAX_BYTES)
    if len(data) > maximum:
        raise ImportFileError(
            f"The file is {len(data):,} bytes, over the import limit of {maximum:,} bytes: split the register "
            "or ask the administrator to raise ROPA_IMPORT_MAX_BYTES."
        )
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(name, data)
    if data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"{":
        return _read_json(name, data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("This is an old Excel (.xls) file: save it as .xlsx (Excel workbook) and import that.")
    return _read_csv(name, data)


# --- XLSX ---------------------------------------------------------------------------------------------------------


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError("The file looks like an XLSX workbook but is damaged (not a valid ZIP).") from exc
    names = archive.namelist()
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportFileError(
            "The workbook contains macros (VBA); ropa does not accept macro-enabled files. Save it as a plain "
            ".xlsx workbook and import that."
        )
    unzipped = sum(info.file_size for info in archive.infolist())
    maximum = limit("ROPA_IMPORT_MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES)
    if unzipped > maximum:
        raise ImportFileError(
            f"The workbook would decompress to {unzipped:,} bytes, over the limit of {maximum:,}: it is refused "
            "as a possible zip bomb. Remove unused sheets or split the register."
        )


def _read_xlsx(name: str, data: bytes) -> SourceFile:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            f"The workbook cannot be read ({exc.__class__.__name__}): open and save it again."
        ) from exc
    source = SourceFile(name, "xlsx")
    try:
        for sheet in values.worksheets:
            rows = [(i, list(r)) for i, r in enumerate(sheet.iter_rows(values_only=True), 1) if any(_filled(r))]
            if len(rows) > MAX_ROWS:
                raise ImportFileError(f"Sheet {sheet.title!r} has over {MAX_ROWS:,} rows: split the register.")
            source.sheets.append(Sheet(sheet.title, rows))
            source.notices.extend(_formula_notices(formulas[sheet.title]))
    finally:
        values.close()
        formulas.close()
    return source


def _filled(row: tuple) -> list[bool]:
    return [value not in (None, "") for value in row]


def _formula_notices(sheet) -> list[str]:
    from openpyxl.utils import get_column_letter

    notices = []
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                where = Cell(sheet.title, cell.row, get_column_letter(cell.column))
                notices.append(
                    f"{where}: a formula ({str(cell.value)[:60]}); its value as last saved by the spreadsheet "
                    "was read, the formula was not evaluated."
                )
    return notices


# --- CSV ----------------------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding it was in: UTF-8 (with or without BOM), else Windows-1252.

    Windows-1252 decodes almost any byte string, so a result holding control characters (as UTF-16 or a binary
    file gives) is refused rather than imported as garbage.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    for encoding, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            return text, label
    raise ImportFileError(
        "The CSV's character encoding cannot be recognised (it is neither UTF-8 nor Windows-1252): save it as "
        '"CSV UTF-8" and import that.'
    )


def _delimiter(text: str) -> str:
    """`;` (what Excel writes where the decimal mark is a comma) or `,`: whichever splits the header more."""
    try:
        return csv.Sniffer().sniff(text[:20_000], delimiters=",;").delimiter
    except csv.Error:
        first = text.split("\n", 1)[0]
        return ";" if first.count(";") > first.count(",") else ","


def _read_csv(name: str, data: bytes) -> SourceFile:
    text, encoding = decode(data)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, row) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise ImportFileError(f"The CSV cannot be read: {exc} (line {reader.line_num}).") from exc
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"The CSV has over {MAX_ROWS:,} rows: split the register.")
    source = SourceFile(name, "csv", [Sheet("CSV", rows)])
    source.notices.append(f"Read as {encoding}, columns separated by {delimiter!r}.")
    return source


# --- JSON ---------------------------------------------------------------------------------------------------------


def _read_json(name: str, data: bytes) -> SourceFile:
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"The JSON cannot be read: {exc}.") from exc
    register = payload.get("register") if isinstance(payload, dict) else None
    if not isinstance(register, dict) or "controller_activities" not in register:
        raise ImportFileError('This JSON is not a ropa register export (no "register" with activities).')
    return SourceFile(name, "json", document=register)


def cell_text(value: Any) -> str:
    """A cell as text; a date stays ISO 8601 so it reads back unambiguously."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
