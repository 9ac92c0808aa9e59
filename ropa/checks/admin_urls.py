"""Admin views of ropa.checks, mounted under /admin/register/ by config.urls (each wrapped in admin_view)."""

urlpatterns: list = []
