"""API routes of ropa.reports, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import ExportJobFileView, ExportJobView, RegisterReportView

urlpatterns = [
    path("organisations/<int:id>/register.<str:fmt>", RegisterReportView.as_view(), name="api-register-report"),
    path("export-jobs/<int:id>/", ExportJobView.as_view(), name="api-export-job"),
    path("export-jobs/<int:id>/file", ExportJobFileView.as_view(), name="api-export-job-file"),
]
