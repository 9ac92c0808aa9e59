"""The admin's import form: the organisation and the file; the preview adds a choice per unmapped value."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ropa.forms import MemberForm
from ropa.models import Organisation

from .files import MAX_BYTES, limit

ACTIONS = ("text", "create", "map")


class UploadForm(MemberForm):
    perm = "ropa.add_processingactivity"  # importing writes activities

    organisation = forms.ModelChoiceField(Organisation.objects.all(), label=_("organisation"))
    file = forms.FileField(
        label=_("register file"),
        help_text=_(
            "The UK ICO template or another sheet as XLSX, a CSV (UTF-8 or Windows-1252, ; or ,), or "
            "ropa's own XLSX, CSV or JSON export. Nothing is written until you confirm."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        maximum = limit("ROPA_IMPORT_MAX_BYTES", MAX_BYTES)
        if upload.size > maximum:
            raise forms.ValidationError(
                _("The file is %(size)s bytes, over the import limit of %(max)s bytes.")
                % {"size": f"{upload.size:,}", "max": f"{maximum:,}"}
            )
        return upload


def choices_from(post) -> dict[str, str]:
    """The user's choice per unmapped value: `action:<n>` (text, create or map) with `target:<n>` (the entry of a
    map, the country of a third party to create), about the value whose id is in `value:<n>`."""
    choices = {}
    for name in post:
        if not name.startswith("value:"):
            continue
        n = name.removeprefix("value:")
        action = post.get(f"action:{n}", "text")
        if action not in ACTIONS:
            continue
        target = post.get(f"target:{n}", "").strip()
        choices[post[name]] = f"{action}:{target}" if action != "text" and target else action
    return choices
