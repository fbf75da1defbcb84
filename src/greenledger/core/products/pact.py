"""PACT ProductFootprints: build one from our footprint figures, and check one against the spec.

The WBCSD PACT Technical Specifications for PCF Data Exchange (version and source in
``data/pact.yaml``) define the ``ProductFootprint`` a host system serves to its customers. This
module turns a product's cradle-to-gate footprint (tCO2e per unit of the product, as
``core.products.footprint`` solves it) into that data model, and validates any
ProductFootprint against the spec's mandatory properties, types and formats (the conformance
test of the web API runs every answer through ``validate_product_footprint``). The API's
plain parts (error responses, events, pagination, ``$filter``) live in ``pact_api``, the
lifecycle (a recalculation as a new version or a new footprint) in ``pact_lifecycle``; both
are re-exported here.

Decimals travel as JSON strings in dotted-decimal form (data type Decimal); they are computed
with exact decimal arithmetic from the shortest repr of our floats, so a conversion such as
tCO2e/t -> kgCO2e/kg adds no digits of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.products.pact_api import (
    FilterNotImplemented,
    PactFilter,
    error,
    error_status,
    fulfilled_event,
    link_header,
    page,
    parse_filter,
    published_event,
    rejected_event,
    request_created_event,
    validate_event,
)
from greenledger.core.products.pact_lifecycle import Revision, classify_change, revise
from greenledger.core.products.pact_spec import PactSpec, format_datetime, spec
from greenledger.core.products.pact_validate import validate_product_footprint

__all__ = [
    "FilterNotImplemented",
    "PactFilter",
    "PactSpec",
    "Revision",
    "classify_change",
    "error",
    "error_status",
    "format_datetime",
    "fulfilled_event",
    "link_header",
    "page",
    "parse_filter",
    "product_footprint",
    "published_event",
    "rejected_event",
    "request_created_event",
    "revise",
    "spec",
    "validate_event",
    "validate_product_footprint",
]

_AR_PREFIX = "AR"


def _decimal(value: float | int | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _round(value: Decimal, digits: int | None) -> Decimal:
    """``value`` to ``digits`` significant digits (None: as it is)."""
    if digits is None or value == 0:
        return value
    if digits < 1:
        raise ValueError("significant_digits must be 1 or more")
    return value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1))


def _text(value: Decimal) -> str:
    """A Decimal in dotted-decimal form without exponent or trailing zeros ("0", "1.8")."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


# --------------------------------------------------------------------------------------------
# Building a ProductFootprint


def product_footprint(
    *,
    company_name: str,
    company_ids: Sequence[str],
    product_ids: Sequence[str],
    product_name: str,
    product_description: str,
    cpc_code: str,
    unit: str,
    tco2e_per_unit: float,
    fossil_carbon_content_kgc_per_declared_unit: float,
    biogenic_carbon_content_kgc_per_declared_unit: float,
    reference_period_start: datetime,
    reference_period_end: datetime,
    boundary_processes_description: str,
    created: datetime,
    comment: str = "",
    pf_id: str | None = None,
    version: int = 1,
    status: str = "Active",
    preceding_pf_ids: Sequence[str] = (),
    updated: datetime | None = None,
    biogenic_tco2e_per_unit: float | None = None,
    biogenic_carbon_withdrawal_kgco2e_per_declared_unit: float | None = None,
    land_use: Mapping[str, float] | None = None,
    biogenic_accounting_methodology: str | None = None,
    primary_data_share_percent: float | None = None,
    dqi: Mapping[str, float] | None = None,
    geography_country: str | None = None,
    geography_country_subdivision: str | None = None,
    characterization_factors: Sequence[str] = ("AR6",),
    cross_sectoral_standards: Sequence[str] = ("ISO14067",),
    exempted_emissions_percent: float = 0.0,
    exempted_emissions_description: str = "",
    packaging_emissions_included: bool = False,
    secondary_emission_factor_sources: Sequence[Mapping[str, str]] = (),
    significant_digits: int | None = None,
) -> dict[str, Any]:
    """A ProductFootprint (JSON-ready) for one product's cradle-to-gate footprint.

    ``tco2e_per_unit`` is our footprint in tCO2e per ``unit`` of the product (``t``, ``MWh``,
    ...; ``data/pact.yaml`` units maps it to a PACT declared unit), excluding biogenic CO2;
    ``biogenic_tco2e_per_unit`` the biogenic emissions per unit, kept apart. The carbon
    contents (mandatory in PACT) and the land-use figures (``land_use``: ``dLucGhgEmissions``,
    ``landManagementGhgEmissions``, ``otherBiogenicGhgEmissions``, optionally
    ``iLucGhgEmissions``, in kgCO2e per declared unit) are the caller's statements: the
    platform does not know them and never fills them in. ``significant_digits`` rounds the
    figures computed here (the footprints, not the caller's statements), so a solver's float
    noise (1.2999999999999998) is not passed on as precision. ``dqi`` holds PACT's data-quality
    ratings (1 to 3, ``coveragePercent`` 0 to 100) as the data owner rates them.

    The result is checked with ``validate_product_footprint``; a footprint that would not
    conform (for instance a 2025 reference period without its data-quality indicators) is
    refused with InputError naming every field at fault.
    """
    pact = spec()
    if unit not in pact.units:
        raise InputError(
            [Problem(f"unit {unit!r} has no PACT declared unit (known: {sorted(pact.units)})")],
            headline="the footprint cannot be expressed in PACT",
        )
    declared_unit, per_unit = pact.units[unit]
    kg_per_declared = _decimal(tco2e_per_unit) * Decimal(1000) / per_unit
    carbon: dict[str, Any] = {
        "declaredUnit": declared_unit,
        "unitaryProductAmount": "1",
        "pCfExcludingBiogenic": _text(_round(kg_per_declared, significant_digits)),
        "fossilGhgEmissions": _text(_round(kg_per_declared, significant_digits)),
        "fossilCarbonContent": _text(_decimal(fossil_carbon_content_kgc_per_declared_unit)),
        "biogenicCarbonContent": _text(_decimal(biogenic_carbon_content_kgc_per_declared_unit)),
        "characterizationFactors": _earliest_ar(characterization_factors),
        "ipccCharacterizationFactorsSources": list(characterization_factors),
        "crossSectoralStandardsUsed": _deprecated_standards(cross_sectoral_standards),
        "crossSectoralStandards": list(cross_sectoral_standards),
        "boundaryProcessesDescription": boundary_processes_description,
        "referencePeriodStart": format_datetime(reference_period_start),
        "referencePeriodEnd": format_datetime(reference_period_end),
        "exemptedEmissionsPercent": exempted_emissions_percent,
        "exemptedEmissionsDescription": exempted_emissions_description,
        "packagingEmissionsIncluded": packaging_emissions_included,
    }
    for key, value in (land_use or {}).items():
        carbon[key] = _text(_decimal(value))
    if biogenic_carbon_withdrawal_kgco2e_per_declared_unit is not None:
        carbon["biogenicCarbonWithdrawal"] = _text(
            _decimal(biogenic_carbon_withdrawal_kgco2e_per_declared_unit)
        )
    if biogenic_tco2e_per_unit is not None and (
        biogenic_carbon_withdrawal_kgco2e_per_declared_unit is not None
    ):
        # Including ALL biogenic emissions and removals: the biogenic emissions plus the
        # (negative) biogenic carbon withdrawal, on top of the footprint excluding them.
        biogenic = _decimal(biogenic_tco2e_per_unit) * Decimal(1000) / per_unit
        withdrawal = _decimal(biogenic_carbon_withdrawal_kgco2e_per_declared_unit)
        carbon["pCfIncludingBiogenic"] = _text(
            _round(kg_per_declared + biogenic + withdrawal, significant_digits)
        )
    if biogenic_accounting_methodology is not None:
        carbon["biogenicAccountingMethodology"] = biogenic_accounting_methodology
    if primary_data_share_percent is not None:
        carbon["primaryDataShare"] = float(primary_data_share_percent)
    if dqi is not None:
        carbon["dqi"] = {key: float(value) for key, value in dqi.items()}
    if geography_country_subdivision is not None:
        carbon["geographyCountrySubdivision"] = geography_country_subdivision
    elif geography_country is not None:
        carbon["geographyCountry"] = geography_country
    if secondary_emission_factor_sources:
        carbon["secondaryEmissionFactorSources"] = [
            dict(source) for source in secondary_emission_factor_sources
        ]
    footprint: dict[str, Any] = {
        "id": pf_id if pf_id is not None else str(uuid.uuid4()),
        "specVersion": pact.version,
        "version": version,
        "created": format_datetime(created),
        "status": status,
        "companyName": company_name,
        "companyIds": list(company_ids),
        "productDescription": product_description,
        "productIds": list(product_ids),
        "productCategoryCpc": cpc_code,
        "productNameCompany": product_name,
        "comment": comment,
        "pcf": carbon,
    }
    if preceding_pf_ids:
        footprint["precedingPfIds"] = list(preceding_pf_ids)
    if updated is not None:
        footprint["updated"] = format_datetime(updated)
    problems = validate_product_footprint(footprint)
    if problems:
        raise InputError(
            [Problem(reason) for reason in problems],
            headline="the footprint does not make a conformant PACT ProductFootprint",
        )
    return footprint


def _earliest_ar(sources: Sequence[str]) -> str:
    """The deprecated characterizationFactors: the earliest AR used, among AR5 and AR6."""
    numbers = sorted(int(s[2:]) for s in sources if s.startswith(_AR_PREFIX) and s[2:].isdigit())
    return f"AR{numbers[0]}" if numbers else ""


_DEPRECATED_STANDARD = {
    "ISO14067": "ISO Standard 14067",
    "ISO14040-44": "ISO Standard 14044",
    "GHGP-Product": "GHG Protocol Product standard",
}


def _deprecated_standards(standards: Sequence[str]) -> list[str]:
    """The deprecated crossSectoralStandardsUsed values for the standards that have one."""
    return [_DEPRECATED_STANDARD[s] for s in standards if s in _DEPRECATED_STANDARD]
