"""Admin views of ropa.importing, mounted under /admin/register/ by config.urls (wrapped in admin_view)."""

from django.contrib import admin
from django.urls import path

from .views import import_view

urlpatterns = [
    path("import/", admin.site.admin_view(import_view), name="register-import"),
]
