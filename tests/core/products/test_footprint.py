"""Golden tests of the supply-graph footprint solver, every figure solved by hand."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from greenledger.core.errors import InputError
from greenledger.core.products.footprint import (
    DQI,
    Background,
    Input,
    Model,
    Process,
    solve,
    solve_arrays,
)


def _loop_model() -> Model:
    """Steam and power made in a loop (each uses the other), and an ingot made from both.

    steam: 10 t, 3 tCO2e direct, uses 2 MWh power; power: 5 MWh, 4 tCO2e, uses 1 t steam;
    ingot: 2 t, 1 tCO2e, uses 4 t steam, 1 MWh power and 3 t alumina (background 0.6 t/t).
    """
    return Model(
        processes=(
            Process("P-steam", "steam", 10.0, 3.0, (Input("power", 2.0),), dqi=DQI(3, 3, 3, 3, 3)),
            Process("P-power", "power", 5.0, 4.0, (Input("steam", 1.0),), primary=False),
            Process(
                "P-ingot",
                "ingot",
                2.0,
                1.0,
                (Input("steam", 4.0), Input("power", 1.0), Input("alumina", 3.0)),
                biogenic_tco2e=0.2,
                dqi=DQI(1, 1, 1, 1, 1),
            ),
        ),
        background={
            "alumina": Background("alumina", 0.6, "test factor", dqi=DQI(2, 2, 2, 2, 2)),
        },
    )


def test_two_process_loop_solved_by_hand() -> None:
    # 10 f_s = 3 + 2 f_p and 5 f_p = 4 + f_s  =>  9.6 f_s = 4.6: f_s = 23/48, f_p = 43/48
    result = solve(_loop_model())
    assert result.per_unit["steam"] == pytest.approx(23 / 48, rel=1e-12)
    assert result.per_unit["power"] == pytest.approx(43 / 48, rel=1e-12)
    # ingot: (1 + 4 x 23/48 + 43/48 + 3 x 0.6) / 2 = 2.80625
    assert result.per_unit["ingot"] == pytest.approx(2.80625, rel=1e-12)


def test_contributions_add_up_to_the_footprint() -> None:
    result = solve(_loop_model())
    c = result.contributions("ingot")
    assert c.total == pytest.approx(2.80625)
    assert c.direct == pytest.approx(0.5)
    assert c.by_input == pytest.approx(
        {"steam": 2 * 23 / 48, "power": 0.5 * 43 / 48, "alumina": 0.9}, rel=1e-12
    )
    assert c.direct + sum(c.by_input.values()) == pytest.approx(c.total, rel=1e-12)
    # runs for 1 t of ingot: ingot 0.5, steam 2.1 / 9.6 = 0.21875, power 0.1875
    assert c.by_process == pytest.approx(
        {"P-ingot": 0.5, "P-steam": 0.65625, "P-power": 0.75}, rel=1e-12
    )
    assert c.by_background == pytest.approx({"alumina": 0.9}, rel=1e-12)
    assert sum(c.by_process.values()) + sum(c.by_background.values()) == pytest.approx(
        c.total, rel=1e-12
    )
    for product in ("steam", "power"):
        other = result.contributions(product)
        assert other.direct + sum(other.by_input.values()) == pytest.approx(other.total)
        assert sum(other.by_process.values()) == pytest.approx(other.total)


def test_biogenic_quality_and_primary_share() -> None:
    result = solve(_loop_model())
    assert result.biogenic_per_unit["ingot"] == pytest.approx(0.1)
    assert result.biogenic_per_unit["steam"] == 0.0
    # the power process is secondary data, the background is secondary
    assert result.primary_share["ingot"] == pytest.approx((0.5 + 0.65625) / 2.80625)
    # DQI weighted by contribution: ingot 0.5 x 1, steam 0.65625 x 3, alumina 0.9 x 2;
    # power (0.75) has no DQI
    assert result.dqi["ingot"] == pytest.approx((0.5 + 0.65625 * 3 + 0.9 * 2) / 2.05625)
    assert result.dqi_coverage["ingot"] == pytest.approx(2.05625 / 2.80625)


def test_a_plant_using_its_own_steam() -> None:
    # 10 t of steam, 1 t of it used by the boiler itself, 9 tCO2e: 9 / (10 - 1) = 1 t/t
    model = Model((Process("boiler", "steam", 10.0, 9.0, (Input("steam", 1.0),)),))
    result = solve(model)
    assert result.per_unit["steam"] == pytest.approx(1.0)
    assert result.contributions("steam").by_input == pytest.approx({"steam": 0.1})


def test_unknown_product_refused_with_process_and_product() -> None:
    model = Model((Process("P1", "x", 1.0, 1.0, (Input("cement", 2.0),)),))
    with pytest.raises(InputError) as info:
        solve(model)
    assert str(info.value.problems[0]) == (
        "the process P1 uses the product cement, which no process makes and no background "
        "factor covers"
    )


def test_singular_loop_refused_with_its_processes() -> None:
    model = Model(
        (
            Process("A", "x", 1.0, 1.0, (Input("y", 1.0),)),
            Process("B", "y", 1.0, 1.0, (Input("x", 1.0),)),
            Process("C", "z", 1.0, 1.0, (Input("x", 0.5),)),
        )
    )
    with pytest.raises(InputError) as info:
        solve(model)
    [problem] = info.value.problems
    assert problem.message.code == "footprint.loop_singular"
    assert problem.message.params["processes"] == "A, B"


def test_loop_using_more_than_it_makes_refused() -> None:
    model = Model(
        (
            Process("A", "x", 1.0, 1.0, (Input("y", 2.0),)),
            Process("B", "y", 1.0, 1.0, (Input("x", 1.0),)),
        )
    )
    with pytest.raises(InputError) as info:
        solve(model)
    assert [p.message.code for p in info.value.problems] == ["footprint.loop_unproductive"]


def test_bad_models_refused_with_every_problem() -> None:
    model = Model(
        (
            Process("A", "x", 0.0, 1.0),
            Process("A", "x", 1.0, float("nan"), (Input("b", -1.0),)),
        ),
        background={"b": Background("b", 0.1), "x": Background("x", 1.0)},
    )
    with pytest.raises(InputError) as info:
        solve(model)
    codes = sorted(p.message.code for p in info.value.problems)
    assert codes == sorted(
        [
            "footprint.bad_output",
            "footprint.duplicate_id",
            "footprint.duplicate_product",
            "footprint.bad_number",
            "footprint.bad_amount",
            "footprint.background_and_process",
        ]
    )
    with pytest.raises(InputError):
        DQI(0, 1, 1, 1, 6)


def test_solve_arrays_matches_solve() -> None:
    a = sp.csr_matrix(np.array([[10.0, -1.0], [-2.0, 5.0]]))
    f = solve_arrays(a, np.array([3.0, 4.0]))
    assert f == pytest.approx([23 / 48, 43 / 48], rel=1e-12)
    with pytest.raises(InputError):
        solve_arrays(sp.csr_matrix(np.array([[1.0, -1.0], [-1.0, 1.0]])), np.ones(2))


@pytest.mark.parametrize(
    ("own_use", "code"), [(10.0, "footprint.loop_singular"), (12.0, "footprint.loop_unproductive")]
)
def test_a_plant_using_all_its_own_steam_refused(own_use: float, code: str) -> None:
    model = Model(
        (
            Process("boiler", "steam", 10.0, 9.0, (Input("steam", own_use),)),
            Process("press", "part", 1.0, 1.0, (Input("steam", 1.0),)),
        )
    )
    with pytest.raises(InputError) as info:
        solve(model)
    [problem] = info.value.problems
    assert problem.message.code == code
    assert problem.message.params["processes"] == "boiler"
