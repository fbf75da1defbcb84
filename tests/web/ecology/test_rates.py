"""A park's rates from its tenants' offers (generated) and recorded exchanges (utilised), by
hand; the pre-score inputs they give (with their sources) and a CFE run's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from greenledger.web.ecology.models import CfeRun
from greenledger.web.ecology.selectors import rates
from greenledger.web.ecology.services import listings, records
from tests.web.ecology.conftest import PERIOD, EcologyWorld
from tests.web.ecology.records_support import (
    GAS_HEAT_T_PER_MWH,
    active_ash_exchange,
    active_heat_exchange,
)


def test_months_in_year() -> None:
    assert rates.months_in_year(dt.date(2026, 7, 1), dt.date(2028, 12, 31), 2026) == 6
    assert rates.months_in_year(dt.date(2026, 7, 1), None, 2027) == 12
    assert rates.months_in_year(dt.date(2026, 7, 1), dt.date(2026, 8, 31), 2026) == 2
    assert rates.months_in_year(dt.date(2026, 7, 1), dt.date(2026, 8, 31), 2025) == 0


def test_park_rates_by_hand(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    empty = rates.park_figures(park=w.park, year=2026)
    # A's heat offer: 8,000 MWh a year all of 2026; nothing recorded yet: 0 %, not "no rate"
    assert empty.generated["waste_heat_utilisation"] == 8000.0
    assert empty.rates.waste_heat_utilisation == 0.0
    assert empty.rates.solid_waste_utilisation is None  # D's oil is hazardous: not counted
    assert empty.rates.water_reuse is None
    heat = active_heat_exchange(w)
    records.records_save(
        actor=w.users["b"],
        rows=[
            {"exchange": heat.pk, "month": "2026-01", "quantity": 1500},
            {"exchange": heat.pk, "month": "2026-02", "quantity": 500},
        ],
    )
    ash = active_ash_exchange(w)  # 800 t a year from 2026-07: 400 t in 2026
    records.record_save(actor=w.users["a"], exchange=ash, month="2026-08", quantity=100)
    cold = listings.offer_create(
        actor=w.users["d"], site=w.site_d, kind="cold", name="余冷", supply_temp_c=5,
        return_temp_c=12, quantity=1200, **PERIOD,
    )  # fmt: skip
    assert cold.kind == "cold"  # 1,200 MWh of waste cold adds to the heat rate's denominator
    figures = rates.park_figures(park=w.park, year=2026)
    assert figures.generated == {
        "solid_waste_utilisation": 400.0,
        "waste_heat_utilisation": 9200.0,
        "water_reuse": 0.0,
    }
    assert figures.utilised["waste_heat_utilisation"] == 2000.0
    assert figures.rates.waste_heat_utilisation == pytest.approx(2000 / 9200)
    assert figures.rates.solid_waste_utilisation == pytest.approx(0.25)  # 100 / 400
    assert figures.avoided_tco2e == pytest.approx(2000 * GAS_HEAT_T_PER_MWH + 52.0, abs=1e-3)
    assert figures.records == 3
    assert rates.park_rates(park=w.park, year=2026) == figures.rates
    assert rates.park_rates(park=w.park, year=2025).waste_heat_utilisation is None
    assert rates.avoided_tco2e(year=2026) == pytest.approx(figures.avoided_tco2e)
    assert rates.avoided_tco2e(year=2027) == 0.0


def test_assessment_inputs_of_a_park_and_of_a_site_with_a_cfe_run(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    heat = active_heat_exchange(w)
    records.record_save(actor=w.users["b"], exchange=heat, month="2026-05", quantity=2000)
    values, sources = rates.assessment_inputs(site=w.park, year=2026)
    assert values == {"waste_heat_utilisation": 0.25}
    assert sources["waste_heat_utilisation"] == (
        f"ecology park rates 2026 (丙园区 #{w.park.pk}): 2000 MWh recorded / 8000 MWh offered "
        "by 1 offer(s)"
    )
    assert rates.assessment_inputs(site=w.site_a, year=2026) == ({}, {})
    assert rates.ecology_year(w.park, 2027) == 2026
    assert rates.ecology_year(w.site_a, 2027) == 2027
    run = CfeRun.objects.create(
        site=w.site_a, year=2025, cfe_score=0.62, annual_match_share=0.95,
        created_at=timezone.now(),
    )  # fmt: skip
    values, sources = rates.assessment_inputs(site=w.site_a, year=2025)
    assert values == {"cfe_score": 0.62, "annual_match_share": 0.95}
    assert sources["cfe_score"].startswith(f"ecology CFE run #{run.pk} (")
    assert rates.ecology_year(w.site_a, 2027) == 2025
