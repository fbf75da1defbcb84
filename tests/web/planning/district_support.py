"""Shared by the district pathway tests: three enterprises' verified 2025 facts (two in the
world's park), and the same enterprises' plans built by hand with the core."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.core.planning.catalogue import applicable, load_catalogue
from greenledger.core.planning.district_plans import enterprise_plan, load_sizing
from greenledger.web.district.models import CarrierFact, EnterpriseYearFact, FactBasis
from greenledger.web.members import services as members
from greenledger.web.planning.services import district_runs as services
from tests.web.conftest import World, organisation_values

YEAR = 2025
# organisation number -> (industry, in the park?, {activity: (tce, tCO2e)}, process t, output)
ENTERPRISES: dict[int, tuple[str, bool, dict[str, tuple[float, float]], float, float]] = {
    901: ("C3011", True, {"purchased_electricity": (4000.0, 19000.0), "raw_coal": (6000.0, 15900.0)}, 30000.0, 80000.0),  # noqa: E501
    902: ("C2614", True, {"purchased_electricity": (3000.0, 14000.0), "natural_gas": (5000.0, 10800.0), "purchased_heat": (1000.0, 3400.0)}, 0.0, 60000.0),  # noqa: E501
    903: ("C3825", False, {"purchased_electricity": (800.0, 3700.0), "natural_gas": (200.0, 430.0), "diesel_mobile": (20.0, 60.0)}, 0.0, 20000.0),  # noqa: E501
}  # fmt: skip


def add_district_facts(world: World) -> dict[int, Any]:
    organisations = {}
    for number, (industry, in_park, carriers, process, output) in ENTERPRISES.items():
        organisation = members.organisation_create(
            actor=None, **organisation_values(number, industry_code=industry)
        )
        energy_t = sum(t for _, t in carriers.values())
        fact = EnterpriseYearFact.objects.create(
            organisation=organisation,
            year=YEAR,
            basis=FactBasis.VERIFIED,
            park=world.park if in_park else None,
            industry_code=industry,
            industry_section=industry[0],
            output_value_wan_yuan=output,
            energy_tce=sum(e for e, _ in carriers.values()),
            energy_co2e_t=energy_t,
            non_energy_co2e_t=process,
            gbt32150_co2e_t=energy_t + process,
            refreshed_at=timezone.now(),
        )
        for carrier, (tce, t) in carriers.items():
            CarrierFact.objects.create(fact=fact, carrier=carrier, energy_tce=tce, energy_co2e_t=t)
        organisations[number] = organisation
    return organisations


def core_plans(
    start: int = YEAR + 1, end: int = 2060, grid: tuple[tuple[int, float], ...] = ()
) -> dict[str, Any]:
    """The same plans built by hand from ENTERPRISES with the core (the service's defaults)."""
    catalogue, sizing = load_catalogue(), load_sizing()

    class Row:
        def __init__(self, carrier: str, tce: float, t: float) -> None:
            self.carrier, self.energy_tce, self.emissions_t = carrier, tce, t
            self.electricity = carrier == "purchased_electricity"

    plans = {}
    for number, (industry, _in_park, carriers, process, output) in ENTERPRISES.items():
        plans[number] = enterprise_plan(
            [Row(c, e, t) for c, (e, t) in sorted(carriers.items())],
            applicable(catalogue, industry),
            sizing=sizing,
            start_year=start,
            end_year=end,
            discount_rate=services.DEFAULT_DISCOUNT_RATE,
            non_energy_emissions_t=process,
            output_wan_yuan=output,
            energy_price_yuan_per_tce=services.DEFAULT_ENERGY_PRICE,
            grid_factor_index=grid,
        )
    return plans


def baseline_total(year: int) -> float:
    # no growth: every year's baseline is the base year's emissions
    return sum(sum(t for _, t in c.values()) + p for _i, _k, c, p, _o in ENTERPRISES.values())
