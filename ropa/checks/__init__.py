"""Compliance checks: rules over the Register snapshot that find the gaps a regulator would find.

`run_checks(build_register(org_id))` returns `Finding`s; `RULES` lists every rule by its stable code.
See docs/checks.md.
"""

from .engine import findings_annex, run_checks
from .findings import Finding, count_by_severity
from .registry import RULES, Rule

__all__ = ["RULES", "Finding", "Rule", "count_by_severity", "findings_annex", "run_checks"]
