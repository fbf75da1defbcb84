from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EcologyConfig(AppConfig):
    name = "greenledger.web.ecology"
    label = "ecology"
    verbose_name = _("Industry ecology")
    default_auto_field = "django.db.models.BigAutoField"
