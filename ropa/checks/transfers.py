"""Chapter V transfers: every flow outside the EEA recorded, on a ground that holds on the register's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ropa.choices import (
    AUTHORISED_SAFEGUARDS,
    DEROGATIONS,
    OCCASIONAL_ONLY_DEROGATIONS,
    AdequacyScope,
    RecipientRole,
    TransferMechanism,
)
from ropa.choices import FindingSeverity as S
from ropa.countries import is_eea
from ropa.register import ActivityView, Register, TransferView

from .registry import Hit, label, rule

# Art. 46 tools after which the exporter must assess the destination's law (CJEU C-311/18, EDPB Rec. 01/2020).
ART46_TOOLS = frozenset(
    {
        TransferMechanism.SCC,
        TransferMechanism.SA_SCC,
        TransferMechanism.BCR,
        TransferMechanism.AD_HOC_CLAUSES,
        TransferMechanism.CODE_OF_CONDUCT,
        TransferMechanism.CERTIFICATION,
    }
)
PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})


def _transfers(register: Register, mechanisms) -> Iterator[tuple[ActivityView, TransferView]]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism in mechanisms:
                yield a, t


def _to(t: TransferView) -> str:
    return f"the transfer to {t.third_party.name} ({t.destination})"


def a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@rule(
    "TRANSFER-NOT-RECORDED",
    S.ERROR,
    "Art. 30(1)(d)-(e), Art. 44",
    "Recipient outside the EEA without a recorded transfer",
    "Record the transfer to this recipient with its destination and Chapter V mechanism (adequacy, SCCs…).",
)
def transfer_not_recorded(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        transferred = {t.third_party.id for t in a.transfers}
        for r in a.recipients:
            tp = r.third_party
            if tp.id in transferred:
                continue
            abroad = [c for c in (tp.country,) if c and not is_eea(c)]
            if r.role in PROCESSOR_ROLES:
                abroad += [c for c in tp.processing_locations if not is_eea(c) and c not in abroad]
            if abroad:
                yield Hit(
                    f"Activity {label(a)} sends data to {tp.name} ({', '.join(abroad)}, outside the "
                    "EEA) but records no transfer to it.",
                    activity=a,
                    third_party=tp,
                )


@rule(
    "TRANSFER-ADEQUACY-NOT-COVERED",
    S.ERROR,
    "Art. 45(1)",
    "Transfer on an adequacy decision that does not cover it",
    "Use another Chapter V ground (e.g. SCCs with a transfer impact assessment), or, for the United "
    "States, record the recipient's Data Privacy Framework certification if it holds one.",
)
def adequacy_not_covered(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism != TransferMechanism.ADEQUACY:
                continue
            if not register.adequacy_covers(
                t.destination_country, t.international_organisation, t.third_party.dpf_certified
            ):
                yield Hit(
                    f"Activity {label(a)}: the transfer to {t.third_party.name} ({t.destination}) "
                    f"relies on adequacy, but no decision covers it on {register.effective_date}.",
                    activity=a,
                    third_party=t.third_party,
                )


@rule(
    "TRANSFER-DEROGATION-REGULAR",
    S.ERROR,
    "Art. 49(1), Recital 111, EDPB Guidelines 2/2018",
    "Derogation used for a regular transfer",
    "Derogations are for occasional transfers: put an Art. 46 safeguard (e.g. SCCs) in place.",
    lower=(S.WARNING,),
)
def derogation_regular(register: Register) -> Iterator[Hit]:
    """Error where the text limits the derogation to occasional transfers: Art. 49(1)(b), (c) and (e) (Recital 111)
    and the second subparagraph ("not repetitive"). Warning for the others, which EDPB Guidelines 2/2018 read
    restrictively without the text excluding regular use."""
    for a, t in _transfers(register, DEROGATIONS):
        if t.occasional:
            continue
        text_limited = t.mechanism in OCCASIONAL_ONLY_DEROGATIONS
        yield Hit(
            f"Activity {label(a)}: {_to(t)} relies on an Art. 49 derogation but is not occasional"
            + (
                ", which the derogation requires."
                if text_limited
                else "; derogations are exceptions, to be read restrictively."
            ),
            activity=a,
            third_party=t.third_party,
            severity="" if text_limited else S.WARNING,
        )


@rule(
    "TRANSFER-DEROGATION-UNDOCUMENTED",
    S.ERROR,
    "Art. 49(1), Art. 49(6), Art. 30(1)(e)",
    "Derogation without a documented assessment",
    "Record why the derogation applies and, for compelling legitimate interests, the assessment and the "
    "safeguards adopted.",
    lower=(S.WARNING,),
)
def derogation_undocumented(register: Register) -> Iterator[Hit]:
    """Error for the second subparagraph, whose assessment and safeguards Art. 49(6) requires in the record;
    warning for the other derogations (accountability, Art. 5(2))."""
    for a, t in _transfers(register, DEROGATIONS):
        if not t.derogation_assessment.strip():
            second = t.mechanism == TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS
            yield Hit(
                f"Activity {label(a)}: the derogation used for {_to(t)} is not documented.",
                activity=a,
                third_party=t.third_party,
                severity="" if second else S.WARNING,
            )


@rule(
    "TRANSFER-ADEQUACY-SCOPE-UNCONFIRMED",
    S.ERROR,
    "Art. 45(1), Art. 45(3), the adequacy decision's Art. 1",
    "Adequacy relied on without confirming the recipient is within the decision's scope",
    "Check that the recipient and this transfer fall within the decision (e.g. Canada: subject to PIPEDA; Japan: "
    "a business operator under the APPI; Israel: automated processing), then record it on the transfer; "
    "otherwise use another Chapter V ground.",
)
def adequacy_scope(register: Register) -> Iterator[Hit]:
    labels = dict(AdequacyScope.choices)
    for a, t in _transfers(register, {TransferMechanism.ADEQUACY}):
        limits = register.adequacy_scope_limits(t.destination_country, t.international_organisation)
        if limits and not t.adequacy_scope_confirmed:
            scope = "; ".join(str(labels.get(x, x)) for x in limits)
            yield Hit(
                f"Activity {label(a)}: {_to(t)} relies on an adequacy decision limited to: {scope}; the "
                "register does not confirm the recipient is within it.",
                activity=a,
                third_party=t.third_party,
            )


@rule(
    "TRANSFER-DPF-VERIFICATION-STALE",
    S.WARNING,
    "Art. 45(1), (EU) 2023/1795 (annual re-certification)",
    "Data Privacy Framework certification not checked in the last 12 months",
    "Look the recipient up on the Data Privacy Framework List, confirm its certification is active and covers "
    "the data, and record the date you checked.",
)
def dpf_stale(register: Register) -> Iterator[Hit]:
    """A certification lapses unless renewed each year; adequacy covers only organisations on the List."""
    year_ago = a_year_before(register.effective_date)
    for a, t in _transfers(register, {TransferMechanism.ADEQUACY}):
        tp = t.third_party
        if not tp.dpf_certified or not register.adequacy_needs_certification(t.destination_country):
            continue
        if tp.dpf_verified_on is None or tp.dpf_verified_on < year_ago:
            when = f"last checked on {tp.dpf_verified_on}" if tp.dpf_verified_on else "never checked"
            yield Hit(
                f"Activity {label(a)}: {_to(t)} relies on {tp.name}'s Data Privacy Framework certification, {when}.",
                activity=a,
                third_party=tp,
            )


@rule(
    "TRANSFER-ART46-3-NOT-AUTHORISED",
    S.ERROR,
    "Art. 46(3), Art. 46(4)",
    "Ad hoc clauses or administrative arrangement without the authority's authorisation",
    "Obtain the competent supervisory authority's authorisation (after the consistency mechanism) and record its "
    "reference, or use a safeguard that needs none (e.g. the Commission's SCCs).",
)
def art46_3_not_authorised(register: Register) -> Iterator[Hit]:
    for a, t in _transfers(register, AUTHORISED_SAFEGUARDS):
        if not t.supervisory_authority_reference.strip():
            yield Hit(
                f"Activity {label(a)}: {_to(t)} relies on an Art. 46(3) safeguard with no supervisory "
                "authority authorisation recorded.",
                activity=a,
                third_party=t.third_party,
            )


@rule(
    "TRANSFER-ART49-AUTHORITY-NOT-INFORMED",
    S.ERROR,
    "Art. 49(1) second subparagraph",
    "Transfer on compelling legitimate interests without informing the authority",
    "Inform the supervisory authority of the transfer and record when and how.",
)
def art49_authority_not_informed(register: Register) -> Iterator[Hit]:
    for a, t in _transfers(register, {TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS}):
        if not t.supervisory_authority_reference.strip():
            yield Hit(
                f"Activity {label(a)}: {_to(t)} relies on compelling legitimate interests with no record of "
                "informing the supervisory authority.",
                activity=a,
                third_party=t.third_party,
            )


@rule(
    "TRANSFER-TIA-MISSING",
    S.WARNING,
    "Art. 46(1), CJEU C-311/18, EDPB Recommendations 01/2020",
    "Transfer on an Art. 46 safeguard without a transfer impact assessment",
    "Assess the destination's law and practice for this transfer and record the assessment's reference.",
)
def tia_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism in ART46_TOOLS and not t.tia_reference.strip():
                yield Hit(
                    f"Activity {label(a)}: the transfer to {t.third_party.name} ({t.destination}) "
                    "relies on an Art. 46 safeguard with no transfer impact assessment.",
                    activity=a,
                    third_party=t.third_party,
                )
