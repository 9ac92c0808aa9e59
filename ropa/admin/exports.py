"""Admin of the register exports: a read-only list of every report generated, with the digest of its bytes."""

from django.contrib import admin

from ropa.models import RegisterExport

from .base import ReadOnlyModelAdmin


@admin.register(RegisterExport)
class RegisterExportAdmin(ReadOnlyModelAdmin):
    list_display = [
        "created_at",
        "organisation",
        "format",
        "as_of",
        "include_retired",
        "created_by",
        "size",
        "sha256",
    ]
    list_filter = ["organisation", "format", "include_retired"]
    search_fields = ["sha256", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    date_hierarchy = "created_at"
