"""Building a Register snapshot in a fixed number of queries, whatever the number of activities."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ropa import models as m

from .snapshot import (
    ActivityView,
    AdequacyView,
    CatalogueItem,
    ControllerView,
    DataCategoryUse,
    LegalBasisView,
    OrganisationView,
    RecipientView,
    Register,
    SecurityMeasureUse,
    ThirdPartyView,
    TransferView,
)
from .sources import HistorySource, LiveSource, RowSource

UNKNOWN_PARTY = ThirdPartyView(0, "(unknown)", "", "", "", "", (), "", "", None, False, "", "", "", "", 0)
NOT_YET = "The organisation did not exist in the register at this date: the register was empty."


def _pick(cls, row: dict, **extra):
    names = cls.__dataclass_fields__
    return cls(**{k: v for k, v in row.items() if k in names}, **extra)


def country_codes(value) -> tuple[str, ...]:
    """ISO codes from a multiple CountryField value (a comma-separated string or a list)."""
    if not value:
        return ()
    if isinstance(value, str):
        return tuple(c for c in value.split(",") if c)
    return tuple(str(c) for c in value)


def _sorted(items, key) -> tuple:
    return tuple(sorted(items, key=key))


def _group(rows: list[dict], key: str = "activity_id") -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


def build_register(organisation_id: int, as_of: dt.datetime | None = None, source: RowSource | None = None) -> Register:
    """The register of one organisation, live or as it stood at `as_of`.

    Runs a constant number of queries (one per model read). `as_of` must be timezone-aware when given.
    """
    source = source or (HistorySource(as_of) if as_of else LiveSource())
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
    ids = [r["id"] for r in activity_rows]
    related = {
        model: _group(source.rows(model, activity_id__in=ids))
        for model in m.ACTIVITY_RELATIONS
    }
    purposes = {r["id"]: r for r in source.rows(m.Purpose)}
    subjects = {r["id"]: r for r in source.rows(m.DataSubjectCategory)}
    categories = {r["id"]: r for r in source.rows(m.DataCategory)}
    measures = {r["id"]: r for r in source.rows(m.SecurityMeasure)}

    def party(party_id: int) -> ThirdPartyView:
        return third_parties.get(party_id) or UNKNOWN_PARTY

    def entry(catalogue: dict, cid: int) -> dict:
        return catalogue.get(cid) or {"key": f"#{cid}", "name": f"(missing #{cid})", "sensitivity": "ordinary",
                                      "kind": "", "vulnerable": False, "parent_id": None}

    def purpose(x: dict) -> CatalogueItem:
        p = entry(purposes, x["purpose_id"])
        return CatalogueItem(id=x["purpose_id"], key=p["key"], name=p["name"], details=x["details"])

    def subject(x: dict) -> CatalogueItem:
        s = entry(subjects, x["data_subject_id"])
        return CatalogueItem(id=x["data_subject_id"], key=s["key"], name=s["name"], vulnerable=s["vulnerable"])

    def category_use(x: dict) -> DataCategoryUse:
        c = entry(categories, x["data_category_id"])
        parent = categories.get(c["parent_id"])
        return _pick(DataCategoryUse, x, key=c["key"], name=c["name"], sensitivity=c["sensitivity"],
                     parent_key=parent["key"] if parent else None)

    def legal_basis(x: dict) -> LegalBasisView:
        p = entry(purposes, x["purpose_id"])
        return _pick(LegalBasisView, x, purpose_key=p["key"], purpose_name=p["name"])

    def transfer(x: dict) -> TransferView:
        country = str(x["destination_country"] or "")
        return _pick(TransferView, {**x, "destination_country": country}, third_party=party(x["third_party_id"]))

    def measure(x: dict) -> SecurityMeasureUse:
        s = entry(measures, x["measure_id"])
        return SecurityMeasureUse(
            id=x["measure_id"], key=s["key"], name=s["name"], kind=s["kind"], details=x["details"]
        )

    def activity(r: dict) -> ActivityView:
        rel = {model: sorted(rows.get(r["id"], []), key=lambda x: x["id"]) for model, rows in related.items()}
        return _pick(
            ActivityView,
            {**r, "dpia_screening": tuple(r["dpia_screening"] or ())},
            purposes=_sorted(map(purpose, rel[m.ActivityPurpose]), key=lambda i: i.key),
            data_subjects=_sorted(map(subject, rel[m.ActivityDataSubject]), key=lambda i: i.key),
            data_categories=_sorted(map(category_use, rel[m.ActivityDataCategory]), key=lambda c: c.key),
            legal_bases=tuple(map(legal_basis, rel[m.LegalBasis])),
            recipients=_sorted(
                (_pick(RecipientView, x, third_party=party(x["third_party_id"])) for x in rel[m.Recipient]),
                key=lambda rv: rv.third_party.name,
            ),
            transfers=_sorted(map(transfer, rel[m.Transfer]), key=lambda t: (t.third_party.name, t.destination)),
            security_measures=_sorted(map(measure, rel[m.ActivitySecurityMeasure]), key=lambda s: s.key),
            controllers=tuple(
                _pick(ControllerView, x, third_party=party(x["controller_id"])) for x in rel[m.ActivityController]
            ),
        )

    activities = tuple(sorted((activity(r) for r in activity_rows), key=lambda a: a.reference))
    return Register(
        organisation=organisation,
        generated_at=now,
        as_of=as_of,
        activities=activities,
        third_parties=_sorted(_relevant_parties(source, activities, third_parties), key=lambda t: t.name),
        adequacy_decisions=adequacy,
    )


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
