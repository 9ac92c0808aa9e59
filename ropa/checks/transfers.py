"""Chapter V transfers: every flow outside the EEA recorded, on a ground that holds on the register's date."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import DEROGATIONS, RecipientRole, TransferMechanism
from ropa.choices import FindingSeverity as S
from ropa.countries import is_eea
from ropa.register import Register

from .registry import Hit, label, rule

# Art. 46 tools after which the exporter must assess the destination's law (CJEU C-311/18, EDPB Rec. 01/2020).
ART46_TOOLS = frozenset({
    TransferMechanism.SCC, TransferMechanism.SA_SCC, TransferMechanism.BCR, TransferMechanism.AD_HOC_CLAUSES,
    TransferMechanism.CODE_OF_CONDUCT, TransferMechanism.CERTIFICATION,
})
PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})


@rule("TRANSFER-NOT-RECORDED", S.ERROR, "Art. 30(1)(d)-(e), Art. 44",
      "Recipient outside the EEA without a recorded transfer",
      "Record the transfer to this recipient with its destination and Chapter V mechanism (adequacy, SCCs…).")
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
                yield Hit(f"Activity {label(a)} sends data to {tp.name} ({', '.join(abroad)}, outside the "
                          "EEA) but records no transfer to it.", activity=a, third_party=tp)


@rule("TRANSFER-ADEQUACY-NOT-COVERED", S.ERROR, "Art. 45(1)",
      "Transfer on an adequacy decision that does not cover it",
      "Use another Chapter V ground (e.g. SCCs with a transfer impact assessment), or, for the United "
      "States, record the recipient's Data Privacy Framework certification if it holds one.")
def adequacy_not_covered(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism != TransferMechanism.ADEQUACY:
                continue
            if not register.adequacy_covers(t.destination_country, t.international_organisation,
                                            t.third_party.dpf_certified):
                yield Hit(f"Activity {label(a)}: the transfer to {t.third_party.name} ({t.destination}) "
                          f"relies on adequacy, but no decision covers it on {register.effective_date}.",
                          activity=a, third_party=t.third_party)


@rule("TRANSFER-DEROGATION-REGULAR", S.ERROR, "Art. 49(1), EDPB Guidelines 2/2018",
      "Derogation used for a regular transfer",
      "Derogations are for occasional transfers: put an Art. 46 safeguard (e.g. SCCs) in place.")
def derogation_regular(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism in DEROGATIONS and not t.occasional:
                yield Hit(f"Activity {label(a)}: the transfer to {t.third_party.name} ({t.destination}) "
                          "relies on an Art. 49 derogation but is not occasional.", activity=a,
                          third_party=t.third_party)


@rule("TRANSFER-DEROGATION-UNDOCUMENTED", S.WARNING, "Art. 49(1), Art. 49(6), Art. 30(1)(e)",
      "Derogation without a documented assessment",
      "Record why the derogation applies and, for compelling legitimate interests, the safeguards adopted.")
def derogation_undocumented(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism in DEROGATIONS and not t.derogation_assessment.strip():
                yield Hit(f"Activity {label(a)}: the derogation used for the transfer to "
                          f"{t.third_party.name} ({t.destination}) is not documented.", activity=a,
                          third_party=t.third_party)


@rule("TRANSFER-TIA-MISSING", S.WARNING, "Art. 46(1), CJEU C-311/18, EDPB Recommendations 01/2020",
      "Transfer on an Art. 46 safeguard without a transfer impact assessment",
      "Assess the destination's law and practice for this transfer and record the assessment's reference.")
def tia_missing(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for t in a.transfers:
            if t.mechanism in ART46_TOOLS and not t.tia_reference.strip():
                yield Hit(f"Activity {label(a)}: the transfer to {t.third_party.name} ({t.destination}) "
                          "relies on an Art. 46 safeguard with no transfer impact assessment.", activity=a,
                          third_party=t.third_party)
