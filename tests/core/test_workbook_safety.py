"""Unsafe or mislabelled uploads are refused with one clear problem each, before parsing."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from greenledger.core.errors import InputError
from greenledger.core.intake import read_activity_file
from greenledger.core.workbook_safety import (
    MAX_COMPRESSION_RATIO,
    OLE_SIGNATURE,
    inspect_sheet,
    inspect_upload,
    suggest_sheet,
)

LIMIT = 5 * 1024 * 1024


def _workbook(path: Path, rows: list[list[object]] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows or [["enterprise", "period", "activity", "quantity", "unit"]]:
        sheet.append(row)
    workbook.save(path)
    return path


def _refused(path: Path, max_bytes: int = LIMIT) -> list[str]:
    with pytest.raises(InputError) as caught:
        inspect_upload(path, max_bytes=max_bytes)
    return [p.reason for p in caught.value.problems]


def _with_extra_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        copy.writestr(part, data)
    return target


def test_an_ordinary_workbook_and_an_ordinary_csv_pass(tmp_path):
    inspect_upload(_workbook(tmp_path / "ok.xlsx"), max_bytes=LIMIT)
    csv = tmp_path / "ok.csv"
    csv.write_text("企业,期间\nA,2023-01\n", encoding="gbk")
    inspect_upload(csv, max_bytes=LIMIT)


def test_a_file_over_the_size_limit_is_refused_naming_both_sizes(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 300_000)  # 1.2 MB
    (reason,) = _refused(path, max_bytes=1024 * 1024)
    assert reason == (
        "The file is 1.1 MB, larger than the limit of 1.0 MB; split it into smaller files."
    )


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert _refused(path) == ["The file is empty."]


def test_a_workbook_named_xlsm_is_refused_as_macro_enabled(tmp_path):
    path = _workbook(tmp_path / "book.xlsm")
    (reason,) = _refused(path)
    assert reason.startswith("Macro-enabled workbooks (.xlsm) are not accepted")


def test_an_xlsx_carrying_a_vba_project_part_is_refused_as_containing_macros(tmp_path):
    plain = _workbook(tmp_path / "plain.xlsx")
    path = _with_extra_part(plain, tmp_path / "sneaky.xlsx", "xl/vbaProject.bin", b"\x00" * 64)
    (reason,) = _refused(path)
    assert reason.startswith("The workbook contains macros (the part xl/vbaProject.bin)")


def test_a_file_with_the_compound_file_signature_named_xlsx_is_refused_as_encrypted(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504)
    (reason,) = _refused(path)
    assert reason.startswith("The workbook is password-protected (encrypted)")


def test_a_legacy_xls_workbook_is_refused_with_the_advice_to_save_as_xlsx(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 504)
    (reason,) = _refused(path)
    assert "Legacy Excel 97-2003 workbooks (.xls) are not accepted" in reason
    assert "save it as an Excel Workbook (.xlsx)" in reason


def test_a_zip_bomb_named_xlsx_is_refused_from_its_directory_without_extraction(tmp_path):
    path = tmp_path / "bomb.xlsx"
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(200):  # 200 MB of zeros, streamed
            part.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    reasons = _refused(path)
    assert time.perf_counter() - started < 2.0  # the directory alone decided, nothing inflated
    assert any(
        r.startswith("The workbook would expand to 200.0 MB when opened") and "ZIP bomb" in r
        for r in reasons
    )
    assert any(
        r.startswith("The part xl/worksheets/sheet1.xml is compressed")
        and f"more than the limit of {MAX_COMPRESSION_RATIO} to 1" in r
        for r in reasons
    )


def test_a_workbook_with_a_nested_archive_is_refused(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("payload.txt", "x")
    plain = _workbook(tmp_path / "plain.xlsx")
    path = _with_extra_part(
        plain, tmp_path / "nested.xlsx", "xl/media/image1.png", inner.getvalue()
    )
    (reason,) = _refused(path)
    assert reason == (
        "The workbook contains a nested ZIP archive (xl/media/image1.png); "
        "embedded archives are not accepted."
    )


def test_a_workbook_with_too_many_parts_is_refused(tmp_path):
    plain = _workbook(tmp_path / "plain.xlsx")
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(path, "w") as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info))
        for index in range(1001):
            copy.writestr(f"xl/media/pad{index}.txt", "")
    (reason,) = _refused(path)
    assert reason.startswith("The workbook has 1,0")
    assert "more than the limit of 1,000" in reason


def test_a_plain_text_file_named_xlsx_is_refused_as_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("enterprise,period\nA,2023-01\n")
    (reason,) = _refused(path)
    assert reason == (
        "The file is not a readable workbook: an .xlsx file is a ZIP archive, "
        "but this file is plain text."
    )


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    (reason,) = _refused(path)
    assert "it has no [Content_Types].xml part" in reason


def test_a_workbook_saved_with_a_csv_extension_is_refused_as_binary(tmp_path):
    path = _workbook(tmp_path / "data.xlsx").rename(tmp_path / "data.csv")
    (reason,) = _refused(path)
    assert reason == (
        "The file is named .csv but it is a ZIP archive (an .xlsx workbook saved with the wrong "
        "extension?), not text."
    )


def test_a_csv_holding_nul_bytes_is_refused_as_binary(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n\x00\x01\x02\x03\n")
    assert _refused(path) == [
        "The file is named .csv but it holds binary data (NUL bytes), not text."
    ]


def test_an_unknown_extension_is_refused_listing_the_accepted_ones(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert _refused(path) == [
        "Files of type .pdf are not accepted; upload one of .xlsx, .csv, .parquet."
    ]


def test_a_file_named_parquet_that_is_text_is_refused(tmp_path):
    path = tmp_path / "meter.parquet"
    path.write_text("meter,timestamp,kwh\n")
    assert _refused(path) == [
        "The file is named .parquet but it is plain text, not a Parquet file."
    ]


def test_the_activity_reader_refuses_a_macro_workbook_before_parsing(tmp_path, library):
    plain = _workbook(tmp_path / "plain.xlsx")
    path = _with_extra_part(plain, tmp_path / "sneaky.xlsx", "xl/vbaProject.bin", b"\x00")
    with pytest.raises(InputError, match="contains macros"):
        read_activity_file(path, library)


def _sheet_problems(path: Path, **kwargs: object) -> list[tuple[str | None, int | None, str]]:
    with pytest.raises(InputError) as caught:
        inspect_sheet(path, **kwargs)  # type: ignore[arg-type]
    return [(p.sheet, p.row, f"{p.column}: {p.reason}") for p in caught.value.problems]


def test_merged_cells_and_formulas_in_the_data_area_are_each_located(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "活动数据"
    sheet.append(["enterprise", "period", "activity", "quantity", "unit"])
    sheet.append(["A", "2023-01", "raw_coal", 10, "t"])
    sheet.append([None, "2023-02", "raw_coal", "=D2*2", "t"])
    sheet.merge_cells("A2:A3")
    sheet["H40"] = "a note far away"
    sheet.merge_cells("H40:J40")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    assert _sheet_problems(path) == [
        (
            "活动数据",
            2,
            "A: The cells A2:A3 are merged; unmerge them and write the value in every row it "
            "applies to.",
        ),
        (
            "活动数据",
            3,
            "D: The cell D3 holds the formula '=D2*2'; replace it by its value (copy, then "
            "paste as values).",
        ),
    ]


def test_text_that_only_looks_like_a_formula_is_not_a_formula_cell(tmp_path):
    path = _workbook(
        tmp_path / "plain.xlsx",
        [["enterprise", "period"], ["A", "2023-01"]],
    )
    inspect_sheet(path)  # no problem raised


def test_a_missing_sheet_is_named_with_the_closest_sheet_suggested(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Activity_Data"
    workbook.create_sheet("Instructions")
    path = tmp_path / "sheets.xlsx"
    workbook.save(path)
    inspect_sheet(path, sheet="activity data")  # folded names match
    ((sheet, row, text),) = _sheet_problems(path, sheet="Activties")
    assert sheet == "Activties" and row is None
    assert text == (
        "None: The workbook has no sheet named 'Activties' (its sheets are 'Activity_Data', "
        "'Instructions'). Did you mean 'Activity_Data'?"
    )


def test_sheet_suggestions_fold_case_width_and_separators():
    names = ["活动数据", "Instructions", "Lists"]
    assert suggest_sheet(names, "ＬＩＳＴＳ") == ["Lists"]
    assert suggest_sheet(names, "活动数据 ") == ["活动数据"]
    assert suggest_sheet(names, "instruction") == ["Instructions"]
    assert suggest_sheet(names, "energy") == []
