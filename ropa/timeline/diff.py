"""What changed in an organisation's register between two moments, with when, who and why.

What changed is read from two Register snapshots (so the diff says exactly what the register said at each
end); when, who and why come from the historical rows written in the window (start, end] (`window.py`). Both take a
fixed number of queries, whatever the number of activities. An activity's relations are compared as their
declarations (`ropa.models.relation`) and their models' fields say: rows matched by id, every content field compared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from ropa import models as m
from ropa.choices import ActivityStatus
from ropa.countries import country_codes
from ropa.models.activities import ActivityRelation
from ropa.models.relation import BOOKKEEPING
from ropa.register import ActivityView, Register, ThirdPartyView, build_register
from ropa.register.cache import cached_register

from .changes import ADDED, CHANGED, FIELD, REMOVED, RETIRED, Change, RecordChanges, RegisterDiff
from .display import field_label, value_text
from .window import History, RecordingSource, norm

UNIT_DAYS = {"days": 1, "months": 30, "years": 365}
ACTIVITY_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(ActivityView)
    if f.name not in BOOKKEEPING and f.name not in {model.relation.name for model in m.ACTIVITY_RELATIONS}
)
SKIP_PARTY_FIELDS = {"id", "version", "created_at"}
KIND_ORDER = {ADDED: 0, RETIRED: 1, CHANGED: 2, REMOVED: 3}


# --- an activity's relations ----------------------------------------------------------------------------------


def _value(view, field) -> Any:
    """A field of a relation row as the diff shows it: a reference by its key or name, else the value."""
    if not field.is_relation:
        return getattr(view, field.name)
    if field.related_model is m.ThirdParty:
        return view.third_party.name
    return getattr(view, f"{field.name}_key", None) or view.key


def _identity(view, field) -> Any:
    """What makes a field's value the same: a third party by id (renaming it is a change of the third party)."""
    return view.third_party.id if field.related_model is m.ThirdParty else _value(view, field)


def _label(model: type[ActivityRelation], view) -> str:
    return model.relation.text(lambda name: _value(view, model._meta.get_field(name)))


def _shown(model: type[ActivityRelation], view, name: str) -> str:
    """A field of a relation row as a person reads it: a reference by its name, else its value in words."""
    field = model._meta.get_field(name)
    if field.related_model is m.ThirdParty:
        return view.third_party.name
    if field.is_relation:
        return getattr(view, f"{field.name}_name", None) or view.name
    return value_text(model, name, getattr(view, name), view)


def _item_text(model: type[ActivityRelation], view) -> str:
    """ "Data category Email address", "Transfer Sentry → United States of America"."""

    def part(name: str) -> str:
        own = not model._meta.get_field(name).is_relation
        return "" if own and getattr(view, name, None) in (None, "", ()) else _shown(model, view, name)

    return f"{model.relation.noun} {model.relation.text(part)}"


def _retention_note(old, new) -> str:
    def days(c):
        if c.retention_period is None or c.retention_unit not in UNIT_DAYS:
            return None
        return c.retention_period * UNIT_DAYS[c.retention_unit]

    before, after = days(old), days(new)
    if before is None or after is None or before == after:
        return ""
    return "retention shortened" if after < before else "retention lengthened"


def _row_changes(model: type[ActivityRelation], a, b, history: History, key: Hashable) -> list[Change]:
    """The field changes of one relation row present at both ends."""
    out = []
    for field in model.relation.content_fields:
        if norm(_identity(a, field)) == norm(_identity(b, field)):
            continue
        note = _retention_note(a, b) if field.name.startswith("retention") else ""
        events = history.field_events(key, field.attname)
        out.append(
            Change(
                FIELD,
                model.relation.item,
                _label(model, b),
                field.name,
                _value(a, field),
                _value(b, field),
                note,
                events,
                item_text=_item_text(model, b),
                field_text=field_label(model, field.name),
                old_text=_shown(model, a, field.name),
                new_text=_shown(model, b, field.name),
            )
        )
    return out


def _relation_changes(
    model: type[ActivityRelation], old: ActivityView, new: ActivityView, history: History
) -> list[Change]:
    item = model.relation.item
    before = {v.id: v for v in getattr(old, model.relation.name)}
    after = {v.id: v for v in getattr(new, model.relation.name)}
    out = []
    for k in after.keys() - before.keys():
        out.append(
            Change(
                ADDED,
                item,
                _label(model, after[k]),
                events=history.events((new.id, k), "+~")[-1:],
                item_text=_item_text(model, after[k]),
            )
        )
    for k in before.keys() - after.keys():
        out.append(
            Change(
                REMOVED,
                item,
                _label(model, before[k]),
                events=history.events((old.id, k), "-")[-1:],
                item_text=_item_text(model, before[k]),
            )
        )
    for k in before.keys() & after.keys():
        out += _row_changes(model, before[k], after[k], history, (new.id, k))
    return sorted(out, key=lambda c: (c.kind != ADDED, c.kind != REMOVED, c.label, c.field))


# --- records --------------------------------------------------------------------------------------------------


def _record_field_changes(
    model: type[Any],
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
        normalise = norms.get(name, norm)
        a, b = getattr(old, name), getattr(new, name)
        if normalise(a) != normalise(b):
            out.append(
                Change(
                    FIELD,
                    "",
                    name,
                    name,
                    a,
                    b,
                    events=history.field_events(key, name, normalise),
                    field_text=field_label(model, name),
                    old_text=value_text(model, name, a, old),
                    new_text=value_text(model, name, b, new),
                )
            )
    return out


def _activity_record(
    aid: int, a: ActivityView | None, b: ActivityView | None, act_history: History, rel_history: dict[type, History]
) -> RecordChanges | None:
    changes: list[Change] = []
    if a and b:
        changes = _record_field_changes(m.ProcessingActivity, a, b, ACTIVITY_FIELDS, act_history, aid)
        for model in m.ACTIVITY_RELATIONS:
            changes += _relation_changes(model, a, b, rel_history[model])
    if a is None:
        kind, events = ADDED, act_history.events(aid, "+")[-1:]
    elif b is None:
        kind, events = REMOVED, act_history.events(aid, "-")[-1:]
    elif b.status == ActivityStatus.RETIRED and a.status != ActivityStatus.RETIRED:
        kind, events = RETIRED, act_history.field_events(aid, "status")[-1:]
    elif changes:
        kind, events = CHANGED, ()
    else:
        return None
    view = b or a
    assert view is not None
    return RecordChanges(kind, "activity", aid, view.reference, view.name, tuple(changes), events)


def _activities(
    old: Register, new: Register, window: tuple[dt.datetime, dt.datetime], read: dict[type, list[dict]]
) -> list[RecordChanges]:
    old_acts = {a.id: a for a in old.activities}
    new_acts = {a.id: a for a in new.activities}
    ids = sorted(old_acts.keys() | new_acts.keys())
    act_history = History(m.ProcessingActivity, *window, lambda r: r["id"], read.get(m.ProcessingActivity), id__in=ids)
    rel_history = {
        model: History(model, *window, lambda r: (r["activity_id"], r["id"]), read.get(model), activity_id__in=ids)
        for model in m.ACTIVITY_RELATIONS
    }
    records = (_activity_record(aid, old_acts.get(aid), new_acts.get(aid), act_history, rel_history) for aid in ids)
    return sorted((r for r in records if r), key=lambda r: (KIND_ORDER[r.kind], r.reference))


def _parties_in_use(register: Register) -> set[int]:
    parties: list[Any] = [x for act in register.activities for x in (*act.recipients, *act.transfers, *act.controllers)]
    return {x.third_party.id for x in parties}


def _third_parties(
    old: Register, new: Register, window: tuple[dt.datetime, dt.datetime], read: dict[type, list[dict]]
) -> list[RecordChanges]:
    old_tps = {t.id: t for t in old.third_parties}
    new_tps = {t.id: t for t in new.third_parties}
    tp_ids = sorted((_parties_in_use(old) | _parties_in_use(new)) & old_tps.keys() & new_tps.keys())
    history = History(m.ThirdParty, *window, lambda r: r["id"], read.get(m.ThirdParty), id__in=tp_ids)
    fields = [f.name for f in dataclasses.fields(ThirdPartyView) if f.name not in SKIP_PARTY_FIELDS]
    out = []
    for tid in tp_ids:
        changes = _record_field_changes(
            m.ThirdParty, old_tps[tid], new_tps[tid], fields, history, tid, {"processing_locations": country_codes}
        )
        if changes:
            out.append(RecordChanges(CHANGED, "third_party", tid, "", new_tps[tid].name, tuple(changes)))
    return out


def _organisation(
    old: Register, new: Register, window: tuple[dt.datetime, dt.datetime], read: dict[type, list[dict]]
) -> RecordChanges | None:
    if not (old.organisation and new.organisation):
        return None
    org_id = new.organisation.id
    history = History(m.Organisation, *window, lambda r: r["id"], read.get(m.Organisation), id=org_id)
    fields = [f.name for f in dataclasses.fields(new.organisation) if f.name not in SKIP_PARTY_FIELDS]
    changes = _record_field_changes(m.Organisation, old.organisation, new.organisation, fields, history, org_id)
    if not changes:
        return None
    return RecordChanges(CHANGED, "organisation", org_id, "", new.organisation.name, tuple(changes))


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
    window = (start, end)
    return RegisterDiff(
        organisation_id=org.id if org else 0,
        organisation_name=org.name if org else "",
        start=start,
        end=end,
        activities=tuple(_activities(old, new, window, read)),
        third_parties=tuple(_third_parties(old, new, window, read)),
        organisation=_organisation(old, new, window, read),
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
    return diff_registers(old, cached_register(organisation_id, as_of=end), start, end, source.read)
