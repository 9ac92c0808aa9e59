"""Recipients: processors bound by a contract, each third party recorded once and actually used."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.choices import RecipientRole
from ropa.register import Register, ThirdPartyView

from .registry import Hit, rule

PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})

# Legal-form words that do not tell two companies apart ("Acme Inc." is "ACME").
LEGAL_FORMS = frozenset({
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation", "co", "company",
    "gmbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "asa", "oy", "oyj",
    "uab", "ou", "sp", "zoo", "sro", "kft", "pty",
})


def normalise_name(name: str) -> str:
    """A name compared without case, accents, punctuation or legal form."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w for w in words if w not in LEGAL_FORMS)


def used_third_parties(register: Register) -> dict[int, list[str]]:
    """Third party id -> references of the organisation's (non-retired) activities that name it."""
    used: dict[int, list[str]] = {}
    for a in register.reported_activities():
        ids = {r.third_party.id for r in a.recipients} | {t.third_party.id for t in a.transfers}
        ids |= {c.third_party.id for c in a.controllers}
        for tp_id in ids:
            used.setdefault(tp_id, []).append(a.reference)
    return used


@rule("RECIPIENT-DPA-MISSING", S.ERROR, "Art. 28(3)", "Processor without a data processing agreement",
      "Sign an Art. 28 data processing agreement with this processor and record its reference and date.")
def dpa_missing(register: Register) -> Iterator[Hit]:
    refs: dict[int, tuple[ThirdPartyView, list[str]]] = {}
    for a in register.reported_activities():
        for r in a.recipients:
            if r.role in PROCESSOR_ROLES and not r.third_party.dpa_reference.strip():
                refs.setdefault(r.third_party.id, (r.third_party, []))[1].append(a.reference)
    for tp, activities in refs.values():
        yield Hit(f"{tp.name} ({tp.legal_entity}) processes personal data for activities "
                  f"{', '.join(activities)} with no data processing agreement recorded.", third_party=tp)


@rule("RECIPIENT-DUPLICATE", S.WARNING, "Art. 30(1)(d), Art. 5(2)", "Third party recorded twice",
      "Merge the duplicates: move recipients and transfers to one of the records and delete the other.")
def duplicate(register: Register) -> Iterator[Hit]:
    used = used_third_parties(register)
    groups: dict[str, list[ThirdPartyView]] = {}
    for tp in register.third_parties:
        groups.setdefault(normalise_name(tp.name) or tp.name, []).append(tp)
    for group in groups.values():
        if len(group) < 2 or not any(tp.id in used for tp in group):
            continue
        for tp in group:
            others = ", ".join(f"“{o.name}” ({o.legal_entity})" for o in group if o.id != tp.id)
            yield Hit(f"{tp.name} ({tp.legal_entity}) appears to be the same third party as {others}.",
                      third_party=tp)


@rule("RECIPIENT-UNUSED", S.INFO, "Art. 5(1)(c), Art. 5(2)", "Third party used by no activity",
      "Link it to the activities that share data with it, or delete it if the relationship has ended.")
def unused(register: Register) -> Iterator[Hit]:
    used = used_third_parties(register)
    for tp in register.third_parties:
        if tp.id not in used:
            yield Hit(f"{tp.name} ({tp.legal_entity}) is recorded but no active activity of "
                      f"{register.organisation.name} shares data with it.", third_party=tp)
