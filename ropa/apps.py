from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class RopaConfig(AppConfig):
    default = True
    name = "ropa"
    verbose_name = _("Register of processing activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_migrate, pre_delete

        from ropa import history  # connects the history attribution signal

        pre_delete.connect(
            history.protect_authors_of_history,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="ropa-protect-authors-of-history",
        )
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="ropa-create-cache-table")


class RegisterAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ropa's site (`ropa/admin_site.py`: the optional TOTP second factor)."""

    default = False  # named in INSTALLED_APPS; `ropa` itself stays RopaConfig
    default_site = "ropa.admin_site.RegisterAdminSite"


def create_cache_table(using: str = "default", **kwargs) -> None:
    """The database cache (throttle counts shared by every worker) needs its table: `migrate` creates it, so a
    fresh install, `quickstart` and the test databases have it without a separate `createcachetable` step."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
