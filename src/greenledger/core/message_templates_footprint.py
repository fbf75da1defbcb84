"""English templates of the product carbon-footprint messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_footprint``.
"""

from __future__ import annotations

from typing import Final

FOOTPRINT: Final[dict[str, str | tuple[str, str]]] = {
    # the model (core/products/footprint.py)
    "footprint.no_processes": "the model has no processes; a footprint needs at least one",
    "footprint.duplicate_id": "the process id {process} is used twice",
    "footprint.duplicate_product": (
        "the product {product} is made by both {first} and {second}; a model has one process "
        "per product (link the other as a supplier's footprint)"
    ),
    "footprint.bad_output": (
        "the process {process} has the output {value}; an output is a number above zero"
    ),
    "footprint.bad_number": (
        "the process {process} has {field} = {value}; expected a finite number of tCO2e"
    ),
    "footprint.bad_amount": (
        "the process {process} uses {value} of {product}; an input amount is a number, zero or more"
    ),
    "footprint.unknown_product": (
        "the process {process} uses the product {product}, which no process makes and no "
        "background factor covers"
    ),
    "footprint.background_key": (
        "the background factor filed under {key} is for the product {product}"
    ),
    "footprint.bad_background": (
        "the background factor of {product} is {value}; expected a finite number of tCO2e per unit"
    ),
    "footprint.background_and_process": (
        "the product {product} is made by the process {process} and also has a background "
        "factor; give it one or the other"
    ),
    "footprint.bad_dqi": (
        "the data-quality indicator {field} is {value}; each indicator is a whole number from "
        "1 (best) to 5 (worst)"
    ),
    "footprint.not_in_model": "no process of the model makes the product {product}",
    "footprint.loop_singular": (
        "the processes {processes} form a loop that produces nothing net (it uses up all it "
        "makes), so their footprints cannot be solved"
    ),
    "footprint.loop_unproductive": (
        "the processes {processes} form a loop that uses more of its products than it makes, "
        "so their footprints cannot be solved"
    ),
    # the JSON file (core/products/footprint_files.py)
    "footprint.file.not_json": "the file is not JSON: {error}",
    "footprint.file.missing": "the field {field} is missing",
    "footprint.file.type": "the field {field} must be {expected}, not {found!r}",
}
