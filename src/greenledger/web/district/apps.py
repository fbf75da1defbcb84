from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictConfig(AppConfig):
    name = "greenledger.web.district"
    label = "district"
    verbose_name = _("District carbon accounts")
    default_auto_field = "django.db.models.BigAutoField"
