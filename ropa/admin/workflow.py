"""Admin of the DPO's work records: decisions on findings (made from the findings pages), reviews done (made
with "mark reviewed"), approvals of the register (made with "Approve register" on the organisation's page) and each
organisation's review cadence (on the organisation's page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ropa.models import ActivityReview, FindingDecision, RegisterApproval, ReviewPolicy

from .base import RegisterModelAdmin, RegisterStackedInline


@admin.register(FindingDecision)
class FindingDecisionAdmin(RegisterModelAdmin):
    """Decisions are taken on a finding (dashboard, "Accept, waive or assign"); here they are listed, changed
    and their history read."""

    list_display = ["code", "status", "activity", "third_party", "assignee", "due_on", "expires_on"]
    list_filter = ["status", "assignee", "organisation"]
    search_fields = ["code", "justification", "activity__reference", "third_party__name"]
    list_select_related = ["activity", "third_party", "assignee"]
    fieldsets = [
        (_("Finding"), {"fields": ["organisation", "code", "activity", "third_party"]}),
        (_("Decision"), {"fields": ["status", "justification", "expires_on", "assignee", "due_on"]}),
    ]
    readonly_fields = ["organisation", "code", "activity", "third_party"]

    def has_add_permission(self, request) -> bool:
        return False  # a decision is about a finding: taken from the findings dashboard


@admin.register(ActivityReview)
class ActivityReviewAdmin(RegisterModelAdmin):
    """Reviews are recorded with "mark reviewed" (activity page or list action) and never edited."""

    list_display = ["reviewed_on", "activity", "reviewer", "next_review_due"]
    list_filter = ["reviewer", "activity__organisation"]
    search_fields = ["activity__reference", "activity__name", "notes"]
    list_select_related = ["activity", "reviewer"]
    date_hierarchy = "reviewed_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RegisterApproval)
class RegisterApprovalAdmin(RegisterModelAdmin):
    """Approvals are recorded with "Approve register" on the organisation's page and never edited: the list shows
    who approved which version (its register content digest) and when."""

    list_display = ["approved_at", "organisation", "approved_by", "approver_role", "register_sha256"]
    list_filter = ["organisation", "approved_by"]
    list_select_related = ["organisation", "approved_by"]
    date_hierarchy = "approved_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReviewPolicyInline(RegisterStackedInline):
    """The organisation's review cadence: "mark reviewed" sets the next review this many months on."""

    model = ReviewPolicy
    fields = ["cadence_months"]
    max_num = 1
    extra = 0
    can_delete = False
    verbose_name_plural = _("review cadence")
