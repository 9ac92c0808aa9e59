"""What a spreadsheet sheet is: columns declared once, each a header label and how its cell is read.

A `Sheet` is data, not layout. The CSV and XLSX exporters both render the same declarations (`sheets.py`), so
the two can never disagree on a column's name, order or content; adding a column is one line in one place.
Values are plain text; the formula guard (`cells.py`) is applied by the writers, at the last moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Column", "Sheet", "labels"]

Document = dict[str, Any]  # the report document (`document.register_document`)
R = TypeVar("R")  # what one row of a sheet is about: an activity, a recipient, a finding…


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header label and how its cell is read from the row's record.

    For the way back in (`ropa.importing`): `variants` are other header labels a register kept elsewhere uses for
    the same column (matched ignoring case and punctuation), and `parse` says what the cell sets on an activity.
    """

    label: str
    read: Callable[[R], Any]
    variants: tuple[str, ...] = ()
    parse: Any = None  # a cell reader of `ropa.importing.cells`; None: the column is not read back


def labels(columns: Iterable[Column[Any]]) -> list[str]:
    return [c.label for c in columns]


def _always(doc: Document) -> bool:
    return True


@dataclass(frozen=True)
class Sheet(Generic[R]):
    """A table of the register: where its rows come from in the report document, and its columns.

    `title` names the sheet in a workbook and `caption` is the line above its table (a function of the
    document where it states counts). `preamble` is a block of label/value lines between the caption and the
    table, read from a `Heading`. `present` says whether the report has this sheet at all (the findings annex is
    optional).
    """

    identifier: str
    title: str
    caption: str | Callable[[Document], str]
    records: Callable[[Document], Iterable[R]]
    columns: tuple[Column[R], ...]
    preamble: tuple[Column[Heading], ...] = ()
    width: int = 28  # of every column in a workbook, in characters
    frozen_columns: int = 2  # the columns that name a row, kept in view when scrolling right
    present: Callable[[Document], bool] = _always

    @property
    def labels(self) -> list[str]:
        return labels(self.columns)

    def caption_for(self, doc: Document) -> str:
        return self.caption(doc) if callable(self.caption) else self.caption

    def rows(self, doc: Document) -> Iterator[list[Any]]:
        """The table's body: one list of cell values per record, in column order."""
        for record in self.records(doc):
            yield [column.read(record) for column in self.columns]

    def preamble_rows(self, doc: Document, export: dict[str, Any]) -> list[tuple[str, Any]]:
        heading = Heading(doc, export)
        return [(line.label, line.read(heading)) for line in self.preamble]


@dataclass(frozen=True)
class Heading:
    """What the lines above a table read: the document, and the export it is rendered for."""

    doc: Document
    export: dict[str, Any]

    @property
    def organisation(self) -> dict[str, Any]:
        return self.doc["organisation"] or {}
