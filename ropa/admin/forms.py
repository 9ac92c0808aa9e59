"""Forms of the register admin: every add/change form asks why, and carries the version it was opened at."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ropa.choices import DPIACriterion
from ropa.models import ProcessingActivity

REASON_FIELD = "change_reason"


class RegisterModelForm(forms.ModelForm):
    """Base form of every register record.

    `change_reason` is not stored on the record: the admin hands it to `ropa.history` so the historical
    row says why. `version` travels as a hidden input, so a save started from an old version is refused by the
    model's clean().
    """

    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_('Recorded in the history with your name, e.g. "New vendor contract signed".'),
    )

    def clean_change_reason(self) -> str:
        reason = self.cleaned_data["change_reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why you are making this change; it is kept in the history."))
        return reason


class ProcessingActivityForm(RegisterModelForm):
    """The activity form: the DPIA screening JSON list is a set of checkboxes over the known criteria."""

    dpia_screening = forms.MultipleChoiceField(
        label=ProcessingActivity._meta.get_field("dpia_screening").verbose_name,
        help_text=ProcessingActivity._meta.get_field("dpia_screening").help_text,
        choices=DPIACriterion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
