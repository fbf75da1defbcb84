"""Product carbon-footprint messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

FOOTPRINT: dict[str, Promise | Callable[[int], str]] = {
    "footprint.no_processes": pgettext_lazy(
        "core",
        "the model has no processes; a footprint needs at least one",
    ),
    "footprint.duplicate_id": pgettext_lazy(
        "core",
        "the process id {process} is used twice",
    ),
    "footprint.duplicate_product": pgettext_lazy(
        "core",
        "the product {product} is made by both {first} and {second}; a model has one process "
        "per product (link the other as a supplier's footprint)",
    ),
    "footprint.bad_output": pgettext_lazy(
        "core",
        "the process {process} has the output {value}; an output is a number above zero",
    ),
    "footprint.bad_number": pgettext_lazy(
        "core",
        "the process {process} has {field} = {value}; expected a finite number of tCO2e",
    ),
    "footprint.bad_amount": pgettext_lazy(
        "core",
        "the process {process} uses {value} of {product}; an input amount is a number, zero "
        "or more",
    ),
    "footprint.unknown_product": pgettext_lazy(
        "core",
        "the process {process} uses the product {product}, which no process makes and no "
        "background factor covers",
    ),
    "footprint.background_key": pgettext_lazy(
        "core",
        "the background factor filed under {key} is for the product {product}",
    ),
    "footprint.bad_background": pgettext_lazy(
        "core",
        "the background factor of {product} is {value}; expected a finite number of tCO2e per unit",
    ),
    "footprint.background_and_process": pgettext_lazy(
        "core",
        "the product {product} is made by the process {process} and also has a background "
        "factor; give it one or the other",
    ),
    "footprint.bad_dqi": pgettext_lazy(
        "core",
        "the data-quality indicator {field} is {value}; each indicator is a whole number from"
        " 1 (best) to 5 (worst)",
    ),
    "footprint.not_in_model": pgettext_lazy(
        "core",
        "no process of the model makes the product {product}",
    ),
    "footprint.loop_singular": pgettext_lazy(
        "core",
        "the processes {processes} form a loop that produces nothing net (it uses up all it "
        "makes), so their footprints cannot be solved",
    ),
    "footprint.loop_unproductive": pgettext_lazy(
        "core",
        "the processes {processes} form a loop that uses more of its products than it makes, "
        "so their footprints cannot be solved",
    ),
    "footprint.file.not_json": pgettext_lazy(
        "core",
        "the file is not JSON: {error}",
    ),
    "footprint.file.missing": pgettext_lazy(
        "core",
        "the field {field} is missing",
    ),
    "footprint.file.type": pgettext_lazy(
        "core",
        "the field {field} must be {expected}, not {found!r}",
    ),
}
