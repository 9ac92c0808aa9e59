"""API tokens: what an integration presents instead of a password, kept as a digest so a database leak leaks none."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

__all__ = ["ApiToken"]


class ApiToken(AbstractAuthToken):
    """A named API credential of one user, stored as its SHA-512 digest (django-rest-knox), valid until `expiry`.

    A user may hold several (one per integration), each revoked by deleting it. The plaintext is shown once, when the
    token is issued, and never stored.
    """

    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “vendor-management sync”."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["user", "name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="apitoken_unique_name_per_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user}, {self.token_key}…)"

    @property
    def expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()

    def clean(self) -> None:
        super().clean()
        if self.expiry is not None and self.expiry <= timezone.now():
            raise ValidationError({"expiry": _("An expiry in the past would issue a token that never works.")})
