"""API routes of ropa.timeline, included under /api/v1/ by ropa.api.urls."""

urlpatterns: list = []
