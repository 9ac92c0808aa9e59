"""Who works on which organisation's register, and in which role there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ropa.choices import Role

from .base import RegisterModel, register_history
from .parties import Organisation

__all__ = ["Membership"]


class Membership(RegisterModel):
    """A user's role in one organisation: they see that organisation's register and act on it as the role allows
    (`ropa.access`). A user holds at most one role per organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = register_history()

    class Meta:
        ordering = ["organisation", "user"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_one_role_per_organisation",
                violation_error_message=_("This user already has a role in this organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
