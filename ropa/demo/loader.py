"""Write the demo register idempotently.

Records are matched by stable keys (organisation by legal name, third parties by trade name, activities by
organisation and reference, relation rows by their natural unique keys). A record is saved only when a value
differs, so a second run writes nothing: no history rows, no version bumps. Every save goes through
full_clean() and the model's own save(), so validation, versions and history apply as on any write path.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from ropa.history import change_context
from ropa.models import (
    ACTIVITY_RELATIONS,
    Organisation,
    PrivacyNotice,
    ProcessingActivity,
    ThirdParty,
)
from ropa.models.activities import ActivityRelation

from . import data

OUTCOMES = ("created", "updated", "unchanged", "removed")


@dataclass
class LoadSummary:
    """What a load did, per model (verbose plural name) and outcome."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, model: type[models.Model], outcome: str) -> None:
        self.counts.setdefault(str(model._meta.verbose_name_plural), Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(self.total(o) for o in ("created", "updated", "removed"))

    def lines(self) -> list[str]:
        out = [f"{name}: " + ", ".join(f"{c[o]} {o}" for o in OUTCOMES) for name, c in self.counts.items()]
        out.append("Total: " + ", ".join(f"{self.total(o)} {o}" for o in OUTCOMES))
        return out


def _comparable(f: models.Field, value: Any) -> Any:
    """A value in the form the database would store, so that equal values compare equal."""
    if f.is_relation:
        return value.pk if isinstance(value, models.Model) else value
    return f.get_prep_value(value)


class _Writer:
    def __init__(self) -> None:
        self.summary = LoadSummary()

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> Any:
        """Create the record matched by `lookup`, or bring its `values` up to date (save only on a change)."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.summary.add(model, "created")
            return obj
        changed = False
        for name, value in values.items():
            f: Any = model._meta.get_field(name)
            if _comparable(f, getattr(obj, f.attname)) != _comparable(f, value):
                setattr(obj, name, value)
                changed = True
        if changed:
            self._save(obj)
        self.summary.add(model, "updated" if changed else "unchanged")
        return obj

    def prune(self, model: type[models.Model], activity: ProcessingActivity, keep: set[int]) -> None:
        """Delete the activity's rows of `model` that the data no longer lists (their history stays)."""
        for obj in model._default_manager.filter(activity=activity).exclude(pk__in=keep):
            obj.activity = activity  # type: ignore[attr-defined]  # the same instance, whose version the deletion bumps
            obj.delete()
            self.summary.add(model, "removed")

    @staticmethod
    def _save(obj: models.Model) -> None:
        obj.full_clean()
        obj.save()


def _catalogue(model: type[models.Model]) -> dict[str, models.Model]:
    return {o.key: o for o in model._default_manager.all()}  # type: ignore[attr-defined]  # catalogues have a key


def _without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def _relation_rows(
    w: _Writer, act: ProcessingActivity, model: type[ActivityRelation], rows: list, refs: _References
) -> None:
    """Make one relation of the activity equal to the demo's rows: a row is its natural key's value (a catalogue
    key), or a dict of field values with references named by catalogue key or third party name."""
    relation = model.relation
    keep = set()
    for row in rows:
        row = row if isinstance(row, dict) else {relation.natural_key[0]: row}
        given = {name: refs.resolve(model, name, value) for name, value in row.items()}
        lookup = {"activity": act, **{name: given.get(name, "") for name in relation.natural_key}}
        values = {f.name: f.get_default() for f in relation.content_fields if f.name not in lookup}
        values.update({k: v for k, v in given.items() if k not in lookup})
        keep.add(w.upsert(model, lookup, values).pk)
    w.prune(model, act, keep)


class _References:
    """Catalogue entries by key and third parties by name, as the demo data names them."""

    def __init__(self, parties: dict[str, ThirdParty]):
        self.parties = parties
        self.catalogues: dict[type, dict[str, models.Model]] = {}

    def resolve(self, model: type[models.Model], name: str, value: Any) -> Any:
        field: Any = model._meta.get_field(name)
        if not field.is_relation:
            return value
        if field.related_model is ThirdParty:
            return self.parties[value]
        if field.related_model not in self.catalogues:
            self.catalogues[field.related_model] = _catalogue(field.related_model)
        return self.catalogues[field.related_model][value]


_DEMO_RELATIONS = {name for entry in data.ACTIVITIES for name in entry}


def _load_activity(w: _Writer, org: Organisation, entry: dict, refs: _References) -> None:
    names = [model.relation.name for model in ACTIVITY_RELATIONS]
    values = {**data.ACTIVITY_DEFAULTS, **_without(entry, "reference", *names)}
    act = w.upsert(ProcessingActivity, {"organisation": org, "reference": entry["reference"]}, values)
    for model in ACTIVITY_RELATIONS:
        if model.relation.name in _DEMO_RELATIONS:  # the relations the demo speaks of are made equal to it
            _relation_rows(w, act, model, entry.get(model.relation.name, []), refs)


def load_demo(user: Any = None) -> LoadSummary:
    """Load (or bring up to date) the Mysterium VPN demo register, attributed to `user` with the demo reason.

    All or nothing: one transaction, so a validation error leaves the database as it was.
    """
    w = _Writer()
    with transaction.atomic(), change_context(data.REASON, user=user):
        org = w.upsert(Organisation, {"name": data.ORGANISATION["name"]}, _without(data.ORGANISATION, "name"))
        parties = {
            tp["name"]: w.upsert(ThirdParty, {"name": tp["name"]}, _without(tp, "name")) for tp in data.THIRD_PARTIES
        }
        refs = _References(parties)
        for entry in data.ACTIVITIES:
            _load_activity(w, org, entry, refs)
        _load_notice(w, org)
    return w.summary


def _load_notice(w: _Writer, org: Organisation) -> None:
    """The published notice the register was read from, from the copy shipped with the demo."""
    notice = data.NOTICE
    text = (Path(__file__).with_name(notice["file"])).read_text(encoding="utf-8")
    lookup = {"organisation": org, "version_label": notice["version_label"], "language": notice["language"]}
    values = {
        "published_on": dt.date.fromisoformat(notice["published_on"]),
        "url": notice["url"],
        "format": notice["format"],
        "text": text,
    }
    w.upsert(PrivacyNotice, lookup, values)
