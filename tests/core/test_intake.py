"""Reading the files people really have, and refusing bad ones with located problems."""

import datetime as dt

import pytest
from openpyxl import Workbook

from greenledger.core.errors import InputError
from greenledger.core.intake import normalise_period, read_activity_file

HEADER = "enterprise,period,activity,quantity,unit\n"


def _csv(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _problems(tmp_path, library, text, **kwargs):
    with pytest.raises(InputError) as caught:
        read_activity_file(_csv(tmp_path, text, **kwargs), library)
    return [str(p) for p in caught.value.problems]


def test_a_gbk_file_with_chinese_headers_and_units_is_read(tmp_path, library):
    text = '企业,期间,能源品种,数量,单位\n示例公司,2023年1月,外购电力,"1,200",万kWh\n'
    frame = read_activity_file(_csv(tmp_path, text, encoding="gbk"), library)
    row = frame.row(0, named=True)
    assert row["activity"] == "purchased_electricity"
    assert row["period"] == "2023-01"
    assert row["quantity"] == pytest.approx(12_000.0)  # MWh


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path, library):
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "A,2023-02,raw_coal,10,t\n").encode())
    assert read_activity_file(path, library)["enterprise"].to_list() == ["A"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-01", "2023-01"),
        ("2023/1", "2023-01"),
        ("2023.12", "2023-12"),
        ("202307", "2023-07"),
        ("2023年7月", "2023-07"),
        ("2023-07-31", "2023-07"),
        ("2023", "2023"),
        ("45000", "2023-03"),  # an Excel serial date
        ("2023-13", None),
        ("23-01", None),
        ("soon", None),
    ],
)
def test_periods_are_normalised(text, expected):
    assert normalise_period(text) == expected


def test_an_unknown_activity_is_named_with_the_closest_suggestion_first(tmp_path, library):
    (problem,) = _problems(tmp_path, library, HEADER + "A,2023-01,natual_gas,1,万m3\n")
    assert problem.startswith(
        "data.csv, row 2, column activity: unknown activity 'natual_gas'; did you mean natural_gas"
    )


def test_a_unit_of_the_wrong_dimension_is_refused(tmp_path, library):
    (problem,) = _problems(tmp_path, library, HEADER + "A,2023-01,purchased_electricity,5,t\n")
    assert "row 2, column unit" in problem
    assert "'t' is a mass, but energy is expected" in problem


def test_negative_quantities_and_text_in_number_cells_are_refused(tmp_path, library):
    problems = _problems(
        tmp_path,
        library,
        HEADER + "A,2023-01,raw_coal,-5,t\nA,2023-02,raw_coal,lots,t\n",
    )
    assert "data.csv, row 2, column quantity: the quantity -5 is negative" in problems
    assert "data.csv, row 3, column quantity: 'lots' is not a number" in problems


def test_a_missing_column_is_named_with_the_columns_found(tmp_path, library):
    (problem,) = _problems(
        tmp_path, library, "enterprise,period,activity,quantiy,unit\nA,2023,raw_coal,1,t\n"
    )
    assert "the required column 'quantity' is missing" in problem
    assert "did you mean 'quantiy'?" in problem


def test_a_malformed_period_is_refused(tmp_path, library):
    (problem,) = _problems(tmp_path, library, HEADER + "A,Jan 2023,raw_coal,1,t\n")
    assert "row 2, column period: 'Jan 2023' is not a period" in problem


def test_an_undecodable_file_is_refused(tmp_path, library):
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER.encode() + b"\x81\xff\xfe\x80\n")
    with pytest.raises(InputError, match="neither UTF-8 nor GBK/GB18030"):
        read_activity_file(path, library)


def test_duplicated_rows_are_refused_naming_the_first(tmp_path, library):
    problems = _problems(
        tmp_path,
        library,
        HEADER + "A,2023-01,raw_coal,1,t\nA,2023-01,raw_coal,2,t\nA,2023-01,raw_coal,1,t\n",
    )
    assert problems == ["data.csv, row 4: the row repeats row 2 exactly (a duplicated line)"]


def test_an_instrument_on_anything_but_electricity_is_refused(tmp_path, library):
    text = "enterprise,period,activity,quantity,unit,instrument\nA,2023-01,raw_coal,1,t,gec\n"
    (problem,) = _problems(tmp_path, library, text)
    assert (
        "column instrument: the instrument 'gec' applies to purchased electricity only" in problem
    )


def test_removal_efficiency_accepts_fractions_and_percentages_only(tmp_path, library):
    text = (
        "enterprise,period,activity,quantity,unit,removal_efficiency\n"
        "A,2023-01,raw_coal,1,t,95%\nA,2023-02,raw_coal,1,t,0.9\nA,2023-03,raw_coal,1,t,95\n"
    )
    (problem,) = _problems(tmp_path, library, text)
    assert "row 4, column removal_efficiency" in problem


def test_every_problem_of_a_file_is_reported_at_once(tmp_path, library):
    text = HEADER + "A,2023-01,raw_coal,-1,t\nA,2023-01,unknown_fuel,1,t\nA,bad,raw_coal,1,t\n"
    problems = _problems(tmp_path, library, text)
    assert len(problems) == 3


def test_an_xlsx_workbook_with_date_cells_and_numbers_is_read(tmp_path, library):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["enterprise", "period", "activity", "quantity", "unit"])
    sheet.append(["B", dt.datetime(2023, 5, 1), "天然气", 2.5, "万Nm3"])
    sheet.append(["B", "2023-06", "diesel", 1200, "千克"])
    path = tmp_path / "data.xlsx"
    workbook.save(path)
    frame = read_activity_file(path, library)
    assert frame["period"].to_list() == ["2023-05", "2023-06"]
    assert frame["quantity"].to_list() == pytest.approx([2.5, 1.2])


def test_a_damaged_workbook_is_refused(tmp_path, library):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    with pytest.raises(InputError, match="not a readable workbook"):
        read_activity_file(path, library)


def test_a_workbook_problem_below_a_blank_row_names_the_sheet_row(tmp_path, library):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["enterprise", "period", "activity", "quantity", "unit"])
    sheet.append(["B", "2023-05", "raw_coal", 1, "t"])
    sheet.append([])
    sheet.append(["B", "2023-06", "raw_coal", -1, "t"])
    path = tmp_path / "gap.xlsx"
    workbook.save(path)
    with pytest.raises(InputError) as caught:
        read_activity_file(path, library)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (4, "quantity")
