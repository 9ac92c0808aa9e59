"""`?as_of=`: activities as they stood at a past moment, served from the Register snapshot (the read model), in the
same shape as the live representation so clients read both with one parser. Read-only."""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers

from ropa.models import Organisation, ProcessingActivity
from ropa.register import ActivityView, Register, build_register, dates

AS_OF = "as_of"
_datetime = serializers.DateTimeField()
_date = serializers.DateField()


def parse_as_of(raw: str) -> dt.datetime:
    """A past, timezone-aware datetime from the query string, or a 400 that says what is expected."""
    try:
        return dates.parse_as_of(raw)
    except ValueError as exc:
        raise serializers.ValidationError({AS_OF: [str(exc)]}) from None


def organisations_at(as_of: dt.datetime) -> list[int]:
    """Ids of every organisation that existed in the register's history up to `as_of`."""
    return sorted(set(
        Organisation.history.filter(history_date__lte=as_of).values_list("id", flat=True)
    ))


def organisation_of_activity(pk: int, as_of: dt.datetime) -> int | None:
    row = (ProcessingActivity.history.filter(id=pk, history_date__lte=as_of)
           .order_by("-history_date", "-history_id").values("organisation_id").first())
    return row["organisation_id"] if row else None


def registers(as_of: dt.datetime, organisation_id: int | None) -> list[Register]:
    ids = [organisation_id] if organisation_id else organisations_at(as_of)
    return [build_register(i, as_of=as_of) for i in ids]


def _d(value):
    return _date.to_representation(value) if value else None


def activity_data(register: Register, a: ActivityView) -> dict:
    """One activity of a snapshot, shaped like `ActivitySerializer`'s output."""
    return {
        "id": a.id,
        "organisation": register.organisation.id,
        "reference": a.reference,
        "name": a.name,
        "description": a.description,
        "role": a.role,
        "status": a.status,
        "business_function": a.business_function,
        "systems": a.systems,
        "data_source": a.data_source,
        "data_locations": a.data_locations,
        "recipients_statement": a.recipients_statement,
        "data_subject_rights": a.data_subject_rights,
        "automated_decision_making": a.automated_decision_making,
        "profiling": a.profiling,
        "automated_decision_details": a.automated_decision_details,
        "dpia_screening": list(a.dpia_screening),
        "dpia_status": a.dpia_status,
        "dpia_reference": a.dpia_reference,
        "breach_reference": a.breach_reference,
        "last_reviewed_on": _d(a.last_reviewed_on),
        "next_review_due": _d(a.next_review_due),
        "review_overdue": a.review_overdue(register.effective_date),
        "purposes": [{"purpose": p.key, "name": p.name, "details": p.details} for p in a.purposes],
        "data_subjects": [{"data_subject": s.key, "name": s.name, "vulnerable": s.vulnerable}
                          for s in a.data_subjects],
        "data_categories": [
            {"id": c.id, "data_category": c.key, "name": c.name, "sensitivity": c.sensitivity,
             "retention_period": c.retention_period, "retention_unit": c.retention_unit,
             "retention_event": c.retention_event, "retention_note": c.retention_note,
             "art9_condition": c.art9_condition, "art10_authority": c.art10_authority}
            for c in a.data_categories
        ],
        "legal_bases": [
            {"id": b.id, "purpose": b.purpose_key, "basis": b.basis, "legitimate_interest": b.legitimate_interest,
             "assessment_reference": b.assessment_reference, "consent_record": b.consent_record,
             "law_reference": b.law_reference}
            for b in a.legal_bases
        ],
        "recipients": [
            {"id": r.id, "third_party": r.third_party.id, "third_party_name": r.third_party.name,
             "country": r.third_party.country, "role": r.role, "data_shared": r.data_shared,
             "purpose": r.purpose}
            for r in a.recipients
        ],
        "transfers": [
            {"id": t.id, "third_party": t.third_party.id, "third_party_name": t.third_party.name,
             "destination_country": t.destination_country, "international_organisation": t.international_organisation,
             "mechanism": t.mechanism, "safeguard_reference": t.safeguard_reference, "tia_reference": t.tia_reference,
             "derogation_assessment": t.derogation_assessment, "occasional": t.occasional}
            for t in a.transfers
        ],
        "security_measures": [{"measure": s.key, "name": s.name, "kind": s.kind, "details": s.details}
                              for s in a.security_measures],
        "controllers": [
            {"id": c.id, "controller": c.third_party.id, "controller_name": c.third_party.name,
             "arrangement_reference": c.arrangement_reference, "processing_carried_out": c.processing_carried_out}
            for c in a.controllers
        ],
        "version": a.version,
        "created_at": _datetime.to_representation(a.created_at) if a.created_at else None,
        "updated_at": _datetime.to_representation(a.updated_at) if a.updated_at else None,
    }
