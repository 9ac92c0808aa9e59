"""API routes of ropa.checks, included under /api/v1/ by ropa.api.urls."""

urlpatterns: list = []
