"""Running the rules over a Register snapshot."""

from __future__ import annotations

from collections.abc import Iterable

from ropa.register import Register

# Importing the topic modules files their rules in the registry.
from . import completeness, dpia, governance, lawfulness, notice, recipients, retention, transfers  # noqa: F401
from .findings import Finding
from .registry import RULES, Hit, Rule

__all__ = ["findings_annex", "run_checks"]


def _finding(register: Register, rule: Rule, hit: Hit) -> Finding:
    org = register.org
    if hit.activity is not None:
        record, name = "activity", f"{hit.activity.reference} {hit.activity.name}"
    elif hit.third_party is not None:
        record, name = "third_party", hit.third_party.name
    else:
        record, name = "organisation", org.name
    return Finding(
        code=rule.code,
        severity=rule.severity_of(hit),
        article=rule.article,
        title=rule.title,
        message=hit.message,
        fix=rule.fix,
        organisation_id=org.id,
        record=record,
        record_name=name,
        activity_id=hit.activity.id if hit.activity else None,
        activity_reference=hit.activity.reference if hit.activity else "",
        third_party_id=hit.third_party.id if hit.third_party else None,
        quote=hit.quote,
        position=hit.position,
    )


def run_checks(register: Register, codes: Iterable[str] | None = None) -> list[Finding]:
    """Every finding of the register, most serious first. Reads the snapshot only: no database query.

    `codes` limits the run to some rules. A register whose organisation did not exist yet has no findings.
    """
    if register.organisation is None:
        return []
    selected = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    findings = [_finding(register, r, hit) for r in selected for hit in r.check(register)]
    return sorted(findings, key=lambda f: f.sort_key)


def findings_annex(register: Register) -> list[Finding]:
    """The findings for a report annex: errors and warnings, grouped by the record they concern."""
    findings = [f for f in run_checks(register) if f.severity != "info"]
    return sorted(findings, key=lambda f: (f.record != "organisation", f.activity_reference, f.record_name, f.sort_key))
