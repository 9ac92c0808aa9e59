"""Where to fix a finding: the admin change page of the record it concerns."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .findings import Finding

ADMIN_CHANGE = {
    "activity": ("admin:ropa_processingactivity_change", "activity_id"),
    "third_party": ("admin:ropa_thirdparty_change", "third_party_id"),
    "organisation": ("admin:ropa_organisation_change", "organisation_id"),
}


def change_url(finding: Finding) -> str:
    """The admin URL of the record to fix, or "" when that model has no admin page."""
    name, attr = ADMIN_CHANGE[finding.record]
    try:
        return reverse(name, args=[getattr(finding, attr)])
    except NoReverseMatch:
        return ""
