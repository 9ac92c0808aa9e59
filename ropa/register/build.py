"""Building a Register snapshot in a fixed number of queries, whatever the number of activities."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

from django.db import models
from django.utils import timezone

from ropa import models as m
from ropa.countries import country_codes
from ropa.models.activities import ActivityRelation

from .snapshot import ActivityView, AdequacyView, OrganisationView, Register, ThirdPartyView
from .sources import HistorySource, LiveSource, RowSource

UNKNOWN_PARTY = ThirdPartyView(
    id=0, name="(unknown)", legal_entity="", country="", address="", contact_email="", processing_locations=(),
    default_role="", dpa_reference="", dpa_date=None, dpf_certified=False, certifications="", privacy_policy_url="",
    opt_out_url="", notes="", version=0,
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


def relation_views() -> dict[type, type]:
    """Each relation model's snapshot view class, read from the typed fields of `ActivityView`."""
    hints = typing.get_type_hints(ActivityView)
    return {model: typing.get_args(hints[model.relation.name])[0] for model in m.ACTIVITY_RELATIONS}


def _catalogue_models() -> set[type[models.Model]]:
    referred = {f.related_model for model in m.ACTIVITY_RELATIONS for f in model.relation.references}
    return {r for r in referred if isinstance(r, type) and r is not m.ThirdParty}


class _Resolver:
    """Turns relation rows into snapshot views, their references resolved against the same moment's rows."""

    def __init__(self, source: RowSource, third_parties: dict[int, ThirdPartyView]):
        self.third_parties = third_parties
        self.catalogues = {model: {r["id"]: r for r in source.rows(model)} for model in _catalogue_models()}
        self.views = relation_views()

    def _entry(self, model: type, entry_id: int) -> dict:
        return self.catalogues[model].get(entry_id) or {
            "key": f"#{entry_id}", "name": f"(missing #{entry_id})", "parent_id": None,
            "sensitivity": "ordinary", "kind": "", "vulnerable": False}

    def _reference(self, field: Any, value: int) -> dict:
        """What a view may take from one reference: a third party's view, or a catalogue entry's columns (as-is,
        and prefixed with the field's name: `purpose_key`), its parent's key and the entry's id as `entry_id`."""
        if field.related_model is m.ThirdParty:
            return {"third_party": self.third_parties.get(value) or UNKNOWN_PARTY}
        catalogue = self.catalogues[field.related_model]
        entry = self._entry(field.related_model, value)
        parent = catalogue.get(entry.get("parent_id"))
        prefixed = {f"{field.name}_{k}": v for k, v in entry.items() if k != "id"}
        return {**entry, **prefixed, "entry_id": value, "parent_key": parent["key"] if parent else None}

    def view(self, model: type[ActivityRelation], row: dict) -> Any:
        values: dict = {}
        for f in model.relation.references:
            values.update(self._reference(f, row[f.attname]))
        own = {k: (str(v or "") if k in _COUNTRY_FIELDS else v) for k, v in row.items()}
        return _pick(self.views[model], {**values, **own})


_COUNTRY_FIELDS = {"destination_country"}


def _order(model: type[ActivityRelation], view: Any) -> tuple:
    """A relation's rows in the order of their natural key as people read it (catalogue key, vendor name)."""
    parts = []
    for name in model.relation.natural_key:
        field = model._meta.get_field(name)
        if field.is_relation:
            parts.append(view.third_party.name if field.related_model is m.ThirdParty
                         else getattr(view, f"{name}_key", None) or view.key)
        else:
            parts.append(str(getattr(view, name, "") or ""))
    return (*parts, view.id)


def build_register(organisation_id: int, as_of: dt.datetime | None = None, source: RowSource | None = None) -> Register:
    """The register of one organisation, live or as it stood at `as_of`.

    Runs a constant number of queries (one per model read). `as_of` must be timezone-aware when given.
    """
    if source is None:
        source = HistorySource(as_of) if as_of else LiveSource()
    now = timezone.now()
    org_rows = source.rows(m.Organisation, id=organisation_id)
    adequacy = _sorted((_pick(AdequacyView, r) for r in source.rows(m.AdequacyDecision)),
                       key=lambda d: (d.country, d.in_force_from))
    third_parties = {
        r["id"]: _pick(ThirdPartyView, {**r, "processing_locations": country_codes(r["processing_locations"])})
        for r in source.rows(m.ThirdParty)
    }
    if not org_rows:
        return Register(None, now, as_of, (), tuple(third_parties.values()), adequacy, note=NOT_YET)
    organisation = _pick(OrganisationView, {**org_rows[0], "country": str(org_rows[0]["country"])})
    activity_rows = source.rows(m.ProcessingActivity, organisation_id=organisation_id)
    activities = tuple(sorted(activity_views(source, activity_rows, third_parties), key=lambda a: a.reference))
    return Register(
        organisation=organisation,
        generated_at=now,
        as_of=as_of,
        activities=activities,
        third_parties=_sorted(_relevant_parties(source, activities, third_parties), key=lambda t: t.name),
        adequacy_decisions=adequacy,
    )


def activity_views(source: RowSource, activity_rows: list[dict],
                   third_parties: dict[int, ThirdPartyView]) -> list[ActivityView]:
    """The given activities with every relation, read from `source` in one query per relation and catalogue."""
    ids = [r["id"] for r in activity_rows]
    resolver = _Resolver(source, third_parties)
    related = {model: _group(source.rows(model, activity_id__in=ids)) for model in m.ACTIVITY_RELATIONS}

    def relations(activity_id: int) -> dict[str, tuple]:
        out = {}
        for model, rows in related.items():
            views = (resolver.view(model, x) for x in rows.get(activity_id, ()))
            out[model.relation.name] = _sorted(views, key=lambda v, model=model: _order(model, v))
        return out

    return [
        _pick(ActivityView, {**r, "dpia_screening": tuple(r["dpia_screening"] or ())}, **relations(r["id"]))
        for r in activity_rows
    ]


def _relevant_parties(source: RowSource, activities, third_parties: dict) -> list[ThirdPartyView]:
    """The third parties this organisation's register speaks of: those its activities name, and those no activity
    of the installation names (unassigned, so any organisation may be asked about them). Third parties are shared
    by the installation; another organisation's vendors are not this register's business."""
    used_here = {
        p.third_party.id for a in activities for p in (*a.recipients, *a.transfers, *a.controllers)
    }
    used_anywhere = {r["third_party_id"] for r in source.rows(m.Recipient, fields=("third_party_id",))}
    used_anywhere |= {r["third_party_id"] for r in source.rows(m.Transfer, fields=("third_party_id",))}
    used_anywhere |= {r["controller_id"] for r in source.rows(m.ActivityController, fields=("controller_id",))}
    return [tp for tid, tp in third_parties.items() if tid in used_here or tid not in used_anywhere]
