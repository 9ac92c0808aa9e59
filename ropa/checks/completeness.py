"""Art. 30(1) completeness: what every record must contain, and the organisation-level header."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.choices import OrganisationRole
from ropa.register import Register

from .registry import Hit, label, rule


@rule("ART30-CONTROLLER-CONTACT-MISSING", S.ERROR, "Art. 30(1)(a)", "Controller contact details missing",
      "Record the organisation's contact email or telephone and its address.")
def controller_contact(register: Register) -> Iterator[Hit]:
    org = register.organisation
    missing = [label for label, value in (("contact email or telephone", org.email or org.phone),
                                          ("address", org.address)) if not str(value).strip()]
    if missing:
        yield Hit(f"The register of {org.name} does not give the controller's {' nor '.join(missing)}.")


@rule("ART30-DPO-CONTACT-MISSING", S.WARNING, "Art. 30(1)(a), Art. 37(7)", "DPO contact details missing",
      "Record the data protection officer's name and email; if none is designated (Art. 37(1)), record who "
      "handles data protection questions and why no DPO is required.")
def dpo_contact(register: Register) -> Iterator[Hit]:
    org = register.organisation
    if not (org.dpo_email or org.dpo_phone):
        yield Hit(f"{org.name} has no data protection officer contact recorded.")


def _controller_activities(register: Register):
    return register.controller_activities()


@rule("ART30-PURPOSE-MISSING", S.ERROR, "Art. 30(1)(b)", "No purpose recorded",
      "Add the purposes of the processing to the activity.")
def purpose_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.purposes:
            yield Hit(f"Activity {label(a)} records no purpose.", activity=a)


@rule("ART30-DATA-SUBJECTS-MISSING", S.ERROR, "Art. 30(1)(c)", "No categories of data subjects recorded",
      "Add the categories of data subjects (customers, website visitors, employees…) to the activity.")
def data_subjects_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.data_subjects:
            yield Hit(f"Activity {label(a)} records no category of data subjects.", activity=a)


@rule("ART30-DATA-CATEGORIES-MISSING", S.ERROR, "Art. 30(1)(c)", "No categories of personal data recorded",
      "Add the categories of personal data the activity processes, each with its retention.")
def data_categories_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.data_categories:
            yield Hit(f"Activity {label(a)} records no category of personal data.", activity=a)


@rule("ART30-RECIPIENTS-MISSING", S.ERROR, "Art. 30(1)(d)", "Recipients neither recorded nor described",
      "Add the recipients of the activity, or describe the categories of recipients in words "
      "(\"categories of recipients\"), including that there are none.")
def recipients_missing(register: Register) -> Iterator[Hit]:
    for a in _controller_activities(register):
        if not a.recipients and not a.recipients_statement.strip():
            yield Hit(f"Activity {label(a)} records no recipient and no statement about recipients.",
                      activity=a)


@rule("ART30-SECURITY-MEASURES-MISSING", S.WARNING, "Art. 30(1)(g), Art. 30(2)(d), Art. 32(1)",
      "No security measures recorded",
      "Add the technical and organisational measures protecting the activity (encryption, access control…).")
def security_measures_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        if not a.security_measures:
            yield Hit(f"Activity {label(a)} records no technical or organisational security measure.",
                      activity=a)


@rule("ART30-PROCESSOR-CONTROLLER-MISSING", S.ERROR, "Art. 30(2)(a)-(b)",
      "Processor activity without the controller it serves",
      "Name each controller the organisation acts for, with the processing carried out for it.")
def processor_controller_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        if a.role == OrganisationRole.PROCESSOR and not a.controllers:
            yield Hit(f"Activity {label(a)} is carried out as processor but names no controller.",
                      activity=a)
