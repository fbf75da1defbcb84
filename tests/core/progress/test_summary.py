"""The progress summary (the CLI's JSON): yearly totals and intensities, their change and the
decomposition, worked out by hand on the golden two-enterprise, two-fuel case."""

from __future__ import annotations

import math

import polars as pl
import pytest

from greenledger.core.errors import InputError
from greenledger.core.progress import FactFrames
from greenledger.core.progress.accounts import ENERGY_COLUMNS, ENTERPRISE_YEAR_COLUMNS
from greenledger.core.progress.summary import progress_summary

# (enterprise, year, output, {carrier: (tce, tCO2e)}, non-energy, exported, park, so2, nox)
Row = tuple[str, int, float | None, dict[str, tuple[float, float]], float, float, str, float, float]

# The golden case of test_decomposition (A and B, coal and gas, 2020 -> 2025), plus A alone in
# 2022 and C entering in 2025 (gas 5 tce / 8 t, output 20).
ROWS: list[Row] = [
    ("A", 2020, 100.0, {"coal": (40, 104), "gas": (10, 16)}, 5.0, 0.0, "P1", 1.0, 0.4),
    ("B", 2020, 100.0, {"coal": (20, 52), "gas": (30, 48)}, 0.0, 0.0, "P2", 2.0, 0.6),
    ("A", 2022, 120.0, {"coal": (35, 91), "gas": (20, 32)}, 6.0, 0.0, "P1", 0.8, 0.3),
    ("A", 2025, 150.0, {"coal": (30, 78), "gas": (30, 48)}, 8.0, 0.0, "P1", 0.5, 0.2),
    ("B", 2025, 130.0, {"coal": (10, 27), "gas": (30, 48)}, 0.0, 1.0, "P2", 1.0, 0.3),
    ("C", 2025, 20.0, {"gas": (5, 8)}, 0.0, 0.0, "P2", 0.0, 0.1),
]


def build(rows: list[Row]) -> FactFrames:
    years = []
    energy = []
    for name, year, output, carriers, non_energy, exported, park, so2, nox in rows:
        energy_co2e = sum(c for _t, c in carriers.values())
        years.append(
            {
                "enterprise": name,
                "year": year,
                "output_value_wan_yuan": output,
                "energy_tce": float(sum(t for t, _c in carriers.values())),
                "energy_tce_generation": 0.0,
                "gbt32150_co2e_t": energy_co2e + non_energy - exported,
                "scope1_co2e_t": 0.0,
                "scope2_location_t": 0.0,
                "scope2_market_t": 0.0,
                "co2_biogenic_t": 0.0,
                "so2_t": so2,
                "nox_t": nox,
                "pm_t": 0.1,
                "vocs_t": 0.0,
                "energy_co2e_t": float(energy_co2e),
                "non_energy_co2e_t": non_energy,
                "exported_co2e_t": exported,
                "park": park,
                "industry": "C30",
            }
        )
        energy += [
            {"enterprise": name, "year": year, "carrier": c, "energy_tce": t, "energy_co2e_t": e}
            for c, (t, e) in carriers.items()
        ]
    return FactFrames(
        pl.DataFrame(years, schema=ENTERPRISE_YEAR_COLUMNS),
        pl.DataFrame(energy, schema=ENERGY_COLUMNS),
    )


def test_golden_summary_by_hand() -> None:
    summary = progress_summary(build(ROWS), base_year=2020, year=2025)
    assert list(summary["years"]) == ["2020", "2022", "2025"]
    y20, y22, y25 = (summary["years"][y] for y in ("2020", "2022", "2025"))
    # 2020: energy 50 + 50 = 100 tce; total 104+16+5 + 52+48 = 225 t; output 200.
    assert y20["enterprises"] == 2
    assert y20["energy_tce"] == 100.0
    assert y20["gbt32150_total_tco2e"] == 225.0
    assert y20["output_value_wan_yuan"] == 200.0
    assert y20["tce_per_wan_yuan"] == pytest.approx(0.5, abs=1e-12)
    assert y20["co2e_t_per_wan_yuan"] == pytest.approx(1.125, abs=1e-12)
    assert y20["pollutants_t"] == pytest.approx({"so2": 3.0, "nox": 1.0, "pm": 0.2, "vocs": 0.0})
    # 2022: A alone: 55 tce, 91 + 32 + 6 = 129 t, output 120.
    assert (y22["energy_tce"], y22["gbt32150_total_tco2e"]) == (55.0, 129.0)
    assert y22["tce_per_wan_yuan"] == pytest.approx(55 / 120, abs=1e-12)
    # 2025: energy 60 + 40 + 5 = 105; total 126 + 8 + 75 - 1 + 8 = 216; output 300.
    assert y25["energy_tce"] == 105.0
    assert y25["gbt32150_total_tco2e"] == 216.0
    assert y25["output_value_wan_yuan"] == 300.0
    assert y25["tce_per_wan_yuan"] == pytest.approx(0.35, abs=1e-12)
    assert y25["co2e_t_per_wan_yuan"] == pytest.approx(0.72, abs=1e-12)
    change = summary["change"]
    # 0.35 / 0.5 - 1 = -30 %; 0.72 / 1.125 - 1 = -36 %; 216 - 225 = -9 t.
    assert change["tce_per_wan_yuan_pct"] == pytest.approx(-30.0, abs=1e-9)
    assert change["co2e_t_per_wan_yuan_pct"] == pytest.approx(-36.0, abs=1e-9)
    assert change["gbt32150_total_tco2e"] == pytest.approx(-9.0, abs=1e-12)
    d = summary["decomposition"]
    assert (d["base_year"], d["year"]) == (2020, 2025)
    assert d["total_change_t"] == pytest.approx(-9.0, abs=1e-12)
    # The continuing enterprises' effects are those of the golden case (worked out in
    # test_decomposition); C's whole 8 t is the entry term.
    expected = {
        "activity": 69.1953,
        "structure": 1.8610,
        "energy_intensity": -68.4905,
        "energy_mix": -23.0054,
        "emission_factor": 1.4396,
        "other": 2.0,
        "entry": 8.0,
        "exit": 0.0,
    }
    assert list(d["effects_t"]) == list(expected)
    for name, value in expected.items():
        assert d["effects_t"][name] == pytest.approx(value, abs=1e-4), name
    assert math.fsum(d["effects_t"].values()) == pytest.approx(-9.0, abs=1e-10)


def test_a_park_alone() -> None:
    summary = progress_summary(build(ROWS), base_year=2020, year=2025, park="P1")
    # A: 2020 125 t, 2025 134 t; energy 50 -> 60 tce on output 100 -> 150.
    assert summary["years"]["2025"]["enterprises"] == 1
    assert summary["change"]["gbt32150_total_tco2e"] == pytest.approx(9.0, abs=1e-12)
    assert summary["change"]["tce_per_wan_yuan_pct"] == pytest.approx(-20.0, abs=1e-9)
    assert math.fsum(summary["decomposition"]["effects_t"].values()) == pytest.approx(9.0)


def test_a_year_without_output_value_has_no_intensity() -> None:
    rows = [*ROWS, ("D", 2022, None, {}, 0.0, 0.0, "P1", 0.0, 0.0)]
    rows = [r if r[:2] != ("A", 2022) else ("A", 2022, None, {}, 3.0, 0, "P1", 0, 0) for r in rows]
    summary = progress_summary(build(rows), base_year=2020, year=2025)
    y22 = summary["years"]["2022"]
    assert y22["output_value_wan_yuan"] is None
    assert y22["tce_per_wan_yuan"] is None and y22["co2e_t_per_wan_yuan"] is None
    assert y22["gbt32150_total_tco2e"] == 3.0


def test_an_enterprise_without_energy_changes_only_output_shares() -> None:
    rows = [
        *ROWS,
        ("Z", 2020, 50.0, {}, 0.0, 0.0, "P2", 0.0, 0.0),
        ("Z", 2025, 50.0, {}, 0.0, 0.0, "P2", 0.0, 0.0),
    ]
    summary = progress_summary(build(rows), base_year=2020, year=2025)
    effects = summary["decomposition"]["effects_t"]
    assert all(math.isfinite(v) for v in effects.values())
    assert math.fsum(effects.values()) == pytest.approx(-9.0, abs=1e-10)
    assert summary["years"]["2020"]["tce_per_wan_yuan"] == pytest.approx(100 / 250)


def test_bad_years_are_refused() -> None:
    frames = build(ROWS)
    with pytest.raises(InputError, match="2021"):
        progress_summary(frames, base_year=2021, year=2025)
    with pytest.raises(InputError, match="both 2025"):
        progress_summary(frames, base_year=2025, year=2025)
    rows = [r if r[:2] != ("B", 2025) else (*r[:2], None, *r[3:]) for r in ROWS]
    with pytest.raises(InputError, match="B 2025: the output value is missing"):
        progress_summary(build(rows), base_year=2020, year=2025)
