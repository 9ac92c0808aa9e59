"""What changed in an organisation's register between two moments, with when, who and why.

What changed is read from two Register snapshots (so the diff says exactly what the register said at each
end); when, who and why come from the historical rows written in the window (start, end]. Both take a fixed
number of queries, whatever the number of activities.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from ropa import models as m
from ropa.choices import ActivityStatus
from ropa.register import ActivityView, Register, build_register
from ropa.register.build import country_codes
from ropa.register.sources import HistorySource

ADDED, REMOVED, RETIRED, CHANGED, FIELD = "added", "removed", "retired", "changed", "field"
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
UNIT_DAYS = {"days": 1, "months": 30, "years": 365}


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
        }

    def text(self) -> str:
        where = f"{self.relation} {self.label}".strip() if self.relation else ""
        if self.kind == ADDED:
            line = f"+ {where}"
        elif self.kind == REMOVED:
            line = f"- {where}"
        else:
            prefix = f"~ {where}: " if where else "~ "
            line = f"{prefix}{self.field}: {_show(self.old)} → {_show(self.new)}"
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
        records = (
            ([self.organisation] if self.organisation else [])
            + list(self.activities)
            + list(self.third_parties)
        )
        for rec in records:
            title = f"{rec.reference} {rec.name}".strip()
            lines += ["", f"[{rec.kind}] {rec.model.replace('_', ' ')} {title}"]
            lines += [f"    {e}" for e in rec.events]
            for c in rec.changes:
                lines.append(f"  {c.text()}")
                lines += [f"      {e}" for e in c.events]
        return "\n".join(lines) + "\n"


# --- values -------------------------------------------------------------------------------------------------


def _norm(value: Any) -> Any:
    """One comparable shape for values read from views and from historical rows."""
    if isinstance(value, list | tuple):
        return tuple(_norm(v) for v in value)
    if value is None or isinstance(value, bool | int | float | dt.date | dict):
        return value
    return str(value)


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


# --- what a relation is, for the diff -----------------------------------------------------------------------


@dataclass(frozen=True)
class RelationSpec:
    """How one relation of an activity is identified, labelled and compared, in views and historical rows."""

    name: str
    attr: str
    model: type
    view_key: Callable[[Any], Hashable]
    row_key: Callable[[dict], Hashable]
    label: Callable[[Any], str]
    fields: tuple[
        tuple[str, Callable[[Any], Any], str], ...
    ]  # (field, value in the view, attname in the row)


def _own(name: str) -> tuple[str, Callable[[Any], Any], str]:
    return (name, lambda v, n=name: getattr(v, n), name)


def _tp(attname: str = "third_party_id") -> tuple[str, Callable[[Any], Any], str]:
    return ("third_party", lambda v: v.third_party.name, attname)


RELATIONS: tuple[RelationSpec, ...] = (
    RelationSpec(
        "purpose",
        "purposes",
        m.ActivityPurpose,
        lambda v: v.id,
        lambda r: r["purpose_id"],
        lambda v: v.key,
        (_own("details"),),
    ),
    RelationSpec(
        "data_subjects",
        "data_subjects",
        m.ActivityDataSubject,
        lambda v: v.id,
        lambda r: r["data_subject_id"],
        lambda v: v.key,
        (),
    ),
    RelationSpec(
        "data_category",
        "data_categories",
        m.ActivityDataCategory,
        lambda v: v.id,
        lambda r: r["id"],
        lambda v: v.key,
        tuple(
            _own(f)
            for f in (
                "retention_period",
                "retention_unit",
                "retention_event",
                "retention_note",
                "art9_condition",
                "art10_authority",
            )
        ),
    ),
    RelationSpec(
        "legal_basis",
        "legal_bases",
        m.LegalBasis,
        lambda v: v.id,
        lambda r: r["id"],
        lambda v: f"{v.purpose_key}: {v.basis}",
        (("purpose", lambda v: v.purpose_key, "purpose_id"),)
        + tuple(
            _own(f)
            for f in (
                "basis",
                "legitimate_interest",
                "assessment_reference",
                "consent_record",
                "law_reference",
            )
        ),
    ),
    RelationSpec(
        "recipient",
        "recipients",
        m.Recipient,
        lambda v: v.id,
        lambda r: r["id"],
        lambda v: v.third_party.name,
        (_tp(),) + tuple(_own(f) for f in ("role", "data_shared", "purpose")),
    ),
    RelationSpec(
        "transfer",
        "transfers",
        m.Transfer,
        lambda v: v.id,
        lambda r: r["id"],
        lambda v: f"{v.third_party.name} → {v.destination}",
        (_tp(),)
        + tuple(
            _own(f)
            for f in (
                "destination_country",
                "international_organisation",
                "mechanism",
                "safeguard_reference",
                "tia_reference",
                "derogation_assessment",
                "occasional",
            )
        ),
    ),
    RelationSpec(
        "security_measure",
        "security_measures",
        m.ActivitySecurityMeasure,
        lambda v: v.id,
        lambda r: r["measure_id"],
        lambda v: v.key,
        (_own("details"),),
    ),
    RelationSpec(
        "controller",
        "controllers",
        m.ActivityController,
        lambda v: v.id,
        lambda r: r["id"],
        lambda v: v.third_party.name,
        (_tp("controller_id"),) + tuple(_own(f) for f in ("arrangement_reference", "processing_carried_out")),
    ),
)

SKIP_ACTIVITY_FIELDS = {"id", "version", "created_at", "updated_at"} | {s.attr for s in RELATIONS}
ACTIVITY_FIELDS = tuple(
    f.name for f in dataclasses.fields(ActivityView) if f.name not in SKIP_ACTIVITY_FIELDS
)
SKIP_PARTY_FIELDS = {"id", "version", "created_at"}


# --- history rows in the window -----------------------------------------------------------------------------

EVENT_COLUMNS = (
    "history_date",
    "history_id",
    "history_type",
    "history_change_reason",
    "history_user__username",
)


class RecordingSource(HistorySource):
    """A HistorySource that keeps what it read: the start snapshot's rows are the diff's "state before"."""

    def __init__(self, as_of: dt.datetime):
        super().__init__(as_of)
        self.read: dict[type, list[dict]] = {}

    def rows(self, model: type, fields: tuple[str, ...] = (), **filters) -> list[dict]:
        found = super().rows(model, fields, **filters)
        if not fields:  # whole rows only: a projection (e.g. which vendors are in use) is not a state
            self.read.setdefault(model, []).extend(found)
        return found


class History:
    """The historical rows of one model in (start, end], and the state just before, grouped per object.

    `before` is the model's rows at `start` (as the start snapshot read them); read here when not given.
    """

    def __init__(
        self,
        model: type,
        start: dt.datetime,
        end: dt.datetime,
        key: Callable[[dict], Hashable],
        before: list[dict] | None = None,
        **filters,
    ):
        names = [f.attname for f in model._meta.concrete_fields]
        window = (
            model.history.model.objects.filter(history_date__gt=start, history_date__lte=end, **filters)
            .order_by("history_date", "history_id")
            .values(*names, *EVENT_COLUMNS)
        )
        self.rows: dict[Hashable, list[dict]] = {}
        for row in window:
            self.rows.setdefault(key(row), []).append(row)
        self.before: dict[Hashable, dict] = {}
        if self.rows:  # no change in the window: the state before is not needed
            if before is None:
                before = HistorySource(start).rows(model, **filters)
            self.before = {key(r): r for r in before}

    @staticmethod
    def event(row: dict) -> Event:
        return Event(
            row["history_date"],
            row["history_user__username"],
            row["history_change_reason"] or "",
            ACTIONS.get(row["history_type"], row["history_type"]),
        )

    def events(self, key: Hashable, types: str = "+~-") -> tuple[Event, ...]:
        return tuple(self.event(r) for r in self.rows.get(key, ()) if r["history_type"] in types)

    def field_events(
        self, key: Hashable, attname: str, norm: Callable[[Any], Any] = _norm
    ) -> tuple[Event, ...]:
        """The rows of the window that changed one field of one object."""
        previous = self.before.get(key)
        prev = norm(previous[attname]) if previous else None
        found = []
        for row in self.rows.get(key, ()):
            if row["history_type"] == "-":
                continue
            value = norm(row[attname])
            if previous is not None and value != prev:
                found.append(self.event(row))
            previous, prev = row, value
        return tuple(found)


# --- the diff -----------------------------------------------------------------------------------------------


def _retention_note(old, new) -> str:
    def days(c):
        if c.retention_period is None or c.retention_unit not in UNIT_DAYS:
            return None
        return c.retention_period * UNIT_DAYS[c.retention_unit]

    before, after = days(old), days(new)
    if before is None or after is None or before == after:
        return ""
    return "retention shortened" if after < before else "retention lengthened"


def _relation_changes(
    spec: RelationSpec, old: ActivityView | None, new: ActivityView | None, history: History, activity_id: int
) -> list[Change]:
    before = {spec.view_key(v): v for v in (getattr(old, spec.attr) if old else ())}
    after = {spec.view_key(v): v for v in (getattr(new, spec.attr) if new else ())}

    def hkey(k):
        return (activity_id, k)

    out = []
    for k, v in after.items():
        if k not in before:
            out.append(Change(ADDED, spec.name, spec.label(v), events=history.events(hkey(k), "+~")[-1:]))
    for k, v in before.items():
        if k not in after:
            out.append(Change(REMOVED, spec.name, spec.label(v), events=history.events(hkey(k), "-")[-1:]))
    for k in before.keys() & after.keys():
        a, b = before[k], after[k]
        for field, get, attname in spec.fields:
            # a third party is the same one by id: renaming it is a change of the third party, not of this
            same = (lambda v: v.third_party.id) if field == "third_party" else get
            if _norm(same(a)) != _norm(same(b)):
                note = (
                    _retention_note(a, b)
                    if spec.name == "data_category" and field.startswith("retention")
                    else ""
                )
                out.append(
                    Change(
                        FIELD,
                        spec.name,
                        spec.label(b),
                        field,
                        get(a),
                        get(b),
                        note,
                        history.field_events(hkey(k), attname),
                    )
                )
    return out


def _record_field_changes(
    old,
    new,
    fields: Iterable[str],
    history: History,
    key: Hashable,
    norms: dict[str, Callable[[Any], Any]] | None = None,
) -> list[Change]:
    norms = norms or {}
    out = []
    for name in fields:
        norm = norms.get(name, _norm)
        if norm(getattr(old, name)) != norm(getattr(new, name)):
            out.append(
                Change(
                    FIELD,
                    "",
                    name,
                    name,
                    getattr(old, name),
                    getattr(new, name),
                    events=history.field_events(key, name, norm),
                )
            )
    return out


def _note(old: Register, new: Register) -> str:
    if new.organisation is None:
        return new.note
    if old.organisation is None:
        return "The organisation was not yet in the register at the start of the period: all of it is new."
    return ""


def diff_registers(
    old: Register,
    new: Register,
    start: dt.datetime,
    end: dt.datetime,
    read: dict[type, list[dict]] | None = None,
) -> RegisterDiff:
    """The diff of two snapshots of one organisation, attributed from the history rows in (start, end].

    `read` holds the rows the start snapshot was built from, by model (see RecordingSource), when known.
    """
    read = read if read is not None else {}
    org = new.organisation or old.organisation
    org_id = org.id if org else 0
    old_acts = {a.id: a for a in old.activities}
    new_acts = {a.id: a for a in new.activities}
    ids = sorted(old_acts.keys() | new_acts.keys())

    act_history = History(
        m.ProcessingActivity, start, end, lambda r: r["id"], read.get(m.ProcessingActivity), id__in=ids
    )
    rel_history = {
        spec.name: History(
            spec.model,
            start,
            end,
            lambda r, s=spec: (r["activity_id"], s.row_key(r)),
            read.get(spec.model),
            activity_id__in=ids,
        )
        for spec in RELATIONS
    }

    activities = []
    for aid in ids:
        a, b = old_acts.get(aid), new_acts.get(aid)
        changes = []
        if a and b:
            changes = _record_field_changes(a, b, ACTIVITY_FIELDS, act_history, aid)
        if a or b:
            for spec in RELATIONS:
                if a and b:
                    changes += _relation_changes(spec, a, b, rel_history[spec.name], aid)
        if a is None:
            kind, events = ADDED, act_history.events(aid, "+")[-1:]
        elif b is None:
            kind, events = REMOVED, act_history.events(aid, "-")[-1:]
        elif b.status == ActivityStatus.RETIRED and a.status != ActivityStatus.RETIRED:
            kind, events = RETIRED, act_history.field_events(aid, "status")[-1:]
        elif changes:
            kind, events = CHANGED, ()
        else:
            continue
        view = b or a
        activities.append(
            RecordChanges(kind, "activity", aid, view.reference, view.name, tuple(changes), events)
        )

    def used(reg: Register) -> set[int]:
        return {
            x.third_party.id
            for act in reg.activities
            for x in (*act.recipients, *act.transfers, *act.controllers)
        }

    old_tps = {t.id: t for t in old.third_parties}
    new_tps = {t.id: t for t in new.third_parties}
    tp_ids = sorted((used(old) | used(new)) & old_tps.keys() & new_tps.keys())
    tp_history = History(m.ThirdParty, start, end, lambda r: r["id"], read.get(m.ThirdParty), id__in=tp_ids)
    tp_fields = [f.name for f in dataclasses.fields(new_tps[tp_ids[0]])] if tp_ids else []
    third_parties = []
    for tid in tp_ids:
        changes = _record_field_changes(
            old_tps[tid],
            new_tps[tid],
            [f for f in tp_fields if f not in SKIP_PARTY_FIELDS],
            tp_history,
            tid,
            {"processing_locations": country_codes},
        )
        if changes:
            t = new_tps[tid]
            third_parties.append(RecordChanges(CHANGED, "third_party", tid, "", t.name, tuple(changes)))

    organisation = None
    if old.organisation and new.organisation:
        org_history = History(
            m.Organisation, start, end, lambda r: r["id"], read.get(m.Organisation), id=org_id
        )
        fields = [f.name for f in dataclasses.fields(new.organisation) if f.name not in SKIP_PARTY_FIELDS]
        changes = _record_field_changes(old.organisation, new.organisation, fields, org_history, org_id)
        if changes:
            organisation = RecordChanges(
                CHANGED, "organisation", org_id, "", new.organisation.name, tuple(changes)
            )

    order = {ADDED: 0, RETIRED: 1, CHANGED: 2, REMOVED: 3}
    activities.sort(key=lambda r: (order[r.kind], r.reference))
    return RegisterDiff(
        organisation_id=org_id,
        organisation_name=org.name if org else "",
        start=start,
        end=end,
        activities=tuple(activities),
        third_parties=tuple(third_parties),
        organisation=organisation,
        note=_note(old, new),
    )


def diff_register(organisation_id: int, start: dt.datetime, end: dt.datetime) -> RegisterDiff:
    """What changed in one organisation's register in (start, end], with when, who and why.

    Both datetimes must be aware and `start` must not come after `end` (ValueError otherwise).
    """
    if start > end:
        raise ValueError("The start of the period comes after its end.")
    source = RecordingSource(start)
    old = build_register(organisation_id, as_of=start, source=source)
    return diff_registers(old, build_register(organisation_id, as_of=end), start, end, source.read)
