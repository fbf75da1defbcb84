from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "greenledger.web.finance"
    label = "finance"
    verbose_name = _("Green and transition finance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from greenledger.web.finance import columns

        columns.register()
