"""Where to fix a finding: the admin change page of the record it concerns, at the field or list to change."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .findings import Finding

ADMIN_CHANGE = {
    "activity": ("admin:ropa_processingactivity_change", "activity_id"),
    "third_party": ("admin:ropa_thirdparty_change", "third_party_id"),
    "organisation": ("admin:ropa_organisation_change", "organisation_id"),
}

# The element of the change form a rule points at, by rule code prefix (the longest prefix wins). Inline lists
# are "<relation accessor>-group", fields "id_<field>".
FIELD_ANCHORS = {
    "ART30-CONTROLLER-CONTACT": "id_email",
    "ART30-DPO-CONTACT": "id_dpo_email",
    "ART30-PURPOSE": "activitypurpose_set-group",
    "ART30-DATA-SUBJECTS": "activitydatasubject_set-group",
    "ART30-DATA-CATEGORIES": "activitydatacategory_set-group",
    "ART30-RECIPIENTS": "recipient_set-group",
    "ART30-SECURITY": "activitysecuritymeasure_set-group",
    "ART30-PROCESSOR-CONTROLLER": "activitycontroller_set-group",
    "DPIA": "id_dpia_status",
    "GOV-REVIEW": "id_next_review_due",
    "GOV-DRAFT": "id_status",
    "GOV-ART30-5": "id_headcount",
    "LAWFUL": "legalbasis_set-group",
    "LAWFUL-ART9": "activitydatacategory_set-group",
    "LAWFUL-ART10": "activitydatacategory_set-group",
    "RECIPIENT": "recipient_set-group",
    "RECIPIENT-DPA": "id_dpa_reference",
    "RETENTION": "activitydatacategory_set-group",
    "TRANSFER": "transfer_set-group",
}


def field_anchor(code: str) -> str:
    """The form element to jump to for a rule code, or "" when none is known."""
    matches = [prefix for prefix in FIELD_ANCHORS if code.startswith(prefix)]
    return FIELD_ANCHORS[max(matches, key=len)] if matches else ""


def change_url(finding: Finding) -> str:
    """The admin URL of the record to fix, at the field to change, or "" when that model has no admin page."""
    name, attr = ADMIN_CHANGE[finding.record]
    try:
        url = reverse(name, args=[getattr(finding, attr)])
    except NoReverseMatch:
        return ""
    anchor = field_anchor(finding.code)
    return f"{url}#{anchor}" if anchor else url
