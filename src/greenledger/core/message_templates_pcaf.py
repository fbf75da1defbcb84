"""English templates of the financed-emissions (PCAF) messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_pcaf``.
"""

from __future__ import annotations

from typing import Final

PCAF: Final[dict[str, str | tuple[str, str]]] = {
    # the portfolio file (core/finance/pcaf_portfolio.py)
    "pcaf.headline": (
        "{count} problem in {file}; nothing was imported",
        "{count} problems in {file}; nothing was imported",
    ),
    "pcaf.missing_column": "the column {column} is missing",
    "pcaf.duplicate_column": "the column {column} appears more than once",
    "pcaf.empty_cell": "the {column} is empty",
    "pcaf.not_a_number": "{value!r} is not a number",
    "pcaf.negative": "{value!r} is negative; amounts and emissions are zero or more",
    "pcaf.unknown_asset_class": "unknown asset class {value!r} (known: {allowed})",
    "pcaf.unknown_basis": "unknown emissions basis {value!r} (known: {allowed})",
    "pcaf.basis_not_for_class": (
        "the emissions basis {basis} has no PCAF data-quality score for the asset class "
        "{asset_class}"
    ),
    "pcaf.credit_code.check": (
        "{value} is not a valid Unified Social Credit Code: its check character should be "
        "{expected}"
    ),
    "pcaf.credit_code.invalid": "{value} is not a valid Unified Social Credit Code",
    "pcaf.missing_denominator": (
        "the attribution factor of a {asset_class} needs {needs}, which is missing"
    ),
    "pcaf.zero_denominator": "the attribution factor of a {asset_class} needs {needs} above zero",
    "pcaf.outstanding_over_capital": (
        "the outstanding amount {outstanding} is greater than the borrower's equity plus debt "
        "{capital}"
    ),
    "pcaf.no_emissions": (
        "the emissions are missing; with the basis {basis} they must be given (only the revenue "
        "and asset bases are estimated)"
    ),
    "pcaf.no_sector_factor": (
        "the emissions are missing and there is no {basis}-based factor for the sector {sector} "
        "to estimate them"
    ),
    "pcaf.no_revenue": "the emissions are missing and so is the revenue to estimate them from",
    "pcaf.unknown_catalogue_code": (
        "unknown category code {value!r} in the catalogue {catalogue} (known: {allowed})"
    ),
    "pcaf.duplicate_position": "the position {position} appears more than once",
}
