"""`{% activity_findings activity as findings %}`: the compliance findings of one activity (admin page)."""

from __future__ import annotations

from django import template

from ropa.checks import run_checks
from ropa.register import build_register

register = template.Library()


@register.simple_tag
def activity_findings(activity) -> list:
    """The findings about this activity, in the register as it is now.

    Builds the organisation's snapshot (fixed number of queries): some rules judge an activity against
    the whole register (e.g. the organisation's head-count).
    """
    if activity is None or getattr(activity, "pk", None) is None:
        return []
    findings = run_checks(build_register(activity.organisation_id))
    return [f for f in findings if f.activity_id == activity.pk]
