"""The portfolio file's columns by their label in the user's language, for the problems an
import or the position form reports (``reporting_extras.column_label``, which
``problem_text`` also uses for a core message's ``column`` parameter). Registered into the
reporting labels when the app is ready; a column the reporting app already names keeps its
label."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PORTFOLIO_COLUMNS: dict[str, Promise] = {
    "position": _("Position"),
    "borrower": _("Borrower"),
    "borrower_code": _("Unified Social Credit Code"),
    "asset_class": _("Asset class"),
    "outstanding_yuan": _("Outstanding (yuan)"),
    "equity_yuan": _("Equity (yuan)"),
    "debt_yuan": _("Debt (yuan)"),
    "evic_yuan": _("EVIC (yuan)"),
    "property_value_yuan": _("Property value (yuan)"),
    "revenue_yuan": _("Revenue (yuan)"),
    "emissions_tco2e": _("Borrower's emissions (tCO2e)"),
    "emissions_basis": _("Emissions basis"),
    "sector": _("Sector"),
    "catalogue": _("Catalogue"),
    "catalogue_code": _("Catalogue code"),
    "use_of_proceeds": _("Use of proceeds"),
    "carbon_effect": _("Carbon-reduction effect"),
    "project": _("Financing project (number)"),
}


def register() -> None:
    from greenledger.web.reporting.templatetags.reporting_extras import COLUMNS

    for column, label in PORTFOLIO_COLUMNS.items():
        COLUMNS.setdefault(column, label)
