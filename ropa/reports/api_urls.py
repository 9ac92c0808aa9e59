"""API routes of ropa.reports, included under /api/v1/ by ropa.api.urls."""

urlpatterns: list = []
