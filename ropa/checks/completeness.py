"""Art. 30(1) completeness: what every record must contain, and the organisation-level header."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import DPODesignation, OrganisationRole
from ropa.choices import FindingSeverity as S
from ropa.countries import is_eea
from ropa.register import Register

from .governance import record_duty_reasons
from .registry import Hit, label, rule


@rule(
    "ART30-CONTROLLER-CONTACT-MISSING",
    S.ERROR,
    "Art. 30(1)(a)",
    "Controller contact details missing",
    "Record the organisation's contact email or telephone and its address.",
)
def controller_contact(register: Register) -> Iterator[Hit]:
    org = register.org
    missing = [
        label
        for label, value in (("contact email or telephone", org.email or org.phone), ("address", org.address))
        if not str(value).strip()
    ]
    if missing:
        yield Hit(f"The register of {org.name} does not give the controller's {' nor '.join(missing)}.")


@rule(
    "ART30-DPO-CONTACT-MISSING",
    S.ERROR,
    "Art. 30(1)(a), Art. 37(1), Art. 37(7)",
    "DPO contact missing, or the need for a DPO not assessed",
    "If a DPO is designated, record their email or telephone. Otherwise record the Art. 37(1) assessment: "
    "designated, or not required with the reason (a public body must designate one).",
    lower=(S.WARNING,),
)
def dpo_contact(register: Register) -> Iterator[Hit]:
    """Error: a DPO designated without contact details (Art. 30(1)(a), 37(7)), or a public body saying none is
    required (Art. 37(1)(a)). Warning: the decision was never taken — most small organisations need no DPO, but
    WP243 asks them to document why."""
    org = register.org
    if org.dpo_designation == DPODesignation.DESIGNATED and not (org.dpo_email or org.dpo_phone).strip():
        yield Hit(f"{org.name} has designated a data protection officer but records no email nor telephone for them.")
    elif org.dpo_designation == DPODesignation.NOT_REQUIRED and org.is_public_body:
        yield Hit(
            f"{org.name} is a public body, which must designate a data protection officer (Art. 37(1)(a)), "
            "but records that none is required."
        )
    elif org.dpo_designation == DPODesignation.NOT_ASSESSED:
        yield Hit(
            f"{org.name} has not recorded whether it must designate a data protection officer (Art. 37(1)).",
            severity=S.WARNING,
        )


@rule(
    "ART27-REPRESENTATIVE-MISSING",
    S.ERROR,
    "Art. 27(1)-(2), Art. 30(1)(a)",
    "No representative in the Union for an organisation established outside it",
    "Designate in writing a representative in a Member State where the people concerned are, and record their "
    "name and contact.",
)
def representative_missing(register: Register) -> Iterator[Hit]:
    """Art. 27(2) exempts public bodies and processing that is occasional, without large-scale Art. 9/10 data and
    unlikely to result in a risk; an active activity is taken as not occasional, as for Art. 30(5)."""
    org = register.org
    if is_eea(org.country) or org.is_public_body or org.representative_name.strip():
        return
    regular = [a.reference for a in register.reported_activities() if record_duty_reasons(a)]
    if regular:
        yield Hit(
            f"{org.name} is established outside the EEA ({org.country}) and processes regularly "
            f"({', '.join(regular)}), but records no representative in the Union."
        )


def _controller_activities(register: Register):
    return register.controller_activities()


@rule(
    "ART30-PURPOSE-MISSING",
    S.ERROR,
    "Art. 30(1)(b)",
    "No purpose recorded",
    "Add the purposes of the processing to the activity.",
)
def purpose_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.purposes:
            yield Hit(f"Activity {label(a)} records no purpose.", activity=a)


@rule(
    "ART30-DATA-SUBJECTS-MISSING",
    S.ERROR,
    "Art. 30(1)(c)",
    "No categories of data subjects recorded",
    "Add the categories of data subjects (customers, website visitors, employees…) to the activity.",
)
def data_subjects_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.data_subjects:
            yield Hit(f"Activity {label(a)} records no category of data subjects.", activity=a)


@rule(
    "ART30-DATA-CATEGORIES-MISSING",
    S.ERROR,
    "Art. 30(1)(c)",
    "No categories of personal data recorded",
    "Add the categories of personal data the activity processes, each with its retention.",
)
def data_categories_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.data_categories:
            yield Hit(f"Activity {label(a)} records no category of personal data.", activity=a)


@rule(
    "ART30-RECIPIENTS-MISSING",
    S.ERROR,
    "Art. 30(1)(d)",
    "Recipients neither recorded nor described",
    "Add the recipients of the activity, or describe the categories of recipients in words "
    '("categories of recipients"), including that there are none.',
)
def recipients_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.recipients and not a.recipients_statement.strip():
            yield Hit(f"Activity {label(a)} records no recipient and no statement about recipients.", activity=a)


@rule(
    "ART30-SECURITY-MEASURES-MISSING",
    S.WARNING,
    "Art. 30(1)(g), Art. 30(2)(d), Art. 32(1)",
    "No security measures recorded",
    "Add the technical and organisational measures protecting the activity (encryption, access control…).",
)
def security_measures_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        if not a.security_measures:
            yield Hit(f"Activity {label(a)} records no technical or organisational security measure.", activity=a)


@rule(
    "ART30-PROCESSOR-CONTROLLER-MISSING",
    S.ERROR,
    "Art. 30(2)(a)-(b)",
    "Processor activity without the controller it serves",
    "Name each controller the organisation acts for, with the processing carried out for it.",
)
def processor_controller_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        if a.role == OrganisationRole.PROCESSOR and not a.controllers:
            yield Hit(f"Activity {label(a)} is carried out as processor but names no controller.", activity=a)
