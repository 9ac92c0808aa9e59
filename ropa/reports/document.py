"""The register as a report document: plain dicts with stable keys, labels and DPV identifiers.

Built from a `Register` snapshot only. Every format renders this one document — the JSON export *is* it,
HTML and PDF lay it out, CSV and XLSX flatten it into sheets (`sheets.py`) — so no format can say something
another does not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import lru_cache
from typing import Any

from django.db import models
from django.utils.translation import get_language

from ropa.checks import Finding, findings_annex
from ropa.checks.decisions import DecisionView, decision_key
from ropa.checks.dpia import dpia_required
from ropa.choices import (
    ActivityStatus,
    Art9Condition,
    DPIACriterion,
    DPIAStatus,
    DPODesignation,
    FindingSeverity,
    FindingStatus,
    LawfulBasis,
    OrganisationRole,
    RecipientRole,
    RetentionEvent,
    RetentionUnit,
    SecurityMeasureKind,
    Sensitivity,
    TransferMechanism,
    dpv_iri,
)
from ropa.countries import country_name
from ropa.register import (
    ActivityView,
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

__all__ = [
    "SCHEMA_ID",
    "canonical_json",
    "content_sha256",
    "findings_counts",
    "findings_doc",
    "register_document",
]

SCHEMA_ID = "https://ropa.example/schema/register/1"
DPIA_REQUIRED = {DPIAStatus.REQUIRED, DPIAStatus.IN_PROGRESS, DPIAStatus.DONE}
ARRANGEMENT = ("arrangement_reference", "arrangement_essence_location")  # a joint controller's Art. 26 arrangement


def label(choices: type[models.TextChoices], value: str) -> str:
    """The human label of a stored key; an unknown key is shown as it is rather than hidden."""
    return _label(choices, value, get_language()) if value else ""


@lru_cache(maxsize=4096)
def _label(choices: type[models.TextChoices], value: str, language: str | None) -> str:
    """Remembered per language: a report prints the same few labels thousands of times."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def retention_text(period: int | None, unit: str, event: str, note: str) -> str:
    if period is None:
        return note or "Not recorded"
    text = f"{period} {label(RetentionUnit, unit)} from {label(RetentionEvent, event)}"
    return f"{text} ({note})" if note else text


NOT_RECORDED = "Not recorded"


def contact_text(email: str, address: str) -> str:
    """Contact details as a report prints them (Art. 30(1)(a)): the email, else the postal address, else a
    plain statement that the register holds none, so a blank is never ambiguous."""
    return email or " ".join(address.split()) or f"Contact details: {NOT_RECORDED.lower()}"


def _party_identity(tp: ThirdPartyView) -> dict[str, Any]:
    """Who a third party is, as every mention of it in a report names it."""
    return {
        "name": tp.name,
        "legal_entity": tp.legal_entity,
        "country": tp.country,
        "country_name": country_name(tp.country),
        "contact_email": tp.contact_email,
        "address": tp.address,
        "contact": contact_text(tp.contact_email, tp.address),
    }


def third_party_doc(tp: ThirdPartyView) -> dict[str, Any]:
    return {
        "id": tp.id,
        **_party_identity(tp),
        "processing_locations": list(tp.processing_locations),
        "processing_location_names": [country_name(c) for c in tp.processing_locations],
        "default_role": tp.default_role,
        "default_role_label": label(RecipientRole, tp.default_role),
        "dpa_reference": tp.dpa_reference,
        "dpa_date": _iso(tp.dpa_date),
        "dpf_certified": tp.dpf_certified,
        "certifications": tp.certifications,
        "privacy_policy_url": tp.privacy_policy_url,
    }


def _party_ref(tp: ThirdPartyView) -> dict[str, Any]:
    """A third party named by one of an activity's relations."""
    return {"third_party_id": tp.id, **_party_identity(tp)}


def parties_of(a: ActivityView) -> list[ThirdPartyView]:
    """The third parties an activity names: its recipients, the recipients of its transfers, its controllers."""
    return (
        [r.third_party for r in a.recipients]
        + [t.third_party for t in a.transfers]
        + [c.third_party for c in a.controllers]
    )


def _legal_basis_doc(b: LegalBasisView) -> dict[str, Any]:
    return {
        "purpose_key": b.purpose_key,
        "purpose_name": b.purpose_name,
        "basis": b.basis,
        "basis_label": label(LawfulBasis, b.basis),
        "basis_iri": dpv_iri(b.basis),
        "legitimate_interest": b.legitimate_interest,
        "assessment_reference": b.assessment_reference,
        "consent_record": b.consent_record,
        "law_reference": b.law_reference,
    }


def _data_category_doc(c: DataCategoryUse) -> dict[str, Any]:
    return {
        "key": c.key,
        "name": c.name,
        "parent_key": c.parent_key,
        "sensitivity": c.sensitivity,
        "sensitivity_label": label(Sensitivity, c.sensitivity),
        "retention": {
            "period": c.retention_period,
            "unit": c.retention_unit,
            "event": c.retention_event,
            "note": c.retention_note,
            "text": retention_text(c.retention_period, c.retention_unit, c.retention_event, c.retention_note),
        },
        "art9_condition": c.art9_condition,
        "art9_condition_label": label(Art9Condition, c.art9_condition),
        "art9_condition_iri": dpv_iri(f"art9:{c.art9_condition}") if c.art9_condition else None,
        "art10_authority": c.art10_authority,
    }


def _recipient_doc(r: RecipientView) -> dict[str, Any]:
    return {
        **_party_ref(r.third_party),
        "role": r.role,
        "role_label": label(RecipientRole, r.role),
        "dpa_reference": r.third_party.dpa_reference,
        "processing_location_names": [country_name(c) for c in r.third_party.processing_locations],
        "data_shared": r.data_shared,
        "purpose": r.purpose,
        "arrangement_reference": r.arrangement_reference,
        "arrangement_essence_location": r.arrangement_essence_location,
        "authorisation_reference": r.authorisation_reference,
    }


def _transfer_doc(t: TransferView) -> dict[str, Any]:
    return {
        "recipient": _party_ref(t.third_party),
        "destination_country": t.destination_country,
        "destination_country_name": country_name(t.destination_country),
        "international_organisation": t.international_organisation,
        "mechanism": t.mechanism,
        "mechanism_label": label(TransferMechanism, t.mechanism),
        "mechanism_iri": dpv_iri(t.mechanism),
        "safeguard_reference": t.safeguard_reference,
        "tia_reference": t.tia_reference,
        "derogation_assessment": t.derogation_assessment,
        "occasional": t.occasional,
    }


def _security_measure_doc(s: SecurityMeasureUse) -> dict[str, Any]:
    return {
        "key": s.key,
        "name": s.name,
        "kind": s.kind,
        "kind_label": label(SecurityMeasureKind, s.kind),
        "details": s.details,
    }


def _controller_doc(c: ControllerView) -> dict[str, Any]:
    return {
        **_party_ref(c.third_party),
        "arrangement_reference": c.arrangement_reference,
        "processing_carried_out": c.processing_carried_out,
        "representative": c.controller_representative,
        "dpo": c.controller_dpo,
    }


def joint_controllers_of(a: ActivityView) -> list[dict[str, Any]]:
    """Who controls the activity with the organisation (Art. 26, Art. 30(1)(a)): its recipients recorded as joint
    controllers, and its controllers when the organisation's role in it is joint controller. Each party once.

    Each carries the Art. 26 arrangement as recorded: its reference (26(1)) and where data subjects can read its
    essence (26(2)); a recipient's record gives both, a controller's link only the reference."""
    found: dict[int, dict[str, Any]] = {}
    for r in a.recipients:
        if r.role == RecipientRole.JOINT_CONTROLLER:
            found.setdefault(
                r.third_party.id,
                {
                    **_party_ref(r.third_party),
                    ARRANGEMENT[0]: r.arrangement_reference,
                    ARRANGEMENT[1]: r.arrangement_essence_location,
                },
            )
    if a.role == OrganisationRole.JOINT_CONTROLLER:
        for c in a.controllers:
            entry = found.setdefault(c.third_party.id, {**_party_ref(c.third_party), **dict.fromkeys(ARRANGEMENT, "")})
            entry["arrangement_reference"] = entry["arrangement_reference"] or c.arrangement_reference
    return sorted(found.values(), key=lambda j: j["name"])


def _dpia_doc(a: ActivityView) -> dict[str, Any]:
    return {
        "screening": list(a.dpia_screening),
        "screening_labels": [label(DPIACriterion, c) for c in a.dpia_screening],
        "status": a.dpia_status,
        "status_label": label(DPIAStatus, a.dpia_status),
        "required": _dpia_required(a.dpia_status),
        "required_text": _dpia_answer(a),
        "reference": a.dpia_reference,
    }


def _dpia_answer(a: ActivityView) -> str:
    """The ICO's "DPIA required?" answered: the recorded decision, or, before any screening, what the record
    itself shows under the DPIA rule of the checks (Art. 35(3), WP248), said to be that."""
    required = _dpia_required(a.dpia_status)
    if required is not None:
        return "Yes" if required else "No (screened)"
    if dpia_required(a):
        return "Yes, on what the record shows (not yet screened)"
    return "No, on what the record shows (not yet screened)"


def activity_doc(a: ActivityView) -> dict[str, Any]:
    return {
        "id": a.id,
        "reference": a.reference,
        "name": a.name,
        "description": a.description,
        "role": a.role,
        "role_label": label(OrganisationRole, a.role),
        "status": a.status,
        "status_label": label(ActivityStatus, a.status),
        "business_function": a.business_function,
        "systems": a.systems,
        "data_source": a.data_source,
        "data_locations": a.data_locations,
        "recipients_statement": a.recipients_statement,
        "data_subject_rights": a.data_subject_rights,
        "automated_decision_making": a.automated_decision_making,
        "profiling": a.profiling,
        "automated_decision_details": a.automated_decision_details,
        "purposes": [{"key": p.key, "name": p.name, "details": p.details} for p in a.purposes],
        "legal_bases": [_legal_basis_doc(b) for b in sorted(a.legal_bases, key=lambda b: (b.purpose_key, b.basis))],
        "data_subjects": [{"key": s.key, "name": s.name, "vulnerable": s.vulnerable} for s in a.data_subjects],
        "data_categories": [_data_category_doc(c) for c in a.data_categories],
        "recipients": [_recipient_doc(r) for r in a.recipients],
        "transfers": [_transfer_doc(t) for t in a.transfers],
        "security_measures": [_security_measure_doc(s) for s in a.security_measures],
        "controllers": [_controller_doc(c) for c in a.controllers],
        "joint_controllers": joint_controllers_of(a),
        "dpia": _dpia_doc(a),
        "breach_reference": a.breach_reference,
        "last_reviewed_on": _iso(a.last_reviewed_on),
        "next_review_due": _iso(a.next_review_due),
        "version": a.version,
    }


def _dpia_required(status: str) -> bool | None:
    if status == DPIAStatus.NOT_SCREENED:
        return None
    return status in DPIA_REQUIRED


def _dpo_doc(o: OrganisationView) -> dict[str, Any]:
    """The DPO, and in `statement` the line a reader sees: the contact, or why there is none (Art. 37(1))."""
    contact = "; ".join(v for v in (o.dpo_name, o.dpo_email, o.dpo_phone) if v.strip())
    if o.dpo_designation == DPODesignation.NOT_REQUIRED:
        statement = f"No DPO designated — not required: {o.dpo_not_required_reason.strip()}"
    elif o.dpo_designation == DPODesignation.NOT_ASSESSED and not contact:
        statement = "No DPO designated — whether one is required has not been assessed"
    else:
        statement = contact
    return {
        "designation": o.dpo_designation,
        "not_required_reason": o.dpo_not_required_reason,
        "name": o.dpo_name,
        "email": o.dpo_email,
        "phone": o.dpo_phone,
        "statement": statement,
    }


def _organisation_doc(register: Register) -> dict[str, Any] | None:
    o = register.organisation
    if o is None:
        return None
    return {
        "id": o.id,
        "name": o.name,
        "trade_name": o.trade_name,
        "registration_number": o.registration_number,
        "address": o.address,
        "country": o.country,
        "country_name": country_name(o.country),
        "email": o.email,
        "phone": o.phone,
        "website": o.website,
        "dpo": _dpo_doc(o),
        "representative": {"name": o.representative_name, "contact": o.representative_contact},
        "lead_supervisory_authority": o.lead_supervisory_authority,
        "headcount": o.headcount,
        "headcount_text": NOT_RECORDED if o.headcount is None else f"{o.headcount} persons",
        "is_public_body": o.is_public_body,
    }


def decision_text(decision: dict | None) -> str:
    """The decision on a finding in words, for the tabular and printed annexes."""
    if not decision:
        return ""
    parts = []
    if decision["status"] != "open":
        state = label(FindingStatus, decision["status"])
        if decision["expires_on"]:
            state += f" until {decision['expires_on']}"
        if not decision["in_force"]:
            state += " (expired: open again)"
        parts.append(f"{state}: {decision['justification']}")
    if decision["assigned_to"]:
        due = f", due {decision['due_on']}" if decision["due_on"] else ""
        parts.append(f"assigned to {decision['assigned_to']}{due}")
    return "; ".join(parts)


def _finding_doc(f: Finding, party_names: dict[int, str], decision: DecisionView | None = None) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity,
        "severity_label": label(FindingSeverity, f.severity),
        "article": f.article,
        "title": f.title,
        "message": f.message,
        "fix": f.fix,
        "record": f.record,
        "record_name": f.record_name,
        "activity_reference": f.activity_reference,
        "third_party": party_names.get(f.third_party_id) if f.third_party_id is not None else None,
        "decision": decision.as_dict() if decision else None,
    }


def findings_doc(register: Register, decisions: dict | None = None) -> list[dict[str, Any]]:
    """The compliance findings annex: the checks' errors and warnings on this very snapshot, so the annex is
    true at the report's as-of time (rules read the snapshot only, never the database). Each finding carries the
    DPO's decision on it (`decisions`, read by the caller as of the same time), so none is silently dropped."""
    names = {tp.id: tp.name for tp in register.third_parties}
    for a in register.activities:
        for party in parties_of(a):
            names.setdefault(party.id, party.name)
    rank = {severity.value: i for i, severity in enumerate((FindingSeverity.ERROR, FindingSeverity.WARNING))}
    # Errors first, then warnings; within a severity the annex keeps its grouping by record (a stable sort).
    ordered = sorted(findings_annex(register), key=lambda f: rank.get(f.severity, len(rank)))
    decisions = decisions or {}
    return [_finding_doc(f, names, decisions.get(decision_key(f))) for f in ordered]


def findings_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n} over annex entries, every severity present even when zero."""
    return {s.value: sum(1 for f in findings if f["severity"] == s.value) for s in FindingSeverity}


def _status_doc(register: Register, include_retired: bool, reported: int) -> dict[str, Any]:
    counts = {s.value: sum(1 for a in register.activities if a.status == s) for s in ActivityStatus}
    return {
        "live": register.as_of is None,
        "include_retired": include_retired,
        "activity_counts": counts,
        "reported_activities": reported,
    }


def _joint_controllers_doc(activities: tuple[ActivityView, ...]) -> list[dict[str, Any]]:
    """Each joint controller once, with the reported activities it shares and the Art. 26 arrangement recorded for
    each (an arrangement belongs to an activity: two shared activities may rest on two arrangements)."""
    joint: dict[int, dict[str, Any]] = {}
    for a in activities:
        for j in joint_controllers_of(a):
            arrangement = {k: j.pop(k) for k in ARRANGEMENT}
            entry = joint.setdefault(j["third_party_id"], {**j, "activities": [], "arrangements": []})
            entry["activities"].append(a.reference)
            entry["arrangements"].append({"activity": a.reference, **arrangement})
    return sorted(joint.values(), key=lambda j: j["name"])


def _processor_doc(groups: dict[ThirdPartyView | None, list[ActivityView]]) -> list[dict[str, Any]]:
    """The processor record grouped by the controller the work is done for, by the controller's name."""
    return [
        {"controller": third_party_doc(tp) if tp else None, "activities": [activity_doc(a) for a in acts]}
        for tp, acts in sorted(groups.items(), key=lambda kv: kv[0].name if kv[0] else "")
    ]


def _third_parties_doc(activities: tuple[ActivityView, ...]) -> list[dict[str, Any]]:
    """The third parties the reported activities name, each once, by name."""
    named = {party.id: party for a in activities for party in parties_of(a)}
    return [third_party_doc(tp) for tp in sorted(named.values(), key=lambda t: t.name)]


def register_document(
    register: Register,
    include_retired: bool = False,
    include_findings: bool = False,
    decisions: dict | None = None,
) -> dict[str, Any]:
    """The register content of a report: everything but the export's own metadata (id, time, who).

    Its canonical JSON is what `content_sha256` hashes, so the same register at the same as-of gives the same
    digest whatever the format and whenever it is generated. The `findings` annex is a member only when
    asked for, so a report without it has the digest it always had, and one with it has its annex digested.
    """
    reported = register.reported_activities(include_retired)
    document = {
        "as_of": _iso(register.as_of),
        "note": register.note,
        "status": _status_doc(register, include_retired, len(reported)),
        "organisation": _organisation_doc(register),
        "joint_controllers": _joint_controllers_doc(reported),
        "controller_activities": [activity_doc(a) for a in register.controller_activities(include_retired)],
        "processor_activities": _processor_doc(register.processor_activities(include_retired)),
        "third_parties": _third_parties_doc(reported),
    }
    if include_findings:
        document["findings"] = findings_doc(register, decisions)
    return document


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the byte form a digest of the register content is taken over."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_sha256(document: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(document)).hexdigest()
