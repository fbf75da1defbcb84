"""English templates of the industrial-symbiosis messages (offers, needs, matching).

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_symbiosis``.
"""

from __future__ import annotations

from typing import Final

SYMBIOSIS: Final[dict[str, str | tuple[str, str]]] = {
    # the offers and needs files (core/ecology/symbiosis.py)
    "symbiosis.headline": (
        "{count} problem in {file}; nothing was read",
        "{count} problems in {file}; nothing was read",
    ),
    "symbiosis.missing_column": "the column {column} is missing",
    "symbiosis.empty_cell": "the {column} is empty",
    "symbiosis.not_a_number": "{value!r} is not a number",
    "symbiosis.negative": "{value!r} is negative; a quantity is zero or more",
    "symbiosis.duplicate_id": "the id {value} appears more than once",
    "symbiosis.unknown_kind": "unknown resource kind {value!r} (known: {allowed})",
    "symbiosis.bad_month": "{value!r} is not a month YYYY-MM",
    "symbiosis.period_reversed": "the period ends ({end}) before it starts ({start})",
    "symbiosis.bad_flag": "{value!r} is not yes or no",
    "symbiosis.bad_coordinates": "({lat}, {lon}) is not a latitude and longitude",
    "symbiosis.outside_district": (
        "({lat}, {lon}) lies outside {district} ({lat_min}-{lat_max} N, {lon_min}-{lon_max} E)"
    ),
    "symbiosis.bad_profile": (
        "the profile must be 24 hourly or 12 monthly shares separated by ';', not {value!r}"
    ),
    "symbiosis.heat_below_return": (
        "the heat is offered at {supply} °C, colder than its own return temperature {ret} °C"
    ),
    "symbiosis.cold_above_return": (
        "the cold is offered at {supply} °C, warmer than its own return temperature {ret} °C"
    ),
    "symbiosis.code_needed": "a {kind} offer needs its waste code",
    "symbiosis.bad_code": (
        "{waste_code!r} is not a waste code (9 characters such as 441-001-S02, or 8 digits such as "
        "900-249-08)"
    ),
    "symbiosis.unknown_class": (
        "{waste_code}: {waste_class} is not a class of the solid waste directory"
    ),
    "symbiosis.unknown_hazardous_code": (
        "{waste_code} is not in the National Catalogue of Hazardous Wastes (2025) as this platform "
        "holds it"
    ),
    "symbiosis.not_hazardous": "{waste_code} is a hazardous-waste code, but the kind is {kind}",
    "symbiosis.unknown_process": "unknown receiving process {value!r} (known: {allowed})",
    "symbiosis.process_kind": "the process {process} does not take {kind}",
    # refusals of a candidate pair (core/ecology/symbiosis.py match)
    "symbiosis.refused.incompatible": "the process {process} does not accept {waste_code}",
    "symbiosis.refused.no_licence": (
        "the receiver is not licensed for the hazardous waste {waste_code} (licensed: {licensed})"
    ),
    "symbiosis.refused.temperature": (
        "the heat at {supply} °C does not exceed the {need} °C needed by the minimum approach "
        "of {approach} K, and a heat pump would have to lift it {lift} K (at most {max_lift} K)"
    ),
    "symbiosis.refused.cold_temperature": (
        "the cold at {supply} °C is not below the {need} °C needed by the minimum approach of "
        "{approach} K"
    ),
    "symbiosis.refused.quality": (
        "the water is of grade {offered}; the need requires grade {required} or better"
    ),
    "symbiosis.refused.no_overlap": (
        "the offer ({offer_start} to {offer_end}) and the need ({need_start} to {need_end}) "
        "share no month"
    ),
    "symbiosis.refused.too_far": (
        "the nearest offer of this kind is {km} km away, beyond the {max_km} km limit"
    ),
    # park rates (core/ecology/rates.py)
    "symbiosis.rates.negative": "the {indicator} figures must be zero or more",
    "symbiosis.rates.utilised_over_generated": (
        "{indicator}: {utilised} utilised is more than the {generated} generated"
    ),
}
