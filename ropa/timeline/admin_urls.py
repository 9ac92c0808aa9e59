"""Admin views of ropa.timeline, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

urlpatterns: list = []
