"""Top-level URL map: the admin at /admin/, the API at /api/v1/, its schema and offline docs under /api/,
the health probe at /health/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from ropa.health import health

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    # Register-wide admin views (reports, findings, as-of, changes, audit trail); each view is wrapped in
    # admin.site.admin_view by its own module, so the admin login and permissions apply.
    path("admin/register/", include("ropa.reports.admin_urls")),
    path("admin/register/", include("ropa.checks.admin_urls")),
    path("admin/register/", include("ropa.timeline.admin_urls")),
    path("admin/register/", include("ropa.importing.admin_urls")),
    path("admin/register/", include("ropa.notice.admin_urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ropa.api.urls")),
    # The OpenAPI contract and Swagger UI (assets from drf-spectacular-sidecar: no internet needed); like the
    # register itself, readable only when signed in (token or admin session).
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, so the Content-Security-Policy needs no
    # inline scripts.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[IsAuthenticated]),
        name="api-docs",
    ),
    path("health/", health, name="health"),
]

# Errors as JSON under /api/; a database outage is a 503 with Retry-After everywhere (`ropa/errors.py`).
handler400 = "ropa.errors.bad_request"
handler404 = "ropa.errors.not_found"
handler500 = "ropa.errors.server_error"
