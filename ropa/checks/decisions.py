"""The DPO's decisions on findings, matched to the findings the engine computes.

A finding is identified by its rule code and the record it concerns (activity, third party, or both); a decision
(`ropa.models.FindingDecision`) is stored under the same key, so it follows the finding as long as the rule keeps
firing on that record. Decisions are read once per page or report (one query), live or as they stood at a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from ropa.choices import FindingStatus
from ropa.models import FindingDecision
from ropa.models.base import history_of
from ropa.models.workflow import finding_subject
from ropa.register import Register

from .findings import Finding

__all__ = ["DecisionView", "decision_key", "decisions_for", "findings_touching"]

Key = tuple[str, str]


@dataclass(frozen=True)
class DecisionView:
    """A decision as a page or report shows it. `in_force`: accepted or waived and not expired."""

    id: int
    status: str
    status_label: str
    justification: str
    expires_on: dt.date | None
    assignee: str
    due_on: dt.date | None
    in_force: bool

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "in_force": self.in_force,
            "justification": self.justification,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "assigned_to": self.assignee or None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
        }

    @property
    def effective_status(self) -> str:
        """What the finding counts as today: an expired acceptance or waiver is open again."""
        return self.status if self.in_force else FindingStatus.OPEN


def decision_key(finding: Finding) -> Key:
    return finding.code, finding_subject(finding.activity_id, finding.third_party_id)


def decisions_for(organisation_id: int, as_of: dt.datetime | None = None) -> dict[Key, DecisionView]:
    """The organisation's decisions by finding key, live or as they stood at `as_of` (two queries at most)."""
    if as_of is None:
        rows = list(FindingDecision.objects.filter(organisation_id=organisation_id))
        today = timezone.localdate()
    else:
        rows = list(history_of(FindingDecision).as_of(as_of).filter(organisation_id=organisation_id))
        today = timezone.localdate(as_of)
    user_ids = {r.assignee_id for r in rows if r.assignee_id}
    names = {}
    if user_ids:
        names = {u.pk: u.get_full_name() or u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}
    return {
        (r.code, r.subject): DecisionView(
            id=r.pk,
            status=r.status,
            status_label=str(FindingStatus(r.status).label),
            justification=r.justification,
            expires_on=r.expires_on,
            assignee=names.get(r.assignee_id or 0, ""),
            due_on=r.due_on,
            in_force=r.in_force(today),
        )
        for r in rows
    }


def findings_touching(register: Register, activity_id: int, findings: list[Finding]) -> list[Finding]:
    """The findings a DPO must see on an activity's page: its own, those about a third party it shares data
    with, transfers to or acts for, and those about the organisation (its register header)."""
    activity = next((a for a in register.activities if a.id == activity_id), None)
    if activity is None:
        return []
    parties = {r.third_party.id for r in activity.recipients} | {t.third_party.id for t in activity.transfers}
    parties |= {c.third_party.id for c in activity.controllers}
    return [
        f
        for f in findings
        if f.activity_id == activity_id
        or (f.activity_id is None and f.third_party_id in parties)
        or f.record == "organisation"
    ]
