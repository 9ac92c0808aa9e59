"""API routes of ropa.notice, included under /api/v1/ by ropa.api.urls."""

from django.urls import path

from .api import GeneratedNoticeView, NoticeFindingsView

urlpatterns = [
    path("organisations/<int:id>/notice.<str:fmt>", GeneratedNoticeView.as_view(), name="api-notice"),
    path("organisations/<int:id>/notice-findings/", NoticeFindingsView.as_view(), name="api-notice-findings"),
]
