"""API routes of ropa.checks, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import FindingsView

urlpatterns: list = [
    path("findings/", FindingsView.as_view(), name="ropa-findings-api"),
]
