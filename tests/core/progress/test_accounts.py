"""The district fact tables from per-line batch results: sums worked out from the factors by
hand, the GB/T 32150 identity per enterprise-year, carriers, zero energy, missing output."""

from __future__ import annotations

import math

import polars as pl
import pytest

from greenledger.core.batch import compute_batch
from greenledger.core.context import AccountingContext
from greenledger.core.factors import FactorLibrary
from greenledger.core.intake import lines_to_frame
from greenledger.core.model import ActivityLine
from greenledger.core.progress import FactFrames, decompose_frames, fact_frames
from greenledger.core.progress.accounts import ENERGY_COLUMNS, ENTERPRISE_YEAR_COLUMNS
from greenledger.core.resolve import line_factors

CONTEXT = AccountingContext(region="CN", year=2023)

# (enterprise, period, activity, quantity)
LINES = [
    # A 2020: two fuels, purchased electricity and heat, process, fugitive, exported electricity,
    # output value in two lines, a product output (no energy).
    ("A", "2020-01", "raw_coal", 100.0),
    ("A", "2020-02", "raw_coal", 50.0),
    ("A", "2020-01", "natural_gas", 10.0),
    ("A", "2020-01", "purchased_electricity", 500.0),
    ("A", "2020-01", "purchased_heat", 200.0),
    ("A", "2020-01", "limestone", 50.0),
    ("A", "2020-01", "hfc_134a", 10.0),
    ("A", "2020-01", "exported_electricity", 100.0),
    ("A", "2020-01", "output_value", 600.0),
    ("A", "2020-02", "output_value", 400.0),
    ("A", "2020-01", "product_output", 5.0),
    # A 2021: coal only.
    ("A", "2021-01", "raw_coal", 80.0),
    ("A", "2021-01", "output_value", 1100.0),
    # B 2020: output value and no energy at all.
    ("B", "2020-01", "output_value", 200.0),
    # C 2020: energy (diesel for vehicles, biomass) without any output value line.
    ("C", "2020-01", "diesel_mobile", 3.0),
    ("C", "2020-01", "biomass_pellets", 4.0),
]


@pytest.fixture(scope="module")
def batch_lines(library: FactorLibrary) -> pl.DataFrame:
    lines = [
        ActivityLine(
            enterprise=e,
            period=p,
            activity=a,
            quantity=q,
            product="cement" if a == "product_output" else "",
            product_unit="t" if a == "product_output" else "",
            row=row + 2,
        )
        for row, (e, p, a, q) in enumerate(LINES)
    ]
    return compute_batch(lines_to_frame(lines), library, CONTEXT).lines


@pytest.fixture(scope="module")
def frames(batch_lines: pl.DataFrame) -> FactFrames:
    attributes = pl.DataFrame({"enterprise": ["A", "B"], "park": ["North", None]})
    return fact_frames(batch_lines, attributes)


def row(frames: FactFrames, enterprise: str, year: int) -> dict[str, object]:
    ey = frames.enterprise_years
    return ey.filter((pl.col("enterprise") == enterprise) & (pl.col("year") == year)).row(
        0, named=True
    )


def test_the_tables_have_the_contract_schema_one_row_per_key(frames: FactFrames) -> None:
    assert frames.enterprise_years.schema == pl.Schema(ENTERPRISE_YEAR_COLUMNS)
    assert frames.energy.schema == pl.Schema(ENERGY_COLUMNS)
    assert list(frames.energy.columns) == list(ENERGY_COLUMNS)
    keys = frames.enterprise_years.select("enterprise", "year").rows()
    assert keys == [("A", 2020), ("A", 2021), ("B", 2020), ("C", 2020)]


def test_sums_worked_out_from_the_factors(library: FactorLibrary, frames: FactFrames) -> None:
    f = {a: line_factors(library, CONTEXT, a) for _e, _p, a, _q in LINES}
    a20 = row(frames, "A", 2020)
    coal, gas = 150.0 * f["raw_coal"].scope1_co2e, 10.0 * f["natural_gas"].scope1_co2e
    elec = 500.0 * f["purchased_electricity"].scope2_location
    heat = 200.0 * f["purchased_heat"].scope2_location
    process = 50.0 * f["limestone"].scope1_co2e
    fugitive = 10.0 * f["hfc_134a"].scope1_co2e
    exported = 100.0 * f["exported_electricity"].exported
    assert min(coal, gas, elec, heat, process, fugitive, exported) > 0
    assert a20["energy_co2e_t"] == pytest.approx(coal + gas + elec + heat, rel=1e-12)
    assert a20["non_energy_co2e_t"] == pytest.approx(process + fugitive, rel=1e-12)
    assert a20["exported_co2e_t"] == pytest.approx(exported, rel=1e-12)
    assert a20["gbt32150_co2e_t"] == pytest.approx(
        coal + gas + elec + heat + process + fugitive - exported, rel=1e-12
    )
    assert a20["scope1_co2e_t"] == pytest.approx(coal + gas + process + fugitive, rel=1e-12)
    assert a20["scope2_location_t"] == pytest.approx(elec + heat, rel=1e-12)
    # exported electricity counts negative in the energy balance
    tce = (
        150.0 * f["raw_coal"].tce
        + 10.0 * f["natural_gas"].tce
        + 500.0 * f["purchased_electricity"].tce
        + 200.0 * f["purchased_heat"].tce
        - 100.0 * f["purchased_electricity"].tce
    )
    assert f["exported_electricity"].tce == -f["purchased_electricity"].tce
    assert a20["energy_tce"] == pytest.approx(tce, rel=1e-12)
    assert a20["so2_t"] == pytest.approx(
        150.0 * (f["raw_coal"].so2 + f["raw_coal"].so2_per_sulfur * f["raw_coal"].default_sulfur)
        + 10.0 * f["natural_gas"].so2,
        rel=1e-12,
    )
    assert a20["output_value_wan_yuan"] == 1000.0
    assert row(frames, "A", 2021)["output_value_wan_yuan"] == 1100.0
    assert row(frames, "A", 2021)["energy_co2e_t"] == pytest.approx(
        80.0 * f["raw_coal"].scope1_co2e, rel=1e-12
    )


def test_gbt32150_identity_holds_for_every_enterprise_year(frames: FactFrames) -> None:
    for r in frames.enterprise_years.iter_rows(named=True):
        expected = r["energy_co2e_t"] + r["non_energy_co2e_t"] - r["exported_co2e_t"]
        assert math.isclose(r["gbt32150_co2e_t"], expected, rel_tol=1e-12, abs_tol=1e-9), r


def test_carriers_are_the_energy_activities_and_add_up(
    library: FactorLibrary, frames: FactFrames
) -> None:
    energy = frames.energy
    a20 = energy.filter((pl.col("enterprise") == "A") & (pl.col("year") == 2020))
    assert a20["carrier"].to_list() == [
        "natural_gas",
        "purchased_electricity",
        "purchased_heat",
        "raw_coal",
    ]
    coal = a20.filter(pl.col("carrier") == "raw_coal").row(0, named=True)
    assert coal["energy_tce"] == pytest.approx(
        150.0 * line_factors(library, CONTEXT, "raw_coal").tce
    )
    c20 = energy.filter(pl.col("enterprise") == "C")["carrier"].to_list()
    assert c20 == ["biomass_pellets", "diesel_mobile"]
    sums = energy.group_by("enterprise", "year").agg(pl.col("energy_co2e_t").sum().alias("s"))
    joined = frames.enterprise_years.join(sums, on=["enterprise", "year"])
    for r in joined.iter_rows(named=True):
        assert r["s"] == pytest.approx(r["energy_co2e_t"], rel=1e-12)


def test_zero_energy_enterprise_and_missing_output_value(frames: FactFrames) -> None:
    b = row(frames, "B", 2020)
    assert b["output_value_wan_yuan"] == 200.0
    assert b["energy_tce"] == 0.0 and b["gbt32150_co2e_t"] == 0.0 and b["energy_co2e_t"] == 0.0
    assert frames.energy.filter(pl.col("enterprise") == "B").is_empty()
    c = row(frames, "C", 2020)
    assert c["output_value_wan_yuan"] is None
    assert c["energy_tce"] > 0 and c["energy_co2e_t"] > 0


def test_attributes_join_with_empty_text_when_absent(
    batch_lines: pl.DataFrame, frames: FactFrames
) -> None:
    parks = dict(frames.enterprise_years.select("enterprise", "park").unique().rows())
    assert parks == {"A": "North", "B": "", "C": ""}
    assert set(frames.enterprise_years["industry"].to_list()) == {""}
    bare = fact_frames(batch_lines)
    assert set(bare.enterprise_years["park"].to_list()) == {""}


def test_the_tables_feed_the_decomposition(frames: FactFrames) -> None:
    # C has energy but no output value: refused by the decomposition, so leave it out here.
    ey = frames.enterprise_years.filter(pl.col("enterprise") != "C")
    energy = frames.energy.filter(pl.col("enterprise") != "C")
    result = decompose_frames(ey, energy, base_year=2020, year=2021)
    totals = dict(
        frames.enterprise_years.group_by("year").agg(pl.col("gbt32150_co2e_t").sum()).rows()
    )
    c = row(frames, "C", 2020)["gbt32150_co2e_t"]
    assert isinstance(c, float)
    assert result.total_change_t == pytest.approx(totals[2021] - (totals[2020] - c), rel=1e-9)
    assert math.fsum(result.terms_t.values()) == pytest.approx(result.total_change_t, rel=1e-9)


def test_no_lines_gives_empty_tables_of_the_same_schema(batch_lines: pl.DataFrame) -> None:
    empty = fact_frames(batch_lines.clear())
    assert empty.enterprise_years.is_empty() and empty.energy.is_empty()
    assert list(empty.enterprise_years.columns) == list(ENTERPRISE_YEAR_COLUMNS)
