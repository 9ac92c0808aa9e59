"""API routes of ropa.importing, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import RegisterImportView

urlpatterns = [
    path("organisations/<int:id>/import/", RegisterImportView.as_view(), name="api-register-import"),
]
