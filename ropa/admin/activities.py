"""Admin of the processing activities: the DPO's main page, with every relation inline and the filters
a DPO asks for (organisation, status, role, special-category data, third country, review overdue)."""

from django.contrib import admin
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropa.choices import EEA_COUNTRIES, Sensitivity
from ropa.countries import country_name
from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivitySecurityMeasure,
    LegalBasis,
    ProcessingActivity,
    Recipient,
    Transfer,
)

from .base import RegisterInline, RegisterModelAdmin, RegisterStackedInline
from .forms import ProcessingActivityForm

# --- inlines --------------------------------------------------------------------------------------


class ActivityPurposeInline(RegisterInline):
    model = ActivityPurpose
    fields = ["purpose", "details"]
    autocomplete_fields = ["purpose"]


class LegalBasisInline(RegisterStackedInline):
    model = LegalBasis
    fields = [
        ("purpose", "basis"),
        "legitimate_interest",
        ("assessment_reference", "consent_record"),
        ("law_reference", "parental_consent_record"),
    ]
    autocomplete_fields = ["purpose"]


class ActivityDataSubjectInline(RegisterInline):
    model = ActivityDataSubject
    fields = ["data_subject"]
    autocomplete_fields = ["data_subject"]


class ActivityDataCategoryInline(RegisterStackedInline):
    model = ActivityDataCategory
    fields = [
        "data_category",
        ("retention_period", "retention_unit", "retention_event"),
        "retention_note",
        ("art9_condition", "law_reference"),
        "art10_authority",
    ]
    autocomplete_fields = ["data_category"]


class RecipientInline(RegisterStackedInline):
    model = Recipient
    fields = [
        ("third_party", "role"),
        ("data_shared", "purpose"),
        ("arrangement_reference", "arrangement_essence_location"),
        "authorisation_reference",
    ]
    autocomplete_fields = ["third_party"]


class TransferInline(RegisterStackedInline):
    model = Transfer
    fields = [
        ("third_party", "destination_country", "international_organisation"),
        ("mechanism", "occasional", "adequacy_scope_confirmed"),
        ("safeguard_reference", "tia_reference"),
        "derogation_assessment",
        "supervisory_authority_reference",
    ]
    autocomplete_fields = ["third_party"]


class ActivitySecurityMeasureInline(RegisterInline):
    model = ActivitySecurityMeasure
    fields = ["measure", "details"]
    autocomplete_fields = ["measure"]


class ActivityControllerInline(RegisterStackedInline):
    model = ActivityController
    fields = [
        "controller", "arrangement_reference", "processing_carried_out", "controller_representative", "controller_dpo",
    ]
    autocomplete_fields = ["controller"]


# --- list filters ---------------------------------------------------------------------------------

SENSITIVE = [Sensitivity.SPECIAL, Sensitivity.CRIMINAL]


class SpecialDataFilter(admin.SimpleListFilter):
    title = _("special-category data")
    parameter_name = "special_data"

    def lookups(self, request, model_admin):
        return [
            ("any", _("Art. 9 or Art. 10 data")),
            (Sensitivity.SPECIAL, _("Art. 9 special categories")),
            (Sensitivity.CRIMINAL, _("Art. 10 criminal offence data")),
            ("none", _("None")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        wanted = SENSITIVE if value in ("any", "none") else [value]
        has = Exists(
            ActivityDataCategory.objects.filter(activity=OuterRef("pk"), data_category__sensitivity__in=wanted)
        )
        return queryset.exclude(has) if value == "none" else queryset.filter(has)


class ThirdCountryFilter(admin.SimpleListFilter):
    """Activities sending data outside the EEA: any transfer, a recipient outside it, or one country."""

    title = _("third country")
    parameter_name = "third_country"

    def lookups(self, request, model_admin):
        countries = (
            Transfer.objects.exclude(destination_country="")
            .order_by("destination_country")
            .values_list("destination_country", flat=True)
            .distinct()
        )
        return [
            ("any", _("Any transfer recorded")),
            ("recipient_outside_eea", _("A recipient established outside the EEA")),
            *[(code, country_name(code)) for code in countries],
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "any":
            return queryset.filter(Exists(Transfer.objects.filter(activity=OuterRef("pk"))))
        if value == "recipient_outside_eea":
            outside = Recipient.objects.filter(activity=OuterRef("pk")).exclude(third_party__country__in=EEA_COUNTRIES)
            return queryset.filter(Exists(outside))
        return queryset.filter(Exists(Transfer.objects.filter(activity=OuterRef("pk"), destination_country=value)))


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("review overdue")
    parameter_name = "review_overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        overdue = ProcessingActivity.objects.review_overdue(timezone.localdate()).values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=overdue)
        return queryset


def _count_of(model) -> Coalesce:
    counted = (
        model.objects.filter(activity=OuterRef("pk")).order_by().values("activity").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- the activity admin ---------------------------------------------------------------------------


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(RegisterModelAdmin):
    form = ProcessingActivityForm
    list_display = [
        "reference",
        "name",
        "organisation",
        "role",
        "status",
        "special_data",
        "data_category_count",
        "recipient_count",
        "third_countries",
        "dpia_status",
        "next_review_due",
        "overdue",
    ]
    list_display_links = ["reference", "name"]
    list_filter = [
        "organisation",
        "status",
        "role",
        SpecialDataFilter,
        ThirdCountryFilter,
        ReviewOverdueFilter,
        "dpia_status",
    ]
    search_fields = ["reference", "name", "description", "business_function", "systems", "organisation__name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    list_per_page = 100
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "reference",
                    "name",
                    "description",
                    "role",
                    "status",
                    "business_function",
                ]
            },
        ),
        (
            _("How the data is processed"),
            {
                "fields": [
                    "systems",
                    "data_source",
                    "data_locations",
                    "recipients_statement",
                    "data_subject_rights",
                ]
            },
        ),
        (
            _("Automated decisions and profiling"),
            {"fields": ["automated_decision_making", "profiling", "automated_decision_details", "art22_exception",
                        "art22_safeguards"]},
        ),
        (
            _("Data protection impact assessment"),
            {"fields": ["dpia_screening", "dpia_status", "dpia_reference"]},
        ),
        (_("Review"), {"fields": ["last_reviewed_on", "next_review_due", "breach_reference"]}),
    ]
    inlines = [
        ActivityPurposeInline,
        LegalBasisInline,
        ActivityDataSubjectInline,
        ActivityDataCategoryInline,
        RecipientInline,
        TransferInline,
        ActivitySecurityMeasureInline,
        ActivityControllerInline,
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if (
            getattr(request.resolver_match, "url_name", None)
            != f"{self.opts.app_label}_{self.opts.model_name}_changelist"
        ):
            return queryset  # one record's pages need none of the list's columns
        special = ActivityDataCategory.objects.filter(activity=OuterRef("pk"), data_category__sensitivity__in=SENSITIVE)
        return queryset.annotate(
            _special_data=Exists(special),
            _data_category_count=_count_of(ActivityDataCategory),
            _recipient_count=_count_of(Recipient),
        ).prefetch_related(
            Prefetch(
                "transfer_set",
                queryset=Transfer.objects.order_by("destination_country"),
                to_attr="_transfers",
            )
        )

    @admin.display(boolean=True, description=_("Art. 9/10 data"), ordering="_special_data")
    def special_data(self, obj: ProcessingActivity) -> bool:
        return obj._special_data

    @admin.display(description=_("data categories"), ordering="_data_category_count")
    def data_category_count(self, obj: ProcessingActivity) -> int:
        return obj._data_category_count

    @admin.display(description=_("recipients"), ordering="_recipient_count")
    def recipient_count(self, obj: ProcessingActivity) -> int:
        return obj._recipient_count

    @admin.display(description=_("third countries"))
    def third_countries(self, obj: ProcessingActivity) -> str:
        places = {
            str(t.destination_country.code) if t.destination_country else t.international_organisation
            for t in obj._transfers
        }
        return ", ".join(sorted(places)) or "—"

    @admin.display(boolean=True, description=_("review overdue"))
    def overdue(self, obj: ProcessingActivity) -> bool:
        return obj.review_overdue
