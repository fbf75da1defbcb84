"""LMDI-I decomposition of the change in emissions: a golden case worked out by hand, the exact
closure of the terms (also as a property), zero values, pure cases, bad input."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenledger.core.errors import InputError
from greenledger.core.progress import EnterpriseYear, decompose, group_by, top_enterprises
from greenledger.core.progress.decomposition import EFFECTS, TERMS
from greenledger.core.progress.frames import decompose_frames
from greenledger.core.progress.lmdi import logarithmic_mean


def ey(
    name: str,
    year: int,
    output: float | None,
    carriers: dict[str, tuple[float, float]],
    *,
    non_energy: float = 0.0,
    exported: float = 0.0,
    park: str = "P1",
    industry: str = "C26",
) -> EnterpriseYear:
    """An enterprise-year from {carrier: (tce, tCO2e)}."""
    return EnterpriseYear(
        enterprise=name,
        year=year,
        output_value_wan_yuan=output,
        energy_tce={c: tce for c, (tce, _) in carriers.items()},
        energy_co2e_t={c: co2e for c, (_, co2e) in carriers.items()},
        non_energy_co2e_t=non_energy,
        exported_co2e_t=exported,
        park=park,
        industry=industry,
    )


def frames(records: list[EnterpriseYear]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The same records as the two columnar tables of ``decompose_frames``."""
    years = pl.DataFrame(
        [
            {
                "enterprise": r.enterprise,
                "year": r.year,
                "output_value_wan_yuan": r.output_value_wan_yuan,
                "non_energy_co2e_t": r.non_energy_co2e_t,
                "exported_co2e_t": r.exported_co2e_t,
                "park": r.park,
                "industry": r.industry,
            }
            for r in records
        ],
        schema_overrides={"output_value_wan_yuan": pl.Float64},
    )
    energy = pl.DataFrame(
        [
            {
                "enterprise": r.enterprise,
                "year": r.year,
                "carrier": c,
                "energy_tce": r.energy_tce[c],
                "energy_co2e_t": r.energy_co2e_t[c],
            }
            for r in records
            for c in r.energy_tce
        ],
        schema={
            "enterprise": pl.String,
            "year": pl.Int64,
            "carrier": pl.String,
            "energy_tce": pl.Float64,
            "energy_co2e_t": pl.Float64,
        },
    )
    return years, energy


# Golden case. Two enterprises, coal (2.6 tCO2e/tce, 2.7 for B in 2025) and gas (1.6), output
# in 10^4 yuan:
#   2020  A: V=100, coal 40 tce/104 t, gas 10 tce/16 t, process 5 t
#         B: V=100, coal 20 tce/52 t,  gas 30 tce/48 t
#   2025  A: V=150, coal 30 tce/78 t,  gas 30 tce/48 t, process 8 t
#         B: V=130, coal 10 tce/27 t,  gas 30 tce/48 t, exported heat 1 t
# Totals: 2020 = 104+16+5+52+48 = 225; 2025 = 78+48+8+27+48-1 = 208; change = -17.
GOLDEN = [
    ey("A", 2020, 100, {"coal": (40, 104), "gas": (10, 16)}, non_energy=5),
    ey("B", 2020, 100, {"coal": (20, 52), "gas": (30, 48)}),
    ey("A", 2025, 150, {"coal": (30, 78), "gas": (30, 48)}, non_energy=8),
    ey("B", 2025, 130, {"coal": (10, 27), "gas": (30, 48)}, exported=1),
]


def test_golden_two_enterprises_two_fuels_worked_by_hand() -> None:
    # Factors. Q: 200 -> 280, ln(280/200) = 0.336472.
    #   A: S 0.5 -> 150/280 = 0.535714, ln = +0.068993;  I 50/100 = 0.5 -> 60/150 = 0.4,
    #      ln(0.4/0.5) = -0.223144; M coal 0.8 -> 0.5 (ln -0.470004), gas 0.2 -> 0.5 (ln
    #      +0.916291); F unchanged (ln 0).
    #   B: S 0.5 -> 130/280 = 0.464286, ln = -0.074108;  I 0.5 -> 40/130 = 0.307692,
    #      ln = -0.485508; M coal 0.4 -> 0.25 (ln -0.470004), gas 0.6 -> 0.75 (ln +0.223144);
    #      F coal 2.6 -> 2.7 (ln(2.7/2.6) = +0.037740), gas unchanged.
    # Logarithmic means L(C^T, C^0) = (C^T - C^0) / ln(C^T / C^0):
    #   A coal L(78, 104) = -26 / ln(0.75) = -26 / -0.287682 = 90.3775
    #   A gas  L(48, 16)  =  32 / ln(3)    =  32 / 1.098612  = 29.1277
    #   B coal L(27, 52)  = -25 / ln(27/52) = -25 / -0.655406 = 38.1442
    #   B gas  L(48, 48)  = 48 (equal values)
    # Sum of L = 205.6495.
    # activity  = 205.6495 * 0.336472 = 69.1953
    # structure = (90.3775 + 29.1277) * 0.068993 + (38.1442 + 48) * -0.074108
    #           = 8.2450 - 6.3840 = 1.8610
    # intensity = 119.5052 * -0.223144 + 86.1442 * -0.485508 = -26.6668 - 41.8237 = -68.4905
    # mix       = 90.3775 * -0.470004 + 29.1277 * 0.916291 + 38.1442 * -0.470004
    #             + 48 * 0.223144 = -42.4778 + 26.6894 - 17.9279 + 10.7109 = -23.0054
    # factor    = 38.1442 * 0.037740 = 1.4396
    # Energy-related sum: 69.1953 + 1.8610 - 68.4905 - 23.0054 + 1.4396 = -19.0000
    #   (= 201 - 220, the energy-related change). other = (8 - 5) + (-1 - 0) = +2.
    result = decompose(GOLDEN, base_year=2020, year=2025)
    assert result.total_base_t == 225
    assert result.total_year_t == 208
    assert result.total_change_t == -17
    expected = {
        "activity": 69.1953,
        "structure": 1.8610,
        "energy_intensity": -68.4905,
        "energy_mix": -23.0054,
        "emission_factor": 1.4396,
    }
    for name, value in expected.items():
        assert result.terms_t[name] == pytest.approx(value, abs=1e-4), name
    assert result.terms_t["other"] == pytest.approx(2.0, abs=1e-12)
    assert result.terms_t["entry"] == 0 and result.terms_t["exit"] == 0
    assert math.fsum(result.terms_t.values()) == pytest.approx(-17.0, abs=1e-10)
    # Enterprise A alone: energy change 126 - 120 = +6, other +3 -> +9; its mix effect is
    # -42.4778 + 26.6894 = -15.7884.
    a = result.contribution(result.names.index("A"))
    assert a.status == "continuing"
    assert a.total_change_t == pytest.approx(9.0, abs=1e-12)
    assert a.terms_t["energy_mix"] == pytest.approx(-15.7884, abs=1e-4)
    assert math.fsum(a.terms_t.values()) == pytest.approx(9.0, abs=1e-10)


def test_the_columnar_path_gives_the_same_figures() -> None:
    by_records = decompose(GOLDEN, base_year=2020, year=2025)
    by_frames = decompose_frames(*frames(GOLDEN), base_year=2020, year=2025)
    assert by_frames.names == by_records.names
    assert by_frames.terms_t == pytest.approx(by_records.terms_t, abs=1e-12)
    np.testing.assert_allclose(by_frames.terms, by_records.terms, atol=1e-12)


def test_pure_activity_growth_moves_only_the_activity_effect() -> None:
    # Every output and every carrier x1.5, same shares and factors: all of +50 % is activity.
    base = [
        ey("A", 2020, 100, {"coal": (40, 104), "gas": (10, 16)}),
        ey("B", 2020, 300, {"coal": (20, 52), "power": (30, 17.43)}),
    ]
    grown = [
        ey(
            r.enterprise,
            2023,
            (r.output_value_wan_yuan or 0) * 1.5,
            {c: (r.energy_tce[c] * 1.5, r.energy_co2e_t[c] * 1.5) for c in r.energy_tce},
        )
        for r in base
    ]
    result = decompose(base + grown, base_year=2020, year=2023)
    change = 0.5 * (104 + 16 + 52 + 17.43)
    assert result.terms_t["activity"] == pytest.approx(change, rel=1e-12)
    for name in TERMS[1:]:
        assert result.terms_t[name] == pytest.approx(0.0, abs=1e-9), name


def test_pure_fuel_switch_moves_only_the_energy_mix_effect_even_for_a_new_carrier() -> None:
    # Same output and energy; half the coal (2.6 t/tce) replaced by gas (1.6 t/tce), gas not
    # used in 2020 (a zero: small-value rule). Coal cell: 26 -> 13 t, all from M 1 -> 0.5;
    # gas cell: 0 -> 8 t, all from M ~0 -> 0.5 (F is undefined in 2020 and takes 2025's).
    records = [
        ey("A", 2020, 100, {"coal": (10, 26)}),
        ey("A", 2025, 100, {"coal": (5, 13), "gas": (5, 8)}),
    ]
    result = decompose(records, base_year=2020, year=2025)
    assert result.terms_t["energy_mix"] == pytest.approx(-5.0, abs=1e-9)
    for name in TERMS:
        if name != "energy_mix":
            assert result.terms_t[name] == pytest.approx(0.0, abs=1e-9), name


def test_a_carrier_whose_factor_falls_to_zero_puts_its_emissions_in_the_factor_effect() -> None:
    # Grid electricity 10 tce at 4.7 t/tce -> green power at 0 t/tce: limit of
    # L(d, 47) * ln(d / 4.7) as d -> 0 is -47, all in the emission-factor effect.
    records = [
        ey("A", 2020, 100, {"power": (10, 47.0)}),
        ey("A", 2025, 100, {"power": (10, 0.0)}),
    ]
    result = decompose(records, base_year=2020, year=2025)
    assert result.terms_t["emission_factor"] == pytest.approx(-47.0, abs=1e-9)
    assert all(math.isfinite(v) for v in result.terms.ravel())


def test_zero_output_and_energy_in_one_year_gives_finite_terms_that_close() -> None:
    # B was idle in 2020 (reported, output 0, no energy) and active in 2025; C uses no energy
    # at all in either year; A's gas is zero in both years.
    records = [
        ey("A", 2020, 100, {"coal": (10, 26), "gas": (0, 0)}),
        ey("B", 2020, 0, {"coal": (0, 0)}),
        ey("C", 2020, 50, {}),
        ey("A", 2025, 120, {"coal": (11, 28.6), "gas": (0, 0)}),
        ey("B", 2025, 40, {"coal": (4, 10.4)}),
        ey("C", 2025, 55, {}),
    ]
    result = decompose(records, base_year=2020, year=2025)
    assert np.isfinite(result.terms).all()
    assert result.total_change_t == pytest.approx(2.6 + 10.4)
    assert math.fsum(result.terms_t.values()) == pytest.approx(13.0, abs=1e-9)
    b = result.contribution(result.names.index("B"))
    assert b.status == "continuing"
    assert math.fsum(b.terms_t.values()) == pytest.approx(10.4, abs=1e-9)


def test_entering_and_leaving_enterprises_are_their_own_terms() -> None:
    records = [
        *GOLDEN,
        ey("OLD", 2020, 10, {"coal": (5, 13)}, non_energy=2, park="P2"),
        ey("NEW", 2025, 20, {"gas": (4, 6.4)}, exported=0.4, park="P2"),
    ]
    result = decompose(records, base_year=2020, year=2025)
    assert result.terms_t["exit"] == pytest.approx(-15.0)
    assert result.terms_t["entry"] == pytest.approx(6.0)
    # The continuing enterprises' effects are those of the golden case (Q over them only).
    assert result.terms_t["activity"] == pytest.approx(69.1953, abs=1e-4)
    assert result.total_change_t == pytest.approx(-17 - 15 + 6)
    assert math.fsum(result.terms_t.values()) == pytest.approx(-26.0, abs=1e-10)
    statuses = dict(zip(result.names, result.statuses, strict=True))
    assert statuses == {"A": "continuing", "B": "continuing", "NEW": "entry", "OLD": "exit"}

    parks = group_by(result, "park")
    assert list(parks) == ["P1", "P2"]
    assert parks["P2"].enterprises == 2
    assert parks["P2"].total_change_t == pytest.approx(-9.0)
    assert parks["P1"].terms_t["energy_mix"] == pytest.approx(-23.0054, abs=1e-4)
    assert group_by(result, "industry")["C26"].total_change_t == pytest.approx(-26.0)

    down = top_enterprises(result, direction="decrease", count=2)
    assert [c.enterprise for c in down] == ["B", "OLD"]  # B: 75 - 100 - 1 = -26; OLD -15
    up = top_enterprises(result, direction="increase")
    assert [c.enterprise for c in up] == ["A", "NEW"]  # +9, +6
    by_mix = top_enterprises(result, direction="decrease", term="energy_mix")
    assert [c.enterprise for c in by_mix] == ["A", "B"]  # -15.7884, -17.9279 + 10.7109


def test_logarithmic_mean_by_hand() -> None:
    # L(78, 104) = -26 / ln(0.75) = 90.3775; L(a, a) = a; L is symmetric.
    values = logarithmic_mean(np.array([78.0, 48.0, 104.0]), np.array([104.0, 48.0, 78.0]))
    assert values == pytest.approx([90.3775, 48.0, 90.3775], abs=1e-4)
    near = logarithmic_mean(np.array([1.0 + 1e-14]), np.array([1.0]))
    assert near[0] == pytest.approx(1.0, abs=1e-13)


positive = st.floats(min_value=0.01, max_value=1e5, allow_nan=False)
amount = st.one_of(st.just(0.0), positive)
factor = st.one_of(st.just(0.0), st.floats(min_value=0.0, max_value=5.0))


@st.composite
def enterprise_years(draw: st.DrawFn, name: str, year: int) -> EnterpriseYear:
    tce = {c: draw(amount) for c in draw(st.sets(st.sampled_from(["coal", "gas", "power"])))}
    output = draw(positive) if any(v > 0 for v in tce.values()) else draw(amount)
    return EnterpriseYear(
        enterprise=name,
        year=year,
        output_value_wan_yuan=output,
        energy_tce=tce,
        energy_co2e_t={c: v * draw(factor) for c, v in tce.items()},
        non_energy_co2e_t=draw(amount),
        exported_co2e_t=draw(st.one_of(st.just(0.0), st.floats(0.0, 100.0))),
        park=draw(st.sampled_from(["P1", "P2"])),
    )


@st.composite
def panels(draw: st.DrawFn) -> list[EnterpriseYear]:
    records: list[EnterpriseYear] = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        presence = draw(st.sampled_from([(True, True), (True, False), (False, True)]))
        for year, present in zip((2020, 2025), presence, strict=True):
            if present:
                records.append(draw(enterprise_years(f"E{i}", year)))
    return records


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels())
def test_the_terms_always_add_up_to_the_total_change(records: list[EnterpriseYear]) -> None:
    years = {r.year for r in records}
    if years != {2020, 2025}:
        with pytest.raises(InputError):
            decompose(records, base_year=2020, year=2025)
        return
    result = decompose(records, base_year=2020, year=2025)
    assert np.isfinite(result.terms).all()
    scale = 1.0 + sum(abs(r.total_co2e_t) for r in records)
    assert math.fsum(result.terms_t.values()) == pytest.approx(
        result.total_change_t, abs=1e-9 * scale
    )
    sums = result.terms.sum(axis=0)
    np.testing.assert_allclose(sums, result.change, atol=1e-9 * scale)
    assert set(result.effects_t) == set(EFFECTS)
    by_frames = decompose_frames(*frames(records), base_year=2020, year=2025)
    np.testing.assert_allclose(by_frames.terms, result.terms, atol=1e-9 * scale)


def codes(error: pytest.ExceptionInfo[InputError]) -> list[tuple[str, object, object]]:
    return [
        (p.message.code, p.message.params.get("enterprise"), p.message.params.get("year"))
        for p in error.value.problems
    ]


def test_the_same_year_twice_is_refused() -> None:
    with pytest.raises(InputError) as error:
        decompose(GOLDEN, base_year=2025, year=2025)
    assert codes(error) == [("progress.decomposition.same_year", None, 2025)]
    assert "both 2025" in str(error.value)


def test_bad_records_are_refused_together_naming_enterprise_year_and_field() -> None:
    records = [
        ey("A", 2020, -100, {"coal": (40, 104)}),  # negative output
        ey("B", 2020, None, {"coal": (20, 52)}),  # energy but no output
        ey("C", 2020, 0, {"gas": (3, 4.8)}),  # energy but zero output
        ey("D", 2020, 10, {"coal": (0, 5.0)}),  # emissions without energy
        ey("E", 2020, 10, {"coal": (1, math.nan)}),  # not a number
        ey("F", 2020, 10, {"coal": (1, 2.6)}),
        ey("F", 2020, 10, {"coal": (1, 2.6)}),  # given twice
        ey("A", 2025, 100, {"coal": (-1, 0)}),  # negative energy
        ey("G", 2019, None, {"coal": (1, 2.6)}),  # another year: not read
    ]
    with pytest.raises(InputError) as error:
        decompose(records, base_year=2020, year=2025)
    assert sorted(codes(error), key=str) == sorted(
        [
            ("progress.decomposition.bad_number", "A", 2020),
            ("progress.decomposition.output_missing", "B", 2020),
            ("progress.decomposition.output_zero", "C", 2020),
            ("progress.decomposition.emissions_without_energy", "D", 2020),
            ("progress.decomposition.bad_number", "E", 2020),
            ("progress.decomposition.duplicate", "F", 2020),
            ("progress.decomposition.bad_number", "A", 2025),
        ],
        key=str,
    )
    text = str(error.value)
    assert "B 2020: the output value is missing, but the enterprise used 20.0 tce" in text
    assert "A 2025: energy_tce[coal] is -1" in text
    columns = {p.column for p in error.value.problems}
    assert {"output_value_wan_yuan", "energy_tce[coal]", "energy_co2e_t[coal]"} <= columns


def test_the_columnar_path_refuses_the_same_records_and_energy_without_a_record() -> None:
    records = [
        ey("A", 2020, -100, {"coal": (40, 104)}),
        ey("B", 2020, None, {"coal": (20, 52)}),
        ey("C", 2020, 0, {"gas": (3, 4.8)}),
        ey("D", 2020, 10, {"coal": (0, 5.0)}),
        ey("A", 2025, 100, {"coal": (-1, 0)}),
    ]
    years, energy = frames(records)
    stray = pl.DataFrame(
        {"enterprise": ["Z"], "year": [2025], "carrier": ["coal"]},
        schema={"enterprise": pl.String, "year": pl.Int64, "carrier": pl.String},
    ).with_columns(energy_tce=pl.lit(2.0), energy_co2e_t=pl.lit(5.2))
    with pytest.raises(InputError) as error:
        decompose_frames(years, pl.concat([energy, stray]), base_year=2020, year=2025)
    assert sorted(codes(error), key=str) == sorted(
        [
            ("progress.decomposition.bad_number", "A", 2020),
            ("progress.decomposition.output_missing", "B", 2020),
            ("progress.decomposition.output_zero", "C", 2020),
            ("progress.decomposition.emissions_without_energy", "D", 2020),
            ("progress.decomposition.bad_number", "A", 2025),
            ("progress.decomposition.no_record", "Z", 2025),
        ],
        key=str,
    )


def test_a_year_without_any_record_is_named() -> None:
    with pytest.raises(InputError) as error:
        decompose(GOLDEN, base_year=2020, year=2030)
    assert codes(error) == [("progress.decomposition.no_year", None, 2030)]
