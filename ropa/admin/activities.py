"""Admin of the processing activities: the DPO's main page, with every relation inline and the filters
a DPO asks for (organisation, status, role, special-category data, third country, review overdue)."""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ropa.checks import run_checks
from ropa.choices import EEA_COUNTRIES, Sensitivity
from ropa.countries import country_name
from ropa.history import set_reason
from ropa.models import (
    ActivityController,
    ActivityDataCategory,
    ActivityDataSubject,
    ActivityPurpose,
    ActivityReview,
    ActivitySecurityMeasure,
    LegalBasis,
    Organisation,
    ProcessingActivity,
    Recipient,
    ThirdParty,
    Transfer,
)
from ropa.register.cache import cached_register

from .activity_form import (
    CompactText,
    CountryInput,
    PurposeRowForm,
    RecipientRowForm,
    arrange,
    country_datalist,
    error_summary,
    save_purpose_bases,
)
from .base import RegisterInline, RegisterModelAdmin, RegisterStackedInline
from .forms import REASON_FIELD, ProcessingActivityForm


class PartySelect(forms.Select):
    """A third-party select whose options say where each party is established and processes data, for the
    script that fills a transfer's destination."""

    where: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        country, locations = self.where.get(str(getattr(value, "value", value)), ("", ""))
        if country:
            option["attrs"]["data-country"] = str(country)
            text = locations if isinstance(locations, str) else ",".join(str(c) for c in locations or [])
            option["attrs"]["data-locations"] = text
        return option


# --- inlines --------------------------------------------------------------------------------------


CLONE = "clone"


def clone_source(request) -> ProcessingActivity | None:
    """The activity an add page copies ("save and add another like this"), from `?clone=<id>`."""
    pk = request.GET.get(CLONE, "")
    return ProcessingActivity.objects.for_user(request.user).filter(pk=pk).first() if pk.isdigit() else None


class NewRowsInline(CompactText, RegisterInline):
    """On a new activity, empty rows are ready to fill (no "add another" click for the usual case), or the rows
    of the activity being copied, as initial values."""

    new_rows = 1

    def copied_rows(self, request) -> list[dict]:
        source = clone_source(request)
        if source is None:
            return []
        names = [f.name for f in self.model.relation.content_fields]
        rows = self.model.objects.filter(activity=source)
        return [{n: getattr(r, f"{n}_id", None) or getattr(r, n) for n in names} for r in rows]

    def get_extra(self, request, obj=None, **kwargs) -> int:
        return max(self.new_rows, len(self.copied_rows(request))) if obj is None else 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if field is not None and not request.user.has_perm(f"{related._meta.app_label}.add_{related._meta.model_name}"):
            field.help_text = _("Not in the list? Ask your DPO to add it to the %(list)s.") % {
                "list": related._meta.verbose_name_plural
            }
        return field


class ActivityPurposeInline(NewRowsInline):
    model = ActivityPurpose
    new_rows = 2
    form = PurposeRowForm
    fields = ["purpose", "basis", "details"]
    autocomplete_fields = ["purpose"]


class LegalBasisInline(NewRowsInline, RegisterStackedInline):
    new_rows = 0
    model = LegalBasis
    fields = [
        ("purpose", "basis"),
        "legitimate_interest",
        ("assessment_reference", "consent_record"),
        ("law_reference", "parental_consent_record"),
    ]
    autocomplete_fields = ["purpose"]


class ActivityDataSubjectInline(NewRowsInline):
    model = ActivityDataSubject
    fields = ["data_subject"]
    autocomplete_fields = ["data_subject"]


class ActivityDataCategoryInline(NewRowsInline, RegisterStackedInline):
    model = ActivityDataCategory
    fields = [
        "data_category",
        ("retention_period", "retention_unit", "retention_event"),
        "retention_note",
        ("art9_condition", "law_reference"),
        "art10_authority",
    ]
    autocomplete_fields = ["data_category"]


class RecipientInline(NewRowsInline, RegisterStackedInline):
    model = Recipient
    form = RecipientRowForm
    new_rows = 2
    fields = [
        ("third_party", "role"),
        ("data_shared", "purpose"),
        ("arrangement_reference", "arrangement_essence_location"),
        "authorisation_reference",
    ]
    autocomplete_fields = ["third_party"]


class TransferInline(NewRowsInline, RegisterStackedInline):
    """Transfers: the recipient is picked among the activity's recipients (the page's script narrows the list
    and fills the destination from the recipient's country), the country typed with suggestions."""

    model = Transfer
    fields = [
        ("third_party", "destination_country", "international_organisation"),
        ("mechanism", "occasional", "adequacy_scope_confirmed"),
        ("safeguard_reference", "tia_reference"),
        "derogation_assessment",
        "supervisory_authority_reference",
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "destination_country":
            kwargs["widget"] = CountryInput()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        parties = list(
            ThirdParty.objects.for_user(request.user)
            .order_by("name")
            .values_list("pk", "name", "country", "processing_locations")
        )
        choices = [("", "---------"), *[(pk, name) for pk, name, _c, _l in parties]]
        where = {str(pk): (country, locations) for pk, _n, country, locations in parties}

        class OneQueryFormSet(formset):
            """Every row's recipient select reuses one list of parties, tagged with where each is."""

            def _construct_form(self, i, **kw):
                form = super()._construct_form(i, **kw)
                field = form.fields["third_party"]
                field.choices = choices
                field.widget.where = where
                return form

        OneQueryFormSet.__name__ = formset.__name__
        return OneQueryFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "third_party":
            kwargs["widget"] = PartySelect()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActivitySecurityMeasureInline(NewRowsInline):
    model = ActivitySecurityMeasure
    fields = ["measure", "details"]
    autocomplete_fields = ["measure"]


class ActivityControllerInline(NewRowsInline, RegisterStackedInline):
    new_rows = 0
    model = ActivityController
    fields = [
        "controller",
        "arrangement_reference",
        "processing_carried_out",
        "controller_representative",
        "controller_dpo",
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
            Transfer.objects.for_user(request.user)
            .exclude(destination_country="")
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


# --- the activity admin ---------------------------------------------------------------------------


@admin.register(ProcessingActivity)
class ProcessingActivityAdmin(CompactText, RegisterModelAdmin):
    form = ProcessingActivityForm
    # what fits at 1366 px beside the admin's navigation and the filters; special data and third countries are
    # filters, and the activity's page says them
    list_display = ["reference", "name", "status", "role", "finding_count", "next_review"]
    actions = ["mark_reviewed"]
    change_form_template = "admin/ropa/processingactivity/change_form.html"
    list_display_links = ["reference", "name"]
    list_filter = [
        "organisation",
        "status",
        "role",
        SpecialDataFilter,
        ThirdCountryFilter,
        ReviewOverdueFilter,
        "business_function",
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
            {
                "fields": [
                    "automated_decision_making",
                    "profiling",
                    "automated_decision_details",
                    "art22_exception",
                    "art22_safeguards",
                ]
            },
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

    @admin.display(description=_("findings"))
    def finding_count(self, obj: ProcessingActivity) -> str:
        n = getattr(obj, "_finding_count", 0)
        url = reverse("admin:ropa_processingactivity_change", args=[obj.pk]) + "#ropa-activity-findings"
        return format_html('<a href="{}">{}</a>', url, n) if n else "0"

    @admin.display(description=_("next review"), ordering="next_review_due")
    def next_review(self, obj: ProcessingActivity) -> str:
        if not obj.next_review_due:
            return "—"
        if obj.review_overdue:
            return format_html('<strong class="ropa-overdue">{} ({})</strong>', obj.next_review_due, _("overdue"))
        return str(obj.next_review_due)

    def get_changelist_instance(self, request):
        """The page's rows with their findings count: one snapshot per organisation listed, checked once."""
        cl = super().get_changelist_instance(request)
        rows = list(cl.result_list)
        counts: dict[int, int] = {}
        for org_id in {r.organisation_id for r in rows}:
            counts.update(Counter(f.activity_id for f in run_checks(cached_register(org_id)) if f.activity_id))
        for row in rows:
            row._finding_count = counts.get(row.pk, 0)
        return cl

    # --- the form ---------------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform, inlines = context["adminform"], context["inline_admin_formsets"]
        sections, apart = arrange(list(adminform), inlines)
        context.update(
            sections=sections,
            reason_fieldsets=apart,
            country_datalist=country_datalist(),
            error_summary=error_summary(adminform, inlines) if context.get("errors") else [],
            can_review=bool(obj and request.user.has_perm("ropa.add_activityreview")),
            read_only=not (self.has_change_permission(request, obj) if obj else self.has_add_permission(request)),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request) -> dict:
        """The only organisation, preselected; or, when copying, the copied activity's own fields."""
        initial = super().get_changeform_initial_data(request)
        source = clone_source(request)
        if source is not None:
            keep = [
                f.name
                for f in self.model._meta.concrete_fields
                if f.editable and f.name not in ("id", "version", "reference", "last_reviewed_on")
            ]
            initial.update({n: getattr(source, f"{n}_id", None) or getattr(source, n) for n in keep})
            initial["name"] = _("Copy of %(name)s") % {"name": source.name}
        elif "organisation" not in initial:
            mine = Organisation.objects.for_user(request.user, "ropa.add_processingactivity")
            only = list(mine.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                initial["organisation"] = str(only[0])
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj is None or obj.pk is None:
            copied = inline.copied_rows(request) if isinstance(inline, NewRowsInline) else []
            if copied and request.method == "GET":
                kwargs["initial"] = copied
        return kwargs

    def _after_save(self, request, obj, response):
        if "_clone" in request.POST:
            return HttpResponseRedirect(f"{reverse('admin:ropa_processingactivity_add')}?{CLONE}={obj.pk}")
        return response

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return self._after_save(request, obj, super().response_change(request, obj))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is ActivityPurpose:
            save_purpose_bases(formset)

    # --- reviews ----------------------------------------------------------------------------------------

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        places = self.admin_site.admin_view(self.party_places_view)
        return [
            path("party-places/", places, name="ropa_processingactivity_party_places"),
            path("<path:object_id>/review/", review, name="ropa_processingactivity_review"),
            *super().get_urls(),
        ]

    def party_places_view(self, request):
        """Where a third party is established and processes data, for the form's script that fills a transfer's
        destination when the recipient was added from the form itself (not yet in the page's list)."""
        if not request.user.has_perm("ropa.view_thirdparty"):
            raise PermissionDenied
        party = ThirdParty.objects.for_user(request.user).filter(pk=request.GET.get("id", "") or None).first()
        if party is None:
            raise Http404
        return JsonResponse(
            {
                "id": party.pk,
                "name": party.name,
                "country": str(party.country),
                "locations": [str(c) for c in party.processing_locations],
            }
        )

    def review_view(self, request, object_id):
        """POST: mark this activity reviewed by the signed-in user today (next review from the cadence)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if request.method != "POST" or not request.user.has_perm("ropa.add_activityreview", obj):
            raise PermissionDenied
        set_reason(request.POST.get(REASON_FIELD, "").strip() or _("Reviewed"))
        review = ActivityReview.record(obj, request.user, notes=request.POST.get("notes", ""))
        self.message_user(
            request, _("Marked reviewed; next review due %(d)s.") % {"d": review.next_review_due}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:ropa_processingactivity_change", args=[obj.pk]))

    @admin.action(description=_("Mark the selected activities reviewed today"), permissions=["review"])
    def mark_reviewed(self, request, queryset):
        set_reason(_("Reviewed (bulk)"))
        with transaction.atomic():
            for activity in queryset.for_user(request.user, "ropa.add_activityreview"):
                ActivityReview.record(activity, request.user)
        self.message_user(request, _("%(n)d activities marked reviewed.") % {"n": queryset.count()}, messages.SUCCESS)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("ropa.add_activityreview")
