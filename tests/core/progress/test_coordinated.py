"""Coordinated reduction of pollution and carbon: quadrants per enterprise and for the district,
and pollutant cut per tonne of CO2e cut, worked out by hand."""

from __future__ import annotations

import pytest

from greenledger.core.errors import InputError
from greenledger.core.progress import EnterpriseYear, coordinated_reduction, quadrant


def ey(name: str, year: int, co2e: float, **pollutants: float) -> EnterpriseYear:
    """An enterprise-year emitting ``co2e`` t from coal (2.6 t/tce), output 100."""
    return EnterpriseYear(
        enterprise=name,
        year=year,
        output_value_wan_yuan=100.0,
        energy_tce={"coal": co2e / 2.6},
        energy_co2e_t={"coal": co2e},
        pollutants_t=pollutants,
    )


# 2020 -> 2025 (t):   CO2e        SO2          NOx
#   A                 120 -> 100  2 -> 1       3 -> 2      both down
#   B                  50 -> 40   1 -> 1.5     1 -> 0.5    CO2 down, pollutants mixed
#   C                  30 -> 35   0.5 -> 0.2   0.4 -> 0.4  pollutants down only (none up)
#   D                  10 -> 12   0.1 -> 0.2   -           neither down
#   E (new in 2025)     -  -> 5   -  -> 0.05   -           district totals only
RECORDS = [
    ey("A", 2020, 120, SO2=2, NOx=3),
    ey("B", 2020, 50, SO2=1, NOx=1),
    ey("C", 2020, 30, SO2=0.5, NOx=0.4),
    ey("D", 2020, 10, SO2=0.1),
    ey("A", 2025, 100, SO2=1, NOx=2),
    ey("B", 2025, 40, SO2=1.5, NOx=0.5),
    ey("C", 2025, 35, SO2=0.2, NOx=0.4),
    ey("D", 2025, 12, SO2=0.2),
    ey("E", 2025, 5, SO2=0.05),
]


def test_quadrants_per_enterprise_and_for_the_district() -> None:
    result = coordinated_reduction(RECORDS, base_year=2020, year=2025)
    by_name = {item.key: item for item in result.enterprises}
    assert sorted(by_name) == ["A", "B", "C", "D"]  # E reported one year only
    assert by_name["A"].quadrant == "both_down"
    assert by_name["B"].quadrant == "co2_down_only"
    assert by_name["B"].mixed is True
    assert by_name["B"].directions["SO2"] == "up" and by_name["B"].directions["NOx"] == "down"
    assert by_name["C"].quadrant == "pollutants_down_only"
    assert by_name["C"].directions["NOx"] == "unchanged"
    assert by_name["D"].quadrant == "neither_down"
    assert by_name["A"].co2e_change_t == pytest.approx(-20)
    assert by_name["C"].pollutant_change_t["SO2"] == pytest.approx(-0.3)
    assert [result.count(q) for q in ("both_down", "co2_down_only")] == [1, 1]
    assert [result.count(q) for q in ("pollutants_down_only", "neither_down")] == [1, 1]
    # District: CO2e 210 -> 192 (-18); SO2 3.6 -> 2.95 (-0.65); NOx 4.4 -> 2.9 (-1.5);
    # PM and VOCs reported by no one (0 -> 0, unchanged): both down.
    assert result.district.co2e_change_t == pytest.approx(-18)
    assert result.district.quadrant == "both_down"
    assert result.district.directions["PM"] == "unchanged"


def test_pollutant_cut_per_tonne_of_co2e_cut_by_hand() -> None:
    result = coordinated_reduction(RECORDS, base_year=2020, year=2025)
    assert result.ratio_status == "defined"
    assert result.co2e_reduced_t == pytest.approx(18)
    # SO2: 0.65 t * 1000 / 18 t = 36.11 kg per tCO2e; NOx: 1.5 * 1000 / 18 = 83.33 kg.
    ratios = result.kg_per_t_co2e_reduced
    assert ratios["SO2"] == pytest.approx(36.1111, abs=1e-4)
    assert ratios["NOx"] == pytest.approx(83.3333, abs=1e-4)
    assert ratios["PM"] == 0.0 and ratios["VOCs"] == 0.0


def test_no_ratio_when_co2e_did_not_fall() -> None:
    flat = [ey("A", 2020, 100, SO2=2), ey("A", 2021, 100, SO2=1)]
    same = coordinated_reduction(flat, base_year=2020, year=2021)
    assert same.ratio_status == "co2_unchanged"
    assert same.kg_per_t_co2e_reduced == {"SO2": None, "NOx": None, "PM": None, "VOCs": None}
    assert same.pollutant_reduced_t["SO2"] == pytest.approx(1.0)
    assert same.district.quadrant == "pollutants_down_only"
    rising = [ey("A", 2020, 100, SO2=2), ey("A", 2021, 110, SO2=1)]
    up = coordinated_reduction(rising, base_year=2020, year=2021)
    assert up.ratio_status == "co2_increased"
    assert up.co2e_reduced_t == pytest.approx(-10)
    assert up.kg_per_t_co2e_reduced["SO2"] is None


def test_a_pollutant_that_rose_while_co2e_fell_gives_a_negative_ratio() -> None:
    records = [ey("A", 2020, 100, NOx=1), ey("A", 2022, 90, NOx=1.2)]
    result = coordinated_reduction(records, base_year=2020, year=2022)
    # -0.2 t * 1000 / 10 t = -20 kg NOx per tCO2e cut: a trade-off, not a co-benefit.
    assert result.kg_per_t_co2e_reduced["NOx"] == pytest.approx(-20.0)
    assert result.district.quadrant == "co2_down_only"


@pytest.mark.parametrize(
    ("co2e", "changes", "expected", "mixed"),
    [
        (-1.0, {"SO2": -1.0, "NOx": 0.0}, "both_down", False),
        (-1.0, {"SO2": -1.0, "NOx": 0.5}, "co2_down_only", True),
        (-1.0, {"SO2": 0.0, "NOx": 0.0}, "co2_down_only", False),
        (0.0, {"SO2": -1.0}, "pollutants_down_only", False),
        (2.0, {"SO2": 1.0, "NOx": -3.0}, "neither_down", True),
        (0.0, {}, "neither_down", False),
    ],
)
def test_quadrant_rule(co2e: float, changes: dict[str, float], expected: str, mixed: bool) -> None:
    item = quadrant(co2e, changes)
    assert item.quadrant == expected
    assert item.mixed is mixed


def test_bad_pollutant_figures_are_refused_with_enterprise_and_year() -> None:
    records = [ey("A", 2020, 100, SO2=-2), ey("A", 2021, 90, SO2=1)]
    with pytest.raises(InputError) as error:
        coordinated_reduction(records, base_year=2020, year=2021)
    (problem,) = error.value.problems
    assert problem.message.code == "progress.decomposition.bad_number"
    assert problem.message.params["enterprise"] == "A"
    assert problem.message.params["year"] == 2020
    assert problem.column == "pollutants_t[SO2]"
    with pytest.raises(InputError):
        coordinated_reduction(records, base_year=2021, year=2021)
