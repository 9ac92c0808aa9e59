from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RopaConfig(AppConfig):
    name = "ropa"
    verbose_name = _("Register of processing activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_delete

        from ropa import history  # connects the history attribution signal

        pre_delete.connect(history.protect_authors_of_history, sender=settings.AUTH_USER_MODEL,
                           dispatch_uid="ropa-protect-authors-of-history")
