"""Retention (storage limitation): a time limit for erasure per data category, stated so it can be applied."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.register import DataCategoryUse, Register

from .registry import Hit, label, rule

# Wording that names no limit: "as long as necessary", "no longer than needed", "indefinitely"…
VAGUE = re.compile(
    r"as long as (?:is |it is |we |reasonably )?(?:necessary|needed|required|appropriate)"
    r"|no longer than (?:is )?(?:necessary|needed|required)"
    r"|for as long as\b|indefinite|until no longer (?:needed|necessary|required)",
    re.IGNORECASE,
)


def is_vague(use: DataCategoryUse) -> bool:
    """No period, and a note that only says "as long as necessary" in some form."""
    return use.retention_period is None and bool(VAGUE.search(use.retention_note))


@rule("RETENTION-MISSING", S.ERROR, "Art. 30(1)(f), Art. 5(1)(e)",
      "No retention recorded for a data category",
      "Record how long this category is kept (period and the event it runs from), or the rule in words.")
def retention_missing(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for c in a.data_categories:
            if c.retention_period is None and not c.retention_note.strip():
                yield Hit(f"Activity {label(a)}: no retention is recorded for “{c.name}”.", activity=a)


@rule("RETENTION-VAGUE", S.WARNING, "Art. 30(1)(f), Art. 5(1)(e), Art. 13(2)(a)", "Vague retention",
      "Replace \"as long as necessary\" with a period and the event it runs from (e.g. 2 years from account "
      "closure), or the criteria that fix it.")
def retention_vague(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for c in a.data_categories:
            if is_vague(c):
                yield Hit(f"Activity {label(a)}: the retention of “{c.name}” is vague "
                          f"(“{c.retention_note.strip()}”).", activity=a)
