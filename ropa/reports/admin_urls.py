"""Admin views of ropa.reports, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

from django.contrib import admin
from django.urls import path

from .views import approve_view, export_view, job_file_view

urlpatterns = [
    path("export/", admin.site.admin_view(export_view), name="register-export"),
    path("export/jobs/<int:job_id>/file", admin.site.admin_view(job_file_view), name="register-export-job-file"),
    path("approve/<int:organisation_id>/", admin.site.admin_view(approve_view), name="register-approve"),
]
