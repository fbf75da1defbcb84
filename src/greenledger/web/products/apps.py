from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "greenledger.web.products"
    label = "products"
    verbose_name = _("Product footprints and CBAM")
    default_auto_field = "django.db.models.BigAutoField"
