from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "greenledger.web.accounts"
    label = "accounts"
    verbose_name = _("Accounts and access")
    default_auto_field = "django.db.models.BigAutoField"
