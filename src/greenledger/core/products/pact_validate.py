"""Checking a ProductFootprint against the PACT specification's data model."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from greenledger.core.products.pact_spec import parse_datetime as _parse_datetime
from greenledger.core.products.pact_spec import spec

__all__ = ["validate_product_footprint"]

_UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.I)
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(-\d{8})?$")
_URN = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$", re.I)
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]00:00)$")
_AR = re.compile(r"^AR\d+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
_VERSION_MAX = 2**31 - 1


def validate_product_footprint(obj: object) -> list[str]:
    """Every way ``obj`` falls short of the spec's ProductFootprint; empty when it conforms.

    Checks the mandatory properties (and, for reference periods reaching into 2025 or later,
    the properties the spec makes mandatory from then), each property's JSON type and format
    (UUID v4, semantic version, UTC DateTime, URN sets, Decimal strings and their signs,
    enumerations, percentages, data-quality ratings) and the cross-property rules (one
    geography at most, packaging emissions only when included, the validity period). Each
    problem reads ``path: reason``.
    """
    pact = spec()
    out: list[str] = []
    if not isinstance(obj, Mapping):
        return ["ProductFootprint: not a JSON object"]
    for name in pact.product_footprint_required:
        if name not in obj:
            out.append(f"{name}: missing (mandatory)")
    _check(out, obj, "id", _is_uuid4, "not a UUID v4")
    _check(out, obj, "specVersion", _is_semver, "not a version major.minor.patch")
    _check(out, obj, "version", _is_version, f"not an integer in 0..{_VERSION_MAX}")
    for name in ("created", "updated", "validityPeriodStart", "validityPeriodEnd"):
        _check(out, obj, name, _is_datetime, "not an ISO 8601 date and time in UTC")
    _check(
        out, obj, "status", lambda v: v in pact.status_values, f"not one of {pact.status_values}"
    )
    for name in ("companyName", "productNameCompany", "productCategoryCpc"):
        _check(out, obj, name, _is_nonempty_text, "not a non-empty string")
    for name in ("productDescription", "comment", "statusComment"):
        _check(out, obj, name, lambda v: isinstance(v, str), "not a string")
    for name in ("companyIds", "productIds", "productClassifications"):
        _check(out, obj, name, _is_urn_set, "not a non-empty set of URNs without duplicates")
    _check(out, obj, "precedingPfIds", _is_uuid_set, "not a non-empty set of UUIDs")
    pcf = obj.get("pcf")
    if "pcf" in obj:
        if isinstance(pcf, Mapping):
            out.extend(f"pcf.{problem}" for problem in _validate_carbon_footprint(pcf))
            _check_validity_period(out, obj, pcf)
        else:
            out.append("pcf: not a JSON object")
    return out


def _validate_carbon_footprint(pcf: Mapping[str, Any]) -> list[str]:
    pact = spec()
    out: list[str] = []
    required = list(pact.carbon_footprint_required)
    end = pcf.get("referencePeriodEnd")
    if _is_datetime(end) and _parse_datetime(str(end)) > pact.required_from:
        required.extend(pact.carbon_footprint_required_from_2025)
    for name in required:
        if name not in pcf:
            out.append(f"{name}: missing (mandatory)")
    _check(out, pcf, "declaredUnit", lambda v: v in pact.declared_units, "not a DeclaredUnit")
    _check(out, pcf, "unitaryProductAmount", _is_positive_decimal, "not a Decimal above 0")
    for name in (
        "pCfExcludingBiogenic",
        "fossilGhgEmissions",
        "fossilCarbonContent",
        "biogenicCarbonContent",
        "dLucGhgEmissions",
        "otherBiogenicGhgEmissions",
        "iLucGhgEmissions",
        "aircraftGhgEmissions",
        "packagingGhgEmissions",
        "productMassPerDeclaredUnit",
    ):
        _check(out, pcf, name, _is_nonnegative_decimal, "not a Decimal string of 0 or more")
    for name in ("pCfIncludingBiogenic", "landManagementGhgEmissions"):
        _check(out, pcf, name, _is_decimal, "not a Decimal string")
    _check(out, pcf, "biogenicCarbonWithdrawal", _is_nonpositive_decimal, "not a Decimal <= 0")
    _check(
        out,
        pcf,
        "characterizationFactors",
        lambda v: v in pact.characterization_factors,
        f"not one of {pact.characterization_factors}",
    )
    _check(
        out,
        pcf,
        "ipccCharacterizationFactorsSources",
        lambda v: _is_set(v, lambda s: isinstance(s, str) and bool(_AR.match(s))),
        "not a non-empty set of ARn values",
    )
    _check(
        out,
        pcf,
        "crossSectoralStandardsUsed",
        lambda v: _is_set(v, lambda s: s in pact.cross_sectoral_standards_used),
        f"not a non-empty set of {pact.cross_sectoral_standards_used}",
    )
    _check(
        out,
        pcf,
        "crossSectoralStandards",
        lambda v: _is_set(v, _is_nonempty_text),
        "not a non-empty set of standards without duplicates",
    )
    _check(
        out,
        pcf,
        "biogenicAccountingMethodology",
        lambda v: v in pact.biogenic_accounting_methodologies,
        f"not one of {pact.biogenic_accounting_methodologies}",
    )
    for name in ("boundaryProcessesDescription", "exemptedEmissionsDescription"):
        _check(out, pcf, name, lambda v: isinstance(v, str), "not a string")
    _check(out, pcf, "referencePeriodStart", _is_datetime, "not an ISO 8601 DateTime in UTC")
    _check(out, pcf, "referencePeriodEnd", _is_datetime, "not an ISO 8601 DateTime in UTC")
    start = pcf.get("referencePeriodStart")
    if (
        _is_datetime(start)
        and _is_datetime(end)
        and _parse_datetime(str(start)) >= _parse_datetime(str(end))
    ):
        out.append("referencePeriodEnd: not after referencePeriodStart")
    top = pact.exempted_emissions_percent_max
    _check(
        out,
        pcf,
        "exemptedEmissionsPercent",
        lambda v: _is_number(v) and 0 <= v <= top,
        f"not a number from 0 to {top:g}",
    )
    _check(out, pcf, "packagingEmissionsIncluded", lambda v: isinstance(v, bool), "not a boolean")
    if pcf.get("packagingEmissionsIncluded") is False and "packagingGhgEmissions" in pcf:
        out.append("packagingGhgEmissions: defined although packagingEmissionsIncluded is false")
    _check(out, pcf, "primaryDataShare", _is_percent, "not a percentage from 0 to 100")
    if "dqi" in pcf:
        out.extend(f"dqi.{problem}" for problem in _validate_dqi(pcf["dqi"], "dqi" in required))
    geographies = [
        name
        for name in (
            "geographyCountrySubdivision",
            "geographyCountry",
            "geographyRegionOrSubregion",
        )
        if name in pcf
    ]
    if len(geographies) > 1:
        out.append(f"{geographies[1]}: only one geography may be given ({', '.join(geographies)})")
    _check(out, pcf, "geographyCountry", _matches(_COUNTRY), "not an ISO 3166-1 alpha-2 code")
    _check(
        out, pcf, "geographyCountrySubdivision", _matches(_SUBDIVISION), "not an ISO 3166-2 code"
    )
    _check(
        out,
        pcf,
        "geographyRegionOrSubregion",
        lambda v: v in pact.regions_or_subregions,
        "not a RegionOrSubregion",
    )
    _check(
        out,
        pcf,
        "secondaryEmissionFactorSources",
        lambda v: _is_set(
            v,
            lambda s: (
                isinstance(s, Mapping)
                and _is_nonempty_text(s.get("name"))
                and _is_nonempty_text(s.get("version"))
            ),
        ),
        "not a non-empty list of {name, version}",
    )
    return out


def _validate_dqi(dqi: object, all_required: bool) -> list[str]:
    pact = spec()
    if not isinstance(dqi, Mapping):
        return ["not a JSON object"]
    out = [
        f"{name}: missing (mandatory)"
        for name in pact.dqi_required
        if all_required and name not in dqi
    ]
    low, high = pact.dqr_range
    for name in pact.dqi_required:
        if name == "coveragePercent":
            _check(out, dqi, name, _is_percent, "not a percentage from 0 to 100")
        else:
            _check(
                out,
                dqi,
                name,
                lambda v: _is_number(v) and low <= v <= high,
                f"not a rating from {low:g} to {high:g}",
            )
    return out


def _check_validity_period(out: list[str], obj: Mapping[str, Any], pcf: Mapping[str, Any]) -> None:
    start, end = obj.get("validityPeriodStart"), obj.get("validityPeriodEnd")
    if start is None and end is None:
        return
    if start is None or end is None:
        out.append("validityPeriodStart: the validity period needs both its start and its end")
        return
    reference_end = pcf.get("referencePeriodEnd")
    if not (_is_datetime(start) and _is_datetime(end) and _is_datetime(reference_end)):
        return
    begin, finish = _parse_datetime(str(start)), _parse_datetime(str(end))
    ref_end = _parse_datetime(str(reference_end))
    if begin < ref_end:
        out.append("validityPeriodStart: before pcf.referencePeriodEnd")
    if finish <= begin:
        out.append("validityPeriodEnd: not after validityPeriodStart")
    if finish > ref_end.replace(year=ref_end.year + 3):
        out.append("validityPeriodEnd: more than 3 years after pcf.referencePeriodEnd")


def _check(out: list[str], obj: Mapping[str, Any], name: str, test: Any, reason: str) -> None:
    if name in obj and not test(obj[name]):
        out.append(f"{name}: {obj[name]!r} is {reason}")


def _matches(pattern: re.Pattern[str]) -> Any:
    return lambda v: isinstance(v, str) and bool(pattern.match(v))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_percent(value: object) -> bool:
    return _is_number(value) and 0 <= value <= 100  # type: ignore[operator]


def _is_nonempty_text(value: object) -> bool:
    return isinstance(value, str) and value != ""


def _is_uuid4(value: object) -> bool:
    return isinstance(value, str) and bool(_UUID4.match(value))


def _is_semver(value: object) -> bool:
    return isinstance(value, str) and bool(_SEMVER.match(value))


def _is_version(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _VERSION_MAX


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str) or not _DATETIME.match(value):
        return False
    try:
        _parse_datetime(value)
    except ValueError:
        return False
    return True


def _is_set(value: object, item: Any) -> bool:
    if not isinstance(value, list) or not value or not all(item(v) for v in value):
        return False
    keys = [repr(v) for v in value]
    return len(set(keys)) == len(keys)


def _is_urn_set(value: object) -> bool:
    return _is_set(value, _matches(_URN))


def _is_uuid_set(value: object) -> bool:
    return _is_set(value, _is_uuid4)


def _is_decimal(value: object) -> bool:
    return isinstance(value, str) and bool(_DECIMAL.match(value))


def _is_nonnegative_decimal(value: object) -> bool:
    return _is_decimal(value) and Decimal(str(value)) >= 0


def _is_nonpositive_decimal(value: object) -> bool:
    return _is_decimal(value) and Decimal(str(value)) <= 0


def _is_positive_decimal(value: object) -> bool:
    return _is_decimal(value) and Decimal(str(value)) > 0
