"""Baseline-split and scenario messages of the core in the user's language.

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
    "planning.reason.missing": pgettext_lazy(
        "core",
        "the field is missing",
    ),
    "planning.reason.unknown_key": pgettext_lazy(
        "core",
        "unknown key (allowed: {allowed})",
    ),
    "planning.reason.text": pgettext_lazy(
        "core",
        "it must be a non-empty text",
    ),
    "planning.reason.boolean": pgettext_lazy(
        "core",
        "it must be true or false",
    ),
    "planning.reason.list": pgettext_lazy(
        "core",
        "it must be a list",
    ),
    "planning.reason.mapping": pgettext_lazy(
        "core",
        "it must be a mapping",
    ),
    "planning.reason.year": pgettext_lazy(
        "core",
        "it must be a year",
    ),
    "planning.reason.years_order": pgettext_lazy(
        "core",
        "the years must increase from point to point",
    ),
    "planning.reason.nonnegative": pgettext_lazy(
        "core",
        "it must be a number of zero or more",
    ),
    "planning.reason.growth": pgettext_lazy(
        "core",
        "it must be a number above -1 (0.03 means 3 %)",
    ),
    "planning.reason.rate": pgettext_lazy(
        "core",
        "it must be at least 0 and below 1 (0.08 means 8 %)",
    ),
    "planning.reason.point_kind": pgettext_lazy(
        "core",
        "it must be published or convention",
    ),
    "planning.reason.source": pgettext_lazy(
        "core",
        "it is not a source of the file (its sources: {known})",
    ),
    "planning.reason.convention_confirmed": pgettext_lazy(
        "core",
        "a convention is never confirmed",
    ),
    "planning.reason.choice": pgettext_lazy(
        "core",
        "it must be one of {allowed}",
    ),
    "planning.reason.grid_path": pgettext_lazy(
        "core",
        "it is not a path of the grid factor paths file ({known})",
    ),
}
