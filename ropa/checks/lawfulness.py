"""Lawfulness: an Art. 6 basis for every purpose, Art. 9 / Art. 10 grounds, the evidence each basis needs."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.choices import LawfulBasis
from ropa.register import Register

from .registry import Hit, label, rule


@rule("LAWFUL-ART6-BASIS-MISSING", S.ERROR, "Art. 6(1), Art. 5(1)(a)", "Purpose without a lawful basis",
      "Record the Art. 6(1) basis for this purpose on the activity's legal bases.")
def basis_missing(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        covered = {b.purpose_key for b in a.legal_bases}
        for p in a.purposes:
            if p.key not in covered:
                yield Hit(f"Activity {label(a)}: the purpose “{p.name}” has no Art. 6(1) basis.", activity=a)


@rule("LAWFUL-ART9-CONDITION", S.ERROR, "Art. 9(1)-(2)",
      "Special-category data without an Art. 9(2) condition",
      "Record on the data category the Art. 9(2) condition that allows processing it, or stop processing it.")
def art9_condition(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for c in a.data_categories:
            if c.is_special and not c.art9_condition:
                yield Hit(f"Activity {label(a)} processes “{c.name}” (special category) with no Art. 9(2) "
                          "condition.", activity=a)


@rule("LAWFUL-ART10-AUTHORITY", S.ERROR, "Art. 10", "Criminal offence data without an Art. 10 authority",
      "Record on the data category the official authority or the law that authorises processing it.")
def art10_authority(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for c in a.data_categories:
            if c.is_criminal and not c.art10_authority.strip():
                yield Hit(f"Activity {label(a)} processes “{c.name}” (criminal offence data) with no "
                          "Art. 10 authority.", activity=a)


@rule("LAWFUL-CONSENT-RECORD-MISSING", S.WARNING, "Art. 6(1)(a), Art. 7(1)",
      "Consent without a consent record",
      "Say how and where consent is collected and recorded (e.g. the consent platform and its log).")
def consent_record(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis == LawfulBasis.CONSENT and not b.consent_record.strip():
                yield Hit(f"Activity {label(a)}: consent for “{b.purpose_name}” has no consent record, so "
                          "it cannot be demonstrated.", activity=a)


@rule("LAWFUL-LI-ASSESSMENT-MISSING", S.WARNING, "Art. 6(1)(f), Art. 5(2)",
      "Legitimate interests without the interest or its assessment",
      "State the legitimate interest pursued and reference its assessment (the balancing test).")
def legitimate_interests(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis != LawfulBasis.LEGITIMATE_INTERESTS:
                continue
            missing = [w for w, v in (("the interest pursued", b.legitimate_interest),
                                      ("an assessment reference", b.assessment_reference)) if not v.strip()]
            if missing:
                yield Hit(f"Activity {label(a)}: legitimate interests for “{b.purpose_name}” lack "
                          f"{' and '.join(missing)}.", activity=a)


@rule("LAWFUL-PUBLIC-TASK-PRIVATE-BODY", S.WARNING, "Art. 6(1)(e), Art. 6(3)",
      "Public task claimed by an organisation that is not a public body",
      "Choose the basis that fits (contract, legal obligation, legitimate interests…); if a law vests the "
      "organisation with official authority, mark it as a public body and cite that law.")
def public_task(register: Register) -> Iterator[Hit]:
    if register.organisation.is_public_body:
        return
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis == LawfulBasis.PUBLIC_TASK:
                yield Hit(f"Activity {label(a)} relies on public task for “{b.purpose_name}”, but "
                          f"{register.organisation.name} is not recorded as a public body.", activity=a)
