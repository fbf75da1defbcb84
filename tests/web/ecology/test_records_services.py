"""Monthly quantities of active exchanges: form, file and API rows through one check, each
record's benefit from the core (figures by hand), refusals with their row and field, and the
yearly cap at what the offer offers."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from greenledger.core.errors import InputError
from greenledger.web.audit.models import AuditEntry
from greenledger.web.ecology.models import ExchangeRecord
from greenledger.web.ecology.services import exchanges, records
from tests.web.ecology.conftest import EcologyWorld
from tests.web.ecology.records_support import (
    ASH_T_PER_T,
    GAS_HEAT_T_PER_MWH,
    active_ash_exchange,
    active_heat_exchange,
)


def test_a_month_by_form_stores_the_core_benefit_and_a_correction_replaces_it(
    ecology_world: EcologyWorld,
) -> None:
    w = ecology_world
    exchange = active_heat_exchange(w)
    record = records.record_save(
        actor=w.users["b"], exchange=exchange, month="2026-03", quantity=500
    )
    # 500 MWh of 120 °C heat to an 80 °C sink: direct (120 >= 80 + 10 K), no heat pump
    assert round(GAS_HEAT_T_PER_MWH, 6) == 0.222156
    assert record.avoided_tco2e == pytest.approx(500 * 0.222156, abs=1e-4)  # 111.078
    assert record.benefit["t_co2e_avoided"] == pytest.approx(111.078, abs=1e-3)
    assert record.benefit["lines"][0]["arithmetic"] == "500 MWh x 0.2222 tCO2/MWh = 111.1 tCO2"
    assert "GB/T 32150-2015" in record.benefit["lines"][0]["source"]
    assert record.source == "form" and record.month.isoformat() == "2026-03-01"
    again = records.record_save(
        actor=w.users["a"], exchange=exchange, month="2026-03", quantity=600
    )
    assert again.pk == record.pk and ExchangeRecord.objects.count() == 1
    assert again.avoided_tco2e == pytest.approx(600 * 0.222156, abs=1e-4)
    entries = list(AuditEntry.objects.filter(action="ecology.record.save").order_by("id"))
    assert [e.after["quantity"] for e in entries] == [500.0, 600.0]
    assert entries[0].before is None and entries[1].before["quantity"] == 500.0


def test_refusals_name_the_field_and_the_reason(ecology_world: EcologyWorld, english: None) -> None:
    w = ecology_world
    proposed = exchanges.exchange_propose(actor=w.users["b"], offer=w.heat_offer, need=w.heat_need)
    with pytest.raises(ValidationError) as refused:
        records.record_save(actor=w.users["b"], exchange=proposed, month="2026-03", quantity=5)
    assert "active exchanges" in refused.value.message_dict["exchange"][0]
    exchanges.exchange_confirm(actor=w.users["a"], exchange=proposed)
    proposed.refresh_from_db()
    with pytest.raises(ValidationError) as refused:  # D is neither side: no such exchange
        records.record_save(actor=w.users["d"], exchange=proposed, month="2026-03", quantity=5)
    assert refused.value.message_dict["exchange"] == [
        f"No exchange {proposed.pk} of your enterprise."
    ]
    cases = {
        ("March", "5"): ("month", "Enter the month as YYYY-MM (e.g. 2026-03)."),
        ("2099-01", "5"): ("month", "2099-01 is in the future."),
        ("2025-12", "5"): ("month", "2025-12 is outside the offer's period (2026-01 to 2028-12)."),
        ("2026-03", "-1"): ("quantity", "The quantity cannot be negative."),
        ("2026-03", "abc"): ("quantity", "Enter the quantity as a number."),
    }
    for (month, quantity), (column, reason) in cases.items():
        with pytest.raises(ValidationError) as refused:
            records.record_save(
                actor=w.users["b"], exchange=proposed, month=month, quantity=quantity
            )
        assert refused.value.message_dict[column][0] == reason
    assert not ExchangeRecord.objects.exists()


def test_a_file_is_all_or_nothing_with_rows_and_columns(
    ecology_world: EcologyWorld, tmp_path: Path, english: None
) -> None:
    w = ecology_world
    heat = active_heat_exchange(w)
    bad = tmp_path / "records.csv"
    bad.write_text(
        f"exchange,month,quantity\n{heat.pk},2026-01,700\n{heat.pk},2026-13,1\n"
        f"999999,2026-02,3\n{heat.pk},2026-01,5\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        records.records_import(actor=w.users["a"], path=bad, filename="records.csv")
    found = [(p.file, p.row, p.column) for p in refused.value.problems]
    assert found == [
        ("records.csv", 3, "month"),
        ("records.csv", 4, "exchange"),
        ("records.csv", 5, "month"),
    ]
    assert "appear twice (also on row 2)" in refused.value.problems[2].message.english()
    assert not ExchangeRecord.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text(f"交换,月份,数量\n{heat.pk},2026-01,700\n#{heat.pk},2026-02-01,800\n")
    stored = records.records_import(actor=w.users["a"], path=good, filename="good.csv")
    assert [(r.month.month, r.quantity, r.source) for r in stored] == [
        (1, 700.0, "file"),
        (2, 800.0, "file"),
    ]
    assert sum(r.avoided_tco2e for r in stored) == pytest.approx(1500 * 0.222156, abs=1e-3)


def test_records_of_a_year_cannot_exceed_what_the_offer_offers(
    ecology_world: EcologyWorld, english: None
) -> None:
    w = ecology_world
    heat = active_heat_exchange(w)
    records.records_save(
        actor=w.users["b"], rows=[{"exchange": heat.pk, "month": "2026-01", "quantity": 5000}]
    )
    with pytest.raises(InputError) as refused:  # 8,000 MWh a year offered
        records.records_save(
            actor=w.users["b"],
            rows=[
                {"exchange": heat.pk, "month": "2026-02", "quantity": 2000},
                {"exchange": heat.pk, "month": "2026-03", "quantity": 1500},
            ],
        )
    (problem,) = refused.value.problems
    assert (problem.row, problem.column) == (2, "quantity")
    assert problem.message.english() == (
        "The records of offer 余热热水 in 2026 would total 8,500 MWh, above the 8,000 MWh it "
        "offers for that year."
    )
    # replacing January's 5,000 by 4,000 leaves room: 4,000 + 2,000 + 1,500 + ... <= 8,000
    stored = records.records_save(
        actor=w.users["b"],
        rows=[
            {"exchange": heat.pk, "month": "2026-01", "quantity": 4000},
            {"exchange": heat.pk, "month": "2026-02", "quantity": 2000},
            {"exchange": heat.pk, "month": "2026-03", "quantity": 1500},
        ],
    )
    assert len(stored) == 3 and ExchangeRecord.objects.count() == 3


def test_a_by_product_record_avoids_its_factor_and_its_offer_period_counts(
    ecology_world: EcologyWorld, english: None
) -> None:
    w = ecology_world
    ash = active_ash_exchange(w)
    record = records.record_save(actor=w.users["d"], exchange=ash, month="2026-08", quantity=100)
    assert record.avoided_tco2e == pytest.approx(100 * ASH_T_PER_T)  # 52 tCO2e by hand
    assert record.benefit["diverted_t"] == 100.0
    # the ash is offered from 2026-07: 800 t x 6 / 12 = 400 t in 2026
    with pytest.raises(ValidationError) as refused:
        records.record_save(actor=w.users["d"], exchange=ash, month="2026-09", quantity=301)
    assert "would total 401 t, above the 400 t" in refused.value.message_dict["quantity"][0]
