"""Admin views of ropa.timeline, mounted under /admin/register/ by config.urls, each wrapped in admin_view."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns: list = [
    path("as-of/", admin.site.admin_view(views.register_as_of), name="register_as_of"),
    path("changes/", admin.site.admin_view(views.register_changes), name="register_changes"),
    path("audit-trail/", admin.site.admin_view(views.audit_trail_view), name="register_audit_trail"),
]
