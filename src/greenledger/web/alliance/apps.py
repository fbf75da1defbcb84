from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "greenledger.web.alliance"
    label = "alliance"
    verbose_name = _("Alliance")
    default_auto_field = "django.db.models.BigAutoField"
