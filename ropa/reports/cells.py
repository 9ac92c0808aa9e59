"""Spreadsheet cells that cannot execute: the one guard against formula injection, used by CSV and XLSX (the CSV
writer, defusedcsv, adds its own on top)."""

from __future__ import annotations

import re

__all__ = ["FORMULA_TRIGGERS", "inert", "xlsx_text"]

# A spreadsheet reads a cell starting with one of these as a formula (tab and CR are trimmed by some, then the
# next character decides) — OWASP "CSV injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

# Control characters an XLSX file cannot hold (openpyxl refuses them).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def inert(value: object) -> object:
    """The value as it may go into a cell: text that a spreadsheet would evaluate gets a leading single quote.

    Numbers, dates and booleans are left alone (they are typed cells, never formulas).
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def xlsx_text(value: object) -> object:
    """`inert()` plus removal of the control characters the XLSX format cannot store."""
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("", value)
    return inert(value)
