"""Write the demo register idempotently.

Records are matched by stable keys (organisation by legal name, third parties by trade name, activities by
organisation and reference, relation rows by their natural unique keys). A record is saved only when a value
differs, so a second run writes nothing: no history rows, no version bumps. Every save goes through
full_clean() and the model's own save(), so validation, versions and history apply as on any write path.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from ropa.history import change_context
from ropa.models import (
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    DataCategory,
    DataSubjectCategory,
    LegalBasis,
    Organisation,
    ProcessingActivity,
    Purpose,
    Recipient,
    ThirdParty,
    Transfer,
)

from . import data

OUTCOMES = ("created", "updated", "unchanged", "removed")
RELATIONS = ("purposes", "data_subjects", "data_categories", "legal_bases", "recipients", "transfers")


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

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Create the record matched by `lookup`, or bring its `values` up to date (save only on a change)."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj)
            self.summary.add(model, "created")
            return obj
        changed = False
        for name, value in values.items():
            f = model._meta.get_field(name)
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
            obj.activity = activity  # the same instance, whose version the deletion bumps
            obj.delete()
            self.summary.add(model, "removed")

    @staticmethod
    def _save(obj: models.Model) -> None:
        obj.full_clean()
        obj.save()


def _catalogue(model: type[models.Model]) -> dict[str, models.Model]:
    return {o.key: o for o in model._default_manager.all()}


def _without(row: dict, *keys: str) -> dict:
    return {k: v for k, v in row.items() if k not in keys}


def _load_activity(w: _Writer, org: Organisation, entry: dict, parties: dict[str, ThirdParty],
                   cat: dict[str, dict]) -> None:
    values = {**data.ACTIVITY_DEFAULTS, **_without(entry, "reference", *RELATIONS)}
    act = w.upsert(ProcessingActivity, {"organisation": org, "reference": entry["reference"]}, values)

    keep = {w.upsert(ActivityPurpose, {"activity": act, "purpose": cat["purposes"][key]}, {"details": ""}).pk
            for key in entry.get("purposes", [])}
    w.prune(ActivityPurpose, act, keep)

    keep = {w.upsert(ActivityDataSubject, {"activity": act, "data_subject": cat["subjects"][key]}, {}).pk
            for key in entry.get("data_subjects", [])}
    w.prune(ActivityDataSubject, act, keep)

    keep = set()
    for row in entry.get("data_categories", []):
        values = {"retention_period": None, "retention_unit": "", "retention_event": "", "retention_note": "",
                  "art9_condition": "", "art10_authority": "", **_without(row, "data_category")}
        lookup = {"activity": act, "data_category": cat["categories"][row["data_category"]]}
        keep.add(w.upsert(ActivityDataCategory, lookup, values).pk)
    w.prune(ActivityDataCategory, act, keep)

    keep = set()
    for row in entry.get("legal_bases", []):
        values = {"legitimate_interest": "", "assessment_reference": "", "consent_record": "",
                  "law_reference": "", **_without(row, "purpose", "basis")}
        lookup = {"activity": act, "purpose": cat["purposes"][row["purpose"]], "basis": row["basis"]}
        keep.add(w.upsert(LegalBasis, lookup, values).pk)
    w.prune(LegalBasis, act, keep)

    keep = set()
    for row in entry.get("recipients", []):
        lookup = {"activity": act, "third_party": parties[row["third_party"]]}
        keep.add(w.upsert(Recipient, lookup, _without(row, "third_party")).pk)
    w.prune(Recipient, act, keep)

    keep = set()
    for row in entry.get("transfers", []):
        lookup = {"activity": act, "third_party": parties[row["third_party"]],
                  "destination_country": row.get("destination_country", ""),
                  "international_organisation": row.get("international_organisation", "")}
        values = {"mechanism": row["mechanism"], "safeguard_reference": row.get("safeguard_reference", ""),
                  "tia_reference": row.get("tia_reference", ""), "derogation_assessment": "",
                  "occasional": False}
        keep.add(w.upsert(Transfer, lookup, values).pk)
    w.prune(Transfer, act, keep)


def load_demo(user: Any = None) -> LoadSummary:
    """Load (or bring up to date) the Mysterium VPN demo register, attributed to `user` with the demo reason.

    All or nothing: one transaction, so a validation error leaves the database as it was.
    """
    w = _Writer()
    with transaction.atomic(), change_context(data.REASON, user=user):
        org = w.upsert(Organisation, {"name": data.ORGANISATION["name"]}, _without(data.ORGANISATION, "name"))
        parties = {tp["name"]: w.upsert(ThirdParty, {"name": tp["name"]}, _without(tp, "name"))
                   for tp in data.THIRD_PARTIES}
        catalogues = {"purposes": _catalogue(Purpose), "subjects": _catalogue(DataSubjectCategory),
                      "categories": _catalogue(DataCategory)}
        for entry in data.ACTIVITIES:
            _load_activity(w, org, entry, parties, catalogues)
    return w.summary
