"""Restatement by hand: stored lines recomputed under another electricity year, the GB/T 32150
2025 edition's fuel defaults and AR6 GWPs; the bases the library offers, with their sources."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenledger.core.batch import compute_batch
from greenledger.core.context import AccountingContext
from greenledger.core.errors import GreenLedgerError
from greenledger.core.factors import FactorLibrary
from greenledger.core.intake import CANONICAL_SCHEMA
from greenledger.core.model import LINE_FIGURES
from greenledger.core.progress.restate import (
    combine_alike,
    restate_lines,
    restatement_bases,
    restatement_basis,
)

VERIFIED_2021 = AccountingContext(region="CN", year=2021)


def lines_2021(*rows: tuple[str, str, float]) -> pl.DataFrame:
    """Canonical lines of reporting year 2021: (enterprise, activity, quantity)."""
    return pl.DataFrame(
        [
            {
                "enterprise": enterprise,
                "site": "",
                "period": "2021",
                "year": 2021,
                "activity": activity,
                "quantity": quantity,
                "instrument": "",
                "removal_efficiency": 0.0,
                "sulfur_percent": None,
                "technology": "",
                "product": "",
                "product_unit": "",
                "row": index + 2,
            }
            for index, (enterprise, activity, quantity) in enumerate(rows)
        ],
        schema=CANONICAL_SCHEMA,
    )


def stored(library: FactorLibrary, *rows: tuple[str, str, float]) -> pl.DataFrame:
    """What the reporting app stores: the verified per-line results of 2021."""
    return compute_batch(lines_2021(*rows), library, VERIFIED_2021).lines


def test_electricity_line_restated_with_the_2023_factor_is_quantity_times_new_factor(
    library: FactorLibrary,
) -> None:
    verified = stored(library, ("甲", "purchased_electricity", 1000.0))
    # verified under the 2021 national average factor 0.5568 tCO2/MWh
    assert verified["scope2_location_t"][0] == pytest.approx(556.8, rel=1e-12)
    basis = restatement_basis(library, "electricity-2023", base=VERIFIED_2021)
    assert basis is not None and basis.context.year == 2023
    restated = restate_lines(verified, library, basis.context).lines
    # 1000 MWh x 0.5306 tCO2/MWh (MEE/NBS 2023 national average)
    assert restated["scope2_location_t"][0] == pytest.approx(530.6, rel=1e-12)
    assert restated["gbt32150_co2e_t"][0] == pytest.approx(530.6, rel=1e-12)
    # market-based: no instrument, the 2023 residual mix 0.6096 (2021: 0.5942)
    assert verified["scope2_market_t"][0] == pytest.approx(594.2, rel=1e-12)
    assert restated["scope2_market_t"][0] == pytest.approx(609.6, rel=1e-12)
    # the reporting year stays 2021; only the factors changed
    assert restated["year"].to_list() == [2021]
    assert restated["quantity"].to_list() == [1000.0]


def test_fuel_line_under_the_2025_edition_by_hand(library: FactorLibrary) -> None:
    verified = stored(library, ("甲", "raw_coal", 100.0))
    basis = restatement_basis(library, "gbt32150-2025", base=VERIFIED_2021)
    assert basis is not None and basis.context.ghg_edition == "2025"
    result = restate_lines(verified, library, basis.context)
    line = result.lines.row(0, named=True)
    # 100 t x 20.908 GJ/t = 2.0908 TJ; x 26.37 tC/TJ x 0.94 x 44/12
    co2 = 100 * 20.908 / 1000 * 26.37 * 0.94 * 44 / 12
    assert co2 == pytest.approx(190.0298849, rel=1e-9)
    assert line["co2_fossil_t"] == pytest.approx(co2, rel=1e-12)
    # CH4 10 and N2O 1.5 kg/TJ (IPCC 2006) x AR5 28 and 265
    ch4_n2o = 2.0908 * (10 * 28 + 1.5 * 265) / 1000
    assert line["scope1_co2e_t"] == pytest.approx(co2 + ch4_n2o, rel=1e-12)
    # the 2025 edition's rows were used (the verified 2021 inventory used the 2015 edition)
    ids = result.lineage.filter(pl.col("lineage_key") == line["lineage_key"])["factor_ids"][0]
    assert "gbt32150-2025.raw_coal.ncv" in ids
    assert "gbt32150-2015.raw_coal.ncv" not in ids
    assert "gbt32150-2025.raw_coal.ncv" in {s.factor_id for s in basis.sources}


def test_fugitive_line_under_ar6(library: FactorLibrary) -> None:
    verified = stored(library, ("甲", "hfc_134a", 100.0))
    assert verified["fgas_co2e_t"][0] == pytest.approx(0.1 * 1300, rel=1e-12)  # AR5
    basis = restatement_basis(library, "gwp-ar6", base=VERIFIED_2021)
    assert basis is not None
    restated = restate_lines(verified, library, basis.context).lines
    assert restated["fgas_co2e_t"][0] == pytest.approx(0.1 * 1530, rel=1e-12)  # AR6


def test_several_enterprises_at_once_keep_their_own_columns(library: FactorLibrary) -> None:
    verified = stored(
        library,
        ("甲", "purchased_electricity", 1000.0),
        ("乙", "purchased_electricity", 250.0),
        ("乙", "raw_coal", 100.0),
    ).with_columns(pl.Series("organisation_id", [7, 9, 9]))
    basis = restatement_basis(library, "newest", base=VERIFIED_2021)
    assert basis is not None
    assert (basis.context.year, basis.context.ghg_edition, basis.context.gwp) == (
        2023,
        "2025",
        "AR6",
    )
    restated = restate_lines(verified, library, basis.context)
    assert restated.lines["organisation_id"].to_list() == [7, 9, 9]
    assert set(LINE_FIGURES) <= set(restated.lines.columns)
    location = restated.lines["scope2_location_t"].to_list()
    assert location == pytest.approx([530.6, 132.65, 0.0], rel=1e-12)
    coal = 2.0908 * 26.37 * 0.94 * 44 / 12 + 2.0908 * (10 * 27.9 + 1.5 * 273) / 1000
    assert restated.lines["scope1_co2e_t"][2] == pytest.approx(coal, rel=1e-12)


def test_restating_under_the_verified_context_reproduces_the_stored_figures(
    library: FactorLibrary,
) -> None:
    verified = stored(library, ("甲", "purchased_electricity", 1000.0), ("甲", "raw_coal", 100.0))
    again = restate_lines(verified, library, VERIFIED_2021).lines
    for name in LINE_FIGURES:
        assert again[name].to_list() == verified[name].to_list(), name


def test_lines_without_an_input_column_are_refused_naming_it(library: FactorLibrary) -> None:
    verified = stored(library, ("甲", "purchased_electricity", 1000.0)).drop("quantity")
    with pytest.raises(GreenLedgerError, match="quantity"):
        restate_lines(verified, library, VERIFIED_2021)


def test_the_bases_the_library_offers_with_their_sources(library: FactorLibrary) -> None:
    bases = {b.key: b for b in restatement_bases(library, base=VERIFIED_2021)}
    assert list(bases) == ["electricity-2023", "gbt32150-2025", "gwp-ar6", "newest"]
    electricity = bases["electricity-2023"]
    assert electricity.kind == "electricity" and electricity.value == "2023"
    by_id = {s.factor_id: s for s in electricity.sources}
    grid = by_id["mee-nbs.electricity.ef.cn.2023"]
    assert (grid.value, grid.unit, grid.year) == (0.5306, "tCO2/MWh", 2023)
    assert "Ministry of Ecology and Environment" in grid.citation
    assert "公告2025年第47号" in grid.citation
    assert all(s.year == 2023 for s in electricity.sources)
    ghg = bases["gbt32150-2025"]
    assert sum(s.rows for s in ghg.sources) == len(
        [f for f in library.factors if f.id.startswith("gbt32150-2025.")]
    )
    assert all("GB/T 32150-2025" in s.citation for s in ghg.sources)
    assert ghg.unconfirmed == sum(s.rows for s in ghg.sources)  # carried over, unconfirmed
    gwp = bases["gwp-ar6"]
    assert sum(s.rows for s in gwp.sources) == len(
        [f for f in library.factors if f.quantity == "gwp" and f.edition == "AR6"]
    )
    assert all("AR6" in s.citation for s in gwp.sources)
    # each basis changes only its own part of the verified context
    assert dataclasses.replace(electricity.context, year=2021) == VERIFIED_2021
    assert dataclasses.replace(ghg.context, ghg_edition=None) == VERIFIED_2021
    assert dataclasses.replace(gwp.context, gwp="AR5") == VERIFIED_2021
    assert restatement_basis(library, "electricity-1999") is None


def test_the_newest_electricity_year_follows_the_series(library: FactorLibrary) -> None:
    reporting = AccountingContext(region="CN", electricity_series="reporting")
    keys = [b.key for b in restatement_bases(library, base=reporting)]
    assert keys[0] == "electricity-2022"  # the enterprise-reporting series ends in 2022


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["甲", "乙"]),
            st.sampled_from(["purchased_electricity", "raw_coal", "natural_gas", "hfc_134a"]),
            st.floats(min_value=0.0, max_value=1e6, allow_nan=False),
            st.sampled_from([None, 0.8, 1.2]),
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_combined_lines_give_the_sums_of_the_lines(
    library: FactorLibrary, rows: list[tuple[str, str, float, float | None]]
) -> None:
    lines = lines_2021(*((e, a, q) for e, a, q, _s in rows)).with_columns(
        pl.Series("sulfur_percent", [s for *_r, s in rows], dtype=pl.Float64)
    )
    context = AccountingContext(region="CN", year=2023, gwp="AR6")
    combined = combine_alike(lines)
    assert combined.height == lines.select("enterprise", "activity", "sulfur_percent").n_unique()
    each = restate_lines(lines, library, context).lines
    together = restate_lines(combined, library, context).lines
    by = ["enterprise"]
    expected = each.group_by(by).agg(pl.col(n).sum() for n in LINE_FIGURES).sort(by)
    found = together.group_by(by).agg(pl.col(n).sum() for n in LINE_FIGURES).sort(by)
    for name in LINE_FIGURES:
        for a, b in zip(expected[name], found[name], strict=True):
            assert b == pytest.approx(a, rel=1e-9, abs=1e-9), name
