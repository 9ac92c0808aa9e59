"""The export request as a form (organisation, format, as-of, options), validated for the admin view."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ropa.forms import AsOfField, MemberForm
from ropa.models import Organisation

from .exporters import exporters


def format_choices() -> list[tuple[str, str]]:
    return [(key, cls.verbose_name) for key, cls in sorted(exporters().items())]


class ExportForm(MemberForm):
    organisation = forms.ModelChoiceField(Organisation.objects.all(), label=_("organisation"))
    format = forms.ChoiceField(label=_("format"), choices=format_choices, initial="pdf")
    as_of = AsOfField(
        label=_("as of"),
        required=False,
        help_text=_("Leave empty for the live register, or give a past date (2025-01-31) or date and time."),
        widget=forms.TextInput,
    )
    include_retired = forms.BooleanField(label=_("include retired activities"), required=False)
    include_findings = forms.BooleanField(
        label=_("include compliance findings annex"),
        required=False,
        help_text=_("Append the errors and warnings of the compliance checks as of the same date (not in CSV)."),
    )


class ApprovalForm(forms.Form):
    """The approval of the live register: who approves is the signed-in user; the form asks in which role."""

    approver_role = forms.CharField(
        label=_("approved as"),
        max_length=200,
        initial=_("Data protection officer"),
        help_text=_("Your role, as the reports print it next to your name and the date."),
    )
