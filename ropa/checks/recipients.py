"""Recipients: processors bound by a contract, each third party recorded once and actually used."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.choices import OrganisationRole, RecipientRole
from ropa.register import Register, ThirdPartyView

from .registry import Hit, label, rule

PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})

# Legal-form words that do not tell two companies apart ("Acme Inc." is "ACME").
LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "company",
        "gmbh",
        "ag",
        "kg",
        "se",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "as",
        "asa",
        "oy",
        "oyj",
        "uab",
        "ou",
        "sp",
        "zoo",
        "sro",
        "kft",
        "pty",
    }
)


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


def _processors_by_party(register: Register, missing) -> dict[int, tuple[ThirdPartyView, list[str]]]:
    """Third parties receiving data as processor or sub-processor for which `missing(third_party)` holds, with the
    references of the activities concerned."""
    refs: dict[int, tuple[ThirdPartyView, list[str]]] = {}
    for a in register.reported_activities():
        for r in a.recipients:
            if r.role in PROCESSOR_ROLES and missing(r.third_party):
                refs.setdefault(r.third_party.id, (r.third_party, []))[1].append(a.reference)
    return refs


@rule(
    "RECIPIENT-DPA-MISSING",
    S.ERROR,
    "Art. 28(3)",
    "Processor without a data processing agreement",
    "Sign an Art. 28 data processing agreement with this processor and record its reference and date.",
)
def dpa_missing(register: Register) -> Iterator[Hit]:
    for tp, activities in _processors_by_party(register, lambda tp: not tp.dpa_reference.strip()).values():
        yield Hit(
            f"{tp.name} ({tp.legal_entity}) processes personal data for activities "
            f"{', '.join(activities)} with no data processing agreement recorded.",
            third_party=tp,
        )


@rule(
    "RECIPIENT-DPA-UNDATED",
    S.WARNING,
    "Art. 28(3), Art. 28(9), Art. 5(2)",
    "Data processing agreement undated",
    "Record the date the Art. 28 agreement was signed (or accepted): it shows the contract was in place before the "
    "processor received data.",
)
def dpa_undated(register: Register) -> Iterator[Hit]:
    undated = _processors_by_party(register, lambda tp: bool(tp.dpa_reference.strip()) and tp.dpa_date is None)
    for tp, activities in undated.values():
        yield Hit(
            f"{tp.name} ({tp.legal_entity}) processes personal data for activities {', '.join(activities)} "
            f"under “{tp.dpa_reference.strip()}”, which has no date.",
            third_party=tp,
        )


@rule(
    "RECIPIENT-SUBPROCESSOR-NOT-AUTHORISED",
    S.ERROR,
    "Art. 28(2), Art. 28(4)",
    "Sub-processor without the controller's authorisation",
    "Record the controller's prior specific or general written authorisation for this sub-processor (for general "
    "authorisation, the notice of the change and the time to object).",
)
def subprocessor_not_authorised(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        for r in a.recipients:
            if r.role == RecipientRole.SUB_PROCESSOR and not r.authorisation_reference.strip():
                yield Hit(
                    f"Activity {label(a)}: sub-processor {r.third_party.name} is engaged with no written "
                    "authorisation of the controller recorded.",
                    activity=a,
                    third_party=r.third_party,
                )


@rule(
    "JOINT-CONTROLLER-ARRANGEMENT-MISSING",
    S.ERROR,
    "Art. 26(1), Art. 30(1)(a)",
    "Joint controller without an arrangement",
    "Agree with the joint controller, in an arrangement, who does what under the GDPR (information, rights, "
    "contact point) and record its reference.",
)
def joint_arrangement_missing(register: Register) -> Iterator[Hit]:
    """Joint-controller recipients, and the other controllers named on an activity run as joint controller."""
    for a in register.controller_activities():
        parties = [
            r.third_party
            for r in a.recipients
            if r.role == RecipientRole.JOINT_CONTROLLER and not r.arrangement_reference.strip()
        ]
        if a.role == OrganisationRole.JOINT_CONTROLLER:
            parties += [c.third_party for c in a.controllers if not c.arrangement_reference.strip()]
        for tp in parties:
            yield Hit(
                f"Activity {label(a)}: {tp.name} ({tp.legal_entity}) is a joint controller but no Art. 26 "
                "arrangement is recorded.",
                activity=a,
                third_party=tp,
            )


@rule(
    "JOINT-CONTROLLER-ESSENCE-NOT-AVAILABLE",
    S.WARNING,
    "Art. 26(2)",
    "Essence of the joint-controller arrangement not made available",
    "Publish the essence of the arrangement (who answers requests, who informs people) where data subjects read "
    "about the processing, and record where.",
)
def joint_essence(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for r in a.recipients:
            if (
                r.role == RecipientRole.JOINT_CONTROLLER
                and r.arrangement_reference.strip()
                and not r.arrangement_essence_location.strip()
            ):
                yield Hit(
                    f"Activity {label(a)}: the arrangement with {r.third_party.name} "
                    f"(“{r.arrangement_reference.strip()}”) has no record of where its essence is made "
                    "available to data subjects.",
                    activity=a,
                    third_party=r.third_party,
                )


@rule(
    "RECIPIENT-DUPLICATE",
    S.WARNING,
    "Art. 30(1)(d), Art. 5(2)",
    "Third party recorded twice",
    "Merge the duplicates: move recipients and transfers to one of the records and delete the other.",
)
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
            yield Hit(f"{tp.name} ({tp.legal_entity}) appears to be the same third party as {others}.", third_party=tp)


@rule(
    "RECIPIENT-UNUSED",
    S.INFO,
    "Art. 5(1)(c), Art. 5(2)",
    "Third party used by no activity",
    "Link it to the activities that share data with it, or delete it if the relationship has ended.",
)
def unused(register: Register) -> Iterator[Hit]:
    used = used_third_parties(register)
    for tp in register.third_parties:
        if tp.id not in used:
            yield Hit(
                f"{tp.name} ({tp.legal_entity}) is recorded but no active activity of "
                f"{register.org.name} shares data with it.",
                third_party=tp,
            )
