"""District targets: set by the secretariat (refusals named by field, replacement audited) and
progress against them, worked out by hand from fact rows created directly.

Fixture: A (in the park) and B report verified figures for 2020 and 2023.
- 2020: energy 6,000 + 4,000 = 10,000 tce, output 12,000 + 8,000 = 20,000 (10^4 yuan),
  GB/T 32150 25,000 tCO2e: 0.5 tce and 1.25 tCO2e per 10^4 yuan.
- 2023: energy 5,400 + 3,800 = 9,200 tce, same output, 23,000 tCO2e: 0.46 and 1.15.
The park (A alone): 0.5 in 2020, 5,400 / 12,000 = 0.45 in 2023.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import DistrictTarget, EnterpriseYearFact
from greenledger.web.district.selectors.targets import (
    active_targets,
    past_targets,
    price_index_info,
    published_targets,
    target_progress,
)
from greenledger.web.district.services.targets import target_set
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def fact(world: World, organisation: Any, year: int, **figures: float) -> None:
    EnterpriseYearFact.objects.create(
        organisation=organisation,
        year=year,
        basis="verified",
        park=world.park if organisation == world.company_a else None,
        refreshed_at=timezone.now(),
        **figures,
    )


@pytest.fixture
def district(world: World) -> World:
    a, b = world.company_a, world.company_b
    fact(world, a, 2020, energy_tce=6_000, output_value_wan_yuan=12_000, gbt32150_co2e_t=15_000)
    fact(world, b, 2020, energy_tce=4_000, output_value_wan_yuan=8_000, gbt32150_co2e_t=10_000)
    fact(world, a, 2023, energy_tce=5_400, output_value_wan_yuan=12_000, gbt32150_co2e_t=13_800)
    fact(world, b, 2023, energy_tce=3_800, output_value_wan_yuan=8_000, gbt32150_co2e_t=9_200)
    return world


def set_target(world: World, **overrides: Any) -> DistrictTarget:
    values: dict[str, Any] = {
        "actor": world.users["secretariat"],
        "scope": "district",
        "park": None,
        "metric": "energy_intensity",
        "base_year": 2020,
        "target_year": 2025,
        "change": -0.135,
        "method": "geometric",
        "output_basis": "reported",
        "note": "十四五能耗强度目标",
    }
    values.update(overrides)
    return target_set(**values)


def test_energy_intensity_against_a_geometric_trajectory_by_hand(district: World) -> None:
    result = target_progress(set_target(district))
    # trajectory 2023: 0.5 x 0.865 ** (3 / 5) = 0.4583315; actual 0.46: 0.364 % behind
    assert result.actual == pytest.approx({2020: 0.5, 2023: 0.46})
    assert result.trajectory[2023] == pytest.approx(0.4583315, abs=1e-7)
    assert result.trajectory[2025] == pytest.approx(0.4325)
    progress = result.progress
    assert progress is not None
    assert (progress.year, progress.status) == (2023, "at risk")
    assert progress.gap == pytest.approx(0.0036405, abs=1e-7)
    # still needed: (0.4325 / 0.46) ** (1 / 2) - 1 = -3.0352 % a year
    assert progress.rate_needed == pytest.approx(-0.0303519, abs=1e-7)
    assert (result.output_basis, result.price_index) == ("reported", None)


def test_constant_prices_deflate_output_with_the_shipped_index(district: World) -> None:
    result = target_progress(set_target(district, output_basis="constant"))
    # 2023 output at 2020 prices: 20,000 x 100 / 109.156137, so the intensity is
    # 0.46 x 1.09156137 = 0.5021182: 9.55 % behind the path, off track
    assert result.actual[2023] == pytest.approx(0.5021182, abs=1e-7)
    assert result.progress is not None and result.progress.status == "off track"
    assert result.progress.rate_needed == pytest.approx(-0.0719101, abs=1e-7)
    assert result.price_index is not None and result.price_index.confirmed is False
    assert "National Bureau of Statistics" in result.price_index.source


def test_a_year_the_price_index_lacks_has_no_actual_and_says_why(district: World) -> None:
    fact(district, district.company_a, 2025, energy_tce=5_000, output_value_wan_yuan=13_000,
         gbt32150_co2e_t=12_000)  # fmt: skip
    result = target_progress(set_target(district, output_basis="constant"))
    assert 2025 not in result.actual and 2023 in result.actual
    assert any("2025" in p for p in result.problems)


def test_shipped_price_index_chains_its_year_on_year_rates(district: World) -> None:
    index = price_index_info()
    value = 100.0
    for year, rate in ((2021, 8.1), (2022, 4.1), (2023, -3.0), (2024, -2.2)):
        value *= 1 + rate / 100
        assert math.isclose(index.values[year], value, rel_tol=1e-12), year
        assert "统计公报" in index.documents[year]
    assert index.values[2020] == 100.0 and 2025 not in index.values


def test_linear_total_emissions_and_explicit_points_by_hand(district: World) -> None:
    total = target_progress(set_target(district, metric="total_co2", change=-0.10, method="linear"))
    # 25,000 -> 22,500 linearly: 23,500 in 2023; actual 23,000: on track, 2.13 % ahead
    assert total.trajectory[2023] == pytest.approx(23_500)
    assert total.progress is not None and total.progress.status == "on track"
    assert total.progress.gap == pytest.approx(23_000 / 23_500 - 1)
    explicit = target_progress(
        set_target(district, method="explicit", points={"2022": -0.08, "2025": -0.135})
    )
    # 2022 point 0.5 x 0.92 = 0.46; 2023 between 0.46 and 0.4325 geometrically:
    # 0.46 x (0.4325 / 0.46) ** (1 / 3) = 0.4506443; actual 0.46 is 2.08 % behind: off track
    assert explicit.trajectory[2022] == pytest.approx(0.46)
    assert explicit.trajectory[2023] == pytest.approx(0.4506443, abs=1e-7)
    assert explicit.progress is not None and explicit.progress.status == "off track"


def test_a_parks_target_reads_the_parks_facts(district: World) -> None:
    target = set_target(district, scope="park", park=district.park)
    result = target_progress(target)
    assert result.actual == pytest.approx({2020: 0.5, 2023: 0.45})
    assert result.progress is not None and result.progress.status == "on track"
    assert list(active_targets(park=district.park)) == [target]
    assert list(active_targets()) == []


def test_no_base_year_actual_gives_no_status_and_says_why(district: World) -> None:
    result = target_progress(set_target(district, base_year=2021))
    assert result.progress is None and result.trajectory == {}
    assert any("2021" in p for p in result.problems)


def test_a_new_target_replaces_the_active_one_and_both_are_audited(district: World) -> None:
    first = set_target(district)
    second = set_target(district, change=-0.15)
    first.refresh_from_db()
    assert (first.active, second.active) == (False, True)
    assert list(past_targets()) == [first]
    entries = AuditEntry.objects.filter(action="district.target.set").order_by("pk")
    assert entries.count() == 2
    assert entries.last().before["replaced"][0]["id"] == first.pk  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"target_year": 2019}, "target_year", ["2019", "2020"]),
        ({"level": 0.4}, "change", ["change", "level"]),
        ({"change": None}, "change", ["change", "level"]),
        ({"method": "explicit", "points": {"2018": -0.01, "2025": -0.135}}, "points", ["2018"]),
        ({"method": "explicit", "points": {"2030": -0.2}}, "points", ["2030", "2025"]),
        (
            {"method": "explicit", "points": {"2025": -0.10}},
            "points",
            ["2025", "-10.00 %", "-13.50 %"],
        ),
        ({"scope": "park"}, "park", []),
        ({"metric": "co2_mass"}, "metric", []),
    ],
)
def test_refusals_name_the_field_and_the_reason(
    district: World, overrides: dict[str, Any], field: str, words: list[str]
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        set_target(district, **overrides)
    reasons = refused.value.message_dict[field]
    for word in words:
        assert any(word in reason for reason in reasons), (word, reasons)
    assert not DistrictTarget.objects.exists()


def test_refusals_speak_the_users_language_and_only_staff_set_targets(district: World) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        set_target(district, target_year=2019)
    assert "基准年" in refused.value.message_dict["target_year"][0]
    with pytest.raises(PermissionDenied):
        set_target(district, actor=district.users["enterprise_a"])
    assert not AuditEntry.objects.filter(action="district.target.set").exists()


def test_published_targets_carry_their_source_and_confirmation() -> None:
    targets = {t.id: t for t in published_targets()}
    energy = targets["cn-14fyp-energy-intensity"]
    assert (energy.change, energy.confirmed) == (-0.135, False)
    assert energy.source.issuer == "National People's Congress"
