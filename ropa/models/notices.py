"""The organisation's published privacy notice (Arts. 12-14), kept as a versioned, history-tracked record.

The text is what was published, as Markdown or HTML; its SHA-256 is derived on every save, so a notice can be
proved unchanged. Bad input is refused here, once, for every surface: an empty text, binary content, a text over
`MAX_NOTICE_BYTES`, HTML carrying scripts or other active content. ropa never fetches the URL and never executes
the HTML: every rendering goes through `ropa.notice.text.sanitise_html`.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import RegisterModel, register_history
from .parties import Organisation

__all__ = ["MAX_NOTICE_BYTES", "NoticeFormat", "PrivacyNotice"]

MAX_NOTICE_BYTES = 512 * 1024  # a long notice is some 60 KB; half a megabyte is an error, not a notice


class NoticeFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("HTML")


class PrivacyNotice(RegisterModel):
    """One published version of the organisation's privacy notice."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="notices"
    )
    version_label = models.CharField(_("version"), max_length=50, help_text=_("As the notice names itself: 2.0."))
    language = models.CharField(_("language"), max_length=10, default="en", help_text=_("BCP 47 tag: en, lt, de."))
    published_on = models.DateField(_("published on"), help_text=_("The date the notice states or took effect."))
    url = models.URLField(_("URL"), blank=True, help_text=_("Where it is published (recorded, never fetched)."))
    format = models.CharField(_("format"), max_length=10, choices=NoticeFormat.choices, default=NoticeFormat.MARKDOWN)
    text = models.TextField(_("text"), help_text=_("The notice as published, in Markdown or HTML."))
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False, blank=True)
    history = register_history()

    class Meta:
        ordering = ["organisation", "-published_on", "-version_label"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version_label", "language"], name="notice_version_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_label} ({self.language}, {self.published_on})"

    def clean(self) -> None:
        super().clean()
        from ropa.notice.text import notice_text_problem

        problem = notice_text_problem(self.text, self.format)
        if problem:
            raise ValidationError({"text": problem})

    def save(self, *args, **kwargs):
        self.sha256 = hashlib.sha256((self.text or "").encode("utf-8")).hexdigest()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = list({*kwargs["update_fields"], "sha256"})
        super().save(*args, **kwargs)
