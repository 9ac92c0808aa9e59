"""What an import did or would do, row by row: the one report every surface shows (admin page, API JSON,
command output)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["ImportReport", "RowReport"]


@dataclass
class LocatedError:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(
            p
            for p in (self.sheet, f"row {self.row}" if self.row else "", f"column {self.column}" if self.column else "")
            if p
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class RowReport:
    sheet: str
    row: int
    reference: str
    name: str
    action: str = "error"  # created, updated, unchanged or error
    changes: list[str] = field(default_factory=list)
    errors: list[LocatedError] = field(default_factory=list)
    mappings: list[dict[str, Any]] = field(default_factory=list)
    unmapped: list[dict[str, Any]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, row) -> RowReport:
        report = cls(
            row.where.sheet,
            row.where.row,
            str(row.fields.get("reference") or ""),
            str(row.fields.get("name") or ""),
            columns=row.columns,
        )
        report.mappings = [asdict(m) for m in row.mappings]
        report.unmapped = [asdict(u) for u in row.unmapped]
        for column, message in row.errors:
            report.add_error((column, message))
        return report

    def add_error(self, error: tuple[str, str]) -> None:
        self.errors.append(LocatedError(self.sheet, self.row, error[0], error[1]))
        self.action = "error"

    def add_model_errors(self, errors: dict[str, list[str]], columns: dict[str, str]) -> None:
        """The model's own messages, located at the column that set the field."""
        for name, messages in errors.items():
            relation = name.split(".")[0]
            column = columns.get(name) or columns.get(relation) or ("" if name == "non_field_errors" else name)
            for message in messages:
                self.add_error((column, str(message)))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("columns")
        data["errors"] = [str(e) for e in self.errors]
        data["located_errors"] = [asdict(e) for e in self.errors]
        return data


@dataclass
class ImportReport:
    file: str
    sha256: str
    dry_run: bool
    format: str = ""
    committed: bool = False
    notices: list[str] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.file_errors.append(message)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        actions = ("created", "updated", "unchanged", "error")
        return {a: sum(1 for r in self.rows if r.action == a) for a in actions}

    @property
    def errors(self) -> list[str]:
        return [*self.file_errors, *(str(e) for r in self.rows for e in r.errors)]

    @property
    def unmapped(self) -> list[dict[str, Any]]:
        """Each unmapped value once, with where it stands: what the user chooses for."""
        found: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            for u in row.unmapped:
                entry = found.setdefault(u["id"], {**u, "rows": []})
                entry["rows"].append(row.row)
        return list(found.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "format": self.format,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "counts": self.counts,
            "errors": self.errors,
            "notices": self.notices,
            "unmapped": self.unmapped,
            "rows": [r.as_dict() for r in self.rows],
        }
