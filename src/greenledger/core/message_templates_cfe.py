"""English templates of the hourly carbon-free energy (CFE) messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_cfe``.
"""

from __future__ import annotations

from typing import Final

CFE: Final[dict[str, str | tuple[str, str]]] = {
    # series and parameters (core/ecology/cfe.py)
    "cfe.not_one_dimensional": "the {what} must be one value per hour, not a {dims}-D array",
    "cfe.length_mismatch": "the {what} has {found} values where {expected} are expected",
    "cfe.bad_values": (
        "the {what} has {count} value that is negative or not a number (position {first})",
        "the {what} has {count} values that are negative or not numbers (the first at "
        "position {first})",
    ),
    "cfe.zero_load": "the load is zero in every hour; there is nothing to match",
    "cfe.start_not_on_hour": "the series must start on a whole hour, not at {value}",
    "cfe.unknown_kind": "unknown supply kind {value!r} (known: {allowed})",
    "cfe.flat_kind": (
        "the supply {source} has the kind {kind}; a supply is flat exactly when its kind is "
        "contract_flat (a contract known only by its volume)"
    ),
    "cfe.bad_volume": "the contract {source} has the volume {value}; a volume is zero or more MWh",
    "cfe.bad_grid_factor": "the grid factor {value} is not a number of t/MWh, zero or more",
    "cfe.no_sites": "a park's matching needs at least one site",
    "cfe.certificates_other_year": (
        "the certificates are of {found}, but the load is of {year}; certificates count only "
        "in the year of their month"
    ),
    "cfe.storage.not_positive": "{value} is not above zero",
    "cfe.storage.efficiency": (
        "the round-trip efficiency {value} must be above 0 and at most 1 (for example 0.85)"
    ),
    "cfe.storage.initial": (
        "the initial charge {value} MWh must be between 0 and the capacity {capacity} MWh"
    ),
    "cfe.storage.format": (
        "--storage takes CAPACITY_MWH,POWER_MW,EFFICIENCY (three numbers, for example "
        "20,5,0.85), not {value!r}"
    ),
    "cfe.flag.flat": (
        "the contract {source} is known only by its volume ({mwh} MWh): it is spread evenly "
        "over its hours, so its hourly match is an estimate"
    ),
    # files (core/ecology/cfe_files.py)
    "cfe.supply_other_year": (
        "the supply series is of {found}, but the load is of {year}; hourly matching needs "
        "the same hours"
    ),
    "cfe.cert.headline": (
        "{count} problem in the certificate file {file}; nothing was computed",
        "{count} problems in the certificate file {file}; nothing was computed",
    ),
    "cfe.cert.missing_column": (
        "the column {column} is missing; a certificate file has the columns month (YYYY-MM) "
        "and mwh (columns found: {found})"
    ),
    "cfe.cert.empty_cell": "the {column} is empty",
    "cfe.cert.bad_month": "{value!r} is not a month; write it as YYYY-MM, for example 2025-03",
    "cfe.cert.not_a_number": "{value!r} is not a number",
    "cfe.cert.negative": "{value!r} is negative; certificate volumes are zero or more",
    "cfe.cert.other_year": "the month {value} is not in {year}, the year of the load",
    "cfe.cert.mixed_years": (
        "the month {value} is of another year than the file's first year {year}; a certificate "
        "file covers one year"
    ),
}
