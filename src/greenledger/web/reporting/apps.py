from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "greenledger.web.reporting"
    label = "reporting"
    verbose_name = _("Activity reporting")
    default_auto_field = "django.db.models.BigAutoField"
