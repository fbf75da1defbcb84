from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "greenledger.web.assessments"
    label = "assessments"
    verbose_name = _("Assessments and recognition")
    default_auto_field = "django.db.models.BigAutoField"
