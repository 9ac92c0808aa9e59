"""DPIA: processing likely to result in a high risk needs an impact assessment before it starts (Art. 35)."""

from __future__ import annotations

from collections.abc import Iterator

from ropa.choices import DPIA_MANDATORY_CRITERIA, DPIACriterion, DPIAStatus
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


def mandatory(activity: ActivityView) -> bool:
    """An Art. 35(3) case, or processing on the supervisory authority's Art. 35(4) list: no screening can waive
    the DPIA."""
    return bool(criteria_met(activity) & DPIA_MANDATORY_CRITERIA)


def dpia_required(activity: ActivityView) -> bool:
    """A mandatory case, or two or more WP248 criteria (WP248 rev.01: "in most cases")."""
    return mandatory(activity) or len(criteria_met(activity) - DPIA_MANDATORY_CRITERIA) >= 2


def screened_out(activity: ActivityView) -> bool:
    """WP248 rev.01 lets a controller that meets two criteria conclude that no high risk is likely, if it documents
    why: a screening concluded "not required" with its reference."""
    return activity.dpia_status == DPIAStatus.NOT_REQUIRED and bool(activity.dpia_reference.strip())


def _criteria(activity: ActivityView) -> str:
    labels = dict(DPIACriterion.choices)
    met = sorted(criteria_met(activity))
    return f"{len(met)} DPIA criteria ({'; '.join(str(labels.get(c, c)) for c in met)})"


@rule(
    "DPIA-REQUIRED",
    S.ERROR,
    "Art. 35(1), Art. 35(3), Art. 35(4), WP248 rev.01",
    "DPIA required but not done",
    "Carry out a data protection impact assessment (or record the one under way) and record its reference. For "
    "two WP248 criteria only, a documented screening that concludes no high risk is likely also answers this.",
)
def dpia_missing(register: Register) -> Iterator[Hit]:
    """The DPIA is the controller's duty (Art. 35(1)); a processor's activities are checked by its controller."""
    for a in register.controller_activities():
        if a.dpia_status in DPIA_UNDER_WAY or not dpia_required(a) or (screened_out(a) and not mandatory(a)):
            continue
        waived = " A screening cannot waive it (Art. 35(3) or the authority's list)." if screened_out(a) else ""
        yield Hit(f"Activity {label(a)} meets {_criteria(a)} but has no DPIA done or in progress.{waived}", activity=a)


@rule(
    "DPIA-NOT-REQUIRED-DOCUMENTED",
    S.INFO,
    "Art. 35(1), WP248 rev.01",
    "DPIA criteria met, screened as not required",
    "Nothing to fix if the screening still holds: review it when the processing changes.",
)
def dpia_screened_out(register: Register) -> Iterator[Hit]:
    for a in register.controller_activities():
        if screened_out(a) and dpia_required(a) and not mandatory(a):
            yield Hit(
                f"Activity {label(a)} meets {_criteria(a)}; its screening concluded no DPIA is needed "
                f"({a.dpia_reference.strip()}).",
                activity=a,
            )
