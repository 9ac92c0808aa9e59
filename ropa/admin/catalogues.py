"""Admin of the shared catalogues: data categories, data subjects, purposes, security measures,
adequacy decisions.

Their search fields feed the autocompletes of the activity page.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropa.models import AdequacyDecision, DataCategory, DataSubjectCategory, Purpose, SecurityMeasure

from .base import RegisterModelAdmin

CATALOGUE_SEARCH = ["key", "name", "description"]


@admin.register(DataCategory)
class DataCategoryAdmin(RegisterModelAdmin):
    list_display = ["key", "name", "sensitivity", "parent"]
    list_filter = ["sensitivity"]
    search_fields = CATALOGUE_SEARCH
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(DataSubjectCategory)
class DataSubjectCategoryAdmin(RegisterModelAdmin):
    list_display = ["key", "name", "vulnerable"]
    list_filter = ["vulnerable"]
    search_fields = CATALOGUE_SEARCH


@admin.register(Purpose)
class PurposeAdmin(RegisterModelAdmin):
    list_display = ["key", "name"]
    search_fields = CATALOGUE_SEARCH


@admin.register(SecurityMeasure)
class SecurityMeasureAdmin(RegisterModelAdmin):
    list_display = ["key", "name", "kind"]
    list_filter = ["kind"]
    search_fields = CATALOGUE_SEARCH


class InForceFilter(admin.SimpleListFilter):
    title = _("in force today")
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No (ended or not yet in force)"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        in_force = Q(in_force_from__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        if self.value() == "yes":
            return queryset.filter(in_force)
        if self.value() == "no":
            return queryset.exclude(in_force)
        return queryset


@admin.register(AdequacyDecision)
class AdequacyDecisionAdmin(RegisterModelAdmin):
    list_display = [
        "name",
        "country",
        "international_organisation",
        "reference",
        "in_force_from",
        "ended_on",
        "in_force_today",
        "requires_certification",
    ]
    list_filter = [InForceFilter, "requires_certification"]
    search_fields = [*CATALOGUE_SEARCH, "country", "international_organisation", "reference"]

    @admin.display(boolean=True, description=_("in force today"))
    def in_force_today(self, obj: AdequacyDecision) -> bool:
        return obj.in_force_on(timezone.localdate())
