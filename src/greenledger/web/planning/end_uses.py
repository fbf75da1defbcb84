"""End uses and carriers in the user's language.

The catalogue's end-use vocabulary (``core.planning.baseline.END_USES``) and the baseline's
``process_emissions`` have labels here (context "end use", zh in the planning catalogue); an end
use named after a carrier (a carrier the enterprise did not split) is labelled with the carrier's
name from the factor library; any other name (the enterprise's own end use) is shown as written.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

from greenledger.core.planning.baseline import END_USES, PROCESS_EMISSIONS
from greenledger.web.reporting.services._common import library

__all__ = ["END_USE_LABELS", "carrier_label", "end_use_label"]

END_USE_LABELS: dict[str, Promise] = {
    "motors_drives": pgettext_lazy("end use", "Motors and drives"),
    "compressed_air": pgettext_lazy("end use", "Compressed air"),
    "boilers_steam": pgettext_lazy("end use", "Boilers and steam"),
    "industrial_heat": pgettext_lazy("end use", "Industrial heat"),
    "heat_recovery": pgettext_lazy("end use", "Process heat recovery"),
    "lighting": pgettext_lazy("end use", "Lighting"),
    "hvac": pgettext_lazy("end use", "Heating, ventilation and air conditioning"),
    "onsite_pv": pgettext_lazy("end use", "On-site photovoltaics"),
    "heat_pump_electrification": pgettext_lazy("end use", "Electrification by heat pumps"),
    "green_power_purchase": pgettext_lazy("end use", "Green-power purchase"),
    "fuel_switching": pgettext_lazy("end use", "Fuel switching"),
    "process_specific": pgettext_lazy("end use", "Process-specific"),
    "data_centre_cooling": pgettext_lazy("end use", "Data-centre cooling"),
    "energy_management": pgettext_lazy("end use", "Energy management"),
    PROCESS_EMISSIONS: pgettext_lazy("end use", "Process (non-energy) emissions"),
}
assert set(END_USES) <= set(END_USE_LABELS), "every catalogue end use needs a label"


def carrier_label(carrier: str) -> str:
    """The carrier's name in the user's language (the activity's, from the factor library)."""
    activity = library().activities.get(carrier)
    if activity is None:
        return carrier
    english = (get_language() or "").startswith("en")
    return str(activity.name_en if english else activity.name_zh)


def end_use_label(name: str) -> str:
    """An end use's name in the user's language (see the module docstring)."""
    label = END_USE_LABELS.get(name)
    if label is not None:
        return str(label)
    return carrier_label(name)
