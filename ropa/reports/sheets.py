"""The register as spreadsheet sheets, declared once: the controller record in the UK ICO template's columns,
the processor record, the recipients and transfers, and the optional findings annex.

Rows read the report document (`document.py`), so a cell says what the PDF, HTML and JSON say. The CSV is
the controller sheet's table; the XLSX workbook is every present sheet (`exporters/`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any, NamedTuple

from ropa.choices import OrganisationRole, RecipientRole, Sensitivity
from ropa.importing.cells import (
    Automated,
    Bases,
    Choice,
    Date,
    DPIARequired,
    Entries,
    PerBasis,
    Recipients,
    Retention,
    SpecialGrounds,
    Text,
    Transfers,
    TransferSafeguards,
)

from .document import findings_counts
from .table import Column, Document, Heading, Sheet

__all__ = ["CONTROLLER", "FINDINGS", "ICO_COLUMNS", "PROCESSOR", "RECIPIENTS", "SHEETS"]

Record = dict[str, Any]
PROCESSOR_ROLES = (RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR)


def lines(items: Iterable[str]) -> str:
    """Several values in one cell: one per line, empty ones left out."""
    return "\n".join(item for item in items if item)


# --- One relation row as text -------------------------------------------------------------------------------------


def _party(p: Record) -> str:
    return f"{p['name']} ({p['legal_entity']}, {p['country_name']})"


def _transfer_text(t: Record) -> str:
    where = t["destination_country_name"] or t["international_organisation"]
    return f"{where} ({t['recipient']['name']})"


def _safeguard_text(t: Record) -> str:
    parts = [t["mechanism_label"], t["safeguard_reference"], t["derogation_assessment"]]
    return f"{_transfer_text(t)}: " + "; ".join(p for p in parts if p)


def _category_text(c: Record) -> str:
    return f"{c['name']} [{c['sensitivity_label']}]" if c["sensitivity"] != Sensitivity.ORDINARY else c["name"]


def _purpose_text(p: Record) -> str:
    return f"{p['name']}: {p['details']}" if p["details"] else p["name"]


def _measure_text(s: Record) -> str:
    return f"{s['name']} ({s['kind_label']})" + (f": {s['details']}" if s["details"] else "")


# --- Cells of an activity (the controller record's columns, some shared with the processor record) ----------------


def _each(relation: str, text: Callable[[Record], str]) -> Callable[[Record], str]:
    """A cell listing `text` of each row of one of the activity's relations, one per line."""
    return lambda a: lines(text(item) for item in a[relation])


def _joint_controllers(a: Record) -> str:
    if a["role"] != OrganisationRole.JOINT_CONTROLLER:
        return ""
    return lines(f"{_party(j)} {j['contact_email']}".strip() for j in a["controllers"])


def _recipients(a: Record) -> str:
    """Each recipient, then the activity's categories of recipients in words."""
    return lines([*(f"{_party(r)} — {r['role_label']}" for r in a["recipients"]), a["recipients_statement"]])


def _processor_contracts(a: Record) -> str:
    processors = (r for r in a["recipients"] if r["role"] in PROCESSOR_ROLES)
    return lines(f"{r['name']}: {r['dpa_reference']}" for r in processors if r["dpa_reference"])


_transfer_safeguards = _each("transfers", _safeguard_text)


def _special_category_grounds(a: Record) -> str:
    """Art. 9(2) conditions, then Art. 10 authorities, per data category."""
    categories = a["data_categories"]
    art9 = (f"{c['name']}: {c['art9_condition_label']}" for c in categories if c["art9_condition"])
    art10 = (f"{c['name']}: Art. 10 — {c['art10_authority']}" for c in categories if c["art10_authority"])
    return lines([*art9, *art10])


def _automated_decisions(a: Record) -> str:
    adm = a["automated_decision_making"] or a["profiling"]
    return f"Yes: {a['automated_decision_details']}" if adm else "No"


def _dpia_required(a: Record) -> str:
    required = a["dpia"]["required"]
    return "Not screened" if required is None else ("Yes" if required else "No")


def _breach(a: Record) -> str:
    return "Yes" if a["breach_reference"] else "No breach recorded"


def _per_purpose(field: str) -> Callable[[Record], str]:
    """A cell listing a legal-basis field, prefixed with its purpose, where it is filled in."""
    return _each("legal_bases", lambda b: f"{b['purpose_name']}: {b[field]}" if b[field] else "")


def _dpia(field: str) -> Callable[[Record], Any]:
    return lambda a: a["dpia"][field]


def _date(field: str) -> Callable[[Record], str]:
    return lambda a: a[field] or ""


# The UK ICO controller template, in its order (see docs/reference: gdpr-article30.md).
ICO_COLUMNS: tuple[Column[Record], ...] = (
    Column("Business function", itemgetter("business_function"), ("Department",), Text("business_function")),
    Column("Purpose of processing", _each("purposes", _purpose_text), ("Purposes", "Purpose"),
           Entries("purposes", "purpose", "details")),
    Column("Name and contact details of joint controller", _joint_controllers),
    Column("Categories of individuals", _each("data_subjects", itemgetter("name")), ("Data subjects",),
           Entries("data_subjects", "data_subject")),
    Column("Categories of personal data", _each("data_categories", _category_text), ("Personal data",),
           Entries("data_categories", "data_category")),
    Column("Categories of recipients", _recipients, ("Recipients",), Recipients()),
    Column("Link to contract with processor", _processor_contracts),
    Column(
        "Names of third countries or international organisations that personal data are transferred to",
        _each("transfers", _transfer_text),
        ("Third countries", "International transfers", "Transfers"),
        Transfers(),
    ),
    Column(
        "Safeguards for exceptional transfers of personal data to third countries or international organisations",
        _transfer_safeguards,
        ("Safeguards", "Transfer safeguards"),
        TransferSafeguards(),
    ),
    Column(
        "Retention schedule",
        _each("data_categories", lambda c: f"{c['name']}: {c['retention']['text']}"),
        ("Retention", "Retention period"),
        Retention(),
    ),
    Column(
        "General description of technical and organisational security measures",
        _each("security_measures", _measure_text),
        ("Security measures", "Technical and organisational security measures"),
        Entries("security_measures", "measure", "details"),
    ),
    Column("Article 6 lawful basis for processing personal data", _per_purpose("basis_label"),
           ("Lawful basis", "Legal basis", "Article 6 lawful basis"), Bases()),
    Column("Article 9 condition for processing special category data", _special_category_grounds,
           ("Article 9 condition",), SpecialGrounds()),
    Column("Legitimate interests for the processing", _per_purpose("legitimate_interest"), ("Legitimate interests",),
           PerBasis("legitimate_interest", "legitimate_interests")),
    Column(
        "Link to record of legitimate interests assessment",
        _each("legal_bases", itemgetter("assessment_reference")),
        parse=PerBasis("assessment_reference", "legitimate_interests"),
    ),
    Column("Rights available to individuals", itemgetter("data_subject_rights"), parse=Text("data_subject_rights")),
    Column("Existence of automated decision-making, including profiling", _automated_decisions,
           ("Automated decision-making",), Automated()),
    Column("Source of personal data", itemgetter("data_source"), ("Source",), Text("data_source")),
    Column("Link to record of consent", _per_purpose("consent_record"), parse=PerBasis("consent_record", "consent")),
    Column("Location of personal data", itemgetter("data_locations"), ("Location",), Text("data_locations")),
    Column("Data Protection Impact Assessment required?", _dpia_required, ("DPIA required?", "DPIA required"),
           DPIARequired()),
    Column("Data Protection Impact Assessment progress", _dpia("status_label"), ("DPIA progress",),
           Choice("dpia_status", "dpia_status")),
    Column("Link to Data Protection Impact Assessment", _dpia("reference"), ("Link to DPIA",), Text("dpia_reference")),
    Column("Personal data breach?", _breach),
    Column("Link to record of personal data breach", itemgetter("breach_reference"), ("Link to breach record",),
           Text("breach_reference")),
)

# What identifies an activity's row, in the controller and the processor record alike.
ACTIVITY_IDENTITY: tuple[Column[Record], ...] = (
    Column("Reference", itemgetter("reference"), ("Ref", "ID"), Text("reference")),
    Column("Processing activity", itemgetter("name"), ("Activity", "Name of processing"), Text("name")),
    Column("Status", itemgetter("status_label"), parse=Choice("status", "status")),
)


def _organisation(field: str) -> Callable[[Heading], str]:
    return lambda h: h.organisation.get(field, "")


def _dpo(dpo: dict) -> str:
    """The DPO's contact, one item a line; or, when none is designated, the document's statement of why."""
    if dpo.get("designation", "designated") == "designated":
        return lines(dpo.get(k, "") for k in ("name", "email", "phone"))
    return dpo.get("statement", "")


# The block above the controller table: controller, DPO, representative, as-of and export.
CONTROLLER_HEADING: tuple[Column[Heading], ...] = (
    Column("Controller", lambda h: h.organisation.get("name", h.doc["note"])),
    Column("Trade name", _organisation("trade_name")),
    Column("Registration number", _organisation("registration_number")),
    Column("Address", lambda h: lines([h.organisation.get("address", ""), h.organisation.get("country_name", "")])),
    Column("Email", _organisation("email")),
    Column("Telephone", _organisation("phone")),
    Column("Data protection officer", lambda h: _dpo(h.organisation.get("dpo", {}))),
    Column(
        "Art. 27 representative",
        lambda h: lines(h.organisation.get("representative", {}).get(k, "") for k in ("name", "contact")),
    ),
    Column(
        "Joint controllers",
        lambda h: lines(
            f"{j['name']} ({j['legal_entity']}) {j['contact_email']}".strip() for j in h.doc["joint_controllers"]
        ),
    ),
    Column("Lead supervisory authority", _organisation("lead_supervisory_authority")),
    Column("Register as of", lambda h: h.doc["as_of"] or f"live, {h.export['generated_at']}"),
    Column("Generated at", lambda h: h.export["generated_at"]),
    Column("Export", lambda h: f"#{h.export['id']}"),
    Column("Register content SHA-256", lambda h: h.export["content_sha256"]),
    Column(
        "Compliance findings annex",
        lambda h: "included (sheet Findings)" if "findings" in h.doc else "not included",
    ),
)

# Identification before the template's columns (the ICO sheet has one row per processing activity but no
# column naming it), review dates after.
CONTROLLER: Sheet[Record] = Sheet(
    identifier="controller",
    title="Controller record",
    caption="Record of processing activities — Article 30(1) GDPR",
    records=itemgetter("controller_activities"),
    columns=(
        *ACTIVITY_IDENTITY,
        *ICO_COLUMNS,
        Column("Last reviewed", _date("last_reviewed_on"), parse=Date("last_reviewed_on")),
        Column("Next review due", _date("next_review_due"), parse=Date("next_review_due")),
    ),
    preamble=CONTROLLER_HEADING,
)


# --- Processor record (Art. 30(2)): one row per activity and controller it is done for ----------------------------


class ProcessorLine(NamedTuple):
    controller: Record  # {} when the activity names no controller
    activity: Record
    arrangement: Record  # the activity's link to that controller, {} when there is none


def _processor_lines(doc: Document) -> Iterator[ProcessorLine]:
    for group in doc["processor_activities"]:
        controller = group["controller"] or {}
        for a in group["activities"]:
            link = next((x for x in a["controllers"] if x["third_party_id"] == controller.get("id")), {})
            yield ProcessorLine(controller, a, link)


def _of_activity(column: Column[Record]) -> Column[ProcessorLine]:
    return Column(column.label, lambda line: column.read(line.activity))


def _controller(field: str, missing: str = "") -> Callable[[ProcessorLine], str]:
    return lambda line: line.controller.get(field, missing)


PROCESSOR: Sheet[ProcessorLine] = Sheet(
    identifier="processor",
    title="Processor record",
    caption="Record of processing activities as processor — Article 30(2) GDPR",
    records=_processor_lines,
    columns=(
        Column("Controller", _controller("name", "(controller not recorded)")),
        Column("Controller legal entity", _controller("legal_entity")),
        Column("Controller country", _controller("country_name")),
        Column("Controller contact", _controller("contact_email")),
        Column("Contract / arrangement", lambda line: line.arrangement.get("arrangement_reference", "")),
        *(_of_activity(c) for c in ACTIVITY_IDENTITY),
        Column(
            "Categories of processing carried out",
            lambda line: line.arrangement.get("processing_carried_out", "") or line.activity["description"],
        ),
        Column("Transfers (destination, mechanism, safeguard)", lambda line: _transfer_safeguards(line.activity)),
        Column(
            "General description of technical and organisational security measures",
            lambda line: lines(s["name"] for s in line.activity["security_measures"]),
        ),
    ),
)


# --- Recipients (Art. 30(1)(d)) and transfers (Art. 30(1)(e)): one row per recipient or transfer ------------------


class Disclosure(NamedTuple):
    """A recipient or a transfer of an activity, in the columns the two share."""

    activity: Record
    kind: str
    party: Record
    role: str = ""
    destination: str = ""
    mechanism: str = ""
    mechanism_iri: str = ""
    safeguard: str = ""
    tia: str = ""
    contract: str = ""


def _recipient(a: Record, r: Record) -> Disclosure:
    return Disclosure(
        a, "Recipient", r, role=r["role_label"], destination=r["data_shared"], contract=r["dpa_reference"]
    )


def _transfer(a: Record, t: Record) -> Disclosure:
    return Disclosure(
        a,
        "Transfer",
        t["recipient"],
        destination=t["destination_country_name"] or t["international_organisation"],
        mechanism=t["mechanism_label"],
        mechanism_iri=t["mechanism_iri"] or "",
        safeguard=t["safeguard_reference"],
        tia=t["tia_reference"],
    )


def _disclosures(doc: Document) -> Iterator[Disclosure]:
    """Controller activities first, then processor activities; per activity its recipients, then transfers."""
    processed = (a for group in doc["processor_activities"] for a in group["activities"])
    for a in [*doc["controller_activities"], *processed]:
        yield from (_recipient(a, r) for r in a["recipients"])
        yield from (_transfer(a, t) for t in a["transfers"])


def _attribute(name: str) -> Callable[[Disclosure], str]:
    return lambda d: getattr(d, name)


RECIPIENTS: Sheet[Disclosure] = Sheet(
    identifier="recipients",
    title="Recipients and transfers",
    caption="Recipients (Art. 30(1)(d)) and transfers (Art. 30(1)(e))",
    records=_disclosures,
    columns=(
        Column("Activity reference", lambda d: d.activity["reference"]),
        Column("Processing activity", lambda d: d.activity["name"]),
        Column("Kind", _attribute("kind")),
        Column("Third party", lambda d: d.party["name"]),
        Column("Legal entity", lambda d: d.party["legal_entity"]),
        Column("Country", lambda d: d.party["country_name"]),
        Column("Role", _attribute("role")),
        Column("Data shared / destination", _attribute("destination")),
        Column("Mechanism", _attribute("mechanism")),
        Column("DPV identifier", _attribute("mechanism_iri")),
        Column("Safeguard document", _attribute("safeguard")),
        Column("Transfer impact assessment", _attribute("tia")),
        Column("Contract (DPA)", _attribute("contract")),
    ),
    width=24,
)


# --- Annex: compliance findings, one row per finding (a sheet only when the report has the annex) -----------------


def _findings_caption(doc: Document) -> str:
    counts = findings_counts(doc["findings"])
    return f"Annex: compliance findings at the as-of time — {counts['error']} errors, {counts['warning']} warnings"


FINDINGS: Sheet[Record] = Sheet(
    identifier="findings",
    title="Findings",
    caption=_findings_caption,
    records=lambda doc: doc.get("findings") or [],
    columns=(
        Column("Severity", itemgetter("severity_label")),
        Column("Code", itemgetter("code")),
        Column("Article", itemgetter("article")),
        Column("Record", itemgetter("record_name")),
        Column("Activity reference", itemgetter("activity_reference")),
        Column("Third party", lambda f: f["third_party"] or ""),
        Column("Finding", itemgetter("title")),
        Column("Message", itemgetter("message")),
        Column("Fix", itemgetter("fix")),
    ),
    width=30,
    present=lambda doc: "findings" in doc,
)

# The workbook, in sheet order; the CSV is the first sheet's table.
SHEETS: tuple[Sheet[Any], ...] = (CONTROLLER, PROCESSOR, RECIPIENTS, FINDINGS)
