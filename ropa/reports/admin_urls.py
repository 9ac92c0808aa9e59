"""Admin views of ropa.reports, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

from django.contrib import admin
from django.urls import path

from .views import export_view

urlpatterns = [
    path("export/", admin.site.admin_view(export_view), name="register-export"),
]
