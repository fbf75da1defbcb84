"""English templates of the planning messages (plans, abatement cost curves).

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_planning``.
"""

from __future__ import annotations

from typing import Final

PLANNING: Final[dict[str, str | tuple[str, str]]] = {
    # the plan file (core/planning/model.py)
    "planning.plan.not_object": "the plan is not a JSON object",
    "planning.plan.missing": "the field {field!r} is missing",
    "planning.plan.number": "{field} {value!r} is not a number",
    "planning.plan.negative": "{field} {value!r} must not be negative",
    "planning.plan.year": "{field} {value!r} is not a year",
    "planning.plan.object": "{field} must be an object",
    "planning.plan.list": "{field} must be a list",
    "planning.plan.unknown_key": "unknown key {key!r} (allowed: {allowed})",
    "planning.plan.years_order": "start_year {start} is after end_year {end}",
    "planning.plan.discount_rate": "discount_rate {value} must be below 1 (0.08 means 8 %)",
    "planning.baseline.growth": "baseline growth {value!r} must be a number above -1",
    "planning.baseline.no_end_uses": "the baseline has no end uses",
    "planning.end_use.object": "end use {end_use}: must be an object",
    "planning.end_use.missing": "end use {end_use}: the field {field!r} is missing",
    "planning.end_use.number": (
        "end use {end_use}: {field} {value!r} is not a number of zero or more"
    ),
    "planning.target.object": "target {target}: must be an object",
    "planning.target.year": "target {target}: {field} {value!r} is not a year",
    "planning.target.number": (
        "target {target}: {field} {value!r} is not a number of zero or more"
    ),
    "planning.target.before_start": (
        "target {target}: the year {year} is before start_year {start}"
    ),
    "planning.target.after_end": "target {target}: the year {year} is after end_year {end}",
    "planning.target.duplicate": "the target year {year} is given more than once",
    "planning.measure.object": "measure {index}: must be an object",
    "planning.measure.id": "measure {index}: the id is missing or empty",
    "planning.measure.duplicate": "measure {measure} is defined more than once",
    "planning.measure.unknown_key": (
        "measure {measure}: unknown field {field!r} (allowed: {allowed})"
    ),
    "planning.measure.missing": "measure {measure}: the field {field!r} is missing",
    "planning.measure.text": "measure {measure}: {field} {value!r} is not text",
    "planning.measure.number": "measure {measure}: {field} {value!r} is not a number",
    "planning.measure.negative": "measure {measure}: {field} {value!r} must not be negative",
    "planning.measure.saving_rate": (
        "measure {measure}: {field} {value!r} lies outside 0..1 (0.2 means 20 %)"
    ),
    "planning.measure.lifetime": (
        "measure {measure}: {field} {value!r} must be a whole number of years above 0"
    ),
    "planning.measure.end_use": (
        "measure {measure}: {field} {value!r} is not an end use of the baseline (its end uses: "
        "{known})"
    ),
    "planning.measure.requires_list": (
        "measure {measure}: {field} {value!r} must be a list of measure ids"
    ),
    "planning.measure.requires_unknown": (
        "measure {measure}: {field} names {value!r}, which is not a measure of the plan"
    ),
    "planning.measure.requires_cycle": (
        "measure {measure}: {field} forms a cycle of prerequisites ({cycle})"
    ),
    "planning.measure.year": "measure {measure}: {field} {value!r} is not a year",
    "planning.measure.earliest_year": (
        "measure {measure}: {field} {value!r} lies outside the plan's years {start} to {end}"
    ),
    # intensity targets, grid index, effects, budgets per year
    "planning.plan.positive": ("{field} {value!r} must be above 0"),
    "planning.plan.whole_number": ("{field} {value!r} must be a whole number of 1 or more"),
    "planning.end_use.electricity": (
        "end use {end_use}: {field} {value!r} is more than its emissions_t {emissions}"
    ),
    "planning.target.no_cap": (
        "target {target}: give max_emissions_t, max_intensity_t_per_wan_yuan or both"
    ),
    "planning.target.no_output": (
        "target {target}: {field} needs the start year's output value (baseline.output_wan_yuan)"
    ),
    "planning.measure.effect": (
        'measure {measure}: {field} {value!r} must be "energy" or "emissions"'
    ),
    # the file itself (greenledger plan)
    "planning.file.unreadable": "the file cannot be read: {detail}",
    "planning.file.json": "not a valid JSON file: {detail}",
    # the abatement cost curve (core/planning/costs.py)
    "planning.macc.private": (
        "private view: costs annualised at the plan's discount rate of {rate}"
    ),
    "planning.macc.social": "social view: costs annualised at a discount rate of {rate}",
    "planning.macc.remaining": (
        "measures are applied in cost order, each on what remains of its end use's baseline "
        "after the cheaper ones (savings multiply: 20 % then 10 % saves 28 %, not 30 %); "
        "abatement of the start year's baseline"
    ),
    "planning.macc.no_energy_price": (
        "the plan gives no energy price, so no energy saving is priced: the costs are capital "
        "and operating costs only"
    ),
    "planning.macc.group": (
        "exclusion group {group}: only {measure} enters the curve (the cheapest per tonne when "
        "it entered); left out: {left_out}"
    ),
    "planning.macc.requires": (
        "{measure} is not on the curve: its prerequisites ({requires}) are not all on it"
    ),
}
