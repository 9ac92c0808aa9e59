"""Retention (storage limitation): a time limit for erasure per data category, or the criteria that fix it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ropa.choices import FindingSeverity as S
from ropa.register import DataCategoryUse, Register

from .registry import Hit, label, rule

# What makes a retention statement usable: Art. 13(2)(a) accepts "the period ... or if that is not possible, the
# criteria used to determine that period". A statement is vague when it gives neither.

# A length of time: "30 days", "two years", "a month".
DURATION = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|eighteen|"
    r"twenty|twenty-four|thirty|thirty-six|forty|fifty|sixty|ninety|hundred)"
    r"[\s-]+(?:calendar\s+|working\s+|business\s+)?(?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
# A named rule that fixes the period: a statute, an article, a limitation period.
NAMED_RULE = re.compile(
    r"\b(?:Act|Code|Law|Regulation|Directive|Ordinance|Statute|Decree)\b"  # capitalised: a named instrument
    r"|\b(?:Art\.|Article)\s*\d"  # not "§3": notices number their own sections so
    r"|(?i:\blimitation period|\bstatute of limitations|\bprescription period)",
)
# Words that open a clause naming when keeping stops; the clause must then name an event.
TRIGGER = re.compile(
    r"\b(?:until|till|once|after|upon|when|whenever|while|whilst|during|following|as long as|at the end of|"
    r"for the (?:duration|term|life|lifetime) of)\b",
    re.IGNORECASE,
)
# A clause that only restates necessity ("as long as necessary", "until no longer needed") names no event.
NECESSITY = re.compile(
    r"^\s*(?:(?:it|they|we|you|the data|data|this)\s+)?(?:is\s+|are\s+|remains?\s+)?(?:reasonably\s+|still\s+)?"
    r"(?:no longer\b|necessary|needed|need\b|required|require\b|appropriate|relevant|useful|justified)",
    re.IGNORECASE,
)
# Events that end (or start the countdown of) keeping: a relationship that ends, a request that is closed.
EVENT = re.compile(
    r"\b(?:account|subscription|contract|agreement|membership|employ\w*|relationship|consent|session|browser|"
    r"tenancy|lease|warranty|guarantee|claims?|case|request|ticket|order|repair|programme|program|project|trial|"
    r"recruitment|application|campaign|card|enrol\w*|loan|booking|stay|"
    r"clos(?:e|ed|es|ing|ure)|ends?|ended|terminat\w*|expir\w*|withdr[ae]w\w*|unsubscrib\w*|cancel\w*|laps\w*|"
    r"resolved|settled|complet\w*|fulfil\w*|leaves?|left|delet\w*|object(?:s|ed|ion)?|opts?[- ]out|collected|"
    r"paid|delivered|returned|lasts?|active)\b",
    re.IGNORECASE,
)
CLAUSE_END = re.compile(r"[.;:,()]")


def _names_event(text: str) -> bool:
    for trigger in TRIGGER.finditer(text):
        rest = text[trigger.end() :]
        clause = rest[: m.start()] if (m := CLAUSE_END.search(rest)) else rest
        if not NECESSITY.match(clause) and EVENT.search(clause):
            return True
    return False


def states_period_or_criteria(note: str) -> bool:
    """Whether a retention statement in words gives a period or the criteria that determine it."""
    return bool(DURATION.search(note) or NAMED_RULE.search(note) or _names_event(note))


def is_vague(use: DataCategoryUse) -> bool:
    """No period, and a note that gives neither a period nor the criteria that fix one."""
    note = use.retention_note.strip()
    return use.retention_period is None and bool(note) and not states_period_or_criteria(note)


@rule(
    "RETENTION-MISSING",
    S.WARNING,
    "Art. 30(1)(f), Art. 5(1)(e)",
    "No retention recorded for a data category",
    "Record how long this category is kept (period and the event it runs from), or the rule in words.",
)
def retention_missing(register: Register) -> Iterator[Hit]:
    """Art. 30(1)(f) asks for the time limits "where possible": a warning, like the security description."""
    for a in register.controller_activities():
        for c in a.data_categories:
            if c.retention_period is None and not c.retention_note.strip():
                yield Hit(f"Activity {label(a)}: no retention is recorded for “{c.name}”.", activity=a)


@rule(
    "RETENTION-VAGUE",
    S.WARNING,
    "Art. 30(1)(f), Art. 5(1)(e), Art. 13(2)(a)",
    "Vague retention",
    'Replace "as long as necessary" with a period and the event it runs from (e.g. 2 years from account '
    "closure), or the criteria that fix it (e.g. until the subscription ends, the limitation period of a law).",
)
def retention_vague(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        for c in a.data_categories:
            if is_vague(c):
                yield Hit(
                    f"Activity {label(a)}: the retention of “{c.name}” is vague (“{c.retention_note.strip()}”).",
                    activity=a,
                )
