"""Properties of financed emissions: a position never finances more than its borrower emits
when the outstanding amount is within the attribution denominator, and attribution is linear."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenledger.core.finance.pcaf import PcafRules, Position, financed, load_rules

RULES: PcafRules = load_rules()
amounts = st.floats(min_value=1.0, max_value=1e12, allow_nan=False, allow_infinity=False)
emissions = st.floats(min_value=0.0, max_value=1e8, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0.0, max_value=1.0)


@st.composite
def positions(draw: st.DrawFn) -> Position:
    asset_class = draw(st.sampled_from(sorted(RULES.asset_classes)))
    attribution = RULES.asset_classes[asset_class].attribution
    denominator = draw(amounts)
    outstanding = denominator * draw(share)
    fields: dict[str, float | None] = {}
    if attribution == "evic" or (attribution == "company" and draw(st.booleans())):
        fields["evic_yuan"] = denominator
    elif attribution == "company":
        equity = denominator * draw(share)
        fields["equity_yuan"], fields["debt_yuan"] = equity, denominator - equity
    else:
        fields["property_value_yuan"] = denominator
    basis = draw(st.sampled_from(sorted(RULES.asset_classes[asset_class].scores)))
    return Position(
        position="p",
        borrower="b",
        asset_class=asset_class,
        outstanding_yuan=outstanding,
        emissions_basis=basis,
        sector="s",
        emissions_tco2e=draw(emissions),
        **fields,
    )


@settings(max_examples=200, deadline=None)
@given(positions())
def test_financed_never_exceeds_the_borrowers_emissions(position: Position) -> None:
    row = financed((position,), RULES).table.row(0, named=True)
    assert position.emissions_tco2e is not None
    assert 0.0 <= row["attribution_factor"] <= 1.0 + 1e-12
    assert row["financed_tco2e"] <= position.emissions_tco2e * (1 + 1e-12)
    assert 1 <= row["data_quality_score"] <= 5


@settings(max_examples=100, deadline=None)
@given(positions(), st.floats(min_value=0.0, max_value=1.0))
def test_financed_emissions_scale_with_the_outstanding_amount(
    position: Position, factor: float
) -> None:
    from dataclasses import replace

    whole = financed((position,), RULES).totals.financed_tco2e
    part = replace(position, outstanding_yuan=position.outstanding_yuan * factor)
    assert financed((part,), RULES).totals.financed_tco2e == pytest.approx(
        whole * factor, rel=1e-9, abs=1e-9
    )
