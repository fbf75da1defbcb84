"""Hourly carbon-free energy (CFE) messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

CFE: dict[str, Promise | Callable[[int], str]] = {
    "cfe.not_one_dimensional": pgettext_lazy(
        "core",
        "the {what} must be one value per hour, not a {dims}-D array",
    ),
    "cfe.length_mismatch": pgettext_lazy(
        "core",
        "the {what} has {found} values where {expected} are expected",
    ),
    "cfe.bad_values": lambda n: npgettext(
        "core",
        "the {what} has {count} value that is negative or not a number (position {first})",
        "the {what} has {count} values that are negative or not numbers (the first at "
        "position {first})",
        n,
    ),
    "cfe.zero_load": pgettext_lazy(
        "core",
        "the load is zero in every hour; there is nothing to match",
    ),
    "cfe.start_not_on_hour": pgettext_lazy(
        "core",
        "the series must start on a whole hour, not at {value}",
    ),
    "cfe.unknown_kind": pgettext_lazy(
        "core",
        "unknown supply kind {value!r} (known: {allowed})",
    ),
    "cfe.flat_kind": pgettext_lazy(
        "core",
        "the supply {source} has the kind {kind}; a supply is flat exactly when its kind is "
        "contract_flat (a contract known only by its volume)",
    ),
    "cfe.bad_volume": pgettext_lazy(
        "core",
        "the contract {source} has the volume {value}; a volume is zero or more MWh",
    ),
    "cfe.bad_grid_factor": pgettext_lazy(
        "core",
        "the grid factor {value} is not a number of t/MWh, zero or more",
    ),
    "cfe.no_sites": pgettext_lazy(
        "core",
        "a park's matching needs at least one site",
    ),
    "cfe.certificates_other_year": pgettext_lazy(
        "core",
        "the certificates are of {found}, but the load is of {year}; certificates count only "
        "in the year of their month",
    ),
    "cfe.storage.not_positive": pgettext_lazy(
        "core",
        "{value} is not above zero",
    ),
    "cfe.storage.efficiency": pgettext_lazy(
        "core",
        "the round-trip efficiency {value} must be above 0 and at most 1 (for example 0.85)",
    ),
    "cfe.storage.initial": pgettext_lazy(
        "core",
        "the initial charge {value} MWh must be between 0 and the capacity {capacity} MWh",
    ),
    "cfe.storage.format": pgettext_lazy(
        "core",
        "--storage takes CAPACITY_MWH,POWER_MW,EFFICIENCY (three numbers, for example "
        "20,5,0.85), not {value!r}",
    ),
    "cfe.flag.flat": pgettext_lazy(
        "core",
        "the contract {source} is known only by its volume ({mwh} MWh): it is spread evenly "
        "over its hours, so its hourly match is an estimate",
    ),
    "cfe.supply_other_year": pgettext_lazy(
        "core",
        "the supply series is of {found}, but the load is of {year}; hourly matching needs "
        "the same hours",
    ),
    "cfe.cert.headline": lambda n: npgettext(
        "core",
        "{count} problem in the certificate file {file}; nothing was computed",
        "{count} problems in the certificate file {file}; nothing was computed",
        n,
    ),
    "cfe.cert.missing_column": pgettext_lazy(
        "core",
        "the column {column} is missing; a certificate file has the columns month (YYYY-MM) "
        "and mwh (columns found: {found})",
    ),
    "cfe.cert.empty_cell": pgettext_lazy(
        "core",
        "the {column} is empty",
    ),
    "cfe.cert.bad_month": pgettext_lazy(
        "core",
        "{value!r} is not a month; write it as YYYY-MM, for example 2025-03",
    ),
    "cfe.cert.not_a_number": pgettext_lazy(
        "core",
        "{value!r} is not a number",
    ),
    "cfe.cert.negative": pgettext_lazy(
        "core",
        "{value!r} is negative; certificate volumes are zero or more",
    ),
    "cfe.cert.other_year": pgettext_lazy(
        "core",
        "the month {value} is not in {year}, the year of the load",
    ),
    "cfe.cert.mixed_years": pgettext_lazy(
        "core",
        "the month {value} is of another year than the file's first year {year}; a "
        "certificate file covers one year",
    ),
}
