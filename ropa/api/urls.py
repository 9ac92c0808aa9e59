"""The API under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("ropa.reports.api_urls")),
    path("", include("ropa.checks.api_urls")),
    path("", include("ropa.timeline.api_urls")),
]
