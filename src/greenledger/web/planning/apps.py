from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "greenledger.web.planning"
    label = "planning"
    verbose_name = _("Decarbonisation planning")
    default_auto_field = "django.db.models.BigAutoField"
