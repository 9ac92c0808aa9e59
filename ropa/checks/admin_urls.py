"""Admin views of ropa.checks, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns: list = [
    path("findings/", admin.site.admin_view(views.dashboard), name="ropa-findings"),
    path("findings/decide/", admin.site.admin_view(views.decide), name="ropa-finding-decide"),
]
