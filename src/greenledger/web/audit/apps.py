from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "greenledger.web.audit"
    label = "audit"
    verbose_name = _("Audit ledger")
    default_auto_field = "django.db.models.BigAutoField"
