"""What an activity processes and shares: data categories with retention, legal bases, recipients, transfers."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ropa import rules
from ropa.choices import (
    Art9Condition,
    LawfulBasis,
    RecipientRole,
    RetentionEvent,
    RetentionUnit,
    Sensitivity,
    TransferMechanism,
)
from ropa.countries import country_name, is_eea

from .activities import ActivityRelation
from .base import register_history
from .catalogues import AdequacyDecision, DataCategory, Purpose
from .constraints import RowCheck
from .parties import ThirdParty
from .relation import Relation
from .text import NOTE, LimitedTextField

__all__ = ["ActivityDataCategory", "LegalBasis", "Recipient", "Transfer"]


class ActivityDataCategory(ActivityRelation):
    """A category of personal data the activity processes, with its own retention (Art. 30(1)(c) and (f)).

    The Art. 9(2) condition or Art. 10 authority sits on the category it justifies, so a special category can never
    be recorded without one.
    """

    relation = Relation("data_categories", "data_category", natural_key=("data_category",), position=3, section="data")
    data_category = models.ForeignKey(DataCategory, verbose_name=_("data category"), on_delete=models.PROTECT)
    retention_period = models.IntegerField(_("retention period"), null=True, blank=True)
    retention_unit = models.CharField(_("unit"), max_length=10, choices=RetentionUnit.choices, blank=True)
    retention_event = models.CharField(_("runs from"), max_length=30, choices=RetentionEvent.choices, blank=True)
    retention_note = LimitedTextField(
        _("retention note"),
        max_length=NOTE,
        blank=True,
        help_text=_("The retention rule in words, e.g. as the privacy notice states it."),
    )
    art9_condition = models.CharField(_("Art. 9(2) condition"), max_length=2, choices=Art9Condition.choices, blank=True)
    art10_authority = LimitedTextField(
        _("Art. 10 authority"),
        blank=True,
        help_text=_("The official authority or the law authorising the processing."),
        max_length=NOTE,
    )
    law_reference = models.CharField(
        _("law the Art. 9 condition rests on"),
        max_length=300,
        blank=True,
        help_text=_(
            "Art. 9(2)(b), (g), (h), (i) and (j) apply only on the basis of Union or Member State law (for (b) "
            "also a collective agreement, for (h) also a contract with a health professional): name it."
        ),
    )
    history = register_history()

    class Meta:
        ordering = ["activity", "data_category__key"]
        verbose_name = _("data category of the activity")
        verbose_name_plural = _("data categories of the activity")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "data_category"],
                name="activity_data_category_once",
                violation_error_message=_("This data category is already recorded."),
            ),
            RowCheck(
                condition=Q(retention_period__isnull=True) | Q(retention_period__gte=0),
                name="retention_period_not_negative",
                violation_error_message=_("A retention period cannot be negative."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.retention_period is not None:
            if self.retention_period < 0:
                errors["retention_period"] = _("A retention period cannot be negative.")
            if not self.retention_unit:
                errors["retention_unit"] = _("Give the unit of the retention period.")
            if not self.retention_event:
                errors["retention_event"] = _("Say from which event the retention period runs.")
        elif self.retention_unit or self.retention_event:
            errors["retention_period"] = _("Give the retention period, or clear its unit and starting event.")
        if self.retention_event == RetentionEvent.OTHER and not self.retention_note.strip():
            errors["retention_note"] = _("Describe the event the retention period runs from.")
        category = self.data_category if self.data_category_id else None
        if category and category.sensitivity == Sensitivity.SPECIAL and not self.art9_condition:
            errors["art9_condition"] = _(
                "%(c)s is special-category data (Art. 9(1)): record the Art. 9(2) condition that allows it."
            ) % {"c": category.name}
        if category and category.sensitivity == Sensitivity.CRIMINAL and not self.art10_authority.strip():
            errors["art10_authority"] = _(
                "%(c)s is criminal offence data: record the official authority or law that allows it (Art. 10)."
            ) % {"c": category.name}
        if category and category.sensitivity != Sensitivity.SPECIAL and self.art9_condition:
            errors["art9_condition"] = _("An Art. 9(2) condition only applies to special-category data.")
        if errors:
            raise ValidationError(errors)


class LegalBasis(ActivityRelation):
    """The Art. 6(1) lawful basis for one purpose of the activity, and the evidence it needs."""

    relation = Relation(
        "legal_bases",
        "legal_basis",
        natural_key=("purpose", "basis"),
        position=4,
        section="what",
        describe="{purpose}: {basis}",
    )
    purpose = models.ForeignKey(Purpose, verbose_name=_("purpose"), on_delete=models.PROTECT)
    basis = models.CharField(_("Art. 6(1) basis"), max_length=30, choices=LawfulBasis.choices)
    legitimate_interest = LimitedTextField(
        _("legitimate interest"), blank=True, help_text=_("The interest pursued, required for Art. 6(1)(f).")
    )
    assessment_reference = models.CharField(_("legitimate interests assessment"), max_length=300, blank=True)
    consent_record = models.CharField(
        _("consent record"), max_length=300, blank=True, help_text=_("How and where consent is collected and recorded.")
    )
    law_reference = models.CharField(
        _("law or contract"),
        max_length=300,
        blank=True,
        help_text=_("The law that obliges (Art. 6(1)(c)) or empowers (e), or the contract (b)."),
    )
    parental_consent_record = models.CharField(
        _("age check and parental consent"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where children consent (Art. 8): how age is checked and the consent of the holder of parental "
            "responsibility obtained and kept."
        ),
    )
    history = register_history()

    class Meta:
        ordering = ["activity", "purpose__key", "basis"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "purpose", "basis"],
                name="legal_basis_once_per_purpose",
                violation_error_message=_("This basis is already recorded for this purpose."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.basis == LawfulBasis.LEGITIMATE_INTERESTS and not self.legitimate_interest.strip():
            raise ValidationError({"legitimate_interest": _("State the legitimate interest pursued (Art. 6(1)(f)).")})


class Recipient(ActivityRelation):
    """A third party that receives data from the activity, in the role it plays here (Art. 30(1)(d))."""

    relation = Relation(
        "recipients",
        "recipient",
        natural_key=("third_party",),
        position=5,
        section="sharing",
        describe="{third_party} ({role})",
    )
    third_party = models.ForeignKey(ThirdParty, verbose_name=_("third party"), on_delete=models.PROTECT)
    role = models.CharField(_("role"), max_length=30, choices=RecipientRole.choices)
    data_shared = LimitedTextField(_("data it receives"), blank=True, max_length=NOTE)
    purpose = LimitedTextField(_("why it receives them"), blank=True, max_length=NOTE)
    arrangement_reference = models.CharField(
        _("joint-controller arrangement"),
        max_length=300,
        blank=True,
        help_text=_("Joint controller: the Art. 26(1) arrangement setting out each party's responsibilities."),
    )
    arrangement_essence_location = models.CharField(
        _("essence of the arrangement made available at"),
        max_length=300,
        blank=True,
        help_text=_(
            "Joint controller: where data subjects can read the essence of the arrangement (Art. 26(2)), "
            "e.g. the privacy notice section."
        ),
    )
    authorisation_reference = models.CharField(
        _("controller's authorisation"),
        max_length=300,
        blank=True,
        help_text=_("Sub-processor: the controller's prior specific or general written authorisation (Art. 28(2))."),
    )
    history = register_history()

    class Meta:
        ordering = ["activity", "third_party__name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "third_party"],
                name="recipient_once_per_activity",
                violation_error_message=_("This third party is already a recipient."),
            ),
        ]


class Transfer(ActivityRelation):
    """A transfer of the activity's data to a third country or international organisation (Art. 30(1)(e))."""

    # one destination is set, never both (see `clean`)
    relation = Relation(
        "transfers",
        "transfer",
        position=6,
        section="sharing",
        natural_key=("third_party", "destination_country", "international_organisation"),
        describe="{third_party} → {destination_country}{international_organisation}",
    )
    third_party = models.ForeignKey(ThirdParty, verbose_name=_("recipient"), on_delete=models.PROTECT)
    destination_country = CountryField(_("destination country"), blank=True)
    international_organisation = models.CharField(_("international organisation"), max_length=200, blank=True)
    mechanism = models.CharField(_("mechanism"), max_length=40, choices=TransferMechanism.choices)
    safeguard_reference = models.CharField(
        _("safeguard document"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the SCC module and the contract that incorporates it."),
    )
    tia_reference = models.CharField(_("transfer impact assessment"), max_length=300, blank=True)
    derogation_assessment = LimitedTextField(
        _("documented assessment"),
        blank=True,
        help_text=_("For a derogation (Art. 49): why it applies and, for compelling interests, the safeguards."),
    )
    occasional = models.BooleanField(
        _("occasional"), default=False, help_text=_("Derogations may only be used for occasional transfers.")
    )
    adequacy_scope_confirmed = models.BooleanField(
        _("recipient within the decision's scope"),
        default=False,
        help_text=_(
            "For an adequacy decision limited to a sector or kind of processing (Canada: PIPEDA; Japan: "
            "APPI; Israel: automated processing…): the recipient and this transfer are within it."
        ),
    )
    supervisory_authority_reference = models.CharField(
        _("supervisory authority reference"),
        max_length=300,
        blank=True,
        help_text=_(
            "The authority's authorisation (Art. 46(3)), or the record of informing it of a transfer on "
            "compelling legitimate interests (Art. 49(1) second subparagraph)."
        ),
    )
    history = register_history()

    class Meta:
        ordering = ["activity", "third_party__name", "destination_country"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            RowCheck(
                condition=~Q(destination_country="") | ~Q(international_organisation=""),
                name="transfer_names_a_destination",
                violation_error_message=_("Name the destination country or international organisation."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if not self.destination_country and not self.international_organisation.strip():
            errors["destination_country"] = _("Name the destination country or international organisation.")
        elif self.destination_country and is_eea(self.destination_country):
            errors["destination_country"] = _(
                "%(c)s is in the EEA: sending data there is not a transfer under Chapter V. Remove this transfer."
            ) % {"c": country_name(self.destination_country)}
        elif self.mechanism == TransferMechanism.ADEQUACY:
            errors.update(self._adequacy_errors())
        if errors:
            raise ValidationError(errors)

    def _adequacy_errors(self) -> dict:
        """Art. 45: a decision must cover the destination today, and the recipient where the decision is limited
        to certified organisations (the EU-US Data Privacy Framework)."""
        decisions = list(AdequacyDecision.objects.all())
        today = timezone.localdate()
        country, organisation = str(self.destination_country), self.international_organisation
        where = country_name(self.destination_country) if self.destination_country else organisation
        if not rules.decisions_in_force(decisions, today, country, organisation):
            message = _("No adequacy decision covers %(w)s today: choose another mechanism (e.g. SCCs).")
            return {"mechanism": message % {"w": where}}
        certified = self.third_party.dpf_certified if self.third_party_id else None
        if not rules.adequacy_covers(decisions, today, country, organisation, certified):
            message = _(
                "The adequacy decision for %(w)s covers only certified organisations, and %(tp)s is not recorded "
                "as certified (e.g. under the Data Privacy Framework): record its certification or choose "
                "another mechanism."
            )
            return {"mechanism": message % {"w": where, "tp": self.third_party}}
        return {}
