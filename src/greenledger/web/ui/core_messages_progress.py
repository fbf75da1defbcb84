"""District-progress messages of the core in the user's language: targets, trajectories,
deflation, carbon budgets, key energy-consuming units and decompositions.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

PROGRESS: dict[str, Promise | Callable[[int], str]] = {
    "progress.target.missing": pgettext_lazy(
        "core",
        "target {target}: the field {field!r} is missing",
    ),
    "progress.target.unknown_key": pgettext_lazy(
        "core",
        "target {target}: unknown key {key!r} (allowed: {allowed})",
    ),
    "progress.target.choice": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not one of {allowed}",
    ),
    "progress.target.number": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a number",
    ),
    "progress.target.year": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a year",
    ),
    "progress.target.year_before_base": pgettext_lazy(
        "core",
        "target {target}: the year {year} is before the base year {base_year}",
    ),
    "progress.target.change_or_level": pgettext_lazy(
        "core",
        "target {target}: give either a change or a level, exactly one of them",
    ),
    "progress.target.change_range": pgettext_lazy(
        "core",
        "target {target}: the change {change} is impossible (a fall of 100 % or more)",
    ),
    "progress.target.duplicate": pgettext_lazy("core", "target {target} is defined more than once"),
    "progress.trajectory.after_target": pgettext_lazy(
        "core",
        "target {target}: the year {year} is after the target year {target_year}",
    ),
    "progress.trajectory.contradicts": pgettext_lazy(
        "core",
        "target {target}: the trajectory gives {value} in {year}, but the target means {expected}",
    ),
    "progress.trajectory.base_value": pgettext_lazy(
        "core",
        "target {target}: the base-year value {value} must be a positive number",
    ),
    "progress.trajectory.method": pgettext_lazy(
        "core",
        "unknown trajectory method {method!r} (allowed: {allowed})",
    ),
    "progress.progress.no_actual": pgettext_lazy(
        "core",
        "target {target}: no actual value for any year from {base_year} to {target_year}",
    ),
    "progress.deflator.missing_year": pgettext_lazy(
        "core",
        "the price index has no value for {year} (it covers {years})",
    ),
    "progress.deflator.bad_value": pgettext_lazy(
        "core",
        "the price index for {year} is {value}; it must be positive",
    ),
    "budget.missing_base": pgettext_lazy(
        "core",
        "{enterprise}: no base-year ({year}) emissions, which the {method} method needs",
    ),
    "budget.missing_output": pgettext_lazy(
        "core",
        "{enterprise}: no output value for {year}, which the {method} method needs",
    ),
    "budget.missing_benchmark": pgettext_lazy(
        "core",
        "no intensity benchmark for {year}, which the {method} method needs",
    ),
    "budget.exceeds_cap": pgettext_lazy(
        "core",
        "{year}: the budgets sum to {total} t, {excess} t above the district cap of {cap} t",
    ),
    "budget.missing_cap": pgettext_lazy("core", "{year}: no district cap is given"),
    "budget.bad_parameter": pgettext_lazy(
        "core",
        "the {parameter} {value} must be between 0 and 1",
    ),
    "keyunit.negative": pgettext_lazy(
        "core",
        "{enterprise} {year}: the energy consumption {value} tce is negative",
    ),
    "progress.decomposition.same_year": pgettext_lazy(
        "core",
        "the base year and the year are both {year}; a comparison needs two different years",
    ),
    "progress.decomposition.no_year": pgettext_lazy("core", "no enterprise has figures for {year}"),
    "progress.decomposition.duplicate": pgettext_lazy(
        "core",
        "{enterprise} {year}: the enterprise-year is given twice",
    ),
    "progress.decomposition.bad_number": pgettext_lazy(
        "core",
        "{enterprise} {year}: {field} is {value}; a finite number of at least zero is needed",
    ),
    "progress.decomposition.emissions_without_energy": pgettext_lazy(
        "core",
        "{enterprise} {year}: {carrier} emits {co2e_t} tCO2e but no energy use is given for it",
    ),
    "progress.decomposition.no_record": pgettext_lazy(
        "core",
        "{enterprise} {year}: {energy_tce} tce of energy is given, but the enterprise has no "
        "record for the year (output value, park, industry)",
    ),
    "progress.decomposition.output_missing": pgettext_lazy(
        "core",
        "{enterprise} {year}: the output value is missing, but the enterprise used "
        "{energy_tce} tce of energy; its energy intensity needs the output value",
    ),
    "progress.decomposition.output_zero": pgettext_lazy(
        "core",
        "{enterprise} {year}: the output value is zero, but the enterprise used {energy_tce} "
        "tce of energy; its energy intensity has no value (not even as a limit)",
    ),
}
