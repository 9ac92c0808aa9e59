"""The processing activity — one entry of the Art. 30 register — and its simple relations.

Relations live in explicit through models with their own history, so the register as it stood on any date includes
them (simple-history's m2m tracking cannot answer that).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropa.choices import ActivityStatus, Art22Exception, DPIACriterion, DPIAStatus, OrganisationRole
from ropa.history import current_change

from .base import RegisterModel, RegisterQuerySet, register_history
from .catalogues import DataSubjectCategory, Purpose, SecurityMeasure
from .parties import Organisation, ThirdParty
from .relation import Relation, register_relation
from .text import ADDRESS, NOTE, LimitedTextField

__all__ = [
    "ActivityController",
    "ActivityDataSubject",
    "ActivityPurpose",
    "ActivitySecurityMeasure",
    "ProcessingActivity",
]


class ProcessingActivityQuerySet(RegisterQuerySet):
    def review_overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.exclude(status=ActivityStatus.RETIRED).filter(next_review_due__lt=today)


class ProcessingActivity(RegisterModel):
    """One processing activity of an organisation: what it does with personal data, why, on what basis, with whom."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="activities"
    )
    reference = models.CharField(_("reference"), max_length=50, help_text=_("Unique within the organisation."))
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)
    role = models.CharField(
        _("organisation's role"), max_length=20, choices=OrganisationRole.choices, default=OrganisationRole.CONTROLLER
    )
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT)
    business_function = models.CharField(_("business function / owner"), max_length=200, blank=True)
    systems = LimitedTextField(_("systems used"), blank=True)
    data_source = LimitedTextField(_("source of the data"), blank=True)
    data_locations = LimitedTextField(_("location of the data"), blank=True)
    recipients_statement = LimitedTextField(
        _("categories of recipients"),
        blank=True,
        help_text=_(
            "Art. 30(1)(d) in words: recipients not recorded one by one (e.g. payment processors, "
            "authorities on request), or that there are none."
        ),
    )
    data_subject_rights = LimitedTextField(_("rights available to individuals"), blank=True)
    automated_decision_making = models.BooleanField(
        _("automated decision-making"),
        default=False,
        help_text=_(
            "Decisions based solely on automated processing, including profiling, with legal or similarly "
            "significant effects (Art. 22)."
        ),
    )
    profiling = models.BooleanField(_("profiling"), default=False)
    automated_decision_details = LimitedTextField(_("automated decision-making / profiling details"), blank=True)
    art22_exception = models.CharField(
        _("Art. 22(2) exception"),
        max_length=20,
        choices=Art22Exception.choices,
        blank=True,
        help_text=_("What allows the automated decisions: a contract, a law, or explicit consent."),
    )
    art22_safeguards = LimitedTextField(
        _("Art. 22 safeguards"),
        blank=True,
        help_text=_(
            "At least the right to obtain human intervention, to express one's point of view and to contest "
            "the decision (Art. 22(3)), or the measures the authorising law lays down (Art. 22(2)(b))."
        ),
    )
    dpia_screening = models.JSONField(
        _("DPIA screening"),
        default=list,
        blank=True,
        help_text=_("The Art. 35(3) cases and WP248 criteria this activity meets."),
    )
    dpia_status = models.CharField(
        _("DPIA status"), max_length=20, choices=DPIAStatus.choices, default=DPIAStatus.NOT_SCREENED
    )
    dpia_reference = models.CharField(_("DPIA reference"), max_length=300, blank=True)
    breach_reference = models.CharField(
        _("personal data breach record"),
        max_length=300,
        blank=True,
        help_text=_("Reference of any personal data breach involving this activity."),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    purposes = models.ManyToManyField(Purpose, through="ActivityPurpose", related_name="activities", blank=True)
    data_subjects = models.ManyToManyField(
        DataSubjectCategory, through="ActivityDataSubject", related_name="activities", blank=True
    )
    security_measures = models.ManyToManyField(
        SecurityMeasure, through="ActivitySecurityMeasure", related_name="activities", blank=True
    )
    history = register_history()

    objects = ProcessingActivityQuerySet.as_manager()  # type: ignore[misc]  # RegisterModel's, with review_overdue

    class Meta:
        ordering = ["organisation", "reference"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"],
                name="activity_reference_unique_per_organisation",
                violation_error_message=_("This organisation already has an activity with this reference."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        unknown = [c for c in self.dpia_screening or [] if c not in DPIACriterion.values]
        if not isinstance(self.dpia_screening, list) or unknown:
            unknown_list = ", ".join(map(str, unknown))
            errors["dpia_screening"] = _("Unknown DPIA screening criteria: %(c)s.") % {"c": unknown_list}
        if self.last_reviewed_on and self.last_reviewed_on > timezone.localdate():
            errors["last_reviewed_on"] = _("A review cannot have happened in the future.")
        if self.last_reviewed_on and self.next_review_due and self.next_review_due < self.last_reviewed_on:
            errors["next_review_due"] = _("The next review must come after the last one.")
        if (self.automated_decision_making or self.profiling) and not self.automated_decision_details.strip():
            errors["automated_decision_details"] = _("Describe the logic and the effects of the automated processing.")
        if errors:
            raise ValidationError(errors)

    @property
    def review_overdue(self) -> bool:
        return self.review_overdue_on()

    def review_overdue_on(self, today: dt.date | None = None) -> bool:
        """Whether the review was due before `today` (default: today) and the activity is still in use."""
        today = today or timezone.localdate()
        return bool(self.status != ActivityStatus.RETIRED and self.next_review_due and self.next_review_due < today)


class ActivityRelation(RegisterModel):
    """A row hanging off an activity; each has its own history so the activity's past includes it.

    The activity's version covers its relations: saving or deleting a row saves the activity too (version bump,
    history row with the same reason) unless the activity was already saved in the same change, so a client holding
    the activity's old ETag cannot overwrite a relation changed by someone else.
    """

    activity = models.ForeignKey(ProcessingActivity, verbose_name=_("activity"), on_delete=models.CASCADE)
    relation: Relation  # declared by each subclass: see `ropa.models.relation`

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        register_relation(cls)

    def __str__(self) -> str:
        return self.relation.text(self._field_text)

    def _field_text(self, name: str) -> str:
        field = self._meta.get_field(name)
        if field.is_relation:
            return str(getattr(self, name) or "")
        display = getattr(self, f"get_{name}_display", None)
        value = display() if display else getattr(self, name)
        return str(getattr(value, "name", value) or "")  # a Country shows its name

    def save(self, *args, **kwargs):
        with transaction.atomic(savepoint=not self._holds_lock()):
            super().save(*args, **kwargs)
            self._touch_activity()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self._touch_activity()
        return result

    def _touch_activity(self) -> None:
        ctx = current_change()
        if ctx is None or (ProcessingActivity._meta.label, self.activity_id) not in ctx.saved:
            # A fresh copy: the relation's change stands on top of the activity as it is now.
            ProcessingActivity.objects.get(pk=self.activity_id).save()


class ActivityPurpose(ActivityRelation):
    """A purpose the activity serves (Art. 30(1)(b))."""

    relation = Relation("purposes", "purpose", natural_key=("purpose",), position=1, section="what")
    purpose = models.ForeignKey(Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT)
    details = LimitedTextField(_("details"), blank=True, max_length=NOTE)
    history = register_history()

    class Meta:
        ordering = ["activity", "purpose__key"]
        verbose_name = _("purpose of the activity")
        verbose_name_plural = _("purposes of the activity")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "purpose"],
                name="activity_purpose_once",
                violation_error_message=_("This purpose is already recorded for the activity."),
            )
        ]


class ActivityDataSubject(ActivityRelation):
    """A category of data subjects whose data the activity processes (Art. 30(1)(c))."""

    relation = Relation("data_subjects", "data_subject", natural_key=("data_subject",), position=2, section="data")
    data_subject = models.ForeignKey(DataSubjectCategory, verbose_name=_("data subjects"), on_delete=models.PROTECT)
    history = register_history()

    class Meta:
        ordering = ["activity", "data_subject__key"]
        verbose_name = _("data subjects of the activity")
        verbose_name_plural = _("data subjects of the activity")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "data_subject"],
                name="activity_data_subject_once",
                violation_error_message=_("These data subjects are already recorded."),
            )
        ]


class ActivitySecurityMeasure(ActivityRelation):
    """A security measure protecting the activity (Art. 30(1)(g))."""

    relation = Relation(
        "security_measures", "security_measure", natural_key=("measure",), position=7, section="safeguards"
    )
    measure = models.ForeignKey(SecurityMeasure, verbose_name=_("measure"), on_delete=models.PROTECT)
    details = LimitedTextField(_("details"), blank=True, max_length=NOTE)
    history = register_history()

    class Meta:
        ordering = ["activity", "measure__key"]
        verbose_name = _("security measure of the activity")
        verbose_name_plural = _("security measures of the activity")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "measure"],
                name="activity_measure_once",
                violation_error_message=_("This measure is already recorded for the activity."),
            )
        ]


class ActivityController(ActivityRelation):
    """A controller the organisation acts for (processor activity, Art. 30(2)(a)) or a joint controller
    (Art. 26), with the contract or arrangement that governs it."""

    relation = Relation("controllers", "controller", natural_key=("controller",), position=8, section="sharing")
    controller = models.ForeignKey(ThirdParty, verbose_name=_("controller"), on_delete=models.PROTECT)
    arrangement_reference = models.CharField(
        _("contract / arrangement"),
        max_length=300,
        blank=True,
        help_text=_("The Art. 28 contract (processor) or the Art. 26 arrangement (joint controllers)."),
    )
    processing_carried_out = LimitedTextField(
        _("processing carried out"), blank=True, help_text=_("Art. 30(2)(b): the categories of processing done for it.")
    )
    controller_representative = LimitedTextField(
        _("controller's representative"),
        max_length=ADDRESS,
        blank=True,
        help_text=_("Art. 30(2)(a): name and contact of the controller's Art. 27 representative, where it has one."),
    )
    controller_dpo = LimitedTextField(
        _("controller's data protection officer"),
        max_length=ADDRESS,
        blank=True,
        help_text=_("Art. 30(2)(a): name and contact of the controller's DPO, where it has designated one."),
    )
    history = register_history()

    class Meta:
        ordering = ["activity", "controller__name"]
        verbose_name = _("controller of the activity")
        verbose_name_plural = _("controllers of the activity")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "controller"],
                name="activity_controller_once",
                violation_error_message=_("This controller is already recorded."),
            )
        ]
