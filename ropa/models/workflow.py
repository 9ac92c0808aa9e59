"""The DPO's work on the register: decisions on compliance findings, the periodic review of activities and the
approval of a version of the register.

These are register records like any other (versioned, with history): who accepted a gap, why and until when, is
evidence a regulator may ask for.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropa.choices import FindingStatus

from .activities import ProcessingActivity
from .base import RegisterModel, register_history
from .parties import Organisation, ThirdParty
from .text import NOTE, LimitedTextField

__all__ = [
    "DEFAULT_REVIEW_MONTHS",
    "ActivityReview",
    "FindingDecision",
    "RegisterApproval",
    "ReviewPolicy",
    "add_months",
]

DEFAULT_REVIEW_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` calendar months on, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def finding_subject(activity_id: int | None, third_party_id: int | None) -> str:
    """The record a finding is about, as one comparable key (a finding may name an activity, a vendor, both)."""
    return f"{activity_id or ''}:{third_party_id or ''}"


class FindingDecision(RegisterModel):
    """The DPO's handling of one finding (a rule code on one record): accepted or waived with a justification,
    or kept open and assigned to someone with a due date. A decision never hides a finding: reports print it
    next to the finding."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE)
    code = models.CharField(_("rule"), max_length=50)
    activity = models.ForeignKey(
        ProcessingActivity, verbose_name=_("activity"), on_delete=models.CASCADE, null=True, blank=True
    )
    third_party = models.ForeignKey(
        ThirdParty, verbose_name=_("third party"), on_delete=models.CASCADE, null=True, blank=True
    )
    subject = models.CharField(_("subject"), max_length=50, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    justification = LimitedTextField(_("justification"), blank=True, max_length=NOTE)
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, help_text=_("After this date the finding counts as open again.")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_findings",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    history = register_history()

    class Meta:
        ordering = ["organisation", "code", "subject"]
        verbose_name = _("finding decision")
        verbose_name_plural = _("finding decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "subject"],
                name="finding_decision_once",
                violation_error_message=_("This finding already has a decision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.subject = finding_subject(self.activity_id, self.third_party_id)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.subject = finding_subject(self.activity_id, self.third_party_id)
        errors = {}
        today = timezone.localdate()
        if self.status != FindingStatus.OPEN and not self.justification.strip():
            errors["justification"] = _("Say why this finding is accepted or waived; it is kept in the history.")
        if self.status == FindingStatus.WAIVED and not self.expires_on:
            errors["expires_on"] = _("A waiver needs an expiry date, when the finding is looked at again.")
        if self.status != FindingStatus.OPEN and self.expires_on and self.expires_on <= today:
            errors["expires_on"] = _("The expiry date must be in the future.")
        if self.due_on and not self.assignee_id:
            errors["assignee"] = _("Assign the finding to someone to give it a due date.")
        if errors:
            raise ValidationError(errors)

    def in_force(self, today: dt.date | None = None) -> bool:
        """Whether the acceptance or waiver still holds (an expired one leaves the finding open)."""
        today = today or timezone.localdate()
        return self.status != FindingStatus.OPEN and (self.expires_on is None or self.expires_on >= today)


class ReviewPolicy(RegisterModel):
    """How often an organisation reviews each activity (accountability, Art. 5(2) and 24(1): measures are
    "reviewed and updated where necessary")."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="review_policy"
    )
    cadence_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=DEFAULT_REVIEW_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    history = register_history()

    class Meta:
        ordering = ["organisation"]
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")

    def __str__(self) -> str:
        return _("Every %(n)s months") % {"n": self.cadence_months}


class ActivityReview(RegisterModel):
    """One review of an activity: who looked at it, when, and the next review it set."""

    activity = models.ForeignKey(
        ProcessingActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT)
    notes = LimitedTextField(_("notes"), blank=True, max_length=NOTE)
    next_review_due = models.DateField(_("next review due"), editable=False)
    history = register_history()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("activity review")
        verbose_name_plural = _("activity reviews")

    def __str__(self) -> str:
        return f"{self.activity} — {self.reviewed_on}"

    @classmethod
    def record(cls, activity: ProcessingActivity, reviewer, notes: str = "", on: dt.date | None = None):
        """Mark `activity` reviewed by `reviewer` on `on` (today): the review row, and the activity's last and
        next review dates from its organisation's cadence, in one transaction (the caller's change context)."""
        on = on or timezone.localdate()
        months = (
            ReviewPolicy.objects.filter(organisation_id=activity.organisation_id)
            .values_list("cadence_months", flat=True)
            .first()
            or DEFAULT_REVIEW_MONTHS
        )
        review = cls(
            activity=activity, reviewer=reviewer, notes=notes, reviewed_on=on, next_review_due=add_months(on, months)
        )
        with transaction.atomic():
            activity.last_reviewed_on, activity.next_review_due = on, review.next_review_due
            activity.full_clean()
            activity.save()
            review.full_clean()
            review.save()
        return review


class RegisterApproval(RegisterModel):
    """Someone accountable approved the register as it stood at a moment (accountability, Art. 5(2) and 24(1)).

    The approved version is identified by its register content digest (the SHA-256 every report prints), so a
    report can say whether the version it shows is the approved one, or that the register changed since. Recorded
    through `ropa.reports.approval.approve_register`, never edited.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="approvals"
    )
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT)
    approver_role = models.CharField(
        _("approved as"), max_length=200, help_text=_("The approver's role, as the report prints it (e.g. DPO).")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    register_sha256 = models.CharField(
        _("register content SHA-256"),
        max_length=64,
        help_text=_("The digest of the register content approved (live register, retired activities left out)."),
    )
    history = register_history()

    class Meta:
        ordering = ["-approved_at", "-id"]
        verbose_name = _("register approval")
        verbose_name_plural = _("register approvals")

    def __str__(self) -> str:
        return f"{self.organisation} — {self.approved_at:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        if not self.approver_role.strip():
            raise ValidationError({"approver_role": _("Say in which role the register is approved (e.g. DPO).")})
