"""Industrial-symbiosis messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

SYMBIOSIS: dict[str, Promise | Callable[[int], str]] = {
    "symbiosis.headline": lambda n: npgettext(
        "core",
        "{count} problem in {file}; nothing was read",
        "{count} problems in {file}; nothing was read",
        n,
    ),
    "symbiosis.missing_column": pgettext_lazy(
        "core",
        "the column {column} is missing",
    ),
    "symbiosis.empty_cell": pgettext_lazy(
        "core",
        "the {column} is empty",
    ),
    "symbiosis.not_a_number": pgettext_lazy(
        "core",
        "{value!r} is not a number",
    ),
    "symbiosis.negative": pgettext_lazy(
        "core",
        "{value!r} is negative; a quantity is zero or more",
    ),
    "symbiosis.duplicate_id": pgettext_lazy(
        "core",
        "the id {value} appears more than once",
    ),
    "symbiosis.unknown_kind": pgettext_lazy(
        "core",
        "unknown resource kind {value!r} (known: {allowed})",
    ),
    "symbiosis.bad_month": pgettext_lazy(
        "core",
        "{value!r} is not a month YYYY-MM",
    ),
    "symbiosis.period_reversed": pgettext_lazy(
        "core",
        "the period ends ({end}) before it starts ({start})",
    ),
    "symbiosis.bad_flag": pgettext_lazy(
        "core",
        "{value!r} is not yes or no",
    ),
    "symbiosis.bad_coordinates": pgettext_lazy(
        "core",
        "({lat}, {lon}) is not a latitude and longitude",
    ),
    "symbiosis.outside_district": pgettext_lazy(
        "core",
        "({lat}, {lon}) lies outside {district} ({lat_min}-{lat_max} N, {lon_min}-{lon_max} E)",
    ),
    "symbiosis.bad_profile": pgettext_lazy(
        "core",
        "the profile must be 24 hourly or 12 monthly shares separated by ';', not {value!r}",
    ),
    "symbiosis.heat_below_return": pgettext_lazy(
        "core",
        "the heat is offered at {supply} °C, colder than its own return temperature {ret} °C",
    ),
    "symbiosis.cold_above_return": pgettext_lazy(
        "core",
        "the cold is offered at {supply} °C, warmer than its own return temperature {ret} °C",
    ),
    "symbiosis.code_needed": pgettext_lazy(
        "core",
        "a {kind} offer needs its waste code",
    ),
    "symbiosis.bad_code": pgettext_lazy(
        "core",
        "{waste_code!r} is not a waste code (9 characters such as 441-001-S02, or 8 "
        "digits such as 900-249-08)",
    ),
    "symbiosis.unknown_class": pgettext_lazy(
        "core",
        "{waste_code}: {waste_class} is not a class of the solid waste directory",
    ),
    "symbiosis.unknown_hazardous_code": pgettext_lazy(
        "core",
        "{waste_code} is not in the National Catalogue of Hazardous Wastes (2025) as "
        "this platform holds it",
    ),
    "symbiosis.not_hazardous": pgettext_lazy(
        "core",
        "{waste_code} is a hazardous-waste code, but the kind is {kind}",
    ),
    "symbiosis.unknown_process": pgettext_lazy(
        "core",
        "unknown receiving process {value!r} (known: {allowed})",
    ),
    "symbiosis.process_kind": pgettext_lazy(
        "core",
        "the process {process} does not take {kind}",
    ),
    "symbiosis.refused.incompatible": pgettext_lazy(
        "core",
        "the process {process} does not accept {waste_code}",
    ),
    "symbiosis.refused.no_licence": pgettext_lazy(
        "core",
        "the receiver is not licensed for the hazardous waste {waste_code} (licensed: {licensed})",
    ),
    "symbiosis.refused.temperature": pgettext_lazy(
        "core",
        "the heat at {supply} °C does not exceed the {need} °C needed by the minimum "
        "approach of {approach} K, and a heat pump would have to lift it {lift} K (at"
        " most {max_lift} K)",
    ),
    "symbiosis.refused.cold_temperature": pgettext_lazy(
        "core",
        "the cold at {supply} °C is not below the {need} °C needed by the minimum "
        "approach of {approach} K",
    ),
    "symbiosis.refused.quality": pgettext_lazy(
        "core",
        "the water is of grade {offered}; the need requires grade {required} or better",
    ),
    "symbiosis.refused.no_overlap": pgettext_lazy(
        "core",
        "the offer ({offer_start} to {offer_end}) and the need ({need_start} to "
        "{need_end}) share no month",
    ),
    "symbiosis.refused.too_far": pgettext_lazy(
        "core",
        "the nearest offer of this kind is {km} km away, beyond the {max_km} km limit",
    ),
    "symbiosis.rates.negative": pgettext_lazy(
        "core",
        "the {indicator} figures must be zero or more",
    ),
    "symbiosis.rates.utilised_over_generated": pgettext_lazy(
        "core",
        "{indicator}: {utilised} utilised is more than the {generated} generated",
    ),
}
