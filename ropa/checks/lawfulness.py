"""Lawfulness: an Art. 6 basis for every purpose, Art. 9 / Art. 10 grounds, the evidence each basis needs."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import Art9Condition, LawfulBasis
from ropa.choices import FindingSeverity as S
from ropa.register import ActivityView, CatalogueItem, Register

from .registry import Hit, label, rule

# Data subject categories (catalogue keys, and keys under them) in a relationship of dependence with the
# controller, where consent is unlikely to be free (Recital 43; EDPB Guidelines 05/2020 §§21-22).
DEPENDENT_SUBJECTS = frozenset({"employees", "job_applicants"})
# Children (Art. 8): their consent to information society services needs the parents' where they are under age.
CHILD_SUBJECTS = frozenset({"children"})
# Art. 9(2) conditions that apply only "on the basis of Union or Member State law" (or, for (b), a collective
# agreement; for (h), a contract with a health professional).
ART9_CONDITIONS_NEEDING_LAW = frozenset(
    {
        Art9Condition.EMPLOYMENT,
        Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST,
        Art9Condition.HEALTH_CARE,
        Art9Condition.PUBLIC_HEALTH,
        Art9Condition.ARCHIVING_RESEARCH,
    }
)
# Art. 22(4): automated decisions may rest on special-category data only with these conditions.
ART22_4_CONDITIONS = frozenset({Art9Condition.EXPLICIT_CONSENT, Art9Condition.SUBSTANTIAL_PUBLIC_INTEREST})


def _in(subject: CatalogueItem, keys: frozenset[str]) -> bool:
    return subject.key.split(".", 1)[0] in keys


def _relies_on_consent(a: ActivityView) -> bool:
    return any(b.basis == LawfulBasis.CONSENT for b in a.legal_bases) or any(
        c.art9_condition == Art9Condition.EXPLICIT_CONSENT for c in a.data_categories
    )


@rule(
    "LAWFUL-ART6-BASIS-MISSING",
    S.ERROR,
    "Art. 6(1), Art. 5(1)(a)",
    "Purpose without a lawful basis",
    "Record the Art. 6(1) basis for this purpose on the activity's legal bases.",
)
def basis_missing(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        covered = {b.purpose_key for b in a.legal_bases}
        for p in a.purposes:
            if p.key not in covered:
                yield Hit(f"Activity {label(a)}: the purpose “{p.name}” has no Art. 6(1) basis.", activity=a)


@rule(
    "LAWFUL-ART9-CONDITION",
    S.ERROR,
    "Art. 9(1)-(2)",
    "Special-category data without an Art. 9(2) condition",
    "Record on the data category the Art. 9(2) condition that allows processing it, or stop processing it.",
)
def art9_condition(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for c in a.data_categories:
            if c.is_special and not c.art9_condition:
                yield Hit(
                    f"Activity {label(a)} processes “{c.name}” (special category) with no Art. 9(2) condition.",
                    activity=a,
                )


@rule(
    "LAWFUL-ART10-AUTHORITY",
    S.ERROR,
    "Art. 10",
    "Criminal offence data without an Art. 10 authority",
    "Record on the data category the official authority or the law that authorises processing it.",
)
def art10_authority(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for c in a.data_categories:
            if c.is_criminal and not c.art10_authority.strip():
                yield Hit(
                    f"Activity {label(a)} processes “{c.name}” (criminal offence data) with no Art. 10 authority.",
                    activity=a,
                )


@rule(
    "LAWFUL-CONSENT-RECORD-MISSING",
    S.WARNING,
    "Art. 6(1)(a), Art. 7(1)",
    "Consent without a consent record",
    "Say how and where consent is collected and recorded (e.g. the consent platform and its log).",
)
def consent_record(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis == LawfulBasis.CONSENT and not b.consent_record.strip():
                yield Hit(
                    f"Activity {label(a)}: consent for “{b.purpose_name}” has no consent record, so "
                    "it cannot be demonstrated.",
                    activity=a,
                )


@rule(
    "LAWFUL-LI-ASSESSMENT-MISSING",
    S.WARNING,
    "Art. 6(1)(f), Art. 5(2)",
    "Legitimate interests without the interest or its assessment",
    "State the legitimate interest pursued and reference its assessment (the balancing test).",
)
def legitimate_interests(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis != LawfulBasis.LEGITIMATE_INTERESTS:
                continue
            missing = [
                w
                for w, v in (
                    ("the interest pursued", b.legitimate_interest),
                    ("an assessment reference", b.assessment_reference),
                )
                if not v.strip()
            ]
            if missing:
                yield Hit(
                    f"Activity {label(a)}: legitimate interests for “{b.purpose_name}” lack {' and '.join(missing)}.",
                    activity=a,
                )


@rule(
    "LAWFUL-PUBLIC-TASK-PRIVATE-BODY",
    S.WARNING,
    "Art. 6(1)(e), Art. 6(3)",
    "Public task claimed by an organisation that is not a public body",
    "Choose the basis that fits (contract, legal obligation, legitimate interests…); if a law vests the "
    "organisation with official authority, mark it as a public body and cite that law.",
)
def public_task(register: Register) -> Iterator[Hit]:
    if register.org.is_public_body:
        return
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis == LawfulBasis.PUBLIC_TASK:
                yield Hit(
                    f"Activity {label(a)} relies on public task for “{b.purpose_name}”, but "
                    f"{register.org.name} is not recorded as a public body.",
                    activity=a,
                )


@rule(
    "LAWFUL-LI-PUBLIC-AUTHORITY",
    S.WARNING,
    "Art. 6(1) last subparagraph, Recital 47",
    "Legitimate interests relied on by a public authority",
    "For processing in the performance of its tasks a public authority relies on public task or legal obligation "
    "(Art. 6(1)(c), (e)); keep legitimate interests only for processing outside its tasks, and say so.",
)
def li_public_authority(register: Register) -> Iterator[Hit]:
    """The reverse of LAWFUL-PUBLIC-TASK-PRIVATE-BODY. A warning: an authority may still rely on legitimate interests
    for what is not one of its tasks, which the register cannot tell."""
    if not register.org.is_public_body:
        return
    for a in register.controller_activities():
        for b in a.legal_bases:
            if b.basis == LawfulBasis.LEGITIMATE_INTERESTS:
                yield Hit(
                    f"Activity {label(a)} relies on legitimate interests for “{b.purpose_name}”, but "
                    f"{register.org.name} is a public body: point (f) does not apply to processing "
                    "in the performance of its tasks.",
                    activity=a,
                )


@rule(
    "LAWFUL-CONSENT-IMBALANCE",
    S.WARNING,
    "Art. 4(11), Art. 7(4), Recital 43, EDPB Guidelines 05/2020 §§16-22",
    "Consent where there is an imbalance of power",
    "Rely on the basis that fits (contract, legal obligation, public task…). Keep consent only where refusing it "
    "has no consequence at all for the person, and record why.",
)
def consent_imbalance(register: Register) -> Iterator[Hit]:
    """Consent by employees or job applicants, or given to a public body, is rarely free. A warning: the EDPB allows
    it where refusing has no adverse consequence (its examples 2, 3 and 5)."""
    org = register.org
    for a in register.controller_activities():
        if not _relies_on_consent(a):
            continue
        dependent = [s.name for s in a.data_subjects if _in(s, DEPENDENT_SUBJECTS)]
        if org.is_public_body:
            why = f"{org.name} is a public body"
        elif dependent:
            why = f"its data subjects include {', '.join(dependent)}"
        else:
            continue
        yield Hit(
            f"Activity {label(a)} relies on consent, but {why}: consent is unlikely to be freely given.", activity=a
        )


@rule(
    "LAWFUL-ONE-BASIS-PER-PURPOSE",
    S.ERROR,
    "Art. 6(1), Art. 5(1)(a), Art. 13(1)(c), EDPB Guidelines 05/2020 §§121-123",
    "More than one Art. 6 basis for one purpose",
    "Decide, before collecting, the one basis each purpose rests on. If different bases apply to different "
    "people, split the purpose (or the activity) so each has one.",
    lower=(S.WARNING,),
)
def one_basis_per_purpose(register: Register) -> Iterator[Hit]:
    """Error when consent is one of them: consent cannot be backed by another basis, and telling people they may
    withdraw when another basis is relied on is unfair. Warning otherwise: say which basis applies to whom."""
    labels = dict(LawfulBasis.choices)
    for a in register.controller_activities():
        by_purpose: dict[str, list] = {}
        for b in a.legal_bases:
            by_purpose.setdefault(b.purpose_key, []).append(b)
        for bases in by_purpose.values():
            kinds = sorted({b.basis for b in bases})
            if len(kinds) < 2:
                continue
            named = " and ".join(str(labels.get(k, k)) for k in kinds)
            if LawfulBasis.CONSENT in kinds:
                yield Hit(
                    f"Activity {label(a)}: “{bases[0].purpose_name}” rests on {named}; consent cannot be "
                    "combined with, or fall back on, another basis.",
                    activity=a,
                )
            else:
                yield Hit(
                    f"Activity {label(a)}: “{bases[0].purpose_name}” rests on {named}; the register does "
                    "not say which applies to whom.",
                    activity=a,
                    severity=S.WARNING,
                )


@rule(
    "LAWFUL-ART9-LAW-MISSING",
    S.ERROR,
    "Art. 9(2)(b), (g), (h), (i), (j), Art. 9(3)",
    "Art. 9(2) condition that needs a law, with no law named",
    "Name the Union or Member State law the condition rests on (for (b) a collective agreement may do, for (h) a "
    "contract with a health professional), or choose the condition that applies.",
)
def art9_law(register: Register) -> Iterator[Hit]:
    labels = dict(Art9Condition.choices)
    for a in register.controller_activities():
        for c in a.data_categories:
            if c.is_special and c.art9_condition in ART9_CONDITIONS_NEEDING_LAW and not c.law_reference.strip():
                yield Hit(
                    f"Activity {label(a)} processes “{c.name}” under {labels[c.art9_condition]}, which applies "
                    "only on the basis of a law, and names none.",
                    activity=a,
                )


@rule(
    "LAWFUL-CHILD-CONSENT",
    S.WARNING,
    "Art. 8(1)-(2), Art. 7(1)",
    "Children's consent without an age check or parental consent",
    "Record how the child's age is checked and how the consent of the holder of parental responsibility is "
    "obtained and kept (or why the children are old enough to consent alone).",
)
def child_consent(register: Register) -> Iterator[Hit]:
    """A warning: Art. 8 governs information society services offered directly to children; the register does not
    say whether the service is one."""
    for a in register.controller_activities():
        if not any(_in(s, CHILD_SUBJECTS) for s in a.data_subjects):
            continue
        for b in a.legal_bases:
            if b.basis == LawfulBasis.CONSENT and not b.parental_consent_record.strip():
                yield Hit(
                    f"Activity {label(a)} processes children's data on consent for “{b.purpose_name}” with no "
                    "record of age checks or parental consent.",
                    activity=a,
                )


@rule(
    "LAWFUL-ART22-AUTOMATED-DECISION",
    S.ERROR,
    "Art. 22(1)-(4)",
    "Automated decisions without an Art. 22 exception or safeguards",
    "Record the Art. 22(2) exception (contract, law or explicit consent) and the safeguards: human intervention, "
    "the person's point of view, contesting the decision.",
)
def automated_decisions(register: Register) -> Iterator[Hit]:
    """Decisions based solely on automated processing with legal or similarly significant effects are prohibited
    unless an Art. 22(2) exception applies, with safeguards; on special-category data only under Art. 9(2)(a) or
    (g) (Art. 22(4))."""
    for a in register.controller_activities():
        if not a.automated_decision_making:
            continue
        missing = []
        if not a.art22_exception:
            missing.append("no Art. 22(2) exception is recorded")
        if not a.art22_safeguards.strip():
            missing.append("no safeguards are recorded")
        if any(c.is_special and c.art9_condition not in ART22_4_CONDITIONS for c in a.data_categories):
            missing.append(
                "they rest on special-category data without explicit consent or substantial public "
                "interest (Art. 22(4))"
            )
        if missing:
            yield Hit(
                f"Activity {label(a)} takes decisions solely by automated means, but {'; '.join(missing)}.", activity=a
            )
