"""English templates of the baseline-split and scenario messages (core/planning/
baseline.py, scenarios.py).

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_scenarios``.
"""

from __future__ import annotations

from typing import Final

SCENARIOS: Final[dict[str, str | tuple[str, str]]] = {
    # the baseline split by end use (core/planning/baseline.py)
    "planning.split.carrier_name": "the carrier name {value!r} is empty or not text",
    "planning.split.carrier_duplicate": "carrier {carrier} is given more than once",
    "planning.split.carrier_number": (
        "carrier {carrier}: {field} {value!r} is not a number of zero or more"
    ),
    "planning.split.unknown_carrier": (
        "shares are given for carrier {carrier}, which the baseline lacks (its carriers: {known})"
    ),
    "planning.split.no_shares": "carrier {carrier}: the shares by end use are empty",
    "planning.split.end_use_name": "carrier {carrier}: the end use name {value!r} is empty",
    "planning.split.reserved": (
        "carrier {carrier}: the end use name {end_use} is reserved for non-energy (process) "
        "emissions"
    ),
    "planning.split.share": (
        "carrier {carrier}, end use {end_use}: the {field} {value!r} is outside 0..1 "
        "(0.25 means 25 %)"
    ),
    "planning.split.sum": (
        "carrier {carrier}: the {field}s over end uses add up to {total}, not 1"
    ),
    "planning.split.non_energy": "{field} {value!r} is not a number of zero or more",
    # grid factor paths and scenario defaults (core/planning/scenarios.py)
    "planning.grid.file": "the grid factor paths file cannot be read: {detail}",
    "planning.grid.entry": "grid path {path}: {field} {value!r} is invalid: {reason}",
    "planning.grid.unknown": "grid path {path} is not one of the known paths ({known})",
    "planning.scenario.file": "the scenario defaults file cannot be read: {detail}",
    "planning.scenario.entry": "scenario {scenario}: {field} {value!r} is invalid: {reason}",
    "planning.reason.missing": "the field is missing",
    "planning.reason.unknown_key": "unknown key (allowed: {allowed})",
    "planning.reason.text": "it must be a non-empty text",
    "planning.reason.boolean": "it must be true or false",
    "planning.reason.list": "it must be a list",
    "planning.reason.mapping": "it must be a mapping",
    "planning.reason.year": "it must be a year",
    "planning.reason.years_order": "the years must increase from point to point",
    "planning.reason.nonnegative": "it must be a number of zero or more",
    "planning.reason.growth": "it must be a number above -1 (0.03 means 3 %)",
    "planning.reason.rate": "it must be at least 0 and below 1 (0.08 means 8 %)",
    "planning.reason.point_kind": "it must be published or convention",
    "planning.reason.source": "it is not a source of the file (its sources: {known})",
    "planning.reason.convention_confirmed": "a convention is never confirmed",
    "planning.reason.choice": "it must be one of {allowed}",
    "planning.reason.grid_path": "it is not a path of the grid factor paths file ({known})",
}
