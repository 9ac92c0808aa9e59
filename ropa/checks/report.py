"""The findings of one register as plain data: the one JSON shape the API and `check_register` both emit,
and the groupings the admin dashboard shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ropa.register import Register

from .findings import SEVERITY_ORDER, Finding, count_by_severity
from .registry import RULES

__all__ = ["FindingGroups", "findings_report", "group_findings"]


def findings_report(register: Register, findings: list[Finding]) -> dict:
    """{organisation, as_of, effective_date, generated_at, note, counts, findings}: see docs/checks.md."""
    org = register.organisation
    return {
        "organisation": {"id": org.id, "name": org.name} if org else None,
        "as_of": register.as_of.isoformat() if register.as_of else None,
        "effective_date": register.effective_date.isoformat(),
        "generated_at": register.generated_at.isoformat(),
        "note": register.note,
        "counts": count_by_severity(findings),
        "findings": [f.as_dict() for f in findings],
    }


@dataclass(frozen=True)
class FindingGroups:
    by_severity: dict[str, int]
    by_rule: list[tuple[str, str, str, int]]  # code, severity, title, count (a rule reporting two severities: 2 rows)
    by_record: list[tuple[str, str, list[Finding]]]  # record kind, record name, its findings


def group_findings(findings: list[Finding]) -> FindingGroups:
    """Counts by severity and by rule, and the findings of each record, worst record first."""
    per_rule = Counter((f.code, f.severity) for f in findings)
    by_rule = [(code, severity, RULES[code].title, n) for (code, severity), n in per_rule.items()]
    by_rule.sort(key=lambda r: (SEVERITY_ORDER.get(r[1], 9), -r[3], r[0]))
    records: dict[tuple, list[Finding]] = {}
    for f in findings:
        key = (f.record, f.activity_id if f.record == "activity" else f.third_party_id, f.record_name)
        records.setdefault(key, []).append(f)
    by_record = [(k[0], k[2], fs) for k, fs in records.items()]
    by_record.sort(key=lambda r: (min(f.sort_key[0] for f in r[2]), -len(r[2]), r[1]))
    return FindingGroups(count_by_severity(findings), by_rule, by_record)
