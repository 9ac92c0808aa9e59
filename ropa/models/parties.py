"""The parties of the register: the organisation whose register it is, and the third parties it deals with."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ropa.choices import DPODesignation, RecipientRole

from .base import RegisterModel, register_history
from .text import ADDRESS, NOTE, LimitedTextField

__all__ = ["Organisation", "ThirdParty"]

ART30_5_HEADCOUNT = 250


class Organisation(RegisterModel):
    """The controller (or processor) keeping this register: the Art. 30(1)(a) header of every record."""

    name = models.CharField(_("legal name"), max_length=200, unique=True)
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    address = LimitedTextField(_("registered address"), blank=True, max_length=ADDRESS)
    country = CountryField(_("country"))
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    dpo_designation = models.CharField(
        _("DPO designation"),
        max_length=20,
        choices=DPODesignation.choices,
        default=DPODesignation.NOT_ASSESSED,
        help_text=_("Whether a data protection officer is designated, or was assessed as not required (Art. 37(1))."),
    )
    dpo_not_required_reason = LimitedTextField(
        _("why no DPO is required"),
        blank=True,
        help_text=_(
            "The Art. 37(1) reasoning: not a public body, and core activities need no large-scale regular "
            "and systematic monitoring nor large-scale Art. 9 or 10 data."
        ),
    )
    dpo_name = models.CharField(_("DPO name"), max_length=200, blank=True)
    dpo_email = models.EmailField(_("DPO email"), blank=True)
    dpo_phone = models.CharField(_("DPO telephone"), max_length=50, blank=True)
    representative_name = models.CharField(
        _("Art. 27 representative"),
        max_length=200,
        blank=True,
        help_text=_("Needed when the organisation is established outside the EU but targets people in it."),
    )
    representative_contact = LimitedTextField(_("representative contact"), blank=True, max_length=ADDRESS)
    lead_supervisory_authority = models.CharField(_("lead supervisory authority"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(
        _("head-count"),
        null=True,
        blank=True,
        help_text=_("Under 250 persons the Art. 30(5) exemption may apply to some activities."),
    )
    is_public_body = models.BooleanField(_("public authority or body"), default=False)
    history = register_history()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.trade_name or self.name

    def clean(self) -> None:
        super().clean()
        if self.dpo_designation == DPODesignation.NOT_REQUIRED and not self.dpo_not_required_reason.strip():
            raise ValidationError(
                {
                    "dpo_not_required_reason": _(
                        "Say why no data protection officer is required (Art. 37(1)): the assessment is what shows it."
                    )
                }
            )


class ThirdParty(RegisterModel):
    """Someone outside the organisation who receives personal data: a vendor, a partner, an authority.

    Recorded once per service (trade name), with the legal entity that contracts and where it is established.
    """

    name = models.CharField(_("trade name"), max_length=200, unique=True)
    legal_entity = models.CharField(_("legal entity"), max_length=200)
    country = CountryField(_("country of establishment"))
    address = LimitedTextField(_("address"), blank=True, max_length=ADDRESS)
    contact_email = models.EmailField(_("contact email"), blank=True)
    processing_locations = CountryField(_("processing locations"), multiple=True, blank=True)
    default_role = models.CharField(_("default role"), max_length=30, choices=RecipientRole.choices)
    dpa_reference = models.CharField(
        _("DPA reference"), max_length=300, blank=True, help_text=_("The Art. 28 data processing agreement.")
    )
    dpa_date = models.DateField(_("DPA date"), null=True, blank=True)
    dpf_certified = models.BooleanField(
        _("DPF certified"), default=False, help_text=_("Certified under the EU-US Data Privacy Framework.")
    )
    dpf_verified_on = models.DateField(
        _("DPF listing checked on"),
        null=True,
        blank=True,
        help_text=_(
            "When the Data Privacy Framework List was last checked for this organisation's active "
            "certification (certifications are renewed every year)."
        ),
    )
    certifications = LimitedTextField(_("certifications"), blank=True)
    privacy_policy_url = models.URLField(_("privacy policy"), blank=True)
    opt_out_url = models.URLField(_("opt-out link"), blank=True)
    notes = LimitedTextField(_("notes"), blank=True)
    aliases = LimitedTextField(
        _("other names"),
        blank=True,
        help_text=_(
            "One a line: other names a privacy notice may use for this party (a parent company, a former name: "
            "X Corp., Twitter). The notice comparison matches them with the trade name and the legal entity."
        ),
        max_length=NOTE,
    )
    history = register_history()

    class Meta:
        ordering = ["name"]
        verbose_name = _("third party")
        verbose_name_plural = _("third parties")

    def __str__(self) -> str:
        return self.name
