"""Financed emissions worked out by hand (see ``pcaf_cases``): the attribution factor of every
asset class, every data-quality score, WACI, breakdowns and the year-on-year change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from greenledger.core.finance.pcaf import (
    PcafRules,
    Position,
    change,
    financed,
    load_rules,
    read_portfolio,
)
from greenledger.core.finance.pcaf_rules import RULES_PATH
from tests.core.finance.pcaf_cases import SECTOR_FACTORS, frame


@pytest.fixture(scope="module")
def rules() -> PcafRules:
    return load_rules()


def by_position(rules: PcafRules) -> dict[str, dict[str, object]]:
    result = financed(read_portfolio(frame(), rules), rules)
    return {row["position"]: row for row in result.table.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("position", "factor", "financed_t", "score"),
    [
        ("E1", 0.05, 1000.0, 2),  # listed equity: outstanding / EVIC, reported
        ("B1", 0.05, 200.0, 1),  # corporate bond: outstanding / EVIC, verified
        ("L1", 0.2, 200.0, 1),  # private business loan: outstanding / (equity + debt)
        ("L2", 0.04, 40.0, 2),  # listed business loan: outstanding / EVIC, energy data
        ("P1", 0.3, 2400.0, 3),  # project finance: / (equity + debt), production data
        ("R1", 0.25, 150.0, 2),  # commercial real estate: / property value, energy data
        ("M1", 0.3, 0.9, 2),  # mortgage: / property value at origination
    ],
)
def test_each_asset_class_attributes_as_pcaf_defines_it(
    rules: PcafRules, position: str, factor: float, financed_t: float, score: int
) -> None:
    row = by_position(rules)[position]
    assert row["attribution_factor"] == pytest.approx(factor, rel=1e-12)
    assert row["financed_tco2e"] == pytest.approx(financed_t, rel=1e-12)
    assert row["data_quality_score"] == score
    assert row["estimated"] is False


def test_portfolio_totals_weighted_score_and_waci(rules: PcafRules) -> None:
    result = financed(read_portfolio(frame(), rules), rules)
    totals = result.totals
    # 1000 + 200 + 200 + 40 + 2400 + 150 + 0.9
    assert totals.financed_tco2e == pytest.approx(3990.9)
    outstanding = 5 + 3 + 2 + 2 + 30 + 12 + 1.2  # millions
    assert totals.outstanding_yuan == pytest.approx(outstanding * 1e6)
    scored = 5 * 2 + 3 * 1 + 2 * 1 + 2 * 2 + 30 * 3 + 12 * 2 + 1.2 * 2
    assert totals.weighted_data_quality_score == pytest.approx(scored / outstanding)
    # Only E1 (5M; 20,000 t on 200M revenue: 100 t per million yuan) and L1 (2M; 1,000 t on
    # 50M: 20) give a revenue: WACI = (5 x 100 + 2 x 20) / 7 = 77.142857...
    assert totals.waci_tco2e_per_million_yuan == pytest.approx(540 / 7)
    assert totals.waci_coverage == pytest.approx(7 / outstanding)
    answer = result.to_json()
    assert answer["totals"] == {
        "financed_tco2e": 3990.9,
        "weighted_data_quality_score": round(scored / outstanding, 6),
        "waci_tco2e_per_million_yuan": round(540 / 7, 6),
    }
    assert answer["positions"][0] == {
        "position": "E1",
        "attribution_factor": 0.05,
        "financed_tco2e": 1000.0,
        "data_quality_score": 2,
    }


def test_breakdowns_by_sector_asset_class_and_catalogue_code(rules: PcafRules) -> None:
    result = financed(read_portfolio(frame(), rules), rules)
    assert result.by_sector["D44"].financed_tco2e == pytest.approx(3400.0)  # E1 + P1
    assert result.by_sector["D44"].weighted_data_quality_score == pytest.approx(
        (5 * 2 + 30 * 3) / 35
    )
    assert result.by_sector["C26"].financed_tco2e == pytest.approx(240.0)
    assert result.by_asset_class["business_loan"].positions == 2
    assert result.by_asset_class["business_loan"].financed_tco2e == pytest.approx(240.0)
    assert result.by_asset_class["mortgage"].waci_tco2e_per_million_yuan is None
    assert result.by_catalogue_code["1.1.1"].financed_tco2e == pytest.approx(240.0)
    assert result.by_catalogue_code["3.2.1"].financed_tco2e == pytest.approx(2400.0)
    assert result.by_catalogue_code[""].positions == 4  # positions without a category


def test_revenue_and_asset_estimates_score_4_and_5(rules: PcafRules, tmp_path: Path) -> None:
    factors = tmp_path / "factors.yaml"
    factors.write_text(SECTOR_FACTORS, encoding="utf-8")
    with_factors = load_rules(RULES_PATH, factors)
    loan = Position(
        position="X1",
        borrower="Maker H",
        asset_class="business_loan",
        outstanding_yuan=1e6,
        emissions_basis="revenue",
        sector="C31",
        equity_yuan=2e6,
        debt_yuan=3e6,
        revenue_yuan=10e6,
    )
    by_assets = replace(loan, position="X2", emissions_basis="asset")
    result = financed((loan, by_assets), with_factors)
    rows = {r["position"]: r for r in result.table.iter_rows(named=True)}
    # revenue: 10M yuan x 500 t per million = 5,000 t; AF 1M / 5M = 0.2 -> 1,000 t, score 4
    assert rows["X1"]["emissions_tco2e"] == pytest.approx(5000.0)
    assert rows["X1"]["financed_tco2e"] == pytest.approx(1000.0)
    assert rows["X1"]["data_quality_score"] == 4
    # assets = equity + debt = 5M x 100 t per million = 500 t; x 0.2 = 100 t, score 5
    assert rows["X2"]["emissions_tco2e"] == pytest.approx(500.0)
    assert rows["X2"]["financed_tco2e"] == pytest.approx(100.0)
    assert rows["X2"]["data_quality_score"] == 5
    assert rows["X1"]["estimated"] and rows["X2"]["estimated"]
    assert result.totals.weighted_data_quality_score == pytest.approx(4.5)


def test_year_on_year_change(rules: PcafRules) -> None:
    last = financed(read_portfolio(frame(), rules), rules)
    positions = read_portfolio(frame(), rules)
    # this year P1 has been repaid down to 15M: AF 0.15, 1,200 t (1,200 t less)
    now = financed(
        tuple(replace(p, outstanding_yuan=15e6) if p.position == "P1" else p for p in positions),
        rules,
    )
    moved = change(last, now)
    assert moved.financed_tco2e == pytest.approx(-1200.0)
    assert moved.financed_relative == pytest.approx(-1200.0 / 3990.9)
    assert moved.outstanding_yuan == pytest.approx(-15e6)
    assert moved.waci_tco2e_per_million_yuan == pytest.approx(0.0)  # P1 has no revenue
    before = (5 * 2 + 3 + 2 + 2 * 2 + 30 * 3 + 12 * 2 + 1.2 * 2) / 55.2
    after = (5 * 2 + 3 + 2 + 2 * 2 + 15 * 3 + 12 * 2 + 1.2 * 2) / 40.2
    assert moved.weighted_data_quality_score == pytest.approx(after - before)


def test_a_position_that_was_not_validated_is_not_computed(rules: PcafRules) -> None:
    unknown = Position(
        position="Z",
        borrower="?",
        asset_class="mortgage",
        outstanding_yuan=1.0,
        emissions_basis="verified",
        sector="x",
    )
    with pytest.raises(ValueError, match="position Z was not validated"):
        financed((unknown,), rules)
