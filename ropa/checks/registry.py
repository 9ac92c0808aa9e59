"""The rule registry: each compliance rule with its stable code, severity, legal ground and fix, in one table.

A rule is a function taking a `Register` and yielding `Hit`s (the record concerned, a message naming it); the
`@rule(...)` decorator files it under its code. The engine turns hits into `Finding`s. Rules never query the
database: they read the snapshot only, so checking costs the queries of one `build_register` call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ropa.choices import FindingSeverity

if TYPE_CHECKING:
    from ropa.register import ActivityView, Register, ThirdPartyView

__all__ = ["RULES", "Hit", "Rule", "rule"]


@dataclass(frozen=True)
class Hit:
    """One place where a rule fails: the activity or third party concerned (neither: the organisation).

    `severity` is left empty for the rule's own severity; a rule declared with `lower=` severities may set one of
    them, where the same gap weighs less in some cases (docs/checks.md says which).
    """

    message: str
    activity: ActivityView | None = None
    third_party: ThirdPartyView | None = None
    severity: str = ""
    quote: str = ""  # the notice's sentence a notice rule found (or did not find) the difference in
    position: str = ""  # where that sentence is in the notice


Check = Callable[["Register"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # the rule's own severity, and the highest it reports
    article: str
    title: str
    fix: str
    topic: str
    check: Check
    lower: tuple[str, ...] = ()  # the other severities a hit may carry

    @property
    def severities(self) -> tuple[str, ...]:
        return (self.severity, *self.lower)

    def severity_of(self, hit: Hit) -> str:
        severity = str(hit.severity or self.severity)
        if severity not in self.severities:
            raise ValueError(f"{self.code} reported a {severity} hit; it is declared {'/'.join(self.severities)}")
        return severity


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: FindingSeverity, article: str, title: str, fix: str, lower: tuple[FindingSeverity, ...] = ()
) -> Callable[[Check], Check]:
    """Register a check under a stable code. Codes are part of the public interface: never rename one."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"Duplicate rule code {code}")
        topic = check.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, str(severity), article, title, fix, topic, check, tuple(str(s) for s in lower))
        return check

    return register


def label(activity: ActivityView) -> str:
    return f"{activity.reference} “{activity.name}”"
