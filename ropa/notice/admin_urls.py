"""Admin views of ropa.notice, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

from django.contrib import admin
from django.urls import path

from . import views

urlpatterns: list = [
    path(
        "organisations/<int:organisation_id>/notice-draft/",
        admin.site.admin_view(views.draft),
        name="ropa-notice-draft",
    ),
    path("notices/<int:notice_id>/compare/", admin.site.admin_view(views.compare), name="ropa-notice-compare"),
]
