"""What a diff between two moments of the register says: its result types, as data and as text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, RETIRED, CHANGED, FIELD = "added", "removed", "retired", "changed", "field"


@dataclass(frozen=True)
class Event:
    """One historical row: the moment a change was saved, by whom, and the reason given."""

    when: dt.datetime
    user: str | None
    reason: str
    action: str  # created / changed / deleted

    def to_dict(self) -> dict:
        return {
            "when": self.when.isoformat(),
            "user": self.user,
            "reason": self.reason,
            "action": self.action,
        }

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} by {self.user or 'system'}: {self.reason}"


@dataclass(frozen=True)
class Change:
    """A change to an activity's own field (`relation` empty) or to one of its relations."""

    kind: str  # added / removed / field
    relation: str  # "" for the activity itself, else recipient, transfer, data_category…
    label: str  # the relation item as a DPO names it ("Vendor 3 → US"); the field label for own fields
    field: str = ""
    old: Any = None
    new: Any = None
    note: str = ""  # e.g. "retention shortened"
    events: tuple[Event, ...] = ()
    # The same change as a person reads it (timeline/display.py): labels and names, not attribute names and keys.
    item_text: str = ""  # "Data category Email address"; empty for the record's own fields
    field_text: str = ""  # "Retention period"
    old_text: str = ""  # "12 Months"
    new_text: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "relation": self.relation,
            "label": self.label,
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "note": self.note,
            "events": [e.to_dict() for e in self.events],
            "item_label": self.item_text,
            "field_label": self.field_text,
            "old_label": self.old_text,
            "new_label": self.new_text,
        }

    def text(self) -> str:
        where = self.item_text or (f"{self.relation} {self.label}".strip() if self.relation else "")
        if self.kind == ADDED:
            line = f"+ {where}"
        elif self.kind == REMOVED:
            line = f"- {where}"
        else:
            prefix = f"~ {where}: " if where else "~ "
            old, new = self.old_text or _show(self.old), self.new_text or _show(self.new)
            line = f"{prefix}{self.field_text or self.field}: {old} → {new}"
        if self.note:
            line += f" ({self.note})"
        return line


@dataclass(frozen=True)
class RecordChanges:
    """The changes of one record: an activity, a third party or the organisation itself."""

    kind: str  # added / removed / retired / changed
    model: str  # activity / third_party / organisation
    id: int
    reference: str
    name: str
    changes: tuple[Change, ...] = ()
    events: tuple[Event, ...] = ()  # the record's own creation / deletion / retirement rows

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "model": self.model,
            "id": self.id,
            "reference": self.reference,
            "name": self.name,
            "events": [e.to_dict() for e in self.events],
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class RegisterDiff:
    organisation_id: int
    organisation_name: str
    start: dt.datetime
    end: dt.datetime
    activities: tuple[RecordChanges, ...]
    third_parties: tuple[RecordChanges, ...]
    organisation: RecordChanges | None
    note: str = ""

    def _of(self, kind: str) -> tuple[RecordChanges, ...]:
        return tuple(a for a in self.activities if a.kind == kind)

    @property
    def added(self) -> tuple[RecordChanges, ...]:
        return self._of(ADDED)

    @property
    def removed(self) -> tuple[RecordChanges, ...]:
        return self._of(REMOVED)

    @property
    def retired(self) -> tuple[RecordChanges, ...]:
        return self._of(RETIRED)

    @property
    def changed(self) -> tuple[RecordChanges, ...]:
        return self._of(CHANGED)

    @property
    def is_empty(self) -> bool:
        return not (self.activities or self.third_parties or self.organisation)

    def to_dict(self) -> dict:
        return {
            "organisation": {"id": self.organisation_id, "name": self.organisation_name},
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "note": self.note,
            "summary": {k: len(self._of(k)) for k in (ADDED, REMOVED, RETIRED, CHANGED)}
            | {"third_parties_changed": len(self.third_parties)},
            "activities": [a.to_dict() for a in self.activities],
            "third_parties": [t.to_dict() for t in self.third_parties],
            "organisation_changes": self.organisation.to_dict() if self.organisation else None,
        }

    def text(self) -> str:
        lines = [
            f"Changes to the register of {self.organisation_name} from {self.start:%Y-%m-%d %H:%M:%S %Z} "
            f"to {self.end:%Y-%m-%d %H:%M:%S %Z}"
        ]
        if self.note:
            lines.append(self.note)
        if self.is_empty:
            lines.append("No changes.")
        records = ([self.organisation] if self.organisation else []) + list(self.activities) + list(self.third_parties)
        for rec in records:
            title = f"{rec.reference} {rec.name}".strip()
            lines += ["", f"[{rec.kind}] {rec.model.replace('_', ' ')} {title}"]
            lines += [f"    {e}" for e in rec.events]
            for c in rec.changes:
                lines.append(f"  {c.text()}")
                lines += [f"      {e}" for e in c.events]
        return "\n".join(lines) + "\n"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def _show(value: Any) -> str:
    if value in (None, "", ()):
        return "(empty)"
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    return repr(value) if isinstance(value, str) else str(value)
