"""The activity form as a DPO thinks of it: four sections, the basis picked on the purpose's row, transfers
offered from the recipients, light country inputs, and an error summary that links to each field.

Layout only: every rule stays in the models (`full_clean()`), this module arranges fields and carries values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ropa.choices import LawfulBasis
from ropa.models import LegalBasis
from ropa.models.activities import ActivityRelation
from ropa.models.relation import activity_relations

from .forms import REASON_FIELD


@dataclass(frozen=True)
class Section:
    """One part of the form: the activity's fieldsets it holds (by title). The relation lists it holds are not
    named here: each relation declares its section (`Relation.section`), see `relations`."""

    slug: str
    title: Any  # a lazily translated string
    fieldsets: tuple = ()

    @property
    def relations(self) -> tuple[type[ActivityRelation], ...]:
        """The relation models whose declaration names this section, in the register's order."""
        return tuple(m for m in activity_relations() if m.relation.section == self.slug)


SECTIONS = (
    Section("what", _("What and why"), (None,)),
    Section("data", _("Whose data and how long"), (_("How the data is processed"),)),
    Section("sharing", _("Who receives it and where")),
    Section(
        "safeguards",
        _("Safeguards and risk"),
        (_("Automated decisions and profiling"), _("Data protection impact assessment"), _("Review")),
    ),
)


def section_index(model: type[models.Model]) -> int:
    """Where a relation's inline goes: its declared section; the last one for anything undeclared (never hidden)."""
    slug = getattr(getattr(model, "relation", None), "section", None)
    return next((i for i, s in enumerate(SECTIONS) if s.slug == slug), len(SECTIONS) - 1)


def arrange(fieldsets: list, inline_formsets: list) -> tuple[list[dict], list]:
    """The form's fieldsets and inlines placed in `SECTIONS`; the reason's fieldset is returned apart (it goes
    next to Save). Anything a section does not name lands in the last one, so nothing is ever hidden. Inlines
    keep the register's order within their section."""
    placed: list[dict] = [{"slug": s.slug, "title": s.title, "items": []} for s in SECTIONS]
    apart = []
    titles = [[str(t) if t else None for t in s.fieldsets] for s in SECTIONS]
    for fs in fieldsets:
        if REASON_FIELD in [f for line in fs.fields for f in _flat(line)]:
            apart.append(fs)
            continue
        index = next((i for i, names in enumerate(titles) if (str(fs.name) if fs.name else None) in names), -1)
        placed[index]["items"].append(("fieldset", fs))
    position = {m: i for i, m in enumerate(activity_relations())}
    for formset in sorted(inline_formsets, key=lambda f: position.get(f.opts.model, len(position))):
        placed[section_index(formset.opts.model)]["items"].append(("inline", formset))
    return placed, apart


def _flat(line) -> tuple:
    return tuple(line) if isinstance(line, list | tuple) else (line,)


class CompactText:
    """Text areas of the activity form start two lines high (they grow as the DPO types): the form fits in
    fewer screens."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60, "class": "ropa-compact"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CountryInput(forms.TextInput):
    """A two-letter country code typed with suggestions from one `<datalist>` shared by the page, instead of a
    250-option select on every row (the change page's weight and serve time were mostly those selects)."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "list": "ropa-countries",
                "size": 6,
                "maxlength": 2,
                "autocomplete": "off",
                "class": "ropa-country",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        return str(getattr(value, "code", value) or "") or None


@lru_cache(maxsize=8)
def _country_datalist(language: str | None) -> SafeString:
    return format_html(
        '<datalist id="ropa-countries">{}</datalist>',
        format_html_join("", '<option value="{}">{}</option>', ((c.code, c.name) for c in countries)),
    )


def country_datalist() -> SafeString:
    """The page's one list of country suggestions, built once per language: 250 options are not worth a template
    loop on every page view."""
    return _country_datalist(get_language())


class PurposeRowForm(forms.ModelForm):
    """A purpose row that also takes its Art. 6(1) basis, so a purpose is picked once; the basis is validated
    by `LegalBasis.full_clean()` and saved as a legal basis row of the activity."""

    basis = forms.ChoiceField(
        label=_("Art. 6(1) basis"),
        choices=[("", "---------"), *LawfulBasis.choices],
        required=False,
        help_text=_("Adds this basis to the legal bases below."),
    )

    def clean(self):
        cleaned = super().clean()
        basis, purpose = cleaned.get("basis"), cleaned.get("purpose")
        if basis and purpose:
            try:
                LegalBasis(purpose=purpose, basis=basis).full_clean(
                    exclude=["activity", "version"], validate_unique=False
                )
            except ValidationError as exc:
                self.add_error(
                    "basis",
                    " ".join(m for ms in exc.message_dict.values() for m in ms)
                    + " "
                    + str(_("Record it under Legal bases instead, with the details it needs.")),
                )
        return cleaned


class RecipientRowForm(forms.ModelForm):
    """A recipient row whose role, left empty, is the one recorded as the third party's default role."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = False
        self.fields["role"].help_text = _("Empty: the third party's default role.")

    def clean(self):
        cleaned = super().clean()
        party = cleaned.get("third_party")
        if party is not None and not cleaned.get("role"):
            cleaned["role"] = party.default_role
        return cleaned


def save_purpose_bases(formset) -> None:
    """After the purposes are saved: each basis picked on a purpose row becomes a legal basis (once)."""
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data.get("basis") or data.get("DELETE") or form.instance.pk is None:
            continue
        row = form.instance
        if not LegalBasis.objects.filter(
            activity_id=row.activity_id, purpose_id=row.purpose_id, basis=data["basis"]
        ).exists():
            basis = LegalBasis(activity_id=row.activity_id, purpose_id=row.purpose_id, basis=data["basis"])
            basis.full_clean()
            basis.save()


def error_summary(adminform, inline_formsets) -> list[tuple[str, str, str]]:
    """(where, message, element id) for every error of the form and its rows, in page order."""
    summary = []
    form = adminform.form
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("Form")
        target = f"id_{name}" if name in form.fields else "content-main"
        summary += [(str(label), str(e), target) for e in errors]
    for inline in inline_formsets:
        formset = inline.formset
        noun = str(inline.opts.verbose_name)
        for e in formset.non_form_errors():
            summary.append((str(inline.opts.verbose_name_plural), str(e), f"{formset.prefix}-group"))
        for i, row in enumerate(formset.forms):
            for name, errors in row.errors.items():
                label = row.fields[name].label if name in row.fields else ""
                target = f"id_{formset.prefix}-{i}-{name}" if name in row.fields else f"{formset.prefix}-{i}"
                summary += [(f"{noun} {i + 1}{' · ' + str(label) if label else ''}", str(e), target) for e in errors]
    return summary
