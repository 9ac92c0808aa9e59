"""Top-level URL map: the admin at /admin/, the API at /api/v1/, its schema and offline docs under /api/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    # Register-wide admin views (reports, findings, as-of, changes, audit trail); each view is wrapped in
    # admin.site.admin_view by its own module, so the admin login and permissions apply.
    path("admin/register/", include("ropa.reports.admin_urls")),
    path("admin/register/", include("ropa.checks.admin_urls")),
    path("admin/register/", include("ropa.timeline.admin_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ropa.api.urls")),
]
