"""Filters of the activity list: the questions a DPO or an integration asks of the register."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django_filters.fields import IsoDateTimeField

from ropa.choices import ActivityStatus, LawfulBasis, OrganisationRole, Sensitivity
from ropa.ids import MAX_ID, as_id
from ropa.models import ActivityDataCategory, LegalBasis, ProcessingActivity, Recipient, Transfer

from .fields import parse_bool


class IdFilter(django_filters.NumberFilter):
    """An id that fits a database column (a larger number is a 400, not a server error)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 datetime brought to UTC here: an offset that pushes it past year 1 or 9999 is a field error
    instead of an OverflowError when the database adapter converts it."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(
                "%(value)s is out of the range of dates the register can hold.",
                code="invalid",
                params={"value": moment.isoformat()},
            ) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """A yes/no value (`parse_bool`); anything else is an error instead of silently matching everything."""

    widget = forms.TextInput

    def to_python(self, value):
        try:
            return parse_bool(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None

    def validate(self, value):
        return None


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ActivityFilter(django_filters.FilterSet):
    organisation = IdFilter(field_name="organisation_id", help_text="Organisation id.")
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    role = django_filters.ChoiceFilter(choices=OrganisationRole.choices)
    data_category = django_filters.CharFilter(
        method="filter_data_category",
        help_text="Data category key; a parent key (e.g. `contact`) also matches its descendants (`contact.email`).",
    )
    special_category = StrictBooleanFilter(
        method="filter_special_category", help_text="Processes special-category (Art. 9) data."
    )
    recipient = django_filters.CharFilter(method="filter_recipient", help_text="Recipient: third party id or name.")
    destination_country = django_filters.CharFilter(
        method="filter_destination_country", help_text="ISO country code of a transfer destination."
    )
    legal_basis = django_filters.ChoiceFilter(
        choices=LawfulBasis.choices, method="filter_legal_basis", help_text="Art. 6(1) basis recorded for any purpose."
    )
    review_overdue = StrictBooleanFilter(
        method="filter_review_overdue", help_text="Next review date passed (retired activities excluded)."
    )
    changed_since = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Changed at or after this datetime (ISO 8601)."
    )

    class Meta:
        model = ProcessingActivity
        fields = ["organisation", "status", "role"]

    @staticmethod
    def _with(queryset: QuerySet, rows: QuerySet) -> QuerySet:
        return queryset.filter(id__in=rows.values("activity_id"))

    def filter_data_category(self, queryset, name, value):
        key = value.strip()
        rows = ActivityDataCategory.objects.filter(
            Q(data_category__key=key) | Q(data_category__key__startswith=f"{key}.")
        )
        return self._with(queryset, rows)

    def filter_special_category(self, queryset, name, value):
        rows = ActivityDataCategory.objects.filter(data_category__sensitivity=Sensitivity.SPECIAL)
        return self._with(queryset, rows) if value else queryset.exclude(id__in=rows.values("activity_id"))

    def filter_recipient(self, queryset, name, value):
        number = as_id(value)
        match = Q(third_party__name=value)
        if number is not None and number > 0:
            match |= Q(third_party_id=number)
        return self._with(queryset, Recipient.objects.filter(match))

    def filter_destination_country(self, queryset, name, value):
        return self._with(queryset, Transfer.objects.filter(destination_country=value.strip().upper()))

    def filter_legal_basis(self, queryset, name, value):
        return self._with(queryset, LegalBasis.objects.filter(basis=value))

    def filter_review_overdue(self, queryset, name, value):
        overdue = queryset.review_overdue()
        return overdue if value else queryset.exclude(id__in=overdue.values("id"))
