"""The columnar engine agrees with the single-enterprise functions, and the figures behave."""

import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenledger.core.batch import compute_batch
from greenledger.core.context import AccountingContext
from greenledger.core.intake import frame_to_lines, lines_to_frame, read_activity_file
from greenledger.core.inventory import compute_inventory
from greenledger.core.model import LINE_FIGURES, ActivityLine

SAMPLE = Path(__file__).parents[2] / "samples" / "district.csv"
CONTEXTS = [
    AccountingContext(region="CN-SH", year=2023),
    AccountingContext(region="CN", year=2022, gwp="AR6"),
    AccountingContext(region="CN-EAST"),
    AccountingContext(region="CN", electricity_series="reporting"),
]


def _agree_exactly(frame: pl.DataFrame, library, context) -> None:
    batch = compute_batch(frame, library, context)
    inventory = compute_inventory(frame_to_lines(frame), library, context)
    scalar_lines = [line for e in inventory.enterprises for line in e.lines]
    batch_lines = batch.lines.join(batch.lineage, on="lineage_key", maintain_order="left")
    # the scalar inventory groups lines by enterprise: order the batch lines the same way
    order = {e.enterprise: i for i, e in enumerate(inventory.enterprises)}
    records = sorted(
        batch_lines.iter_rows(named=True), key=lambda r: (order[r["enterprise"]], r["row"])
    )
    assert len(records) == len(scalar_lines)
    for record, scalar in zip(records, scalar_lines, strict=True):
        assert record["row"] == scalar.line.row
        for name in LINE_FIGURES:
            assert record[name] == getattr(scalar, name), (name, record["row"])
        assert tuple(record["factor_ids"]) == scalar.factor_ids
    totals = batch.enterprise_totals()
    for enterprise in inventory.enterprises:
        row = totals.filter(pl.col("enterprise") == enterprise.enterprise).row(0, named=True)
        for name in LINE_FIGURES:
            assert row[name] == pytest.approx(enterprise.totals[name], rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.describe())
def test_the_batch_engine_agrees_with_the_single_enterprise_functions(library, context):
    frame = read_activity_file(SAMPLE, library)
    _agree_exactly(frame, library, context)


ACTIVITIES = [
    "raw_coal",
    "natural_gas",
    "diesel",
    "diesel_mobile",
    "purchased_electricity",
    "purchased_heat",
    "limestone",
    "hfc_134a",
    "r410a",
    "output_value",
]
quantities = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def activity_lines(draw):
    count = draw(st.integers(min_value=1, max_value=40))
    lines = []
    for row in range(count):
        activity = draw(st.sampled_from(ACTIVITIES))
        instrument = ""
        if activity == "purchased_electricity":
            instrument = draw(st.sampled_from(["", "gec", "green_power", "onsite"]))
        lines.append(
            ActivityLine(
                enterprise=draw(st.sampled_from(["A", "B", "C"])),
                period=f"{draw(st.integers(2021, 2024))}-{draw(st.integers(1, 12)):02d}",
                activity=activity,
                quantity=draw(quantities),
                instrument=instrument,
                removal_efficiency=draw(st.sampled_from([0.0, 0.5, 0.95])),
                row=row + 2,
            )
        )
    return lines


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=activity_lines())
def test_batch_and_scalar_agree_on_any_lines(library, lines):
    _agree_exactly(lines_to_frame(lines), library, AccountingContext(region="CN-SH"))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=activity_lines())
def test_results_are_never_negative_for_non_negative_inputs_without_exports(library, lines):
    batch = compute_batch(lines_to_frame(lines), library, AccountingContext())
    for name in LINE_FIGURES:
        assert batch.lines[name].min() >= 0, name


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=activity_lines(), second=activity_lines())
def test_an_inventory_of_two_files_is_the_sum_of_each(library, first, second):
    context = AccountingContext(region="CN")
    one = compute_batch(lines_to_frame(first), library, context).grand_totals()
    two = compute_batch(lines_to_frame(second), library, context).grand_totals()
    both = compute_batch(lines_to_frame(first + second), library, context).grand_totals()
    for name in LINE_FIGURES:
        assert both[name] == pytest.approx(one[name] + two[name], rel=1e-9, abs=1e-6)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mwh=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_the_same_electricity_in_kwh_mwh_or_wan_kwh_gives_the_same_result(library, tmp_path, mwh):
    figures = []
    for quantity, unit in ((mwh * 1000, "kWh"), (mwh, "MWh"), (mwh / 10, "万kWh")):
        path = tmp_path / f"{unit}.csv"
        path.write_text(
            f"enterprise,period,activity,quantity,unit\nA,2023-01,外购电力,{quantity!r},{unit}\n",
            encoding="utf-8",
        )
        batch = compute_batch(read_activity_file(path, library), library, AccountingContext())
        figures.append(batch.grand_totals())
    for name in LINE_FIGURES:
        values = [f[name] for f in figures]
        assert all(math.isclose(v, values[0], rel_tol=1e-9, abs_tol=1e-9) for v in values), name


def test_every_line_keeps_its_lineage_and_the_result_its_versions(library):
    batch = compute_batch(read_activity_file(SAMPLE, library), library, AccountingContext())
    assert batch.factor_set_version == library.version
    assert "GB/T 32150" in batch.method_version
    assert batch.lines["lineage_key"].null_count() == 0
    output_lines = batch.lines.filter(~pl.col("category").is_in(["output_value", "product_output"]))
    keys = set(output_lines["lineage_key"].to_list())
    lineage = batch.lineage.filter(pl.col("lineage_key").is_in(list(keys)))
    assert all(len(ids) > 0 for ids in lineage["factor_ids"].to_list())


def test_intensity_per_output_value_is_computed_per_period(library):
    lines = [
        ActivityLine("A", "2023-01", "raw_coal", 1000.0, row=2),
        ActivityLine("A", "2023-01", "output_value", 500.0, row=3),
        ActivityLine("A", "2023-02", "raw_coal", 1000.0, row=4),
    ]
    totals = compute_batch(lines_to_frame(lines), library, AccountingContext()).totals
    january, february = totals.sort("period").iter_rows(named=True)
    assert january["tce_per_wan_yuan"] == pytest.approx(714.3 / 500)
    assert february["output_value_wan_yuan"] is None
    assert february["tce_per_wan_yuan"] is None


def test_energy_per_unit_of_product_for_a_single_product_only(library):
    lines = [
        ActivityLine("A", "2023-01", "raw_coal", 1000.0, row=2),
        ActivityLine(
            "A", "2023-01", "product_output", 250.0, product="cement", product_unit="t", row=3
        ),
        ActivityLine("B", "2023-01", "raw_coal", 1000.0, row=4),
        ActivityLine("B", "2023-01", "product_output", 5.0, product="x", product_unit="t", row=5),
        ActivityLine("B", "2023-01", "product_output", 5.0, product="y", product_unit="t", row=6),
    ]
    totals = compute_batch(lines_to_frame(lines), library, AccountingContext()).enterprise_totals()
    a, b = totals.sort("enterprise").iter_rows(named=True)
    assert a["tce_per_product_unit"] == pytest.approx(714.3 / 250)
    assert a["product_unit"] == "t"
    assert b["tce_per_product_unit"] is None
