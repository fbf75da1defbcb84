"""Planning messages of the core in the user's language: plan files, abatement cost curves.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

PLANNING: dict[str, Promise | Callable[[int], str]] = {
    "planning.plan.not_object": pgettext_lazy(
        "core",
        "the plan is not a JSON object",
    ),
    "planning.plan.missing": pgettext_lazy(
        "core",
        "the field {field!r} is missing",
    ),
    "planning.plan.number": pgettext_lazy(
        "core",
        "{field} {value!r} is not a number",
    ),
    "planning.plan.negative": pgettext_lazy(
        "core",
        "{field} {value!r} must not be negative",
    ),
    "planning.plan.year": pgettext_lazy(
        "core",
        "{field} {value!r} is not a year",
    ),
    "planning.plan.object": pgettext_lazy(
        "core",
        "{field} must be an object",
    ),
    "planning.plan.list": pgettext_lazy(
        "core",
        "{field} must be a list",
    ),
    "planning.plan.unknown_key": pgettext_lazy(
        "core",
        "unknown key {key!r} (allowed: {allowed})",
    ),
    "planning.plan.years_order": pgettext_lazy(
        "core",
        "start_year {start} is after end_year {end}",
    ),
    "planning.plan.discount_rate": pgettext_lazy(
        "core",
        "discount_rate {value} must be below 1 (0.08 means 8 %)",
    ),
    "planning.baseline.growth": pgettext_lazy(
        "core",
        "baseline growth {value!r} must be a number above -1",
    ),
    "planning.baseline.no_end_uses": pgettext_lazy(
        "core",
        "the baseline has no end uses",
    ),
    "planning.end_use.object": pgettext_lazy(
        "core",
        "end use {end_use}: must be an object",
    ),
    "planning.end_use.missing": pgettext_lazy(
        "core",
        "end use {end_use}: the field {field!r} is missing",
    ),
    "planning.end_use.number": pgettext_lazy(
        "core",
        "end use {end_use}: {field} {value!r} is not a number of zero or more",
    ),
    "planning.target.object": pgettext_lazy(
        "core",
        "target {target}: must be an object",
    ),
    "planning.target.year": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a year",
    ),
    "planning.target.number": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a number of zero or more",
    ),
    "planning.target.before_start": pgettext_lazy(
        "core",
        "target {target}: the year {year} is before start_year {start}",
    ),
    "planning.target.after_end": pgettext_lazy(
        "core",
        "target {target}: the year {year} is after end_year {end}",
    ),
    "planning.target.duplicate": pgettext_lazy(
        "core",
        "the target year {year} is given more than once",
    ),
    "planning.measure.object": pgettext_lazy(
        "core",
        "measure {index}: must be an object",
    ),
    "planning.measure.id": pgettext_lazy(
        "core",
        "measure {index}: the id is missing or empty",
    ),
    "planning.measure.duplicate": pgettext_lazy(
        "core",
        "measure {measure} is defined more than once",
    ),
    "planning.measure.unknown_key": pgettext_lazy(
        "core",
        "measure {measure}: unknown field {field!r} (allowed: {allowed})",
    ),
    "planning.measure.missing": pgettext_lazy(
        "core",
        "measure {measure}: the field {field!r} is missing",
    ),
    "planning.measure.text": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} is not text",
    ),
    "planning.measure.number": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} is not a number",
    ),
    "planning.measure.negative": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} must not be negative",
    ),
    "planning.measure.saving_rate": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} lies outside 0..1 (0.2 means 20 %)",
    ),
    "planning.measure.lifetime": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} must be a whole number of years above 0",
    ),
    "planning.measure.end_use": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} is not an end use of the baseline (its end uses: "
        "{known})",
    ),
    "planning.measure.requires_list": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} must be a list of measure ids",
    ),
    "planning.measure.requires_unknown": pgettext_lazy(
        "core",
        "measure {measure}: {field} names {value!r}, which is not a measure of the plan",
    ),
    "planning.measure.requires_cycle": pgettext_lazy(
        "core",
        "measure {measure}: {field} forms a cycle of prerequisites ({cycle})",
    ),
    "planning.measure.year": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} is not a year",
    ),
    "planning.measure.earliest_year": pgettext_lazy(
        "core",
        "measure {measure}: {field} {value!r} lies outside the plan's years {start} to {end}",
    ),
    "planning.plan.positive": pgettext_lazy(
        "core",
        "{field} {value!r} must be above 0",
    ),
    "planning.plan.whole_number": pgettext_lazy(
        "core",
        "{field} {value!r} must be a whole number of 1 or more",
    ),
    "planning.end_use.electricity": pgettext_lazy(
        "core",
        "end use {end_use}: {field} {value!r} is more than its emissions_t {emissions}",
    ),
    "planning.target.no_cap": pgettext_lazy(
        "core",
        "target {target}: give max_emissions_t, max_intensity_t_per_wan_yuan or both",
    ),
    "planning.target.no_output": pgettext_lazy(
        "core",
        "target {target}: {field} needs the start year's output value (baseline.output_wan_yuan)",
    ),
    "planning.measure.effect": pgettext_lazy(
        "core",
        'measure {measure}: {field} {value!r} must be "energy" or "emissions"',
    ),
    "planning.file.unreadable": pgettext_lazy(
        "core",
        "the file cannot be read: {detail}",
    ),
    "planning.file.json": pgettext_lazy(
        "core",
        "not a valid JSON file: {detail}",
    ),
    "planning.macc.private": pgettext_lazy(
        "core",
        "private view: costs annualised at the plan's discount rate of {rate}",
    ),
    "planning.macc.social": pgettext_lazy(
        "core",
        "social view: costs annualised at a discount rate of {rate}",
    ),
    "planning.macc.remaining": pgettext_lazy(
        "core",
        "measures are applied in cost order, each on what remains of its end use's baseline "
        "after the cheaper ones (savings multiply: 20 % then 10 % saves 28 %, not 30 %); "
        "abatement of the start year's baseline",
    ),
    "planning.macc.no_energy_price": pgettext_lazy(
        "core",
        "the plan gives no energy price, so no energy saving is priced: the costs are capital "
        "and operating costs only",
    ),
    "planning.macc.group": pgettext_lazy(
        "core",
        "exclusion group {group}: only {measure} enters the curve (the cheapest per tonne when "
        "it entered); left out: {left_out}",
    ),
    "planning.macc.requires": pgettext_lazy(
        "core",
        "{measure} is not on the curve: its prerequisites ({requires}) are not all on it",
    ),
}
