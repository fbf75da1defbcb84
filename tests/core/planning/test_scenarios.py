"""Grid factor paths, default scenarios and scenario comparison, worked out by hand; bad path and
scenario files refused naming the path (or scenario) and the field."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from greenledger.core.errors import InputError
from greenledger.core.factors import load_library
from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target
from greenledger.core.planning.scenarios import (
    GridPath,
    ScenarioSpec,
    apply_scenario,
    compare_scenarios,
    default_scenarios,
    grid_index,
    load_grid_paths,
)

CLEAN = GridPath(
    key="clean",
    name_zh="清洁",
    name_en="Clean",
    source="test",
    confirmed=False,
    unit="tCO2/MWh",
    points=((2026, 0.5), (2030, 0.4)),
)
FLAT = GridPath("flat", "不变", "Flat", "test", False, "tCO2/MWh", ())
PATHS = {"clean": CLEAN, "flat": FLAT}


def plan() -> PlanInput:
    return PlanInput(
        start_year=2026,
        end_year=2030,
        discount_rate=0.05,
        end_uses=(
            EndUse("motors_drives", 100.0, 1000.0, electricity_emissions_t=1000.0),
            EndUse("boilers_steam", 80.0, 200.0),
        ),
        growth=0.0,
        targets=(Target(2030, max_emissions_t=1100.0),),
        measures=(Measure("VFD", "motors_drives", 0.2, 100_000.0, 0.0, 15),),
    )


def spec(name: str, grid_path: str, **fields: float | None) -> ScenarioSpec:
    values: dict[str, float | None] = {
        "growth": 0.0,
        "energy_price_yuan_per_tce": None,
        "carbon_price_yuan_per_t": 0.0,
        "discount_rate": 0.05,
    }
    values.update(fields)
    return ScenarioSpec(
        name=name,
        kind="custom",
        grid_path=grid_path,
        growth=float(values["growth"] or 0.0),
        energy_price_yuan_per_tce=values["energy_price_yuan_per_tce"],
        carbon_price_yuan_per_t=float(values["carbon_price_yuan_per_t"] or 0.0),
        discount_rate=float(values["discount_rate"] or 0.0),
    )


def test_the_shipped_paths_cite_the_published_factors_of_the_factor_library() -> None:
    paths = load_grid_paths()
    assert {"flat", "national_decline", "national_fast_decline"} <= set(paths)
    library = load_library()
    for path in paths.values():
        assert not path.confirmed  # conventions or figures not checked against the document
        published = [(y, v) for y, v in path.points if y not in path.conventions]
        for year, value in published:
            region = "CN-EAST" if path.key.startswith("east_china") else "CN"
            rows = [
                f
                for f in library.factors
                if f.activity == "electricity"
                and f.quantity == "ef"
                and f.region == region
                and f.year == year
            ]
            assert [float(f.value) for f in rows] == [value], (path.key, year)
            # the same announcement (number) as the library row cites
            number = re.search(r"公告\d{4}年第\d+号", rows[0].source)
            assert number is not None and number.group(0) in path.source
        if published:
            assert "公告" in path.source
        if path.conventions:
            assert "GreenLedger convention, not published" in path.source
    national = paths["national_decline"]
    assert national.points[:3] == ((2021, 0.5568), (2022, 0.5366), (2023, 0.5306))
    assert national.conventions == (2060,)


def test_grid_index_is_relative_to_the_start_years_interpolated_factor() -> None:
    national = load_grid_paths()["national_decline"]
    # 2026 lies on the line from 0.5306 (2023) to 0.10 (2060): 0.5306 - 0.4306 x 3 / 37
    base = 0.5306 - 0.4306 * 3 / 37
    assert national.value(2026) == pytest.approx(base)
    index = grid_index(national, 2026)
    assert [y for y, _ in index] == [2026, 2060]
    assert [v for _, v in index] == pytest.approx([1.0, 0.10 / base])
    # a start year before the published points: index against the first point, then each point
    index = grid_index(national, 2020)
    assert [y for y, _ in index] == [2020, 2021, 2022, 2023, 2060]
    assert [v for _, v in index] == pytest.approx(
        [1.0, 1.0, 0.5366 / 0.5568, 0.5306 / 0.5568, 0.10 / 0.5568]
    )
    assert grid_index(FLAT, 2026) == ()
    assert grid_index(national, 2060) == ()  # nothing after the start year: flat


def test_apply_scenario_moves_the_electricity_part_with_the_grid_and_grows_output() -> None:
    applied = apply_scenario(
        plan(),
        spec(
            "s",
            "clean",
            growth=0.02,
            energy_price_yuan_per_tce=1500.0,
            carbon_price_yuan_per_t=80.0,
            discount_rate=0.07,
        ),
        PATHS,
    )
    assert applied.grid_factor_index == ((2026, 1.0), (2030, 0.8))
    assert (applied.growth, applied.energy_price_yuan_per_tce) == (0.02, 1500.0)
    assert (applied.carbon_price_yuan_per_t, applied.discount_rate) == (80.0, 0.07)
    # 2028: grid index 0.9; (1000 x 0.9 + 200) x 1.02^2
    assert applied.baseline_emissions_t(2028) == pytest.approx(1100.0 * 1.0404)
    assert applied.measures == plan().measures and applied.targets == plan().targets
    # None keeps the plan's own energy price
    priced = dataclasses.replace(plan(), energy_price_yuan_per_tce=900.0)
    assert apply_scenario(priced, spec("s", "flat"), PATHS).energy_price_yuan_per_tce == 900.0


def test_apply_scenario_refuses_an_unknown_path_and_bad_numbers_naming_the_field() -> None:
    with pytest.raises(InputError) as caught:
        apply_scenario(plan(), spec("mine", "nowhere", growth=-1.0, discount_rate=1.2), PATHS)
    assert [(p.column, p.reason) for p in caught.value.problems] == [
        (
            "mine.grid_path",
            "scenario mine: grid_path 'nowhere' is invalid: it is not a path of the grid factor "
            "paths file (clean, flat)",
        ),
        (
            "mine.growth",
            "scenario mine: growth -1.0 is invalid: it must be a number above -1 (0.03 means 3 %)",
        ),
        (
            "mine.discount_rate",
            "scenario mine: discount_rate 1.2 is invalid: it must be at least 0 and below 1 "
            "(0.08 means 8 %)",
        ),
    ]


def test_the_default_scenarios_name_shipped_paths_and_read_in_both_languages() -> None:
    english = default_scenarios()
    assert [(s.kind, s.name, s.grid_path) for s in english] == [
        ("baseline", "Baseline", "flat"),
        ("policy", "Policy", "national_decline"),
        ("stretch", "Stretch", "national_fast_decline"),
    ]
    assert [s.carbon_price_yuan_per_t for s in english] == [0.0, 100.0, 200.0]
    assert [s.name for s in default_scenarios(language="zh-hans")] == [
        "基准情景",
        "政策情景",
        "强化情景",
    ]


def test_a_scenario_file_naming_an_unknown_path_or_a_bad_number_is_refused(
    tmp_path: Path,
) -> None:
    file = tmp_path / "scenarios.yaml"
    file.write_text(
        "scenarios:\n"
        "  mine:\n"
        "    name_zh: 我的\n"
        "    name_en: Mine\n"
        "    kind: custom\n"
        "    growth: 0.02\n"
        "    grid_path: clean\n"
        "    energy_price_yuan_per_tce: -5\n"
        "    carbon_price_yuan_per_t: 0\n"
        "    discount_rate: 0.08\n"
        "    colour: green\n"
        "    basis: {growth: c, grid_path: c, energy_price_yuan_per_tce: c,\n"
        "            carbon_price_yuan_per_t: c}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        default_scenarios(file, grid_paths=PATHS)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (11, "mine.colour"),
        (8, "mine.energy_price_yuan_per_tce"),
        (None, "mine.basis.discount_rate"),
    ]


def test_a_path_file_with_unsourced_or_confirmed_conventions_is_refused_whole(
    tmp_path: Path,
) -> None:
    file = tmp_path / "paths.yaml"
    file.write_text(
        "sources:\n"
        "  a: {issuer: I, title: T, document: D, edition: '2024'}\n"
        "paths:\n"
        "  p:\n"
        "    name_zh: 路径\n"
        "    name_en: Path\n"
        "    unit: tCO2/MWh\n"
        "    points:\n"
        "      - {year: 2023, value: 0.5, kind: published, source: b, confirmed: false}\n"
        "      - {year: 2022, value: 0.4, kind: convention, basis: mine, confirmed: true}\n"
        "      - {year: 2040, value: -1, kind: convention, basis: mine}\n"
        "      - {year: 2050, value: 0.1, kind: guess}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_grid_paths(file)
    assert [p.reason for p in caught.value.problems] == [
        "grid path p: points[1].source 'b' is invalid: it is not a source of the file "
        "(its sources: a)",
        "grid path p: points[2].year 2022 is invalid: the years must increase from point to point",
        "grid path p: points[2].confirmed True is invalid: a convention is never confirmed",
        "grid path p: points[3].value -1 is invalid: it must be a number of zero or more",
        "grid path p: points[4].kind 'guess' is invalid: it must be published or convention",
    ]


def test_compare_scenarios_solves_each_scenario_with_its_own_prices() -> None:
    no_target = dataclasses.replace(plan(), targets=())
    outcomes = compare_scenarios(
        no_target,
        [spec("none", "flat"), spec("carbon", "flat", carbon_price_yuan_per_t=1000.0)],
        paths=PATHS,
        time_limit_s=5.0,
    )
    free, priced = outcomes
    # no target, no prices: nothing pays
    assert free.pathway.adoptions == () and free.pathway.npv_yuan == pytest.approx(0.0)
    # 200 t a year avoided at 1,000 yuan/t pays 100,000 yuan of capex in half a year: adopted
    # at once
    assert priced.pathway.adoptions == (("VFD", 2026),)
    assert priced.pathway.npv_yuan < 0
    assert priced.pathway.emissions_t[2026] == pytest.approx(1000.0)
    # the MACC is the start year's curve: 20 % of 1000 t, 100,000 x CRF(5 %, 15) a year
    crf = 0.05 * 1.05**15 / (1.05**15 - 1)
    assert [s.annual_abatement_t for s in priced.macc] == pytest.approx([200.0])
    assert [s.annualised_cost_yuan for s in priced.macc] == pytest.approx([100_000 * crf])
    assert [o.spec.name for o in outcomes] == ["none", "carbon"]


def test_compare_scenarios_a_cleaner_grid_meets_the_cap_without_the_measure() -> None:
    outcomes = compare_scenarios(
        plan(), [spec("flat", "flat"), spec("clean", "clean")], paths=PATHS, time_limit_s=5.0
    )
    flat, clean = outcomes
    # flat grid: 1200 t in 2030 > cap 1100; the 20 % VFD brings it to 1000 t: adopted as late as
    # possible (capex discounted the most), in the target year
    assert flat.pathway.status == "optimal"
    assert flat.pathway.adoptions == (("VFD", 2030),)
    assert flat.pathway.emissions_t[2030] == pytest.approx(1000.0)
    # the grid at 0.8 in 2030: 1000 x 0.8 + 200 = 1000 t <= 1100 t without any measure
    assert clean.pathway.adoptions == ()
    assert clean.pathway.emissions_t[2030] == pytest.approx(1000.0)
    assert clean.pathway.emissions_t[2028] == pytest.approx(1100.0)
    assert clean.pathway.npv_yuan == pytest.approx(0.0)
    # the MACC is the start year's curve: 20 % of 1000 t in both
    assert [s.annual_abatement_t for s in flat.macc] == pytest.approx([200.0])
    assert [o.spec.name for o in outcomes] == ["flat", "clean"]
