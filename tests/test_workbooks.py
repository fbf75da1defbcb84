"""The activity template reads back through the reader; problems come back marked in place."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from greenledger.core.errors import InputError, Problem
from greenledger.core.factors import load_library
from greenledger.core.intake import HEADER_ALIASES, read_activity_file
from greenledger.core.units import conversion_factor
from greenledger.core.workbook_safety import inspect_sheet, inspect_upload
from greenledger.workbooks import (
    PROBLEM_FILL,
    TEMPLATE_COLUMNS,
    TEMPLATE_ROWS,
    activity_template,
    example_row,
    mark_problems,
)

RED = PROBLEM_FILL.fgColor.rgb


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def zh_template(library):
    return activity_template(library, "zh")


def _open(data: bytes):
    return load_workbook(io.BytesIO(data))


def _save(workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def _validation(sheet, column_letter: str):
    found = [dv for dv in sheet.data_validations.dataValidation if f"{column_letter}5" in dv.sqref]
    return [dv for dv in found if dv.type is not None] or found


def test_the_template_has_bilingual_headers_a_frozen_header_and_widths(zh_template):
    workbook = _open(zh_template)
    assert workbook.sheetnames == ["活动数据", "说明 Instructions", "Lists"]
    sheet = workbook["活动数据"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == [
        "企业名称 / Enterprise",
        "场所 / Site",
        "报告期 / Period",
        "活动 / Activity",
        "数量 / Quantity",
        "计量单位 / Unit",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 28
    assert sheet.max_row == 1  # no example data in the sheet that is read


def test_every_template_header_is_known_to_the_reader():
    for column in TEMPLATE_COLUMNS:
        assert HEADER_ALIASES[column.header] == column.field


def test_the_activity_and_unit_dropdowns_reference_the_lists(zh_template, library):
    workbook = _open(zh_template)
    sheet = workbook["活动数据"]
    last = len(library.activities) + 1
    (activity,) = _validation(sheet, "D")
    assert activity.type == "list"
    assert activity.formula1 == f"Lists!$A$2:$A${last}"
    assert f"D2:D{TEMPLATE_ROWS + 1}" in str(activity.sqref)
    (unit,) = _validation(sheet, "F")
    assert unit.type == "list"
    assert unit.formula1 == f'INDIRECT("u_"&VLOOKUP($D2,Lists!$A$2:$B${last},2,FALSE))'
    (instrument,) = _validation(sheet, "G")
    assert instrument.formula1 == '"绿证,绿电交易,自发自用"'
    (quantity,) = _validation(sheet, "E")
    assert (quantity.type, quantity.operator, quantity.formula1) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
    )
    lists = workbook["Lists"]
    rows = {row[1]: row for row in lists.iter_rows(min_row=2, values_only=True)}
    assert rows["purchased_electricity"][:6] == ("外购电力", "purchased_electricity", "外购电力",
                                                 "Purchased electricity", "MWh", "MWh")  # fmt: skip
    defined = workbook.defined_names["u_purchased_electricity"]
    ((title, cells),) = list(defined.destinations)
    units = [c.value for row in lists[cells.replace("$", "")] for c in row]
    assert title == "Lists"
    assert units[:4] == ["MWh", "kWh", "万kWh", "GJ"]


def test_every_dropdown_entry_is_understood_by_the_reader(zh_template, library):
    lists = _open(zh_template)["Lists"]
    for label, activity_id, _zh, _en, canonical, *units in lists.iter_rows(
        min_row=2, max_row=len(library.activities) + 1, values_only=True
    ):
        assert library.activity(label).id == activity_id
        offered = [u for u in units[:6] if u]
        assert offered
        if canonical:
            for unit in offered:
                conversion_factor(unit, library.activities[activity_id].canonical_unit)


def test_a_filled_in_template_reads_back_into_canonical_lines(tmp_path, zh_template, library):
    workbook = _open(zh_template)
    sheet = workbook["活动数据"]
    sheet.append(example_row(library, "zh"))
    sheet.append(["示例科技有限公司", "一号厂区", "2024-01", "原煤", 10, "千克"])
    sheet.append(["示例科技有限公司", "", "2024-02", "天然气", 2, "万Nm3"])
    path = _save(workbook, tmp_path / "filled.xlsx")
    inspect_upload(path, max_bytes=5 * 1024 * 1024)
    inspect_sheet(path)
    frame = read_activity_file(path, library)
    assert frame.select("site", "period", "activity", "quantity", "instrument", "row").rows() == [
        ("一号厂区", "2024-01", "purchased_electricity", pytest.approx(1255.0), "gec", 2),
        ("一号厂区", "2024-01", "raw_coal", pytest.approx(0.01), "", 3),
        ("", "2024-02", "natural_gas", pytest.approx(2.0), "", 4),
    ]


def test_the_english_template_offers_ids_and_reads_back(tmp_path, library):
    workbook = _open(activity_template(library, "en"))
    assert workbook.sheetnames[0] == "Activity data"
    assert workbook["Lists"]["A2"].value == next(iter(library.activities))
    instructions = [row[0] for row in workbook["说明 Instructions"].iter_rows(values_only=True)]
    assert instructions[0] == "How to fill in this template"
    assert "填写说明" in instructions
    sheet = workbook["Activity data"]
    sheet.append(example_row(library, "en"))
    sheet.append(["Example Technology Co., Ltd.", "Plant 1", "2024-01", "diesel", 1200, "kg"])
    frame = read_activity_file(_save(workbook, tmp_path / "en.xlsx"), library)
    assert frame["activity"].to_list() == ["purchased_electricity", "diesel"]
    assert frame["quantity"].to_list() == pytest.approx([1255.0, 1.2])


def test_an_unknown_language_is_refused(library):
    with pytest.raises(ValueError, match="the language must be one of zh, en"):
        activity_template(library, "fr")


def _user_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "My data"
    sheet.append(["企业名称 / Enterprise", "报告期 / Period", "活动 / Activity", "数量", "单位"])
    sheet.append(["A", "2024-01", "raw_coal", 10, "t"])
    sheet.append(["A", "2024-02", "natual_gas", "lots", "万m3"])
    sheet.append(["A", "2024-13", "diesel", 1, "t"])
    sheet.append(['=HYPERLINK("http://evil","x")', "2024-03", "diesel", 1, "t"])
    return _save(workbook, path)


def test_problems_from_the_reader_are_marked_on_their_cells(tmp_path, library):
    path = _user_workbook(tmp_path / "mine.xlsx")
    with pytest.raises(InputError) as caught:
        read_activity_file(path, library)
    marked = _open(mark_problems(path, caught.value.problems))
    sheet = marked["My data"]
    assert marked.sheetnames == ["My data", "Problems"]  # the data sheet stays first
    for coordinate, words in (
        ("C3", "unknown activity 'natual_gas'"),
        ("D3", "'lots' is not a number"),
        ("B4", "'2024-13' is not a period"),
    ):
        cell = sheet[coordinate]
        assert cell.fill.fgColor.rgb == RED, coordinate
        assert words in cell.comment.text
    assert sheet["A2"].comment is None
    assert sheet["D2"].fill.fgColor.rgb != RED
    listing = list(marked["Problems"].iter_rows(values_only=True))
    assert listing[0] == (
        "工作表 / Sheet",
        "行 / Row",
        "列 / Column",
        "原因 / Reason",
        "文件 / File",
    )
    assert ("My data", 3, "activity") in [row[:3] for row in listing]
    assert len(listing) == 1 + len(caught.value.problems)
    row = next(i for i, r in enumerate(listing, start=1) if r[:3] == ("My data", 3, "activity"))
    assert marked["Problems"].cell(row=row, column=4).hyperlink.location == "'My data'!C3"


def test_the_marked_workbook_neutralises_formulas(tmp_path):
    path = _user_workbook(tmp_path / "mine.xlsx")
    problem = Problem("=1+1 starts like a formula", file="mine.xlsx", row=5, column="A")
    marked = _open(mark_problems(path, [problem]))
    assert marked["My data"]["A5"].value == '\'=HYPERLINK("http://evil","x")'
    assert marked["My data"]["A5"].data_type == "s"
    assert marked["Problems"]["D2"].value == "'=1+1 starts like a formula"
    assert marked["My data"]["A5"].fill.fgColor.rgb == RED


def test_sheet_problems_located_by_letter_and_row_problems_are_marked(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["enterprise", "period", "activity", "quantity", "unit"])
    sheet.append(["A", "2024-01", "raw_coal", "=1+1", "t"])
    sheet.append(["A", "2024-01", "raw_coal", 2, "t"])
    path = _save(workbook, tmp_path / "cells.xlsx")
    with pytest.raises(InputError) as caught:
        inspect_sheet(path)
    problems = [*caught.value.problems, Problem("the row repeats row 2", row=3)]
    marked = _open(mark_problems(path, problems))["Sheet"]
    assert "holds the formula '=1+1'" in marked["D2"].comment.text
    assert all(marked.cell(row=3, column=c).fill.fgColor.rgb == RED for c in range(1, 6))
    assert marked["A3"].comment.text == "Row 3: the row repeats row 2"


def test_a_csv_comes_back_as_a_marked_workbook(tmp_path, library):
    path = tmp_path / "data.csv"
    path.write_bytes(
        "企业,期间,活动,数量,单位\n甲公司,2024-01,原煤,-5,t\n甲公司,2024-02,原煤,3.5,t\n".encode(
            "gbk"
        )
    )
    with pytest.raises(InputError) as caught:
        read_activity_file(path, library)
    marked = _open(mark_problems(path, caught.value.problems))
    sheet = marked["Data"]
    assert sheet["A2"].value == "甲公司"
    assert sheet["D2"].value == -5 and sheet["D3"].value == 3.5
    assert sheet["D2"].fill.fgColor.rgb == RED
    assert sheet["D2"].comment.text == "the quantity -5 is negative"


def test_a_refused_workbook_is_never_opened_and_gets_a_problem_list(tmp_path):
    path = tmp_path / "macro.xlsx"
    with (
        zipfile.ZipFile(_user_workbook(tmp_path / "plain.xlsx")) as source,
        zipfile.ZipFile(path, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\x00")
    marked = _open(mark_problems(path, [Problem("something else", row=2, column="A")]))
    assert marked.sheetnames == ["Problems"]
    reasons = [row[3] for row in marked["Problems"].iter_rows(min_row=2, values_only=True)]
    assert reasons[0].startswith("The workbook contains macros")
    assert reasons[1] == "something else"
