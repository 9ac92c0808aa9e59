"""The register flattened into spreadsheet rows: the UK ICO controller template's columns, one row per
activity.

CSV and XLSX both read these rows, so the two never disagree on columns or content. Values are plain
text here; the formula guard (`cells.py`) is applied by the writers, at the last moment.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CONTROLLER_COLUMNS",
    "FINDING_COLUMNS",
    "ICO_COLUMNS",
    "finding_rows",
    "controller_rows",
    "header_rows",
    "processor_rows",
    "PROCESSOR_COLUMNS",
    "recipient_rows",
    "RECIPIENT_COLUMNS",
]

# The UK ICO controller template, in its order (see docs/reference: gdpr-article30.md).
ICO_COLUMNS = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations",
    "Retention schedule",
    "General description of technical and organisational security measures",
    "Article 6 lawful basis for processing personal data",
    "Article 9 condition for processing special category data",
    "Legitimate interests for the processing",
    "Link to record of legitimate interests assessment",
    "Rights available to individuals",
    "Existence of automated decision-making, including profiling",
    "Source of personal data",
    "Link to record of consent",
    "Location of personal data",
    "Data Protection Impact Assessment required?",
    "Data Protection Impact Assessment progress",
    "Link to Data Protection Impact Assessment",
    "Personal data breach?",
    "Link to record of personal data breach",
]
# Identification before the template's columns (the ICO sheet has one row per processing activity but no
# column naming it), review dates after.
CONTROLLER_COLUMNS = [
    "Reference",
    "Processing activity",
    "Status",
    *ICO_COLUMNS,
    "Last reviewed",
    "Next review due",
]

PROCESSOR_COLUMNS = [
    "Controller",
    "Controller legal entity",
    "Controller country",
    "Controller contact",
    "Contract / arrangement",
    "Reference",
    "Processing activity",
    "Status",
    "Categories of processing carried out",
    "Transfers (destination, mechanism, safeguard)",
    "General description of technical and organisational security measures",
]

RECIPIENT_COLUMNS = [
    "Activity reference",
    "Processing activity",
    "Kind",
    "Third party",
    "Legal entity",
    "Country",
    "Role",
    "Data shared / destination",
    "Mechanism",
    "DPV identifier",
    "Safeguard document",
    "Transfer impact assessment",
    "Contract (DPA)",
]

LINES = "\n"


def _join(items: list[str]) -> str:
    return LINES.join(i for i in items if i)


def _yes_no(value: bool | None, unknown: str = "Not screened") -> str:
    return unknown if value is None else ("Yes" if value else "No")


def _transfer_text(t: dict[str, Any]) -> str:
    where = t["destination_country_name"] or t["international_organisation"]
    return f"{where} ({t['recipient']['name']})"


def _safeguard_text(t: dict[str, Any]) -> str:
    parts = [t["mechanism_label"], t["safeguard_reference"], t["derogation_assessment"]]
    return f"{_transfer_text(t)}: " + "; ".join(p for p in parts if p)


def _category_text(c: dict[str, Any]) -> str:
    return f"{c['name']} [{c['sensitivity_label']}]" if c["sensitivity"] != "ordinary" else c["name"]


def activity_row(a: dict[str, Any]) -> list[Any]:
    processors = [r for r in a["recipients"] if r["role"] in ("processor", "sub_processor")]
    joint = a["controllers"] if a["role"] == "joint_controller" else []
    grounds = [
        f"{c['name']}: {c['art9_condition_label']}" for c in a["data_categories"] if c["art9_condition"]
    ]
    grounds += [
        f"{c['name']}: Art. 10 — {c['art10_authority']}" for c in a["data_categories"] if c["art10_authority"]
    ]
    adm = a["automated_decision_making"] or a["profiling"]
    return [
        a["reference"],
        a["name"],
        a["status_label"],
        a["business_function"],
        _join([f"{p['name']}: {p['details']}" if p["details"] else p["name"] for p in a["purposes"]]),
        _join(
            [
                f"{j['name']} ({j['legal_entity']}, {j['country_name']}) {j['contact_email']}".strip()
                for j in joint
            ]
        ),
        _join([s["name"] for s in a["data_subjects"]]),
        _join([_category_text(c) for c in a["data_categories"]]),
        _join(
            [
                f"{r['name']} ({r['legal_entity']}, {r['country_name']}) — {r['role_label']}"
                for r in a["recipients"]
            ]
            + [a["recipients_statement"]]
        ),
        _join([f"{r['name']}: {r['dpa_reference']}" for r in processors if r["dpa_reference"]]),
        _join([_transfer_text(t) for t in a["transfers"]]),
        _join([_safeguard_text(t) for t in a["transfers"]]),
        _join([f"{c['name']}: {c['retention']['text']}" for c in a["data_categories"]]),
        _join(
            [
                f"{s['name']} ({s['kind_label']})" + (f": {s['details']}" if s["details"] else "")
                for s in a["security_measures"]
            ]
        ),
        _join([f"{b['purpose_name']}: {b['basis_label']}" for b in a["legal_bases"]]),
        _join(grounds),
        _join(
            [
                f"{b['purpose_name']}: {b['legitimate_interest']}"
                for b in a["legal_bases"]
                if b["legitimate_interest"]
            ]
        ),
        _join([b["assessment_reference"] for b in a["legal_bases"] if b["assessment_reference"]]),
        a["data_subject_rights"],
        (f"Yes: {a['automated_decision_details']}" if adm else "No"),
        a["data_source"],
        _join(
            [f"{b['purpose_name']}: {b['consent_record']}" for b in a["legal_bases"] if b["consent_record"]]
        ),
        a["data_locations"],
        _yes_no(a["dpia"]["required"]),
        a["dpia"]["status_label"],
        a["dpia"]["reference"],
        "Yes" if a["breach_reference"] else "No breach recorded",
        a["breach_reference"],
        a["last_reviewed_on"] or "",
        a["next_review_due"] or "",
    ]


def controller_rows(doc: dict[str, Any]) -> list[list[Any]]:
    return [activity_row(a) for a in doc["controller_activities"]]


def processor_rows(doc: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for group in doc["processor_activities"]:
        c = group["controller"] or {}
        for a in group["activities"]:
            link = next((x for x in a["controllers"] if x["third_party_id"] == c.get("id")), {})
            rows.append(
                [
                    c.get("name", "(controller not recorded)"),
                    c.get("legal_entity", ""),
                    c.get("country_name", ""),
                    c.get("contact_email", ""),
                    link.get("arrangement_reference", ""),
                    a["reference"],
                    a["name"],
                    a["status_label"],
                    link.get("processing_carried_out", "") or a["description"],
                    _join([_safeguard_text(t) for t in a["transfers"]]),
                    _join([s["name"] for s in a["security_measures"]]),
                ]
            )
    return rows


def recipient_rows(doc: dict[str, Any]) -> list[list[Any]]:
    rows = []
    activities = doc["controller_activities"] + [
        a for g in doc["processor_activities"] for a in g["activities"]
    ]
    for a in activities:
        for r in a["recipients"]:
            rows.append(
                [
                    a["reference"],
                    a["name"],
                    "Recipient",
                    r["name"],
                    r["legal_entity"],
                    r["country_name"],
                    r["role_label"],
                    r["data_shared"],
                    "",
                    "",
                    "",
                    "",
                    r["dpa_reference"],
                ]
            )
        for t in a["transfers"]:
            rec = t["recipient"]
            rows.append(
                [
                    a["reference"],
                    a["name"],
                    "Transfer",
                    rec["name"],
                    rec["legal_entity"],
                    rec["country_name"],
                    "",
                    t["destination_country_name"] or t["international_organisation"],
                    t["mechanism_label"],
                    t["mechanism_iri"] or "",
                    t["safeguard_reference"],
                    t["tia_reference"],
                    "",
                ]
            )
    return rows


def header_rows(doc: dict[str, Any], export: dict[str, Any]) -> list[tuple[str, str]]:
    """The block above the controller table: controller, DPO, representative, as-of and export."""
    o = doc["organisation"] or {}
    dpo = o.get("dpo", {})
    rep = o.get("representative", {})
    return [
        ("Controller", o.get("name", doc["note"])),
        ("Trade name", o.get("trade_name", "")),
        ("Registration number", o.get("registration_number", "")),
        ("Address", _join([o.get("address", ""), o.get("country_name", "")])),
        ("Email", o.get("email", "")),
        ("Telephone", o.get("phone", "")),
        ("Data protection officer", _join([dpo.get("name", ""), dpo.get("email", ""), dpo.get("phone", "")])),
        ("Art. 27 representative", _join([rep.get("name", ""), rep.get("contact", "")])),
        (
            "Joint controllers",
            _join(
                [
                    f"{j['name']} ({j['legal_entity']}) {j['contact_email']}".strip()
                    for j in doc["joint_controllers"]
                ]
            ),
        ),
        ("Lead supervisory authority", o.get("lead_supervisory_authority", "")),
        ("Register as of", doc["as_of"] or f"live, {export['generated_at']}"),
        ("Generated at", export["generated_at"]),
        ("Export", f"#{export['id']}"),
        ("Register content SHA-256", export["content_sha256"]),
        (
            "Compliance findings annex",
            "included (sheet Findings)" if "findings" in doc else "not included",
        ),
    ]


FINDING_COLUMNS = [
    "Severity",
    "Code",
    "Article",
    "Record",
    "Activity reference",
    "Third party",
    "Finding",
    "Message",
    "Fix",
]


def finding_rows(doc: dict[str, Any]) -> list[list[Any]]:
    """The findings annex, one row per finding (empty when the report has no annex)."""
    return [
        [
            f["severity_label"],
            f["code"],
            f["article"],
            f["record_name"],
            f["activity_reference"],
            f["third_party"] or "",
            f["title"],
            f["message"],
            f["fix"],
        ]
        for f in doc.get("findings") or []
    ]
