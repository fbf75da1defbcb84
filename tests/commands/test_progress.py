"""`greenledger progress`: district accounts and the LMDI decomposition from activity files,
a golden case worked out by hand from the factors, and the errors a user gets."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenledger.cli import main
from greenledger.core.context import AccountingContext
from greenledger.core.factors import load_library
from greenledger.core.resolve import line_factors

HEADER = "enterprise,period,activity,quantity,unit\n"

# The factors of the national context (each line's year), per unit of activity:
#   raw coal (t):            0.7143 tce, 1.9144640188 tCO2e   (F = 2.680196 tCO2e/tce)
#   natural gas (10^4 Nm3):  12.143 tce, 21.643105485 tCO2e   (F = 1.782352 tCO2e/tce)
#   purchased electricity (MWh): 0.1229 tce; grid 0.5568 tCO2/MWh in 2020 (MEE/NBS 2021
#     average), 0.5306 in 2025 (the 2023 average, the newest): F 4.530513 -> 4.317331
#   limestone (t): 0.43971 tCO2 (process)
FACTORS = {
    ("raw_coal", 2020): (0.7143, 1.9144640188),
    ("raw_coal", 2025): (0.7143, 1.9144640188),
    ("natural_gas", 2020): (12.143, 21.643105485),
    ("natural_gas", 2025): (12.143, 21.643105485),
    ("purchased_electricity", 2020): (0.1229, 0.5568),
    ("purchased_electricity", 2025): (0.1229, 0.5306),
}
LIMESTONE = 0.43971

# Two continuing enterprises with two fuels (B also buys electricity), A with a process
# source; D reports 2020 only (it leaves), C 2025 only (it enters). Quantities per year:
#   2020  A: coal 1000 t, gas 10, limestone 100 t, output 5000   B: coal 500, gas 30,
#         electricity 2000 MWh, output 3000                      D: gas 2, output 500
#   2025  A: coal 800, gas 25, limestone 120, output 7000        B: coal 300, gas 35,
#         electricity 2600, output 4000                          C: gas 5, output 800
ENERGY = {
    ("A", 2020): {"raw_coal": 1000.0, "natural_gas": 10.0},
    ("B", 2020): {"raw_coal": 500.0, "natural_gas": 30.0, "purchased_electricity": 2000.0},
    ("D", 2020): {"natural_gas": 2.0},
    ("A", 2025): {"raw_coal": 800.0, "natural_gas": 25.0},
    ("B", 2025): {"raw_coal": 300.0, "natural_gas": 35.0, "purchased_electricity": 2600.0},
    ("C", 2025): {"natural_gas": 5.0},
}
OUTPUT = {("A", 2020): 5000.0, ("B", 2020): 3000.0, ("D", 2020): 500.0}
OUTPUT |= {("A", 2025): 7000.0, ("B", 2025): 4000.0, ("C", 2025): 800.0}
PROCESS = {("A", 2020): 100.0, ("A", 2025): 120.0}
NAMES = {"raw_coal": "原煤", "natural_gas": "天然气", "purchased_electricity": "外购电力"}
UNITS = {"raw_coal": "t", "natural_gas": "万m³", "purchased_electricity": "MWh"}


def write_year(folder: Path, year: int) -> Path:
    rows = []
    for (enterprise, y), carriers in ENERGY.items():
        if y != year:
            continue
        for activity, quantity in carriers.items():
            rows.append(f"{enterprise},{y}-06,{NAMES[activity]},{quantity},{UNITS[activity]}")
        rows.append(f"{enterprise},{y}-12,output_value,{OUTPUT[enterprise, y]},万元")
        if (enterprise, y) in PROCESS:
            rows.append(f"{enterprise},{y}-06,limestone,{PROCESS[enterprise, y]},t")
    path = folder / f"district-{year}.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, ["progress", *args], catch_exceptions=False)


def logarithmic_mean(a: float, b: float) -> float:
    return a if a == b else (a - b) / (math.log(a) - math.log(b))


def test_the_factors_are_those_worked_with() -> None:
    library, context = load_library(), AccountingContext(region="CN")
    for (activity, year), (tce, co2e) in FACTORS.items():
        f = line_factors(library, context, activity, year=year)
        assert (f.tce, f.scope1_co2e + f.scope2_location) == pytest.approx((tce, co2e), rel=1e-12)
    assert line_factors(library, context, "limestone", year=2025).scope1_co2e == LIMESTONE


def hand_worked() -> dict[str, float]:
    """The LMDI-I terms written out from the issue's formulas (continuing A and B)."""

    def cell(e: str, y: int, j: str) -> tuple[float, float]:
        q = ENERGY[e, y].get(j, 0.0)
        tce, co2e = FACTORS[j, y]
        return q * tce, q * co2e

    q = {y: OUTPUT["A", y] + OUTPUT["B", y] for y in (2020, 2025)}
    effects = dict.fromkeys(("activity", "structure", "energy_intensity", "energy_mix"), 0.0)
    effects["emission_factor"] = 0.0
    for e in ("A", "B"):
        total = {y: sum(cell(e, y, j)[0] for j in ENERGY[e, y]) for y in (2020, 2025)}
        share = {y: OUTPUT[e, y] / q[y] for y in (2020, 2025)}
        intensity = {y: total[y] / OUTPUT[e, y] for y in (2020, 2025)}
        for j in ENERGY[e, 2020]:
            (e0, c0), (e1, c1) = cell(e, 2020, j), cell(e, 2025, j)
            weight = logarithmic_mean(c1, c0)
            effects["activity"] += weight * math.log(q[2025] / q[2020])
            effects["structure"] += weight * math.log(share[2025] / share[2020])
            effects["energy_intensity"] += weight * math.log(intensity[2025] / intensity[2020])
            effects["energy_mix"] += weight * math.log((e1 / total[2025]) / (e0 / total[2020]))
            effects["emission_factor"] += weight * math.log((c1 / e1) / (c0 / e0))
    effects["other"] = (PROCESS["A", 2025] - PROCESS["A", 2020]) * LIMESTONE
    effects["entry"] = ENERGY["C", 2025]["natural_gas"] * FACTORS["natural_gas", 2025][1]
    effects["exit"] = -ENERGY["D", 2020]["natural_gas"] * FACTORS["natural_gas", 2020][1]
    return effects


def year_totals(year: int) -> tuple[float, float, float]:
    energy = emissions = 0.0
    for (_e, y), carriers in ENERGY.items():
        if y == year:
            energy += sum(q * FACTORS[j, y][0] for j, q in carriers.items())
            emissions += sum(q * FACTORS[j, y][1] for j, q in carriers.items())
    emissions += sum(q * LIMESTONE for (_e, y), q in PROCESS.items() if y == year)
    return energy, emissions, sum(v for (_e, y), v in OUTPUT.items() if y == year)


def test_golden_two_enterprises_two_fuels_two_years_by_hand(tmp_path: Path) -> None:
    result = run(str(write_year(tmp_path, 2020)), str(write_year(tmp_path, 2025)), "--format=json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) == {"years", "change", "decomposition"}
    for year in (2020, 2025):
        energy, emissions, output = year_totals(year)
        row = document["years"][str(year)]
        assert row["energy_tce"] == pytest.approx(energy, abs=1e-6)
        assert row["gbt32150_total_tco2e"] == pytest.approx(emissions, abs=1e-6)
        assert row["output_value_wan_yuan"] == pytest.approx(output, abs=1e-9)
        assert row["tce_per_wan_yuan"] == pytest.approx(energy / output, abs=1e-9)
        assert row["co2e_t_per_wan_yuan"] == pytest.approx(emissions / output, abs=1e-9)
    # 2020: energy 714.3 + 121.43 + 357.15 + 364.29 + 245.8 + 24.286 = 1827.256 tce.
    assert document["years"]["2020"]["energy_tce"] == pytest.approx(1827.256, abs=1e-6)
    # SO2 of coal with its default 1 % sulfur: 0.016 t/t; gas 0.0004 t per 10^4 Nm3.
    so2 = 1500 * 0.016 + 42 * 0.0004
    assert document["years"]["2020"]["pollutants_t"]["so2"] == pytest.approx(so2, abs=1e-9)
    (e0, c0, v0), (e1, c1, v1) = year_totals(2020), year_totals(2025)
    change = document["change"]
    assert change["tce_per_wan_yuan_pct"] == pytest.approx(100 * ((e1 / v1) / (e0 / v0) - 1))
    assert change["co2e_t_per_wan_yuan_pct"] == pytest.approx(100 * ((c1 / v1) / (c0 / v0) - 1))
    assert change["gbt32150_total_tco2e"] == pytest.approx(c1 - c0, abs=1e-6)
    decomposition = document["decomposition"]
    assert (decomposition["base_year"], decomposition["year"]) == (2020, 2025)
    assert decomposition["total_change_t"] == pytest.approx(c1 - c0, abs=1e-6)
    expected = hand_worked()
    assert set(decomposition["effects_t"]) == set(expected)
    for name, value in expected.items():
        assert decomposition["effects_t"][name] == pytest.approx(value, abs=1e-6), name
    # the grid got cleaner: the emission-factor effect is B's electricity alone, negative
    assert expected["emission_factor"] < 0
    assert math.fsum(decomposition["effects_t"].values()) == pytest.approx(c1 - c0, abs=1e-6)


def test_the_table_shows_years_change_and_effects(tmp_path: Path) -> None:
    files = [str(write_year(tmp_path, y)) for y in (2020, 2025)]
    result = run(*files, "--region", "national")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GreenLedger district progress 2020 -> 2025: region CN" in out
    assert "1,827.256" in out  # the 2020 energy
    e0, c0, v0 = year_totals(2020)
    e1, c1, v1 = year_totals(2025)
    assert f"energy intensity {100 * ((e1 / v1) / (e0 / v0) - 1):+.2f} %" in out
    assert f"GB/T 32150 total {c1 - c0:+,.3f} tCO2e" in out
    for title in ("Energy mix (carrier shares)", "Enterprises entering", "Total change"):
        assert title in out
    assert f"{hand_worked()['emission_factor']:+,.3f}" in out


def test_years_default_to_the_files_and_can_be_chosen(tmp_path: Path) -> None:
    middle = tmp_path / "2022.csv"
    middle.write_text(HEADER + "A,2022,raw_coal,900,t\nA,2022,产值,6000,万元\n", encoding="utf-8")
    files = [str(write_year(tmp_path, 2020)), str(middle), str(write_year(tmp_path, 2025))]
    document = json.loads(run(*files, "--format", "json").output)
    assert list(document["years"]) == ["2020", "2022", "2025"]
    assert document["decomposition"]["year"] == 2025
    chosen = json.loads(run(*files, "--base-year", "2022", "--format", "json").output)
    d = chosen["decomposition"]
    assert (d["base_year"], d["year"]) == (2022, 2025)
    # A continues, B and C enter: B and C's whole 2025 totals are the entry term
    b_and_c = sum(q * FACTORS[j, 2025][1] for e in "BC" for j, q in ENERGY[e, 2025].items())
    assert d["effects_t"]["entry"] == pytest.approx(b_and_c, abs=1e-6)
    assert math.fsum(d["effects_t"].values()) == pytest.approx(d["total_change_t"], abs=1e-6)


def test_one_year_only_is_refused(tmp_path: Path) -> None:
    result = run(str(write_year(tmp_path, 2020)))
    assert result.exit_code == 2
    assert "at least two years to compare (found: 2020)" in result.output


def test_the_base_year_must_come_first_and_have_data(tmp_path: Path) -> None:
    files = [str(write_year(tmp_path, y)) for y in (2020, 2025)]
    result = run(*files, "--base-year", "2025", "--year", "2020")
    assert result.exit_code == 2 and "base year 2025 must be before the year 2020" in result.output
    result = run(*files, "--base-year", "2019")
    assert result.exit_code == 2 and "no enterprise has figures for 2019" in result.output


def test_bad_rows_of_every_file_are_named_and_nothing_is_printed(tmp_path: Path) -> None:
    good = write_year(tmp_path, 2020)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A,2025-01,原煤,lots,t\nA,2025-01,unobtainium,3,t\n", encoding="utf-8")
    worse = tmp_path / "worse.csv"
    worse.write_text(HEADER + "B,2025-13,原煤,1,t\n", encoding="utf-8")
    result = run(str(good), str(bad), str(worse), "--format", "json")
    assert result.exit_code == 2
    assert "bad.csv, row 2, column quantity: 'lots' is not a number" in result.output
    assert "bad.csv, row 3, column activity: unknown activity 'unobtainium'" in result.output
    assert "worse.csv, row 2, column period" in result.output
    assert "{" not in result.output


def test_energy_without_output_value_names_the_enterprise_and_year(tmp_path: Path) -> None:
    later = tmp_path / "2025.csv"
    later.write_text(HEADER + "A,2025-01,raw_coal,10,t\n", encoding="utf-8")
    result = run(str(write_year(tmp_path, 2020)), str(later))
    assert result.exit_code == 2
    assert "A 2025: the output value is missing" in result.output
