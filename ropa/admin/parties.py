"""Admin of the parties: the organisation keeping the register, and the third parties receiving its data."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ropa.choices import EEA_COUNTRIES
from ropa.countries import is_eea
from ropa.models import ACTIVITY_RELATIONS, Organisation, ProcessingActivity, ThirdParty
from ropa.reports.admin_actions import export_register_action

from .base import RegisterModelAdmin
from .notices import PrivacyNoticeInline
from .workflow import ReviewPolicyInline


@admin.register(Organisation)
class OrganisationAdmin(RegisterModelAdmin):
    list_display = ["name", "trade_name", "country", "dpo_name", "dpo_email", "headcount", "activity_count"]
    list_filter = ["country", "is_public_body"]
    search_fields = ["name", "trade_name", "registration_number", "dpo_name"]
    actions = [export_register_action]
    inlines = [ReviewPolicyInline, PrivacyNoticeInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "trade_name",
                    "registration_number",
                    "address",
                    "country",
                    "is_public_body",
                    "headcount",
                ]
            },
        ),
        (_("Contact"), {"fields": ["email", "phone", "website"]}),
        (
            _("Data protection officer"),
            {"fields": ["dpo_designation", "dpo_not_required_reason", "dpo_name", "dpo_email", "dpo_phone"]},
        ),
        (
            _("Representative and supervisory authority"),
            {"fields": ["representative_name", "representative_contact", "lead_supervisory_authority"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_activity_count=Count("activities"))

    @admin.display(description=_("activities"), ordering="_activity_count")
    def activity_count(self, obj: Organisation) -> int:
        return obj._activity_count  # type: ignore[attr-defined]  # annotated by get_queryset


class EstablishmentFilter(admin.SimpleListFilter):
    title = _("established")
    parameter_name = "established"

    def lookups(self, request, model_admin):
        return [("eea", _("In the EEA")), ("outside_eea", _("Outside the EEA"))]

    def queryset(self, request, queryset):
        if self.value() == "eea":
            return queryset.filter(country__in=EEA_COUNTRIES)
        if self.value() == "outside_eea":
            return queryset.exclude(country__in=EEA_COUNTRIES)
        return queryset


@admin.register(ThirdParty)
class ThirdPartyAdmin(RegisterModelAdmin):
    list_display = [
        "name",
        "legal_entity",
        "country",
        "outside_eea",
        "default_role",
        "dpf_certified",
        "dpa_reference",
    ]
    list_filter = ["default_role", EstablishmentFilter, "dpf_certified", "country"]
    search_fields = ["name", "legal_entity", "dpa_reference"]
    fieldsets = [
        (None, {"fields": ["name", "legal_entity", "aliases", "country", "address", "contact_email", "default_role"]}),
        (
            _("Processing and safeguards"),
            {
                "fields": [
                    "processing_locations",
                    "dpa_reference",
                    "dpa_date",
                    "dpf_certified",
                    "dpf_verified_on",
                    "certifications",
                ]
            },
        ),
        (_("Links and notes"), {"fields": ["privacy_policy_url", "opt_out_url", "notes"]}),
        (_("Activities that use it"), {"fields": ["used_by"]}),
    ]
    readonly_fields = ["used_by"]

    @admin.display(description=_("activities"))
    def used_by(self, obj: ThirdParty) -> str:
        """Every activity naming this party (as recipient, transfer recipient or controller), each a link:
        one query per relation declaration that references third parties, and one for the activities."""
        if obj is None or obj.pk is None:
            return "—"
        ids: set[int] = set()
        for model in ACTIVITY_RELATIONS:
            for fk in model.relation.references:
                if fk.related_model is ThirdParty:
                    ids |= set(model._default_manager.filter(**{fk.name: obj}).values_list("activity_id", flat=True))
        # Only the activities of the viewer's organisations (`get_object` tells who is looking).
        viewer = obj._viewer  # type: ignore[attr-defined]  # set by get_object
        activities = ProcessingActivity.objects.for_user(viewer).filter(pk__in=ids).order_by("reference")
        links = format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a>',
            ((reverse("admin:ropa_processingactivity_change", args=[a.pk]), str(a)) for a in activities),
        )
        return links or str(_("None yet."))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._viewer = request.user  # read by used_by
        return obj

    @admin.display(boolean=True, description=_("outside the EEA"))
    def outside_eea(self, obj: ThirdParty) -> bool:
        return not is_eea(obj.country)
