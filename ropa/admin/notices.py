"""Admin of the published privacy notices: inline on the organisation, and each notice's own page with the
comparison with the register (ropa.notice.views)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ropa.models import PrivacyNotice

from .base import RegisterModelAdmin, RegisterStackedInline


def _compare_link(obj: PrivacyNotice) -> str:
    if not obj or not obj.pk:
        return "—"
    return format_html(
        '<a href="{}">{}</a>', reverse("ropa-notice-compare", args=[obj.pk]), _("compare with the register")
    )


class PrivacyNoticeInline(RegisterStackedInline):
    """The organisation's notices; "generate draft" and "compare with the register" link to the notice views."""

    model = PrivacyNotice
    fields = ["version_label", "language", "published_on", "url", "format", "text", "sha256", "compare"]
    readonly_fields = ["sha256", "compare"]
    extra = 0
    template = "admin/ropa/notice_inline.html"

    @admin.display(description=_("comparison"))
    def compare(self, obj: PrivacyNotice) -> str:
        return _compare_link(obj)


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(RegisterModelAdmin):
    list_display = ["organisation", "version_label", "language", "published_on", "format", "compare"]
    list_filter = ["organisation", "language", "format"]
    search_fields = ["version_label", "url", "organisation__name"]
    list_select_related = ["organisation"]
    readonly_fields = ["sha256", "compare"]
    fieldsets = [
        (None, {"fields": ["organisation", "version_label", "language", "published_on", "url", "format"]}),
        (_("Text as published"), {"fields": ["text", "sha256", "compare"]}),
    ]

    @admin.display(description=_("comparison"))
    def compare(self, obj: PrivacyNotice) -> str:
        return _compare_link(obj)
