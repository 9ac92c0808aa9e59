"""Form fields the admin pages share (reports, checks, timeline)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ropa.register.dates import parse_as_of

MOMENT_HELP = _("A date (YYYY-MM-DD, meaning the end of that day) or a date and time (YYYY-MM-DDTHH:MM).")
START_HELP = _("A date (YYYY-MM-DD, meaning the start of that day) or a date and time (YYYY-MM-DDTHH:MM).")


class AsOfField(forms.CharField):
    """A past moment, read by the parser every surface shares; empty is None (when the field is optional).

    `day_end=False` reads a bare date as the start of that day (the beginning of a period).
    """

    def __init__(self, *args, day_end: bool = True, **kwargs):
        self.day_end = day_end
        kwargs.setdefault("help_text", MOMENT_HELP if day_end else START_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "YYYY-MM-DDTHH:MM", "size": 22}))
        super().__init__(*args, **kwargs)

    def clean(self, value) -> dt.datetime | None:
        value = super().clean(value)
        if not value:
            return None
        try:
            return parse_as_of(value, day_end=self.day_end)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class MemberForm(forms.Form):
    """A form asking for an organisation: it offers those where the user holds `perm` (default: viewing; see
    `ropa.access`); another one is refused like an unknown one."""

    perm: str | None = None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = field.queryset.for_user(user, self.perm)
