"""The PCAF rules file and the sector factors: the shipped data loads, cites the standard and
claims nothing it has not checked; bad data is refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenledger.core.errors import FactorDataError
from greenledger.core.finance.pcaf_rules import (
    RULES_PATH,
    SECTOR_FACTORS_PATH,
    load_rules,
)


def test_the_shipped_rules_cover_six_asset_classes_and_cite_pcaf() -> None:
    rules = load_rules()
    assert sorted(rules.asset_classes) == [
        "business_loan",
        "commercial_real_estate",
        "corporate_bond",
        "listed_equity",
        "mortgage",
        "project_finance",
    ]
    assert rules.asset_classes["business_loan"].scores == {
        "verified": 1,
        "reported": 2,
        "energy": 2,
        "production": 3,
        "revenue": 4,
        "asset": 5,
    }
    assert "revenue" not in rules.asset_classes["mortgage"].scores
    source = rules.sources["pcaf_part_a_2022"]
    assert source["edition"] == "Second edition, December 2022"
    assert not any(c.confirmed for c in rules.asset_classes.values())  # not checked against it
    assert all(c.clause.startswith("5.") for c in rules.asset_classes.values())


def test_bad_rules_are_refused_with_file_and_line(tmp_path: Path) -> None:
    text = RULES_PATH.read_text(encoding="utf-8")
    text = text.replace("attribution: evic\n", "attribution: market\n", 1)
    text = text.replace("      production: 3\n", "      production: 7\n", 1)
    bad = tmp_path / "pcaf.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(FactorDataError) as caught:
        load_rules(bad, SECTOR_FACTORS_PATH)
    lines = text.splitlines()
    found = [(p.row, p.reason) for p in caught.value.problems]
    assert found == [
        (
            lines.index("      production: 7") + 1,
            "score table corporate: the score of production must be 1 to 5",
        ),
        (
            lines.index("    attribution: market") + 1,
            "asset class listed_equity: attribution must be one of evic, company, property",
        ),
    ]
    assert all(p.file == str(bad) for p in caught.value.problems)


def test_a_sector_factor_needs_a_number_and_a_source(tmp_path: Path) -> None:
    factors = tmp_path / "factors.yaml"
    factors.write_text(
        "factors:\n  C31:\n    revenue_tco2e_per_million_yuan: -1\n    year: 2024\n",
        encoding="utf-8",
    )
    with pytest.raises(FactorDataError) as caught:
        load_rules(RULES_PATH, factors)
    assert [(p.row, p.reason) for p in caught.value.problems] == [
        (3, "sector C31: revenue_tco2e_per_million_yuan must be a number >= 0"),
        (2, "sector C31: give a revenue or an asset factor"),
        (2, "sector C31: a factor needs its source"),
    ]
