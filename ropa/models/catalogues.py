"""Shared catalogues the register refers to by stable key: data categories, data subjects, purposes,
security measures, and the Commission's adequacy decisions."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ropa.choices import AdequacyScope, SecurityMeasureKind, Sensitivity

from .base import RegisterModel, register_history
from .constraints import RowCheck
from .text import NOTE, LimitedTextField

__all__ = ["AdequacyDecision", "DataCategory", "DataSubjectCategory", "Purpose", "SecurityMeasure"]

key_validator = RegexValidator(
    r"^[a-z0-9_]+(\.[a-z0-9_]+)*$",
    _("Use lower-case words joined by dots, e.g. contact.email."),
)


class CatalogueEntry(RegisterModel):
    """A catalogue entry: a stable key that exports and the API use, a name and a description."""

    key = models.CharField(_("key"), max_length=100, unique=True, validators=[key_validator])
    name = models.CharField(_("name"), max_length=200)
    description = LimitedTextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.key,)


class DataCategory(CatalogueEntry):
    """A category of personal data (Art. 30(1)(c)), in a taxonomy of dotted keys, with its sensitivity."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    sensitivity = models.CharField(
        _("sensitivity"), max_length=20, choices=Sensitivity.choices, default=Sensitivity.ORDINARY
    )
    history = register_history()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("data category")
        verbose_name_plural = _("data categories")

    def clean(self) -> None:
        super().clean()
        parent = self.parent if self.parent_id else None
        if parent and self.key and not self.key.startswith(f"{parent.key}."):
            message = _("The key must start with its parent's key (%(p)s.).") % {"p": parent.key}
            raise ValidationError({"key": message})


class DataSubjectCategory(CatalogueEntry):
    """A category of data subjects (Art. 30(1)(c)): customers, website visitors, employees…"""

    vulnerable = models.BooleanField(
        _("vulnerable"), default=False, help_text=_("Children, employees, patients… (WP248 criterion 7).")
    )
    history = register_history()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("data subject category")
        verbose_name_plural = _("data subject categories")


class Purpose(CatalogueEntry):
    """A purpose of processing (Art. 30(1)(b))."""

    history = register_history()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")


class SecurityMeasure(CatalogueEntry):
    """A technical or organisational security measure (Art. 32(1), Art. 30(1)(g))."""

    kind = models.CharField(_("kind"), max_length=20, choices=SecurityMeasureKind.choices)
    history = register_history()

    class Meta(CatalogueEntry.Meta):
        verbose_name = _("security measure")
        verbose_name_plural = _("security measures")


class AdequacyDecision(CatalogueEntry):
    """A Commission adequacy decision under Art. 45 (or its predecessor), with the dates it was in force.

    Ended decisions stay (Safe Harbour, Privacy Shield): "was this transfer covered on that date?" needs them.
    """

    country = CountryField(_("country"), blank=True, help_text=_("Empty for an international organisation."))
    international_organisation = models.CharField(_("international organisation"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=100)
    in_force_from = models.DateField(_("in force from"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    requires_certification = models.BooleanField(
        _("requires certification"),
        default=False,
        help_text=_("Covers only recipients certified under the framework (e.g. the EU-US Data Privacy Framework)."),
    )
    scope_limit = models.CharField(
        _("scope limited to"),
        max_length=40,
        choices=AdequacyScope.choices,
        blank=True,
        help_text=_(
            "Empty when the decision covers every recipient in the country. A transfer relying on a limited "
            "decision must confirm the recipient is within its scope."
        ),
    )
    scope_note = LimitedTextField(_("scope note"), blank=True, max_length=NOTE)
    history = register_history()

    class Meta(CatalogueEntry.Meta):
        ordering = ["country", "in_force_from"]
        verbose_name = _("adequacy decision")
        verbose_name_plural = _("adequacy decisions")
        constraints = [
            RowCheck(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("in_force_from")),
                name="adequacy_ends_after_it_starts",
                violation_error_message=_("A decision must end after it came into force."),
            ),
            RowCheck(
                condition=~Q(country="") | ~Q(international_organisation=""),
                name="adequacy_names_a_destination",
                violation_error_message=_("Name the country or the international organisation the decision covers."),
            ),
        ]

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.ended_on is None or day < self.ended_on)
