from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RopaConfig(AppConfig):
    name = "ropa"
    verbose_name = _("Register of processing activities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ropa import history  # noqa: F401  (connects the history attribution signal)
