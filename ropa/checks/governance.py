"""Governance: keeping the register current, and what a small organisation must still record (Art. 30(5))."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import ActivityStatus
from ropa.choices import FindingSeverity as S
from ropa.models.parties import ART30_5_HEADCOUNT
from ropa.register import ActivityView, Register

from .dpia import dpia_required
from .registry import Hit, label, rule


@rule(
    "GOV-REVIEW-OVERDUE",
    S.WARNING,
    "Art. 5(2), Art. 24(1)",
    "Review overdue",
    "Review the activity with its owner, then record the review date and the next one.",
)
def review_overdue(register: Register) -> Iterator[Hit]:
    today = register.effective_date
    for a in register.reported_activities():
        if a.review_overdue(today):
            yield Hit(f"Activity {label(a)} was due for review on {a.next_review_due}.", activity=a)


@rule(
    "GOV-DRAFT-WITH-RECIPIENTS",
    S.WARNING,
    "Art. 30(1), Art. 30(3)",
    "Draft activity already sharing data",
    "If the processing runs, complete the record and set it to active; otherwise remove the recipients.",
)
def draft_with_recipients(register: Register) -> Iterator[Hit]:
    for a in register.reported_activities():
        if a.status == ActivityStatus.DRAFT and a.recipients:
            names = ", ".join(r.third_party.name for r in a.recipients)
            yield Hit(f"Activity {label(a)} is still a draft but records recipients ({names}).", activity=a)


def record_duty_reasons(activity: ActivityView) -> list[str]:
    """Why an activity is outside the small-organisation exemptions of Art. 30(5) and Art. 27(2)(a): it is not
    occasional (an active activity is taken as not occasional), it includes Art. 9 / Art. 10 data, or it is likely
    to result in a risk (DPIA criteria met)."""
    reasons = []
    if activity.status == ActivityStatus.ACTIVE:
        reasons.append("it is not occasional")
    if activity.has_special_data or activity.has_criminal_data:
        reasons.append("it includes Art. 9 or Art. 10 data")
    if dpia_required(activity):
        reasons.append("it is likely to result in a risk (DPIA criteria met)")
    return reasons


@rule(
    "GOV-ART30-5-MUST-RECORD",
    S.INFO,
    "Art. 30(5), WP29 position paper on Art. 30(5) (2018)",
    "Under 250 people, but this activity must still be recorded",
    "Keep this activity in the register: the Art. 30(5) exemption does not apply to it.",
)
def art30_5(register: Register) -> Iterator[Hit]:
    headcount = register.org.headcount
    if headcount is None or headcount >= ART30_5_HEADCOUNT:
        return
    for a in register.reported_activities():
        reasons = record_duty_reasons(a)
        if reasons:
            yield Hit(
                f"{register.org.name} employs {headcount} people, yet activity {label(a)} "
                f"must be recorded: {'; '.join(reasons)}.",
                activity=a,
            )
