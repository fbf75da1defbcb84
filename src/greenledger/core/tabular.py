"""Read tabular files (CSV or a workbook's first sheet) into all-text Polars frames.

CSV may be UTF-8 (with or without BOM) or GBK/GB18030, as Chinese Excel saves it; workbooks are
read with calamine. Every cell becomes text, as the user typed or Excel stored it; dates become
'YYYY-MM'. Parsing and validation are the caller's job (see ``intake``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.workbook_safety import DEFAULT_MAX_UPLOAD_BYTES, inspect_upload

# Column a reader adds when the row numbers users see are not simply 2, 3, 4 ... (a workbook
# whose blank rows were skipped). Readers of plain CSV leave it out.
SOURCE_ROW = "_source_row"


def read_table(path: Path) -> pl.DataFrame:
    """Read a CSV or XLSX file into an all-text frame; InputError if it cannot be read."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError([Problem(message("tabular.missing"), file=path.name)])
    if suffix in {".xlsx", ".xlsm"}:
        inspect_upload(path, max_bytes=DEFAULT_MAX_UPLOAD_BYTES)  # macros, encryption, ZIP bombs
    if suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return _read_workbook(path)
    return _read_csv(path)


def _read_csv(path: Path) -> pl.DataFrame:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data = data.decode("gb18030").encode("utf-8")
        except UnicodeDecodeError:
            raise InputError([Problem(message("tabular.encoding"), file=path.name)]) from None
    if not data.strip():
        raise InputError([Problem(message("tabular.empty"), file=path.name)])
    try:
        return pl.read_csv(
            io.BytesIO(data),
            infer_schema=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise InputError(
            [Problem(message("tabular.bad_csv", detail=_first_line(exc)), file=path.name)]
        ) from None


def _read_workbook(path: Path) -> pl.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own types for damaged or encrypted files
        raise InputError(
            [Problem(message("tabular.bad_workbook", detail=_first_line(exc)), file=path.name)]
        ) from None
    if not rows:
        raise InputError([Problem(message("tabular.empty_sheet"), file=path.name)])
    header = [_cell_text(cell) for cell in rows[0]]
    columns: dict[str, list[str]] = {name or f"column_{i + 1}": [] for i, name in enumerate(header)}
    names = list(columns)
    sheet_rows: list[int] = []
    for number, record in enumerate(rows[1:], start=2):
        if not any(cell not in ("", None) for cell in record):
            continue  # blank rows are skipped, but every kept row keeps its sheet row number
        sheet_rows.append(number)
        for index, name in enumerate(names):
            columns[name].append(_cell_text(record[index]) if index < len(record) else "")
    frame = pl.DataFrame(columns, schema=dict.fromkeys(names, pl.String))
    return frame.with_columns(pl.Series(SOURCE_ROW, sheet_rows, dtype=pl.Int64))


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell).lower()
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.strftime("%Y-%m")
    if isinstance(cell, dt.date):
        return cell.strftime("%Y-%m")
    return str(cell).strip()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
