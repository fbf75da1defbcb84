"""Offers and needs files: read whole, or refused whole with every problem's row and column;
coordinates outside the district flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenledger.core.ecology.symbiosis import match, read_needs, read_offers
from greenledger.core.errors import InputError
from tests.core.ecology.symbiosis_cases import NEEDS, NEEDS_HEADER, OFFERS, OFFERS_HEADER, write


def test_files_read_and_match(tmp_path: Path) -> None:
    offers = read_offers(write(tmp_path / "offers.csv", OFFERS_HEADER, OFFERS))
    needs = read_needs(write(tmp_path / "needs.csv", NEEDS_HEADER, NEEDS))
    assert [o.id for o in offers] == ["O1", "O2", "O3", "O4"]
    assert offers[1].anonymous and offers[2].code == "441-001-S02"
    assert needs[2].permit_codes == frozenset({"900-249-08"})
    result = match(offers, needs)
    assert [(m.offer.id, m.need.id) for m in result.matches] == [
        ("O1", "N1"),
        ("O3", "N2"),
        ("O2", "N1"),
    ]
    assert [r.reason.code for r in result.refusals] == ["symbiosis.refused.no_licence"]


def test_every_problem_with_row_and_column(tmp_path: Path) -> None:
    rows = [
        OFFERS[0].replace(",120,70,", ",60,70,"),  # heat colder than its return
        OFFERS[3].replace("900-214-08", "900-999-08"),  # not in the catalogue
        OFFERS[2].replace("2026-12", "2026-13"),  # not a month
        OFFERS[1].replace(",3000,", ",-5,"),  # negative quantity
    ]
    with pytest.raises(InputError) as caught:
        read_offers(write(tmp_path / "bad.csv", OFFERS_HEADER, rows))
    found = [(p.row, p.column, p.reason) for p in caught.value.problems]
    assert found == [
        (2, "supply_temp_c",
         "the heat is offered at 60.0 °C, colder than its own return temperature 70.0 °C"),
        (3, "code",
         "900-999-08 is not in the National Catalogue of Hazardous Wastes (2025) as this "
         "platform holds it"),
        (4, "end_month", "'2026-13' is not a month YYYY-MM"),
        (5, "quantity", "'-5' is negative; a quantity is zero or more"),
    ]  # fmt: skip
    assert caught.value.headline == "4 problems in bad.csv; nothing was read"


def test_need_with_unknown_process_and_missing_temperature(tmp_path: Path) -> None:
    rows = [NEEDS[0].replace("process_heat", "smelting").replace(",80,", ",,")]
    with pytest.raises(InputError) as caught:
        read_needs(write(tmp_path / "needs.csv", NEEDS_HEADER, rows))
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "process"),
        (2, "min_temp_c"),
    ]
    assert "unknown receiving process 'smelting'" in caught.value.problems[0].reason


def test_missing_column_refused(tmp_path: Path) -> None:
    header = OFFERS_HEADER.replace("lat,", "")
    rows = [OFFERS[0].replace("31.26,", "")]
    with pytest.raises(InputError) as caught:
        read_offers(write(tmp_path / "o.csv", header, rows))
    assert [(p.row, p.reason) for p in caught.value.problems] == [(1, "the column lat is missing")]


def test_outside_the_district_is_flagged(tmp_path: Path) -> None:
    rows = [OFFERS[0].replace("31.26,121.60", "39.90,116.40")]  # Beijing
    (far,) = read_offers(write(tmp_path / "o.csv", OFFERS_HEADER, rows))
    (flag,) = far.flags
    assert flag.english() == (
        "(39.9, 116.4) lies outside Pudong New Area (30.85-31.4 N, 121.45-122.0 E)"
    )
