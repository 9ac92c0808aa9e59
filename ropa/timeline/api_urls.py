"""API routes of ropa.timeline, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import OrganisationChangesView

urlpatterns: list = [
    path("organisations/<int:pk>/changes/", OrganisationChangesView.as_view(), name="organisation-changes"),
]
