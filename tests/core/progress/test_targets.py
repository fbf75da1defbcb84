"""Targets as data, trajectories, progress status, the rate still needed, deflation: by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenledger.core.errors import FactorDataError, InputError
from greenledger.core.progress.deflation import PriceIndex, deflate, load_price_index
from greenledger.core.progress.targets import (
    ProgressRules,
    SourceDocument,
    Target,
    assess_progress,
    explicit_trajectory,
    load_targets,
    rate_needed,
    target_problems,
    trajectory,
)

SOURCE = SourceDocument("District secretariat", "District targets", "2024-01", "2024", "art. 1")


def fourteenth_plan_energy() -> Target:
    return next(t for t in load_targets() if t.id == "cn-14fyp-energy-intensity")


def codes(
    error: pytest.ExceptionInfo[InputError] | pytest.ExceptionInfo[FactorDataError],
) -> list[str]:
    return sorted(p.message.code for p in error.value.problems)


def test_the_shipped_targets_carry_their_figures_sources_and_are_not_claimed_confirmed() -> None:
    targets = {t.id: t for t in load_targets()}
    assert targets["cn-14fyp-energy-intensity"].change == -0.135
    assert targets["cn-14fyp-co2-intensity"].change == -0.18
    assert targets["cn-15fyp-co2-intensity"].change == -0.17
    assert targets["cn-2030-non-fossil-share"].level == 0.25
    shanghai = targets["sh-2030-co2-intensity"]
    assert (shanghai.scope, shanghai.base_year, shanghai.target_year) == ("shanghai", 2005, 2030)
    assert shanghai.change == -0.70
    assert shanghai.source.number == "沪府发〔2022〕7号"
    assert targets["sh-14fyp-energy-intensity"].change == -0.14
    # Nothing was checked against an official text: no target may claim it was.
    assert not any(t.confirmed for t in targets.values())
    assert "press reports" in targets["cn-15fyp-co2-intensity"].note.lower()


def test_geometric_trajectory_and_progress_worked_by_hand() -> None:
    path = trajectory(fourteenth_plan_energy(), 1.00)
    # annual rate = 0.865 ** (1/5) - 1: ln 0.865 = -0.1450258, /5 = -0.0290052, exp = 0.9714114
    assert path.annual_rate == pytest.approx(-0.0285886, abs=1e-7)
    # 2023 = 0.865 ** (3/5) = exp(-0.0870155) = 0.9166629; 2025 = 0.865 exactly
    assert path.values[2023] == pytest.approx(0.9166629, abs=1e-7)
    assert path.values[2020] == 1.00
    assert path.values[2025] == pytest.approx(0.865)
    assert sorted(path.values) == [2020, 2021, 2022, 2023, 2024, 2025]

    progress = assess_progress(path, {2021: 0.97, 2022: 0.95, 2023: 0.93})
    # latest year 2023: gap = 0.93 / 0.9166629 - 1 = 0.0145496 -> within the 2 % band: at risk
    assert progress.year == 2023
    assert progress.gap == pytest.approx(0.0145496, abs=1e-7)
    assert progress.status == "at risk"
    # rate still needed = (0.865 / 0.93) ** (1/2) - 1 = sqrt(0.9301075) - 1 = -0.0355792
    assert progress.years_left == 2
    assert progress.rate_needed == pytest.approx(-0.0355792, abs=1e-7)
    assert progress.rate_needed < progress.rate_planned  # behind: a steeper fall is needed

    assert assess_progress(path, {2023: 0.91}).status == "on track"  # below 0.9166629
    # 0.95 / 0.9166629 - 1 = 0.0363685 > 0.02: off track; with a 5 % band, at risk
    assert assess_progress(path, {2023: 0.95}).status == "off track"
    assert assess_progress(path, {2023: 0.95}, ProgressRules(at_risk_band=0.05)).status == (
        "at risk"
    )


def test_linear_trajectory_and_a_share_where_higher_is_better() -> None:
    path = trajectory(fourteenth_plan_energy(), 1.00, method="linear")
    assert path.values[2023] == pytest.approx(1.00 - 0.135 * 3 / 5)  # 0.919
    share = Target("s", "district", "non_fossil_share", 2020, 2030, SOURCE, level=0.25)
    path = trajectory(share, 0.16, method="linear")
    # 2025: 0.16 + (0.25 - 0.16) * 5/10 = 0.205; actual 0.21 is above the path: on track
    assert path.values[2025] == pytest.approx(0.205)
    progress = assess_progress(path, {2025: 0.21})
    assert progress.status == "on track"
    assert progress.gap == pytest.approx(1 - 0.21 / 0.205)
    # actual 0.20: 1 - 0.20 / 0.205 = 0.0243902 behind: off track
    assert assess_progress(path, {2025: 0.20}).status == "off track"


def test_rate_needed_by_hand_and_none_in_the_target_year() -> None:
    # (0.82 / 0.90) ** (1/4) - 1: ln 0.9111111 = -0.0930904, /4 = -0.0232726,
    # exp = 0.9769961 -> -0.0230039
    assert rate_needed(0.82, 0.90, 4) == pytest.approx(0.9111111**0.25 - 1)
    assert rate_needed(0.82, 0.90, 4) == pytest.approx(-0.0230039, abs=1e-7)
    assert rate_needed(0.82, 0.90, 0) is None
    path = trajectory(fourteenth_plan_energy(), 1.0)
    assert assess_progress(path, {2025: 0.86}).rate_needed is None


def test_explicit_points_are_interpolated_geometrically() -> None:
    target = Target("d", "district", "energy_intensity", 2020, 2025, SOURCE, change=-0.135,
                    kind="set by the district", scope_name="Pudong")  # fmt: skip
    path = explicit_trajectory(target, 1.0, {2022: 0.95, 2025: 0.865})
    assert path.values[2022] == 0.95
    assert path.values[2021] == pytest.approx(math.sqrt(0.95))  # 1.0 * (0.95/1.0) ** (1/2)
    assert path.values[2023] == pytest.approx(0.95 * (0.865 / 0.95) ** (1 / 3))
    assert path.method == "explicit"


def test_explicit_points_refused_with_every_problem_named() -> None:
    target = Target("d", "district", "energy_intensity", 2020, 2025, SOURCE, change=-0.135)
    with pytest.raises(InputError) as error:
        explicit_trajectory(target, 1.0, {2019: 1.02, 2025: 0.87, 2026: 0.8})
    assert codes(error) == [
        "progress.target.year_before_base",
        "progress.trajectory.after_target",
        "progress.trajectory.contradicts",
    ]
    by_year = {p.row: p.message for p in error.value.problems}
    assert by_year[2019].params["base_year"] == 2020
    assert by_year[2025].params["expected"] == 0.865
    assert "0.87 in 2025" in by_year[2025].english()


def test_a_target_year_before_its_base_year_and_a_bad_base_value_are_refused() -> None:
    target = Target("p1", "park", "total_co2", 2025, 2020, SOURCE, change=-0.1)
    assert [p.message.code for p in target_problems(target)] == ["progress.target.year_before_base"]
    with pytest.raises(InputError):
        trajectory(target, 100.0)
    ok = Target("p2", "park", "total_co2", 2020, 2025, SOURCE, change=-0.1)
    with pytest.raises(InputError) as error:
        trajectory(ok, 0.0)
    assert codes(error) == ["progress.trajectory.base_value"]
    with pytest.raises(InputError) as error:
        trajectory(ok, 1.0, method="spline")
    assert codes(error) == ["progress.trajectory.method"]
    with pytest.raises(InputError) as error:
        assess_progress(trajectory(ok, 1.0), {2019: 1.0, 2030: 0.5})
    assert codes(error) == ["progress.progress.no_actual"]


def test_the_loader_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        """targets:
  - id: a
    scope: county
    metric: energy_intensity
    base_year: 2020
    target_year: 2018
    change: -0.1
    level: 0.2
    source: {issuer: x, title: y, number: z, edition: e, clause: c}
  - id: a
    scope: district
    metric: co2_intensity
    base_year: 2020
    target_year: 2025
    change: "-18%"
    colour: green
    source: {issuer: x, title: y}
""",
        encoding="utf-8",
    )
    with pytest.raises(FactorDataError) as error:
        load_targets(path)
    found = sorted((p.row or 0, p.message.code) for p in error.value.problems)
    assert found == [
        (2, "progress.target.change_or_level"),
        (3, "progress.target.choice"),  # scope county
        (6, "progress.target.year_before_base"),
        (15, "progress.target.number"),  # "-18%"
        (16, "progress.target.unknown_key"),  # colour
        (17, "progress.target.missing"),  # source.number
        (17, "progress.target.missing"),  # source.edition
        (17, "progress.target.missing"),  # source.clause
    ]
    assert all(p.file == str(path) for p in error.value.problems)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    entry = """  - id: a
    scope: district
    metric: total_co2
    base_year: 2020
    target_year: 2025
    change: -0.1
    source: {issuer: x, title: y, number: z, edition: e, clause: c}
"""
    path = tmp_path / "t.yaml"
    path.write_text("targets:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(FactorDataError) as error:
        load_targets(path)
    assert [(p.row, p.message.code) for p in error.value.problems] == [
        (9, "progress.target.duplicate")
    ]


def test_deflation_to_constant_prices_and_nominal_by_hand(tmp_path: Path) -> None:
    nominal = {2020: 100.0, 2023: 120.0}
    index = PriceIndex({2020: 100.0, 2023: 108.0}, source="test index")
    real = deflate(nominal, index, price_year=2020)
    # 2023: 120 * 100 / 108 = 111.111...
    assert real.values[2023] == pytest.approx(111.1111, abs=1e-4)
    assert real.values[2020] == 100.0
    assert (real.prices, real.price_year, real.index_source) == ("constant", 2020, "test index")
    as_reported = deflate(nominal, None)
    assert (as_reported.prices, as_reported.values) == ("nominal", nominal)
    with pytest.raises(InputError) as error:
        deflate({2020: 1.0, 2024: 2.0}, index)
    assert codes(error) == ["progress.deflator.missing_year"]

    path = tmp_path / "ppi.yaml"
    path.write_text(
        'source: "caller table"\nvalues:\n  "2020": 100\n  "2023": 108\n', encoding="utf-8"
    )
    assert load_price_index(path) == PriceIndex({2020: 100.0, 2023: 108.0}, "caller table")
    path.write_text('values:\n  "2020": 0\n', encoding="utf-8")
    with pytest.raises(FactorDataError) as bad:
        load_price_index(path)
    assert codes(bad) == ["progress.deflator.bad_value", "progress.target.missing"]


@settings(max_examples=200, deadline=None)
@given(
    base=st.floats(0.01, 1e6),
    change=st.floats(-0.95, 0.5),
    span=st.integers(1, 30),
    offset=st.integers(0, 30),
)
def test_a_point_on_the_geometric_path_needs_exactly_the_planned_rate(
    base: float, change: float, span: int, offset: int
) -> None:
    target = Target("h", "district", "total_co2", 2020, 2020 + span, SOURCE, change=change)
    path = trajectory(target, base)
    assert path.values[2020 + span] == pytest.approx(base * (1 + change), rel=1e-9)
    year = 2020 + min(offset, span - 1)
    progress = assess_progress(path, {year: path.values[year]})
    assert progress.status == "on track"
    assert progress.rate_needed == pytest.approx(path.annual_rate, rel=1e-6, abs=1e-12)
