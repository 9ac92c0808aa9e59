"""The register as spreadsheet sheets, declared once: the controller record in the UK ICO controller template's
columns, the processor record (Art. 30(2)), the recipients and transfers, the third parties and the optional
findings annex.

Rows read the report document (`document.py`), so a cell says what the PDF, HTML and JSON say. The CSV formats
are the controller and the processor sheets' tables; the XLSX workbook is every present sheet (`exporters/`).
Each column's header label is declared here once; whoever reads these sheets back (an importer) asks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils import timezone

from ropa.choices import RecipientRole, Sensitivity, TransferMechanism
from ropa.importing.cells import (
    Automated,
    Bases,
    Breach,
    Choice,
    ControllerField,
    Date,
    DPIARequired,
    Entries,
    JointControllers,
    KeptAsText,
    Locations,
    PerBasis,
    ProcessedFor,
    ProcessorContracts,
    ProcessorTransfers,
    Recipients,
    Retention,
    SpecialGrounds,
    Text,
    Transfers,
    TransferSafeguards,
)

from .document import NOT_RECORDED, decision_text, findings_counts
from .table import Column, Document, Heading, Sheet

__all__ = [
    "CONTROLLER",
    "FINDINGS",
    "ICO_COLUMNS",
    "PROCESSOR",
    "RECIPIENTS",
    "SHEETS",
    "THIRD_PARTIES",
    "human_time",
]

Record = dict[str, Any]
PROCESSOR_ROLES = (RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR)
# The only transfers the ICO's "Safeguards for exceptional transfers" column is about (Art. 30(1)(e), Art. 49(6)).
EXCEPTIONAL_TRANSFER = TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS
NOT_APPLICABLE = "Not applicable"
NO_SPECIAL_DATA = "Not applicable: no special category or criminal offence data"
NO_EXCEPTIONAL_TRANSFER = "None (no Art. 49(1) second-subparagraph transfer)"
# Cells that say the register holds nothing there (so that a blank is never ambiguous): read back as empty.
PLACEHOLDERS = frozenset(
    {
        NOT_RECORDED,
        NOT_APPLICABLE,
        NO_SPECIAL_DATA,
        NO_EXCEPTIONAL_TRANSFER,
        "None",
        "None recorded",
        "No processor",
    }
)


def lines(items: Iterable[str]) -> str:
    """Several values in one cell: one per line, empty ones left out."""
    return "\n".join(item for item in items if item)


def or_none(text: str, none: str) -> str:
    """A cell never left blank where a blank could mean "not filled in": `none` says what the register holds."""
    return text or none


def human_time(value: str | None) -> str:
    """An ISO time of the document as a person reads it: local time to the second, with its zone."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


# --- One relation row as text -------------------------------------------------------------------------------------


def _party(p: Record) -> str:
    return f"{p['name']} ({p['legal_entity']}, {p['country_name']})"


def party_with_contact(p: Record) -> str:
    """A party as Art. 30(1)(a) and 30(2)(a) name it: who, and how to reach it."""
    return f"{_party(p)}, {p['contact']}"


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


def _each(relation: str, text: Callable[[Record], str], none: str = "") -> Callable[[Record], str]:
    """A cell listing `text` of each row of one of the activity's relations, one per line (`none` if empty)."""
    return lambda a: or_none(lines(text(item) for item in a[relation]), none)


def arrangement_text(arrangement: Record) -> str:
    """A joint controller's Art. 26 arrangement as recorded: its reference, and where its essence is available."""
    reference = arrangement["arrangement_reference"] or NOT_RECORDED.lower()
    essence = arrangement["arrangement_essence_location"] or NOT_RECORDED.lower()
    return f"arrangement (Art. 26(1)): {reference}; essence available to data subjects (Art. 26(2)): {essence}"


def _joint_controllers(a: Record) -> str:
    return or_none(lines(f"{party_with_contact(j)}; {arrangement_text(j)}" for j in a["joint_controllers"]), "None")


def _joint_controller_of_register(j: Record) -> str:
    """A joint controller in the controller block: who, contact, then each shared activity with its arrangement."""
    shared = "; ".join(f"{x['activity']}: {arrangement_text(x)}" for x in j["arrangements"])
    return f"{party_with_contact(j)} — {shared}"


def _recipients(a: Record) -> str:
    """Each recipient, then the activity's categories of recipients in words."""
    named = (f"{_party(r)} — {r['role_label']}" for r in a["recipients"])
    return or_none(lines([*named, a["recipients_statement"]]), "None recorded")


def _processor_contracts(a: Record) -> str:
    processors = [r for r in a["recipients"] if r["role"] in PROCESSOR_ROLES]
    if not processors:
        return "No processor"
    return lines(f"{r['name']}: {r['dpa_reference'] or 'contract not recorded'}" for r in processors)


def _exceptional_transfers(a: Record) -> str:
    """Only the Art. 49(1) second-subparagraph transfers, with their documented assessment (Art. 49(6))."""
    exceptional = [t for t in a["transfers"] if t["mechanism"] == EXCEPTIONAL_TRANSFER]
    return lines(_safeguard_text(t) for t in exceptional) or NO_EXCEPTIONAL_TRANSFER


def _has_special_data(a: Record) -> bool:
    return any(c["sensitivity"] != Sensitivity.ORDINARY for c in a["data_categories"])


def _special_category_grounds(a: Record) -> str:
    """Art. 9(2) conditions, then Art. 10 authorities, per data category."""
    categories = a["data_categories"]
    art9 = (f"{c['name']}: {c['art9_condition_label']}" for c in categories if c["art9_condition"])
    art10 = (f"{c['name']}: Art. 10 — {c['art10_authority']}" for c in categories if c["art10_authority"])
    grounds = lines([*art9, *art10])
    if grounds:
        return grounds
    return NOT_RECORDED if _has_special_data(a) else NO_SPECIAL_DATA


def _uk_schedule_1(text: Callable[[Record], str]) -> Callable[[Record], str]:
    """The ICO template's UK columns (Data Protection Act 2018, Schedule 1): only for special category and criminal
    offence data; ropa records none of them, and says which of the two that means."""
    none = NO_SPECIAL_DATA
    return lambda a: text(a) if _has_special_data(a) else none


def _locations(a: Record) -> str:
    """Where the data are: the activity's own statement, then each recipient's processing locations."""
    vendors = (
        f"{r['name']}: {', '.join(r['processing_location_names'])}"
        for r in a["recipients"]
        if r["processing_location_names"]
    )
    return or_none(lines([a["data_locations"], *vendors]), NOT_RECORDED)


def _automated_decisions(a: Record) -> str:
    adm = a["automated_decision_making"] or a["profiling"]
    return f"Yes: {a['automated_decision_details']}" if adm else "No"


def _breach(a: Record) -> str:
    return "Yes" if a["breach_reference"] else "No breach recorded"


def _per_purpose(field: str, none: str = "") -> Callable[[Record], str]:
    """A cell listing a legal-basis field, prefixed with its purpose, where it is filled in."""
    return _each("legal_bases", lambda b: f"{b['purpose_name']}: {b[field]}" if b[field] else "", none)


def _dpia(field: str, none: str = "") -> Callable[[Record], Any]:
    return lambda a: or_none(a["dpia"][field], none)


def _date(field: str) -> Callable[[Record], str]:
    return lambda a: a[field] or NOT_RECORDED


# The UK ICO controller template ("Documentation template for controllers"), every column in its order and with its
# exact heading, so that a paste into the ICO sheet lines up; tests/reports/test_ico_template.py keeps the list and
# its source.
ICO_COLUMNS: tuple[Column[Record], ...] = (
    Column("Business function", itemgetter("business_function")),
    Column("Purpose of processing", _each("purposes", _purpose_text, NOT_RECORDED)),
    Column("Name and contact details of joint controller (if applicable)", _joint_controllers),
    Column("Categories of individuals", _each("data_subjects", itemgetter("name"), NOT_RECORDED)),
    Column("Categories of personal data", _each("data_categories", _category_text, NOT_RECORDED)),
    Column("Categories of recipients", _recipients),
    Column("Link to contract with processor", _processor_contracts),
    Column(
        "Names of third countries or international organisations that personal data are transferred to (if applicable)",
        _each("transfers", _transfer_text, "None"),
    ),
    Column(
        "Safeguards for exceptional transfers of personal data to third countries or international organisations "
        "(if applicable)",
        _exceptional_transfers,
    ),
    Column(
        "Retention schedule (if possible)",
        _each("data_categories", lambda c: f"{c['name']}: {c['retention']['text']}", NOT_RECORDED),
    ),
    Column(
        "General description of technical and organisational security measures (if possible)",
        _each("security_measures", _measure_text, NOT_RECORDED),
    ),
    Column("Article 6 lawful basis for processing personal data", _per_purpose("basis_label", NOT_RECORDED)),
    Column("Article 9 condition for processing special category data", _special_category_grounds),
    Column("Legitimate interests for the processing (if applicable)", _per_purpose("legitimate_interest", "None")),
    Column(
        "Link to record of legitimate interests assessment (if applicable)",
        _each(
            "legal_bases",
            lambda b: f"{b['purpose_name']}: {b['assessment_reference']}" if b["assessment_reference"] else "",
            NOT_RECORDED,
        ),
    ),
    Column("Rights available to individuals", lambda a: or_none(a["data_subject_rights"], NOT_RECORDED)),
    Column("Existence of automated decision-making, including profiling (if applicable)", _automated_decisions),
    Column("The source of the personal data (if applicable)", lambda a: or_none(a["data_source"], NOT_RECORDED)),
    Column("Link to record of consent", _per_purpose("consent_record", NOT_APPLICABLE)),
    Column("Location of personal data", _locations),
    Column("Data Protection Impact Assessment required?", _dpia("required_text")),
    Column("Data Protection Impact Assessment progress", _dpia("status_label")),
    Column("Link to Data Protection Impact Assessment", _dpia("reference", "None")),
    Column("Has a personal data breach occurred?", _breach),
    Column("Link to record of personal data breach", lambda a: or_none(a["breach_reference"], "None")),
    Column("Data Protection Act 2018 Schedule 1 Condition for processing", _uk_schedule_1(lambda a: NOT_RECORDED)),
    Column(
        "GDPR Article 6 lawful basis for processing",
        _uk_schedule_1(_per_purpose("basis_label", NOT_RECORDED)),
    ),
    Column("Link to retention and erasure policy document", _uk_schedule_1(lambda a: NOT_RECORDED)),
    Column(
        "Is personal data retained and erased in accordance with the policy document?",
        _uk_schedule_1(lambda a: NOT_RECORDED),
    ),
    Column("Reasons for not adhering to policy document (if applicable)", _uk_schedule_1(lambda a: NOT_RECORDED)),
)

# The way back in (`ropa.importing`): per column label, the other labels registers use for it (the labels ropa
# printed before it followed the ICO template word for word among them) and what the cell sets on an activity.
READ_BACK: dict[str, tuple[tuple[str, ...], Any]] = {
    "Business function": (("Department",), Text("business_function")),
    "Purpose of processing": (("Purposes", "Purpose"), Entries("purposes", "purpose", "details")),
    "Name and contact details of joint controller (if applicable)": (
        ("Name and contact details of joint controller", "Joint controllers", "Joint controller"),
        JointControllers(),
    ),
    "Categories of individuals": (("Data subjects",), Entries("data_subjects", "data_subject")),
    "Categories of personal data": (("Personal data",), Entries("data_categories", "data_category")),
    "Categories of recipients": (("Recipients",), Recipients()),
    "Link to contract with processor": (("Contract with processor", "Processor contract"), ProcessorContracts()),
    ICO_COLUMNS[7].label: (
        (
            "Names of third countries or international organisations that personal data are transferred to",
            "Third countries",
            "International transfers",
            "Transfers",
        ),
        Transfers(),
    ),
    ICO_COLUMNS[8].label: (
        (
            "Safeguards for exceptional transfers of personal data to third countries or international organisations",
            "Safeguards",
            "Transfer safeguards",
        ),
        TransferSafeguards(),
    ),
    "Retention schedule (if possible)": (("Retention schedule", "Retention", "Retention period"), Retention()),
    ICO_COLUMNS[10].label: (
        (
            "General description of technical and organisational security measures",
            "Security measures",
            "Technical and organisational security measures",
        ),
        Entries("security_measures", "measure", "details"),
    ),
    "Article 6 lawful basis for processing personal data": (
        ("Lawful basis", "Legal basis", "Article 6 lawful basis"),
        Bases(),
    ),
    "Article 9 condition for processing special category data": (("Article 9 condition",), SpecialGrounds()),
    "Legitimate interests for the processing (if applicable)": (
        ("Legitimate interests for the processing", "Legitimate interests"),
        PerBasis("legitimate_interest", "legitimate_interests"),
    ),
    "Link to record of legitimate interests assessment (if applicable)": (
        ("Link to record of legitimate interests assessment",),
        PerBasis("assessment_reference", "legitimate_interests"),
    ),
    "Rights available to individuals": ((), Text("data_subject_rights")),
    "Existence of automated decision-making, including profiling (if applicable)": (
        ("Existence of automated decision-making, including profiling", "Automated decision-making"),
        Automated(),
    ),
    "The source of the personal data (if applicable)": (("Source of personal data", "Source"), Text("data_source")),
    "Link to record of consent": ((), PerBasis("consent_record", "consent")),
    "Location of personal data": (("Location",), Locations()),
    "Data Protection Impact Assessment required?": (("DPIA required?", "DPIA required"), DPIARequired()),
    "Data Protection Impact Assessment progress": (("DPIA progress",), Choice("dpia_status", "dpia_status")),
    "Link to Data Protection Impact Assessment": (("Link to DPIA",), Text("dpia_reference")),
    "Has a personal data breach occurred?": (("Personal data breach?", "Personal data breach"), Breach()),
    "Link to record of personal data breach": (("Link to breach record",), Text("breach_reference")),
    "Reference": (("Ref", "ID"), Text("reference")),
    "Processing activity": (("Activity", "Name of processing"), Text("name")),
    "Status": ((), Choice("status", "status")),
    "Last reviewed": ((), Date("last_reviewed_on")),
    "Next review due": ((), Date("next_review_due")),
    # The UK columns (Data Protection Act 2018, Schedule 1) hold nothing ropa records: kept as text when filled in.
    "Data Protection Act 2018 Schedule 1 Condition for processing": (("Schedule 1 condition",), KeptAsText()),
    "Link to retention and erasure policy document": ((), KeptAsText()),
    "Is personal data retained and erased in accordance with the policy document?": ((), KeptAsText()),
    "Reasons for not adhering to policy document (if applicable)": (
        ("Reasons for not adhering to policy document",),
        KeptAsText(),
    ),
    # The processor record (Art. 30(2)); the ICO processor template's labels among the variants.
    "Name and contact details of the controller — Art. 30(2)(a)": (
        ("Name and contact details of the controller", "Name and contact details of controller", "Controller"),
        ProcessedFor(),
    ),
    "Controller's representative — Art. 30(2)(a)": (
        ("Name and contact details of controller's representative", "Controller's representative"),
        ControllerField("controller_representative"),
    ),
    "Controller's data protection officer — Art. 30(2)(a)": (
        ("Name and contact details of controller's data protection officer", "Controller's data protection officer"),
        ControllerField("controller_dpo"),
    ),
    "Contract or arrangement (Art. 28)": (
        ("Link to contract with controller", "Contract with controller", "Contract or arrangement"),
        ControllerField("arrangement_reference"),
    ),
    "Categories of processing carried out on behalf of the controller — Art. 30(2)(b)": (
        ("Categories of processing carried out on behalf of the controller", "Categories of processing"),
        ControllerField("processing_carried_out", otherwise="description"),
    ),
    "Transfers to third countries or international organisations, with safeguards — Art. 30(2)(c)": (
        ("Transfers to third countries or international organisations, with safeguards",),
        ProcessorTransfers(),
    ),
    "General description of technical and organisational security measures — Art. 30(2)(d)": (
        ("General description of technical and organisational security measures", "Security measures"),
        Entries("security_measures", "measure", "details"),
    ),
    "Transfers with their mechanism and safeguards": (
        ("Transfer mechanisms", "Transfer mechanism"),
        TransferSafeguards(),
    ),
}


def _read_back(columns: tuple[Column[Any], ...]) -> tuple[Column[Any], ...]:
    """The columns with their variants and cell readers for the importer (labels stay declared once, above)."""
    return tuple(
        replace(c, variants=READ_BACK[c.label][0], parse=READ_BACK[c.label][1]) if c.label in READ_BACK else c
        for c in columns
    )


ICO_COLUMNS = _read_back(ICO_COLUMNS)


# What identifies an activity's row, in the controller and the processor record alike.
ACTIVITY_IDENTITY: tuple[Column[Record], ...] = _read_back(
    (
        Column("Reference", itemgetter("reference")),
        Column("Processing activity", itemgetter("name")),
        Column("Status", itemgetter("status_label")),
    )
)


def _organisation(field: str) -> Callable[[Heading], str]:
    return lambda h: or_none(h.organisation.get(field, ""), NOT_RECORDED)


def _dpo(dpo: dict) -> str:
    """The DPO's contact, one item a line; or, when none is designated, the document's statement of why."""
    if dpo.get("designation", "designated") == "designated":
        return or_none(lines(dpo.get(k, "") for k in ("name", "email", "phone")), NOT_RECORDED)
    return dpo.get("statement", "")


def _representative(h: Heading) -> str:
    rep = h.organisation.get("representative", {})
    return or_none(lines(rep.get(k, "") for k in ("name", "contact")), "None designated")


# Export facts every sheet heading ends with.
EXPORT_HEADING: tuple[Column[Heading], ...] = (
    Column(
        "Register as of",
        lambda h: human_time(h.doc["as_of"]) or f"Live register, {human_time(h.export['generated_at'])}",
    ),
    Column("Generated at", lambda h: human_time(h.export["generated_at"])),
    Column("Export", lambda h: f"#{h.export['id']}"),
    Column("Register content SHA-256", lambda h: h.export["content_sha256"]),
    Column(
        "Compliance findings annex",
        lambda h: "Included (sheet Findings)" if "findings" in h.doc else "Not included",
    ),
    Column("Sign-off", lambda h: h.export["sign_off"]["statement"]),
)

# The block above the controller table (Art. 30(1)(a)): controller, DPO, representative, joint controllers.
CONTROLLER_HEADING: tuple[Column[Heading], ...] = (
    Column("Controller", lambda h: h.organisation.get("name", h.doc["note"])),
    Column("Trade name", _organisation("trade_name")),
    Column("Registration number", _organisation("registration_number")),
    Column("Address", lambda h: lines([h.organisation.get("address", ""), h.organisation.get("country_name", "")])),
    Column("Email", _organisation("email")),
    Column("Telephone", _organisation("phone")),
    Column("Data protection officer", lambda h: _dpo(h.organisation.get("dpo", {}))),
    Column("Art. 27 representative", _representative),
    Column(
        "Joint controllers",
        lambda h: or_none(lines(_joint_controller_of_register(j) for j in h.doc["joint_controllers"]), "None"),
    ),
    Column("Lead supervisory authority", _organisation("lead_supervisory_authority")),
    *EXPORT_HEADING,
)

# The ICO template's columns first, in its order; ropa's identification, review dates and every transfer's mechanism
# (the template's safeguards column names only the exceptional transfers) after them.
CONTROLLER: Sheet[Record] = Sheet(
    identifier="controller",
    title="Controller record",
    caption="Record of processing activities — Article 30(1) GDPR",
    records=itemgetter("controller_activities"),
    columns=(
        *ICO_COLUMNS,
        *ACTIVITY_IDENTITY,
        *_read_back(
            (
                Column("Last reviewed", _date("last_reviewed_on")),
                Column("Next review due", _date("next_review_due")),
                Column("Transfers with their mechanism and safeguards", _each("transfers", _safeguard_text, "None")),
            )
        ),
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
            link: dict = next((x for x in a["controllers"] if x["third_party_id"] == controller.get("id")), {})
            yield ProcessorLine(controller, a, link)


def _of_activity(column: Column[Record]) -> Column[ProcessorLine]:
    """An activity's column in the processor record: read from the line's activity (read back the same way)."""
    return Column(column.label, lambda line: column.read(line.activity), column.variants, column.parse)


def _arrangement(field: str, none: str) -> Callable[[ProcessorLine], str]:
    return lambda line: or_none(line.arrangement.get(field, ""), none)


def _controller_named(line: ProcessorLine) -> str:
    return party_with_contact(line.controller) if line.controller else "Controller not recorded"


# The block above the processor table: the processor is the organisation (Art. 30(2)(a)).
PROCESSOR_HEADING: tuple[Column[Heading], ...] = (
    Column("Processor", lambda h: h.organisation.get("name", h.doc["note"])),
    *CONTROLLER_HEADING[1:8],
    Column("Lead supervisory authority", _organisation("lead_supervisory_authority")),
    *EXPORT_HEADING,
)

PROCESSOR: Sheet[ProcessorLine] = Sheet(
    identifier="processor",
    title="Processor record",
    caption="Record of processing activities carried out as processor — Article 30(2) GDPR",
    records=_processor_lines,
    columns=_read_back(
        (
            Column("Name and contact details of the controller — Art. 30(2)(a)", _controller_named),
            Column("Controller's representative — Art. 30(2)(a)", _arrangement("representative", "None recorded")),
            Column("Controller's data protection officer — Art. 30(2)(a)", _arrangement("dpo", "None recorded")),
            Column("Contract or arrangement (Art. 28)", _arrangement("arrangement_reference", NOT_RECORDED)),
            *(_of_activity(c) for c in ACTIVITY_IDENTITY),
            Column(
                "Categories of processing carried out on behalf of the controller — Art. 30(2)(b)",
                lambda line: or_none(
                    line.arrangement.get("processing_carried_out", "") or line.activity["description"], NOT_RECORDED
                ),
            ),
            Column(
                "Transfers to third countries or international organisations, with safeguards — Art. 30(2)(c)",
                lambda line: or_none(lines(_safeguard_text(t) for t in line.activity["transfers"]), "None"),
            ),
            Column(
                "General description of technical and organisational security measures — Art. 30(2)(d)",
                lambda line: or_none(lines(_measure_text(s) for s in line.activity["security_measures"]), NOT_RECORDED),
            ),
        )
    ),
    preamble=PROCESSOR_HEADING,
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


# --- Third parties: every party the reported activities name, once -----------------------------------------------

THIRD_PARTIES: Sheet[Record] = Sheet(
    identifier="third_parties",
    title="Third parties",
    caption="Third parties named by the reported activities",
    records=itemgetter("third_parties"),
    columns=(
        Column("Trade name", itemgetter("name")),
        Column("Legal entity", itemgetter("legal_entity")),
        Column("Country of establishment", itemgetter("country_name")),
        Column("Address", lambda t: or_none(t["address"], NOT_RECORDED)),
        Column("Contact email", lambda t: or_none(t["contact_email"], NOT_RECORDED)),
        Column("Processing locations", lambda t: or_none(", ".join(t["processing_location_names"]), NOT_RECORDED)),
        Column("Default role", itemgetter("default_role_label")),
        Column("Data processing agreement", lambda t: or_none(t["dpa_reference"], "None recorded")),
        Column("Agreement date", lambda t: or_none(t["dpa_date"] or "", NOT_RECORDED)),
        Column(
            "EU-US Data Privacy Framework", lambda t: "Certified" if t["dpf_certified"] else "Not recorded as certified"
        ),
        Column("Certifications", lambda t: or_none(t["certifications"], "None recorded")),
        Column("Privacy policy", itemgetter("privacy_policy_url")),
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
        Column("Decision", lambda f: decision_text(f.get("decision"))),
    ),
    width=30,
    present=lambda doc: "findings" in doc,
)

# The workbook, in sheet order; the CSV formats are the controller and processor sheets' tables.
SHEETS: tuple[Sheet[Any], ...] = (CONTROLLER, PROCESSOR, RECIPIENTS, THIRD_PARTIES, FINDINGS)
