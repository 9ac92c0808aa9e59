"""API routes of ropa.reports, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import RegisterReportView

urlpatterns = [
    path("organisations/<int:id>/register.<str:fmt>", RegisterReportView.as_view(), name="api-register-report"),
]
