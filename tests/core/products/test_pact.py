"""PACT ProductFootprints: one of our footprints as a conformant ProductFootprint, and the checks.

Hand figures: steel is made 2 t at a time with 2.0 tCO2e direct, 1.0 MWh of grid electricity
(background 0.6 tCO2e/MWh) and 0.4 t of biomass pellets whose burning releases 0.2 tCO2e of
biogenic CO2 per 2 t. Footprint per t = (2.0 + 1.0 x 0.6) / 2 = 1.3 tCO2e/t, i.e. 1.3 kgCO2e per
kg (the PACT declared unit); biogenic 0.2 / 2 = 0.1 tCO2e/t = 0.1 kgCO2e/kg. With a stated
biogenic carbon withdrawal of -0.05 kgCO2e/kg, pCfIncludingBiogenic = 1.3 + 0.1 - 0.05 = 1.35.
Primary-data share: the process's own 2.0 of 2.6 tCO2e per 2 t is primary = 76.92 %.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from greenledger.core.errors import InputError
from greenledger.core.products import footprint as fp
from greenledger.core.products.pact import (
    product_footprint,
    spec,
    validate_product_footprint,
)

PF_ID = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b"


def _steel_footprints() -> fp.Footprints:
    model = fp.Model(
        processes=(
            fp.Process(
                id="melt",
                product="steel",
                output=2.0,
                direct_tco2e=2.0,
                inputs=(fp.Input("electricity", 1.0), fp.Input("pellets", 0.4)),
                biogenic_tco2e=0.2,
            ),
        ),
        background={
            "electricity": fp.Background("electricity", 0.6, source="test grid"),
            "pellets": fp.Background("pellets", 0.0, source="test pellets"),
        },
    )
    return fp.solve(model)


def _ours(**overrides: Any) -> dict[str, Any]:
    footprints = _steel_footprints()
    share = footprints.primary_share["steel"]
    assert share is not None
    arguments: dict[str, Any] = {
        "pf_id": PF_ID,
        "company_name": "Demo Steel Co.",
        "company_ids": ["urn:pact:company:customcode:vendor-assigned:6789"],
        "product_ids": ["urn:pact:demo-steel.example:product-id:HR-COIL-1"],
        "product_name": "Hot-rolled coil",
        "product_description": "Hot-rolled steel coil, electric arc furnace route",
        "cpc_code": "41231",
        "unit": "t",
        "tco2e_per_unit": footprints.per_unit["steel"],
        "biogenic_tco2e_per_unit": footprints.biogenic_per_unit["steel"],
        "fossil_carbon_content_kgc_per_declared_unit": 0.002,
        "biogenic_carbon_content_kgc_per_declared_unit": 0,
        "biogenic_carbon_withdrawal_kgco2e_per_declared_unit": -0.05,
        "land_use": {
            "dLucGhgEmissions": 0,
            "landManagementGhgEmissions": 0,
            "otherBiogenicGhgEmissions": 0,
        },
        "biogenic_accounting_methodology": "ISO",
        "primary_data_share_percent": share * 100,
        "dqi": {
            "coveragePercent": 100,
            "technologicalDQR": 1.5,
            "temporalDQR": 1,
            "geographicalDQR": 1,
            "completenessDQR": 2,
            "reliabilityDQR": 1.2,
        },
        "geography_country": "CN",
        "reference_period_start": datetime(2025, 1, 1, tzinfo=UTC),
        "reference_period_end": datetime(2026, 1, 1, tzinfo=UTC),
        "boundary_processes_description": "Cradle-to-gate: melting, grid electricity, pellets",
        "created": datetime(2026, 3, 1, 8, 30, tzinfo=UTC),
    }
    arguments.update(overrides)
    return product_footprint(**arguments)


def test_our_footprint_becomes_a_conformant_product_footprint() -> None:
    pf = _ours()
    assert validate_product_footprint(pf) == []
    assert pf["id"] == PF_ID
    assert pf["specVersion"] == spec().version == "2.3.3"
    assert pf["created"] == "2026-03-01T08:30:00Z"
    pcf = pf["pcf"]
    assert pcf["declaredUnit"] == "kilogram"
    assert pcf["unitaryProductAmount"] == "1"
    assert Decimal(pcf["pCfExcludingBiogenic"]) == pytest.approx(
        Decimal("1.3"), abs=Decimal("1e-12")
    )
    assert Decimal(pcf["pCfIncludingBiogenic"]) == pytest.approx(
        Decimal("1.35"), abs=Decimal("1e-12")
    )
    assert pcf["biogenicCarbonWithdrawal"] == "-0.05"
    assert pcf["primaryDataShare"] == pytest.approx(100 * 2.0 / 2.6)
    assert pcf["referencePeriodEnd"] == "2026-01-01T00:00:00Z"
    assert pcf["geographyCountry"] == "CN"
    assert pcf["crossSectoralStandards"] == ["ISO14067"]
    assert pcf["crossSectoralStandardsUsed"] == ["ISO Standard 14067"]
    assert pcf["characterizationFactors"] == "AR6"


def test_units_convert_to_the_declared_unit_exactly() -> None:
    # The 2024 national electricity footprint figure, 0.5777 tCO2e/MWh = 0.5777 kgCO2e/kWh.
    pf = _ours(unit="MWh", tco2e_per_unit=0.5777)
    assert pf["pcf"]["declaredUnit"] == "kilowatt hour"
    assert pf["pcf"]["pCfExcludingBiogenic"] == "0.5777"
    # 12.5 tCO2e per GJ = 12.5 kgCO2e per MJ; a kg product: 0.003 tCO2e/kg = 3 kgCO2e/kg.
    assert _ours(unit="GJ", tco2e_per_unit=12.5)["pcf"]["pCfExcludingBiogenic"] == "12.5"
    assert _ours(unit="kg", tco2e_per_unit=0.003)["pcf"]["pCfExcludingBiogenic"] == "3"


def test_solver_noise_is_rounded_to_the_significant_digits_asked() -> None:
    noisy = 1.2999999999999998
    assert _ours(tco2e_per_unit=noisy)["pcf"]["pCfExcludingBiogenic"] == "1.2999999999999998"
    pf = _ours(tco2e_per_unit=noisy, significant_digits=6)
    assert pf["pcf"]["pCfExcludingBiogenic"] == "1.3"
    assert pf["pcf"]["fossilGhgEmissions"] == "1.3"
    # 1.2999999999999998 + 0.1 - 0.05 = 1.3499999999999998 -> 1.35; stated figures untouched.
    assert pf["pcf"]["pCfIncludingBiogenic"] == "1.35"
    assert pf["pcf"]["fossilCarbonContent"] == "0.002"
    assert (
        _ours(tco2e_per_unit=1234.5678, significant_digits=3)["pcf"]["pCfExcludingBiogenic"]
        == "1230"
    )


def test_a_unit_without_a_declared_unit_is_refused() -> None:
    with pytest.raises(InputError, match="unit 'piece' has no PACT declared unit"):
        _ours(unit="piece")


def test_a_2025_footprint_without_its_data_quality_is_refused_with_the_field() -> None:
    with pytest.raises(InputError) as caught:
        _ours(dqi=None, primary_data_share_percent=None)
    reasons = [p.reason for p in caught.value.problems]
    assert "pcf.primaryDataShare: missing (mandatory)" in reasons
    assert "pcf.dqi: missing (mandatory)" in reasons
    # Before 2025 they are optional: a 2024 reference period conforms without them.
    pf = _ours(
        dqi=None,
        primary_data_share_percent=None,
        reference_period_start=datetime(2024, 1, 1, tzinfo=UTC),
        reference_period_end=datetime(2025, 1, 1, tzinfo=UTC),
    )
    assert validate_product_footprint(pf) == []


@pytest.mark.parametrize("name", spec().product_footprint_required)
def test_a_missing_mandatory_product_footprint_property_is_detected(name: str) -> None:
    pf = _ours()
    del pf[name]
    assert f"{name}: missing (mandatory)" in validate_product_footprint(pf)


@pytest.mark.parametrize(
    "name", spec().carbon_footprint_required + spec().carbon_footprint_required_from_2025
)
def test_a_missing_mandatory_carbon_footprint_property_is_detected(name: str) -> None:
    pf = _ours()
    del pf["pcf"][name]
    problems = validate_product_footprint(pf)
    assert f"pcf.{name}: missing (mandatory)" in problems


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("id",), "not-a-uuid", "id: 'not-a-uuid' is not a UUID v4"),
        (("specVersion",), "2.3", "specVersion: '2.3' is not a version"),
        (("version",), -1, "version: -1 is not an integer"),
        (("version",), True, "version: True is not an integer"),
        (("created",), "2026-03-01", "created: '2026-03-01' is not an ISO 8601"),
        (("status",), "Draft", "status: 'Draft' is not one of"),
        (("companyName",), "", "companyName: '' is not a non-empty string"),
        (("companyIds",), ["DE123"], "companyIds: ['DE123'] is not a non-empty set of URNs"),
        (("productIds",), [], "productIds: [] is not a non-empty set of URNs"),
        (("pcf", "declaredUnit"), "tonne", "pcf.declaredUnit: 'tonne' is not a DeclaredUnit"),
        (("pcf", "unitaryProductAmount"), "0", "pcf.unitaryProductAmount: '0' is not a Decimal"),
        (("pcf", "pCfExcludingBiogenic"), 1.3, "pcf.pCfExcludingBiogenic: 1.3 is not a Decimal"),
        (("pcf", "fossilGhgEmissions"), "-1", "pcf.fossilGhgEmissions: '-1' is not a Decimal"),
        (("pcf", "biogenicCarbonWithdrawal"), "0.5", "pcf.biogenicCarbonWithdrawal: '0.5' is"),
        (("pcf", "characterizationFactors"), "AR4", "pcf.characterizationFactors: 'AR4' is"),
        (
            ("pcf", "ipccCharacterizationFactorsSources"),
            ["AR6", "AR6"],
            "pcf.ipccCharacterizationFactorsSources: [",
        ),
        (("pcf", "exemptedEmissionsPercent"), 6, "pcf.exemptedEmissionsPercent: 6 is not"),
        (("pcf", "packagingEmissionsIncluded"), "no", "pcf.packagingEmissionsIncluded: 'no' is"),
        (("pcf", "primaryDataShare"), 101, "pcf.primaryDataShare: 101 is not a percentage"),
        (("pcf", "dqi", "temporalDQR"), 4, "pcf.dqi.temporalDQR: 4 is not a rating from 1 to 3"),
        (("pcf", "geographyCountry"), "CHN", "pcf.geographyCountry: 'CHN' is not an ISO 3166"),
        (
            ("pcf", "biogenicAccountingMethodology"),
            "IPCC",
            "pcf.biogenicAccountingMethodology: 'IPCC' is not one of",
        ),
    ],
)
def test_a_wrong_type_or_format_is_detected(
    path: tuple[str, ...], value: object, expected: str
) -> None:
    pf = _ours()
    target = pf
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    problems = validate_product_footprint(pf)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_cross_property_rules() -> None:
    pf = _ours()
    both = copy.deepcopy(pf)
    both["pcf"]["geographyRegionOrSubregion"] = "Eastern Asia"
    assert any("only one geography" in p for p in validate_product_footprint(both))
    packaging = copy.deepcopy(pf)
    packaging["pcf"]["packagingGhgEmissions"] = "0.1"
    assert validate_product_footprint(packaging) == [
        "pcf.packagingGhgEmissions: defined although packagingEmissionsIncluded is false"
    ]
    period = copy.deepcopy(pf)
    period["pcf"]["referencePeriodStart"] = "2026-06-01T00:00:00Z"
    assert "pcf.referencePeriodEnd: not after referencePeriodStart" in validate_product_footprint(
        period
    )
    validity = copy.deepcopy(pf)
    validity["validityPeriodStart"] = "2026-01-01T00:00:00Z"
    validity["validityPeriodEnd"] = "2029-01-02T00:00:00Z"
    assert validate_product_footprint(validity) == [
        "validityPeriodEnd: more than 3 years after pcf.referencePeriodEnd"
    ]
    validity["validityPeriodEnd"] = "2029-01-01T00:00:00Z"
    assert validate_product_footprint(validity) == []


def test_not_an_object_is_refused() -> None:
    assert validate_product_footprint([]) == ["ProductFootprint: not a JSON object"]
    pf = _ours()
    pf["pcf"] = "1.3"
    assert validate_product_footprint(pf) == ["pcf: not a JSON object"]
