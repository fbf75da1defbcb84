from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "greenledger.web.ops"
    label = "ops"
    verbose_name = _("Scheduled operations")
    default_auto_field = "django.db.models.BigAutoField"
