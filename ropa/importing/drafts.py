"""From rows of a file to activity drafts: what each row would set on an activity, with every mapping made and
every value that could not be mapped.

Spreadsheets are read through the sheet declarations (`ropa.reports.sheets`): the header row is the row where the
most declared labels (or their variants) stand, and each recognised column's `parse` reads its cell. ropa's JSON
export is read by its stable keys.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ropa.choices import OrganisationRole
from ropa.models import ACTIVITY_RELATIONS, ProcessingActivity
from ropa.models.relation import BOOKKEEPING, Relation
from ropa.reports.sheets import CONTROLLER, ICO_COLUMNS, PLACEHOLDERS, PROCESSOR
from ropa.reports.table import Column, Sheet

from .cells import Transfers, TransferSafeguards, without_label
from .files import Cell, SourceFile, cell_text
from .files import Sheet as FileSheet
from .vocabulary import CATALOGUES, AmbiguousDate, Match, Vocabulary, normalise

__all__ = ["ActivityDraft", "Choices", "RowDraft", "drafts_of", "value_id"]

Choices = dict[str, str]  # unmapped value id → "text", "create" or "map:<key, name or code>"
# The sheets read back: the controller record, and the processor record (Art. 30(2)) with the ICO processor
# template's destination and safeguards columns, which ropa's processor record writes as one.
_ICO_TRANSFERS: tuple[Column[Any], ...] = tuple(
    c for c in ICO_COLUMNS if isinstance(c.parse, (Transfers, TransferSafeguards))
)
PROCESSOR_READ: Sheet[Any] = replace(PROCESSOR, columns=(*PROCESSOR.columns, *_ICO_TRANSFERS))
IMPORTED_SHEETS: tuple[Sheet[Any], ...] = (CONTROLLER, PROCESSOR_READ)
HEADER_SEARCH_ROWS = 40
PROBE_CONFIDENCE = 0.9
CREATABLE = (*CATALOGUES, "third_party")  # what a "create" choice may make
# What an empty cell says in ropa's own exports ("None", "Not recorded", "Not applicable: …"): read as empty.
PLACEHOLDER = re.compile(
    r"^(None|None recorded|None designated|Not recorded|Controller not recorded|Not applicable\b.*|None \(.*\))$", re.S
)


def value_id(kind: str, value: str) -> str:
    """The stable id of an unmapped value, by which a user's choice refers to it."""
    return f"{kind}:{normalise(value)}"


@dataclass
class Unmapped:
    id: str
    kind: str
    column: str
    value: str
    kept_as: str  # what happens to it without a choice, or with the choice made


@dataclass
class Mapped:
    column: str
    value: str
    mapped_to: str
    confidence: float
    how: str


@dataclass
class RowDraft:
    """One activity as a row of the file says it. Implements the `cells.Row` protocol the readers fill in."""

    where: Cell
    vocabulary: Vocabulary
    choices: Choices
    creator: Any = None  # creates a catalogue entry when the user chose "create" (see `service.py`)
    fields: dict[str, Any] = field(default_factory=dict)
    relations: dict[str, list[dict]] = field(default_factory=dict)
    carried: set[str] = field(default_factory=set)  # relations whose full set the file states
    texts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    mappings: list[Mapped] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    columns: dict[str, str] = field(default_factory=dict)  # field or "relation.field" → column label
    raw: dict[str, str] = field(default_factory=dict)  # column label → the cell's text
    located: dict[str, str] = field(default_factory=dict)  # column label → "D (label)", as errors name it

    def items(self, relation: str) -> list[dict[str, Any]]:
        return self.relations.setdefault(relation, [])

    def error(self, column: str, message: str) -> None:
        self.errors.append((self.located.get(column, column), message))

    def note(self, column: str, value: str, outcome: str, confidence: float = 1.0) -> None:
        """A value checked against the register rather than mapped (a contract the third party records)."""
        self.mappings.append(Mapped(column, value, outcome, confidence, "checked against the register"))

    def keep_as_text(self, column: str, value: str, field: str = "description") -> None:
        self.texts[field].append(value if field != "description" else f"{column}: {value}")

    def map(self, kind: str, value: Any, column: str, quiet: bool = False, text_field: str = "description") -> Any:
        """The entry `value` stands for: the user's choice if they made one, else the vocabulary's match. Unless
        `quiet` (a probe), the mapping is recorded with its confidence, or the value is listed as unmapped and,
        until the user chooses otherwise, kept as text on the activity."""
        if kind == "sensitivity":
            return getattr(value, "sensitivity", "")
        try:
            match = self.vocabulary.lookup(kind, value)
        except AmbiguousDate as exc:
            self.error(column, str(exc))
            return None
        choice = self.choices.get(value_id(kind, str(value)), "") if not quiet else ""
        if choice:
            return self._chosen(kind, str(value), column, choice, text_field)
        if match is not None and not quiet:
            self._record(column, value, match)
        if quiet:  # a probe ("is this line one name?") takes no near-miss: the values may be split further
            return match.target if match and match.confidence >= PROBE_CONFIDENCE else None
        if match is not None:
            return match.target
        if kind == "date":
            self.error(column, f"{value!r} is not a date: write it as YYYY-MM-DD.")
            return None
        self.unmapped.append(Unmapped(value_id(kind, value), kind, column, value, f"kept as text ({text_field})"))
        self.keep_as_text(column, value, text_field)
        return None

    def _record(self, column: str, value: Any, match: Match) -> None:
        if isinstance(match.target, dict) and match.how == "none recorded":
            return
        shown = (
            match.label
            if not isinstance(match.target, dict)
            else ", ".join(
                f"{k.removeprefix('retention_')}={v}" for k, v in match.target.items() if v not in (None, "")
            )
        )
        self.mappings.append(Mapped(column, str(value), shown, match.confidence, match.how))

    def _chosen(self, kind: str, value: str, column: str, choice: str, text_field: str) -> Any:
        action, _, target = choice.partition(":")
        if action == "map":
            entry = self.vocabulary.exact(kind, target)
            if entry is None:
                self.error(column, f"{value!r} was to be mapped to {target!r}, which is not a known {kind}.")
                return None
            self.mappings.append(Mapped(column, value, target, 1.0, "chosen by the user"))
            return entry
        if action == "create" and kind in CREATABLE and self.creator is not None:
            entry = self.creator(kind, value, self, column, target)
            if entry is not None:
                how = "created by the user's choice"
                if kind == "third_party":  # the cell says who; the role is assumed until someone checks it
                    how += f" ({entry.country.name}, default role {entry.get_default_role_display()}: check it)"
                self.mappings.append(Mapped(column, value, entry.name, 1.0, how))
            return entry
        if action == "create":
            self.error(
                column,
                f"A new {kind.replace('_', ' ')} cannot be created from {value!r} here: create "
                "it in the register first, then map the value to it.",
            )
            return None
        self.unmapped.append(Unmapped(value_id(kind, value), kind, column, value, f"kept as text ({text_field})"))
        self.keep_as_text(column, value, text_field)
        return None

    def finish(self) -> None:
        """Text kept for unmapped values joins the field it is kept in."""
        for name, lines in self.texts.items():
            stated = self.fields.get(name, "")
            self.fields[name] = "\n".join([stated, *lines] if stated else lines)


@dataclass
class ActivityDraft:
    """A row ready to be written: its place in the file and what it sets."""

    row: RowDraft

    @property
    def reference(self) -> str:
        return str(self.row.fields.get("reference") or "")

    @property
    def name(self) -> str:
        return str(self.row.fields.get("name") or "")


# --- Spreadsheets -------------------------------------------------------------------------------------------------


def _accepted(column: Column[Any]) -> list[str]:
    labels = (column.label, *column.variants)
    return list(dict.fromkeys(normalise(text) for label in labels for text in (label, without_label(label))))


def _header(cell: Any) -> str:
    """A header cell as compared: "Retention schedule (if possible)" reads as "retention schedule"."""
    return normalise(without_label(cell_text(cell)))


def find_header(sheet: FileSheet, declared: Sheet[Any]) -> tuple[int, dict[int, Column[Any]]] | None:
    """The header row (its index in `sheet.rows`) and the declared column of each recognised position; None when
    no row names at least three declared columns."""
    labels = {label: column for column in declared.columns if column.parse for label in _accepted(column)}
    best: tuple[int, dict[int, Column[Any]]] | None = None
    for index, (_, cells) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        found = {i: labels[_header(c)] for i, c in enumerate(cells) if _header(c) in labels}
        if len(found) >= 3 and (best is None or len(found) > len(best[1])):
            best = (index, found)
    return best


def _read_row(
    row: RowDraft, cells: list[Any], positions: dict[int, Column[Any]], letters: dict[int, str], declared: Sheet[Any]
) -> None:
    present = {column.label: cell_text(cells[i]) if i < len(cells) else "" for i, column in positions.items()}
    for column in (c for c in declared.columns if c.label in present):
        parse = column.parse
        row.carried.update(getattr(parse, "owns", ()))
        row.located[column.label] = f"{letters[_position(positions, column)]} ({column.label})"
        for name in getattr(parse, "writes", ()):
            row.columns.setdefault(name, row.located[column.label])
        text = present[column.label]
        if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
            text = text[1:]  # the formula guard our own exports add
        if text.strip() in PLACEHOLDERS or PLACEHOLDER.match(text.strip()):
            text = ""  # our exports' words for "nothing recorded here"
        row.raw[column.label] = text
        parse.apply(text, row, column.label)
    for column in (c for c in declared.columns if c.label in present):
        finish = getattr(column.parse, "finish", None)
        if finish is not None:  # a reader that needs the other columns of the row (joint controllers: recipients)
            finish(row, column.label)


def _position(positions: dict[int, Column[Any]], column: Column[Any]) -> int:
    return next(i for i, c in positions.items() if c is column)


def sheet_drafts(
    source: FileSheet, vocabulary: Vocabulary, choices: Choices, creator: Any, notices: list[str]
) -> list[ActivityDraft] | None:
    """The drafts of one sheet, or None when it has no recognisable header."""
    from openpyxl.utils import get_column_letter

    headers = [(found, declared) for declared in IMPORTED_SHEETS if (found := find_header(source, declared))]
    if not headers:
        return None
    (index, positions), declared = max(headers, key=lambda h: len(h[0][1]))
    _, header_cells = source.rows[index]
    known = set(positions)
    for i, cell in enumerate(header_cells):
        if i not in known and cell_text(cell):
            notices.append(f"{source.name}: column {cell_text(cell)!r} is not one ropa reads; it was left out.")
    letters = {i: get_column_letter(i + 1) for i in positions}
    drafts = []
    for number, cells in source.rows[index + 1 :]:
        row = RowDraft(Cell(source.name, number), vocabulary, choices, creator)
        if declared is PROCESSOR_READ:
            row.fields["role"] = OrganisationRole.PROCESSOR
        _read_row(row, cells, positions, letters, declared)
        _name_from_purpose(row, declared)
        row.finish()
        drafts.append(ActivityDraft(row))
    return _merged(drafts) if declared is PROCESSOR_READ else drafts


def _merged(drafts: list[ActivityDraft]) -> list[ActivityDraft]:
    """The processor record has a row per activity and controller: the rows of one activity (by reference, else by
    name) become one draft, carried out for each of their controllers."""
    first: dict[str, ActivityDraft] = {}
    merged = []
    for draft in drafts:
        key = draft.reference or draft.name.casefold()
        if not key or key not in first:
            first[key] = draft
            merged.append(draft)
            continue
        into = first[key].row
        controllers = into.items("controllers")
        named = {c["controller"] for c in controllers}
        controllers.extend(c for c in draft.row.items("controllers") if c["controller"] not in named)
        into.mappings.extend(draft.row.mappings)
        into.unmapped.extend(draft.row.unmapped)
        into.errors.extend(draft.row.errors)
    return merged


def _name_from_purpose(row: RowDraft, declared: Sheet[Any]) -> None:
    """The ICO templates have no column naming the activity: its purpose names it (the processor template: the
    processing carried out)."""
    if row.fields.get("name"):
        return
    naming = [
        c.label
        for c in declared.columns
        if getattr(c.parse, "relation", "") == "purposes" or getattr(c.parse, "field", "") == "processing_carried_out"
    ]
    text = next((row.raw[label] for label in naming if row.raw.get(label)), "")
    if text:
        row.fields["name"] = text.strip().split("\n")[0][:200]


# --- ropa's JSON export -------------------------------------------------------------------------------------------

# What the export states and an import sets: the models' own fields (`Relation` declarations for the nested lists),
# read by name from the export. A field the export nests reads from its group: `dpia_status` from `dpia.status`,
# `retention_period` from `retention.period`. Fields the export does not carry are left as they are.
NOT_IMPORTED = frozenset({"organisation"})  # the receiving organisation's


def _activity_fields() -> tuple[str, ...]:
    return tuple(f.name for f in ProcessingActivity._meta.concrete_fields if f.name not in BOOKKEEPING | NOT_IMPORTED)


def _exported(doc: dict[str, Any], name: str, owner: tuple[str, ...] = ()) -> tuple[bool, Any]:
    """(whether the export states the field `name`, its value): by name; else nested under its prefix
    (`dpia.status`); else, for a field named after what its row refers to (`controller_dpo` of a controller), by the
    rest of its name (`dpo`)."""
    if name in doc:
        return True, doc[name]
    group, _, rest = name.partition("_")
    nested = doc.get(group)
    if isinstance(nested, dict) and rest in nested:
        return True, nested[rest]
    if group in owner and rest in doc:
        return True, doc[rest]
    return False, None


def _json_reference(row: RowDraft, relation: Relation, item: dict, column: str) -> dict[str, Any]:
    """The entries an item of the export refers to (its foreign keys): catalogue entries by key, third parties by
    name."""
    kinds = {model: kind for kind, model in CATALOGUES.items()}
    found = {}
    for reference in relation.references:
        target = reference.related_model
        if target in kinds:
            key = item.get(f"{reference.name}_key", item.get("key"))
            found[reference.name] = row.map(kinds[target], key, column)
        else:
            party = item.get("recipient") or item
            found[reference.name] = row.map("third_party", party["name"], column)
    return found


def _json_activity(row: RowDraft, doc: dict[str, Any], path: str) -> None:
    for name in _activity_fields():
        stated, value = _exported(doc, name)
        if stated:
            row.fields[name] = value
    for name in ("last_reviewed_on", "next_review_due"):
        if row.fields.get(name):
            row.fields[name] = row.map("date", row.fields[name], f"{path}.{name}")
    for model in ACTIVITY_RELATIONS:
        relation = model.relation
        column = f"{path}.{relation.name}"
        row.carried.add(relation.name)
        row.columns.setdefault(relation.name, column)
        references = {f.name for f in relation.references}
        copied = [f.name for f in relation.content_fields if f.name not in references]
        for item in doc.get(relation.name, []):
            reference = _json_reference(row, relation, item, column)
            if None in reference.values():
                continue
            values = dict(reference)
            for name in copied:
                stated, value = _exported(item, name, tuple(references))
                if stated:
                    values[name] = value
            row.items(relation.name).append(values)


def json_drafts(
    document: dict[str, Any], vocabulary: Vocabulary, choices: Choices, creator: Any, notices: list[str]
) -> list[ActivityDraft]:
    drafts = []
    processed = [a for group in document.get("processor_activities", []) for a in group.get("activities", [])]
    activities = [*document.get("controller_activities", []), *processed]
    for number, doc in enumerate(activities, 1):
        row = RowDraft(Cell("register", number), vocabulary, choices, creator)
        _json_activity(row, doc, f"activities[{number - 1}]")
        row.fields.setdefault("role", OrganisationRole.CONTROLLER)
        row.finish()
        drafts.append(ActivityDraft(row))
    return drafts


def drafts_of(
    source: SourceFile, vocabulary: Vocabulary, choices: Choices, creator: Any, notices: list[str]
) -> list[ActivityDraft]:
    """Every activity the file states. Raises `files.ImportFileError` when no sheet has a recognisable header."""
    from .files import ImportFileError

    if source.kind == "json":
        return json_drafts(source.document or {}, vocabulary, choices, creator, notices)
    drafts: list[ActivityDraft] = []
    read_any = False
    for sheet in source.sheets:
        if sheet.name in {s.title for s in _other_sheets()}:
            notices.append(f"Sheet {sheet.name!r} was not imported: ropa reads the controller and processor records.")
            continue
        found = sheet_drafts(sheet, vocabulary, choices, creator, notices)
        read_any |= found is not None
        drafts.extend(found or [])
    if not read_any:
        expected = ", ".join(repr(c.label) for c in IMPORTED_SHEETS[0].columns[:6] if c.parse)
        raise ImportFileError(
            "No header row was recognised: a row naming at least three of the register's columns is needed "
            f"(e.g. {expected}, or the ICO template's labels). See docs/import.md for the accepted labels."
        )
    return drafts


def _other_sheets() -> tuple[Sheet[Any], ...]:
    from ropa.reports.sheets import SHEETS

    read = {s.identifier for s in IMPORTED_SHEETS}
    return tuple(s for s in SHEETS if s.identifier not in read)
