"""Building a Register snapshot in a fixed number of queries, whatever the number of activities."""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils import timezone

from ropa import models as m
from ropa.allocations import cyclic_gc_paused
from ropa.countries import country_codes
from ropa.models.activities import ActivityRelation

from .snapshot import ActivityView, AdequacyView, OrganisationView, Register, ThirdPartyView
from .sources import HistorySource, LiveSource, RowSource

UNKNOWN_PARTY = ThirdPartyView(
    id=0,
    name="(unknown)",
    legal_entity="",
    country="",
    address="",
    contact_email="",
    processing_locations=(),
    default_role="",
    dpa_reference="",
    dpa_date=None,
    dpf_certified=False,
    certifications="",
    privacy_policy_url="",
    opt_out_url="",
    notes="",
    version=0,
)
NOT_YET = "The organisation did not exist in the register at this date: the register was empty."


def _pick(cls, row: dict, **extra):
    names = cls.__dataclass_fields__
    return cls(**{k: v for k, v in row.items() if k in names}, **extra)


def _sorted(items, key) -> tuple:
    return tuple(sorted(items, key=key))


def _group(rows: list[dict], key: str = "activity_id") -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


def relation_views() -> dict[type[ActivityRelation], Any]:
    """Each relation model's snapshot view class, read from the typed fields of `ActivityView`."""
    hints = typing.get_type_hints(ActivityView)
    return {model: typing.get_args(hints[model.relation.name])[0] for model in m.ACTIVITY_RELATIONS}


def _catalogue_models() -> set[type[models.Model]]:
    referred = {f.related_model for model in m.ACTIVITY_RELATIONS for f in model.relation.references}
    return {r for r in referred if isinstance(r, type) and r is not m.ThirdParty}


class _Resolver:
    """Turns relation rows into snapshot views, their references resolved against the same moment's rows.

    Everything that depends on the model only (its references, its view's fields, its ordering) is worked out once,
    and a reference's columns once per entry: a register repeats the same few catalogue entries and vendors on
    every activity."""

    def __init__(self, source: RowSource, third_parties: dict[int, ThirdPartyView]):
        self.third_parties = third_parties
        self.catalogues = {model: {r["id"]: r for r in source.rows(model)} for model in _catalogue_models()}
        self.views = relation_views()
        self.references = {model: model.relation.references for model in self.views}
        self.fields = {model: frozenset(view.__dataclass_fields__) for model, view in self.views.items()}
        self.orders = {model: _sort_key(model) for model in self.views}
        self._resolved: dict[tuple[str, int | None], dict] = {}
        self._plans: dict[type, tuple] = {}

    def _entry(self, model: type, entry_id: int) -> dict:
        return self.catalogues[model].get(entry_id) or {
            "key": f"#{entry_id}",
            "name": f"(missing #{entry_id})",
            "parent_id": None,
            "sensitivity": "ordinary",
            "kind": "",
            "vulnerable": False,
        }

    def _reference(self, field: Any, value: int) -> dict:
        """What a view may take from one reference: a third party's view, or a catalogue entry's columns (as-is,
        and prefixed with the field's name: `purpose_key`), its parent's key and the entry's id as `entry_id`."""
        key = (field.name, value)
        resolved = self._resolved.get(key)
        if resolved is not None:
            return resolved
        if field.related_model is m.ThirdParty:
            resolved = {"third_party": self.third_parties.get(value) or UNKNOWN_PARTY}
        else:
            catalogue = self.catalogues[field.related_model]
            entry = self._entry(field.related_model, value)
            parent = catalogue.get(entry.get("parent_id"))
            prefixed = {f"{field.name}_{k}": v for k, v in entry.items() if k != "id"}
            resolved = {**entry, **prefixed, "entry_id": value, "parent_key": parent["key"] if parent else None}
        self._resolved[key] = resolved
        return resolved

    def view(self, model: type[ActivityRelation], row: dict) -> Any:
        own, references, countries = self._plans.get(model) or self._plan(model, row)
        values = {name: row[name] for name in own}
        for name in countries:
            values[name] = str(values[name] or "")
        for attname, taken in references:  # what a reference gives, less the view's own columns (the row's win)
            value = row[attname]
            values.update(taken.get(value) or taken.setdefault(value, taken.resolve(value)))
        return self.views[model](**values)

    def _plan(self, model: type[ActivityRelation], row: dict) -> tuple:
        """Which of a row's columns the view takes as they are, which are country codes to turn into text, and
        what each reference gives it: the same for every row of a model, so worked out once, from its first row."""
        names = self.fields[model]
        own = tuple(name for name in row if name in names)
        references = tuple((f.attname, _Taken(self, f, names - set(own))) for f in self.references[model])
        plan = (own, references, tuple(n for n in own if n in _COUNTRY_FIELDS))
        self._plans[model] = plan
        return plan

    def ordered(self, model: type, views: list) -> tuple:
        if len(views) < 2:
            return tuple(views)
        return tuple(sorted(views, key=self.orders[model]))


class _Taken(dict):
    """The part of each resolved entry of one reference that one view takes, by the entry's id."""

    def __init__(self, resolver: _Resolver, field: Any, names: frozenset[str]):
        super().__init__()
        self.resolver, self.field, self.names = resolver, field, names

    def resolve(self, value: int) -> dict:
        return {k: v for k, v in self.resolver._reference(self.field, value).items() if k in self.names}


_COUNTRY_FIELDS = {"destination_country"}


def _own_key(view: Any, name: str) -> str:
    return str(getattr(view, name, "") or "")


def _entry_key(view: Any, name: str) -> str:
    return getattr(view, name, None) or view.key


def _sort_key(model: type[ActivityRelation]) -> Callable[[Any], tuple]:
    """How a relation's views are ordered: each part of its natural key as people read it (catalogue key, vendor
    name), then the row's id."""
    keys: list[Callable[[Any], str]] = []
    for name in model.relation.natural_key:
        field: Any = model._meta.get_field(name)
        if not field.is_relation:
            keys.append(functools.partial(_own_key, name=name))
        elif field.related_model is m.ThirdParty:
            keys.append(lambda view: view.third_party.name)
        else:
            keys.append(functools.partial(_entry_key, name=f"{name}_key"))
    if len(keys) == 1:
        only = keys[0]
        return lambda view: (only(view), view.id)
    return lambda view: (*(key(view) for key in keys), view.id)


def _row_fields(model: type[ActivityRelation], view: Any) -> tuple[str, ...]:
    """The columns a relation's view needs (its bookkeeping left out unless the view shows it)."""
    shown = view.__dataclass_fields__
    return tuple(
        f.attname for f in model._meta.concrete_fields if f.attname in shown or f.is_relation or f.name in shown
    )


def build_register(organisation_id: int, as_of: dt.datetime | None = None, source: RowSource | None = None) -> Register:
    """The register of one organisation, live or as it stood at `as_of`.

    Runs a constant number of queries (one per model read). `as_of` must be timezone-aware when given.
    """
    with cyclic_gc_paused():  # hundreds of thousands of views that all live on (ropa.allocations)
        return _build(organisation_id, as_of, source)


def _build(organisation_id: int, as_of: dt.datetime | None, source: RowSource | None) -> Register:
    if source is None:
        source = HistorySource(as_of) if as_of else LiveSource()
    now = timezone.now()
    org_rows = source.rows(m.Organisation, id=organisation_id)
    adequacy = _sorted(
        (_pick(AdequacyView, r) for r in source.rows(m.AdequacyDecision)), key=lambda d: (d.country, d.in_force_from)
    )
    third_parties = {
        r["id"]: _pick(ThirdPartyView, {**r, "processing_locations": country_codes(r["processing_locations"])})
        for r in source.rows(m.ThirdParty)
    }
    if not org_rows:
        return Register(None, now, as_of, (), tuple(third_parties.values()), adequacy, note=NOT_YET)
    organisation = _pick(OrganisationView, {**org_rows[0], "country": str(org_rows[0]["country"])})
    activity_rows = source.rows(m.ProcessingActivity, organisation_id=organisation_id)
    # The relation rows are picked by a subquery, not a list of ten thousand ids to bind one by one.
    ids = source.queryset(m.ProcessingActivity, fields=("id",), organisation_id=organisation_id)
    # No activity (a register before its first one, the start of many diffs): an empty id list, so the relation
    # queries are not run at all (Django answers `IN ()` without the database) and a recording source keeps them
    # as empty.
    views = activity_views(source, activity_rows, third_parties, activity_ids=ids if activity_rows else [])
    activities = tuple(sorted(views, key=lambda a: a.reference))
    return Register(
        organisation=organisation,
        generated_at=now,
        as_of=as_of,
        activities=activities,
        third_parties=_sorted(_relevant_parties(source, activities, third_parties), key=lambda t: t.name),
        adequacy_decisions=adequacy,
    )


def activity_views(
    source: RowSource, activity_rows: list[dict], third_parties: dict[int, ThirdPartyView], activity_ids=None
) -> list[ActivityView]:
    """The given activities with every relation, read from `source` in one query per relation and catalogue.
    `activity_ids` (a list or a subquery) picks their relation rows; the rows' ids by default."""
    ids = activity_ids if activity_ids is not None else [r["id"] for r in activity_rows]
    resolver = _Resolver(source, third_parties)
    whole = getattr(source, "whole_rows", False)  # a source that keeps what it reads needs whole rows
    related = {
        model: _group(source.rows(model, fields=() if whole else _row_fields(model, view), activity_id__in=ids))
        for model, view in resolver.views.items()
    }
    names = [(model, model.relation.name) for model in related]

    def relations(activity_id: int) -> dict[str, tuple]:
        return {
            name: resolver.ordered(model, [resolver.view(model, x) for x in related[model].get(activity_id, ())])
            for model, name in names
        }

    return [
        _pick(ActivityView, {**r, "dpia_screening": tuple(r["dpia_screening"] or ())}, **relations(r["id"]))
        for r in activity_rows
    ]


def _relevant_parties(source: RowSource, activities, third_parties: dict) -> list[ThirdPartyView]:
    """The third parties this organisation's register speaks of: those its activities name, and those no activity
    of the installation names (unassigned, so any organisation may be asked about them). Third parties are shared
    by the installation; another organisation's vendors are not this register's business."""
    used_here = {p.third_party.id for a in activities for p in (*a.recipients, *a.transfers, *a.controllers)}
    # Which other vendors some row of the installation names, each once: one query over those vendors' rows only
    # (none when this register names every vendor: then it asks for the placeholder id 0, so the query count does
    # not depend on the data), whatever the installation's size.
    others = [tid for tid in third_parties if tid not in used_here] or [UNKNOWN_PARTY.id]
    named = [
        source.queryset(model, fields=(column,), **{f"{column}__in": others}).order_by()
        for model, column in (
            (m.Recipient, "third_party_id"),
            (m.Transfer, "third_party_id"),
            (m.ActivityController, "controller_id"),
        )
    ]
    used_anywhere = {next(iter(row.values())) for row in named[0].union(*named[1:])}
    return [tp for tid, tp in third_parties.items() if tid in used_here or tid not in used_anywhere]
