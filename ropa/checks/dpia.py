"""DPIA: processing likely to result in a high risk needs an impact assessment before it starts (Art. 35)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import ART35_3_CRITERIA, DPIACriterion, DPIAStatus
from ropa.choices import FindingSeverity as S
from ropa.register import ActivityView, Register

from .registry import Hit, label, rule

DPIA_UNDER_WAY = frozenset({DPIAStatus.DONE, DPIAStatus.IN_PROGRESS})


def criteria_met(activity: ActivityView) -> set[str]:
    """The screening answers, plus the WP248 criteria the record itself shows (profiling, automated decisions,
    special or criminal data, vulnerable data subjects)."""
    met = {str(c) for c in activity.dpia_screening}
    if activity.profiling:
        met.add(DPIACriterion.EVALUATION.value)
    if activity.automated_decision_making:
        met.add(DPIACriterion.AUTOMATED_DECISION.value)
    if activity.has_special_data or activity.has_criminal_data:
        met.add(DPIACriterion.SENSITIVE.value)
    if any(s.vulnerable for s in activity.data_subjects):
        met.add(DPIACriterion.VULNERABLE.value)
    return met


def dpia_required(activity: ActivityView) -> bool:
    """Any Art. 35(3) case, or two or more WP248 criteria (WP248 rev.01: "in most cases")."""
    met = criteria_met(activity)
    return bool(met & ART35_3_CRITERIA) or len(met - ART35_3_CRITERIA) >= 2


@rule("DPIA-REQUIRED", S.ERROR, "Art. 35(1), Art. 35(3), WP248 rev.01", "DPIA required but not done",
      "Carry out a data protection impact assessment (or record the one under way) and record its reference.")
def dpia_missing(register: Register) -> Iterator[Hit]:
    labels = dict(DPIACriterion.choices)
    for a in register.reported_activities():
        if a.dpia_status in DPIA_UNDER_WAY or not dpia_required(a):
            continue
        met = sorted(criteria_met(a))
        yield Hit(f"Activity {label(a)} meets {len(met)} DPIA criteria "
                  f"({'; '.join(str(labels.get(c, c)) for c in met)}) but has no DPIA done or in progress.",
                  activity=a)
