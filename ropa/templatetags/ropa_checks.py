"""`{% activity_findings activity as findings %}`: the compliance findings that concern one activity (admin page)."""

from __future__ import annotations

from django import template

from ropa.checks import run_checks
from ropa.checks.decisions import decision_key, decisions_for, findings_touching
from ropa.checks.links import change_url
from ropa.register.cache import cached_register

register = template.Library()


@register.simple_tag
def activity_findings(activity) -> list:
    """(finding, where to fix it, decision) for every finding touching this activity: its own, and those about
    a third party it names or about its organisation, in the register as it is now.

    Builds the organisation's snapshot (fixed number of queries): some rules judge an activity against
    the whole register (e.g. the organisation's head-count).
    """
    if activity is None or getattr(activity, "pk", None) is None:
        return []
    register_ = cached_register(activity.organisation_id)
    decisions = decisions_for(activity.organisation_id)
    findings = findings_touching(register_, activity.pk, run_checks(register_))
    return [(f, change_url(f), decisions.get(decision_key(f))) for f in findings]
