"""Financed-emissions (PCAF) messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

PCAF: dict[str, Promise | Callable[[int], str]] = {
    "pcaf.headline": lambda n: npgettext(
        "core",
        "{count} problem in {file}; nothing was imported",
        "{count} problems in {file}; nothing was imported",
        n,
    ),
    "pcaf.missing_column": pgettext_lazy(
        "core",
        "the column {column} is missing",
    ),
    "pcaf.duplicate_column": pgettext_lazy(
        "core",
        "the column {column} appears more than once",
    ),
    "pcaf.empty_cell": pgettext_lazy(
        "core",
        "the {column} is empty",
    ),
    "pcaf.not_a_number": pgettext_lazy(
        "core",
        "{value!r} is not a number",
    ),
    "pcaf.negative": pgettext_lazy(
        "core",
        "{value!r} is negative; amounts and emissions are zero or more",
    ),
    "pcaf.unknown_asset_class": pgettext_lazy(
        "core",
        "unknown asset class {value!r} (known: {allowed})",
    ),
    "pcaf.unknown_basis": pgettext_lazy(
        "core",
        "unknown emissions basis {value!r} (known: {allowed})",
    ),
    "pcaf.basis_not_for_class": pgettext_lazy(
        "core",
        (
            "the emissions basis {basis} has no PCAF data-quality score for the asset class "
            "{asset_class}"
        ),
    ),
    "pcaf.credit_code.check": pgettext_lazy(
        "core",
        (
            "{value} is not a valid Unified Social Credit Code: its check character should be"
            " {expected}"
        ),
    ),
    "pcaf.credit_code.invalid": pgettext_lazy(
        "core",
        "{value} is not a valid Unified Social Credit Code",
    ),
    "pcaf.missing_denominator": pgettext_lazy(
        "core",
        "the attribution factor of a {asset_class} needs {needs}, which is missing",
    ),
    "pcaf.zero_denominator": pgettext_lazy(
        "core",
        "the attribution factor of a {asset_class} needs {needs} above zero",
    ),
    "pcaf.outstanding_over_capital": pgettext_lazy(
        "core",
        (
            "the outstanding amount {outstanding} is greater than the borrower's equity plus "
            "debt {capital}"
        ),
    ),
    "pcaf.no_emissions": pgettext_lazy(
        "core",
        (
            "the emissions are missing; with the basis {basis} they must be given (only the "
            "revenue and asset bases are estimated)"
        ),
    ),
    "pcaf.no_sector_factor": pgettext_lazy(
        "core",
        (
            "the emissions are missing and there is no {basis}-based factor for the sector "
            "{sector} to estimate them"
        ),
    ),
    "pcaf.no_revenue": pgettext_lazy(
        "core",
        "the emissions are missing and so is the revenue to estimate them from",
    ),
    "pcaf.unknown_catalogue_code": pgettext_lazy(
        "core",
        "unknown category code {value!r} in the catalogue {catalogue} (known: {allowed})",
    ),
    "pcaf.duplicate_position": pgettext_lazy(
        "core",
        "the position {position} appears more than once",
    ),
}
