"""The questions the timeline pages ask: which organisation, which moment, which period, which changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ropa import models as m
from ropa.forms import MOMENT_HELP, AsOfField, MemberForm

from .audit import AUDITED


class AsOfForm(MemberForm):
    organisation = forms.ModelChoiceField(m.Organisation.objects.all(), label=_("organisation"))
    as_of = AsOfField(label=_("as of"))


class ChangesForm(MemberForm):
    LAST_7, LAST_30, SINCE_EXPORT = "7d", "30d", "export"
    PRESETS = [
        ("", _("— pick dates below —")),
        (LAST_7, _("last 7 days")),
        (LAST_30, _("last 30 days")),
        (SINCE_EXPORT, _("since the last export")),
    ]

    organisation = forms.ModelChoiceField(m.Organisation.objects.all(), label=_("organisation"))
    preset = forms.ChoiceField(label=_("period"), choices=PRESETS, required=False)
    start = AsOfField(label=_("from"), required=False, day_end=False)
    end = AsOfField(label=_("to"), required=False, help_text=format_lazy("{} {}", _("Empty means now."), MOMENT_HELP))

    def clean(self) -> dict:
        data = super().clean() or {}
        org = data.get("organisation")
        if org is None or self.errors:
            return data
        now = timezone.now()
        preset = data.get("preset")
        if preset in (self.LAST_7, self.LAST_30):
            data["start"], data["end"] = now - dt.timedelta(days=7 if preset == self.LAST_7 else 30), now
        elif preset == self.SINCE_EXPORT:
            last = m.RegisterExport.objects.filter(organisation=org).order_by("-created_at").first()
            if last is None:
                raise forms.ValidationError({"preset": _("This organisation's register has not been exported yet.")})
            data["start"], data["end"] = last.created_at, now
        else:
            if data.get("start") is None:
                raise forms.ValidationError({"start": _("Give the start of the period, or pick a preset.")})
            data["end"] = data.get("end") or now
            if data["start"] > data["end"]:
                raise forms.ValidationError({"end": _("The end of the period comes before its start.")})
        return data


class AuditTrailForm(forms.Form):
    user = forms.ModelChoiceField(get_user_model().objects.order_by("username"), label=_("user"), required=False)
    model = forms.ChoiceField(
        label=_("record type"),
        required=False,
        choices=[("", _("all"))] + [(key, model._meta.verbose_name) for key, model in AUDITED],
    )
    object = forms.CharField(label=_("record"), required=False, help_text=_("Its id, or text in its name."))
    start = AsOfField(label=_("from"), required=False, day_end=False)
    end = AsOfField(label=_("to"), required=False)
    reason = forms.CharField(label=_("reason contains"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError({"end": _("The end of the period comes before its start.")})
        return data
