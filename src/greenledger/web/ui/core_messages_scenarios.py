"""Baseline-split and scenario messages of the core in the user's language (issue 11).

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

SCENARIOS: dict[str, Promise | Callable[[int], str]] = {
    "planning.split.carrier_name": pgettext_lazy(
        "core",
        "the carrier name {value!r} is empty or not text",
    ),
    "planning.split.carrier_duplicate": pgettext_lazy(
        "core",
        "carrier {carrier} is given more than once",
    ),
    "planning.split.carrier_number": pgettext_lazy(
        "core",
        "carrier {carrier}: {field} {value!r} is not a number of zero or more",
    ),
    "planning.split.unknown_carrier": pgettext_lazy(
        "core",
        "shares are given for carrier {carrier}, which the baseline lacks (its carriers: {known})",
    ),
    "planning.split.no_shares": pgettext_lazy(
        "core",
        "carrier {carrier}: the shares by end use are empty",
    ),
    "planning.split.end_use_name": pgettext_lazy(
        "core",
        "carrier {carrier}: the end use name {value!r} is empty",
    ),
    "planning.split.reserved": pgettext_lazy(
        "core",
        (
            "carrier {carrier}: the end use name {end_use} is reserved for non-energy "
            "(process) emissions"
        ),
    ),
    "planning.split.share": pgettext_lazy(
        "core",
        (
            "carrier {carrier}, end use {end_use}: the {field} {value!r} is outside 0..1 "
            "(0.25 means 25 %)"
        ),
    ),
    "planning.split.sum": pgettext_lazy(
        "core",
        "carrier {carrier}: the {field}s over end uses add up to {total}, not 1",
    ),
    "planning.split.non_energy": pgettext_lazy(
        "core",
        "{field} {value!r} is not a number of zero or more",
    ),
    "planning.grid.file": pgettext_lazy(
        "core",
        "the grid factor paths file cannot be read: {detail}",
    ),
    "planning.grid.entry": pgettext_lazy(
        "core",
        "grid path {path}: {field} {value!r} is invalid: {reason}",
    ),
    "planning.grid.unknown": pgettext_lazy(
        "core",
        "grid path {path} is not one of the known paths ({known})",
    ),
    "planning.scenario.file": pgettext_lazy(
        "core",
        "the scenario defaults file cannot be read: {detail}",
    ),
    "planning.scenario.entry": pgettext_lazy(
        "core",
        "scenario {scenario}: {field} {value!r} is invalid: {reason}",
    ),
}
