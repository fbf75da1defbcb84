"""The footprint JSON file, its result, and the shipped data files."""

from __future__ import annotations

import pytest

from greenledger.core.errors import InputError
from greenledger.core.products.footprint import solve
from greenledger.core.products.footprint_files import (
    load_background,
    load_electricity_footprint,
    read_model,
    to_json,
)

LOOP = {
    "processes": [
        {
            "id": "P-steam",
            "product": "steam",
            "output": 10,
            "direct_tco2e": 3,
            "inputs": [{"product": "power", "amount": 2}],
        },
        {
            "id": "P-power",
            "product": "power",
            "output": 5,
            "direct_tco2e": 4,
            "inputs": [{"product": "steam", "amount": 1}, {"product": "coal", "amount": 0.5}],
        },
    ],
    "background": {"coal": {"tco2e_per_unit": 2.0}},
}


def test_file_solved_and_written() -> None:
    answer = to_json(solve(read_model(LOOP)))
    # 10 f_s = 3 + 2 f_p; 5 f_p = 4 + 1 + f_s  =>  9.6 f_s = 5: f_s = 25/48, f_p = 53/48
    steam = answer["footprints"]["steam"]
    power = answer["footprints"]["power"]
    assert steam["tco2e_per_unit"] == pytest.approx(25 / 48, rel=1e-12)
    assert power["tco2e_per_unit"] == pytest.approx(53 / 48, rel=1e-12)
    assert power["contributions"]["background"] == pytest.approx(
        {"coal": 2.0 * 0.5 / 4.8}
    )  # runs 1/4.8
    assert power["contributions"]["inputs"] == pytest.approx(
        {"steam": 25 / 48 / 5, "coal": 0.2}, rel=1e-12
    )
    assert steam["primary_data_share"] == pytest.approx(0.92)  # coal: 1/24 of 25/48


def test_file_problems_located() -> None:
    bad = {
        "processes": [
            {"id": "A", "product": "x", "output": "ten", "inputs": [{"amount": 1}]},
            "nope",
        ],
        "background": {"coal": {"tco2e_per_unit": True}},
    }
    with pytest.raises(InputError) as info:
        read_model(bad, file="model.json")
    located = sorted(str(p) for p in info.value.problems)
    assert located == sorted(
        [
            "model.json, column processes[0].output: the field processes[0].output must be "
            "number, not 'ten'",
            "model.json, column processes[0].direct_tco2e: the field processes[0].direct_tco2e "
            "is missing",
            "model.json, column processes[0].inputs[0].product: the field "
            "processes[0].inputs[0].product is missing",
            "model.json, column processes[1]: the field processes[1] must be object, not 'nope'",
            "model.json, column background.coal.tco2e_per_unit: the field "
            "background.coal.tco2e_per_unit must be number, not True",
        ]
    )


def test_electricity_footprint_series_apart_from_inventory_factors() -> None:
    series = {(v.year, v.region): v for v in load_electricity_footprint()}
    assert series[(2024, "CN")].kg_co2e_per_kwh == 0.5777
    assert series[(2023, "CN")].kg_co2e_per_kwh == 0.6205
    assert not any(v.confirmed for v in series.values())
    background = load_background()
    grid = background["grid_electricity_cn_2024"]
    assert grid.tco2e_per_unit == 0.5777  # per MWh
    assert "2025-10-23" in grid.source and grid.confirmed is False
