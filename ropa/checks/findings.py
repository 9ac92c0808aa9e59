"""What a check reports: a `Finding`, plain data rendered by the admin, the API, the command and reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from ropa.choices import FindingSeverity

__all__ = ["SEVERITY_ORDER", "Finding", "count_by_severity"]

SEVERITY_ORDER: dict[str, int] = {FindingSeverity.ERROR: 0, FindingSeverity.WARNING: 1, FindingSeverity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One gap in the register: which rule, how serious, on what legal ground, where, and how to fix it.

    `record` says which record to fix: "activity" (`activity_id`), "third_party" (`third_party_id`) or
    "organisation" (`organisation_id`). An activity finding about a third party carries both ids.
    """

    code: str
    severity: str
    article: str
    title: str
    message: str
    fix: str
    organisation_id: int
    record: str
    record_name: str
    activity_id: int | None = None
    activity_reference: str = ""
    third_party_id: int | None = None
    quote: str = ""  # notice rules only: the notice's sentence, and where it stands
    position: str = ""

    @property
    def sort_key(self) -> tuple:
        return (
            SEVERITY_ORDER.get(self.severity, 9),
            self.code,
            self.activity_reference,
            self.record_name,
            self.message,
        )

    def as_dict(self) -> dict:
        data = asdict(self)
        if not self.quote and not self.position:
            del data["quote"], data["position"]
        return data


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n}, every severity present even when zero."""
    counts = Counter(f.severity for f in findings)
    return {s.value: counts.get(s.value, 0) for s in FindingSeverity}
