"""Cells of the report workbooks: bilingual headers, number formats, formula-safe values.

Every value written goes through ``greenledger.exports.safe_cell``: a text such as
``=cmd|' /C calc'!A0`` is stored as text, never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from greenledger.core.factors.library import Factor
from greenledger.exports import safe_cell
from greenledger.web.reports.labels import bilingual

MASS = "#,##0.00"
GAS = "#,##0.0000"
POLLUTANT = "#,##0.000"
INTENSITY = "#,##0.0000"
QUANTITY = "#,##0.00"

SHEETS: dict[str, Promise] = {
    "summary": pgettext_lazy("sheet", "Summary"),
    "activity": pgettext_lazy("sheet", "Activity data"),
    "lines": pgettext_lazy("sheet", "Lines"),
    "factors": pgettext_lazy("sheet", "Factors"),
    "method": pgettext_lazy("sheet", "Method"),
    "inventories": pgettext_lazy("sheet", "Inventories"),
}

FACTOR_HEADERS: tuple[Promise, ...] = (
    _("Factor id"),
    _("Activity"),
    _("Parameter"),
    _("Gas"),
    _("Technology"),
    _("Region"),
    _("Year"),
    _("Value"),
    _("Unit"),
    _("Source"),
    _("Edition"),
    _("Clause"),
    _("Quality"),
    _("To be confirmed"),
)

HEADER_FONT = Font(bold=True, color="1F4E3D")
HEADER_FILL = PatternFill("solid", fgColor="E6EFE9")
SECTION_FONT = Font(bold=True, color="FFFFFF")
SECTION_FILL = PatternFill("solid", fgColor="2F7D5B")


def sheet_title(key: str) -> str:
    """'汇总 Summary': Chinese and English, within Excel's 31 characters."""
    label = SHEETS[key]
    with override("zh-hans"):
        chinese = str(label)
    with override("en"):
        english = str(label)
    title = english if chinese == english else f"{chinese} {english}"
    return title[:31]


def factor_values(factor: Factor, unconfirmed: bool) -> tuple[Any, ...]:
    return (
        factor.id,
        factor.activity,
        factor.quantity,
        factor.gas,
        factor.technology,
        factor.region,
        factor.year,
        factor.value,
        factor.unit,
        f"{factor.issuer}: {factor.source}" if factor.issuer else factor.source,
        factor.edition,
        factor.clause,
        factor.quality,
        unconfirmed,
    )


def append_header(sheet: Worksheet, labels: Iterable[Any]) -> None:
    sheet.append(
        [safe_cell(bilingual(label) if not _is_period(label) else label) for label in labels]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    sheet.freeze_panes = "A2"


def _is_period(label: Any) -> bool:
    return isinstance(label, str) and label[:4].isdigit()


def append_section(sheet: Worksheet, label: Promise) -> None:
    sheet.append([safe_cell(bilingual(label))])
    row = sheet.max_row
    for column in range(1, 4):
        cell = sheet.cell(row=row, column=column)
        cell.font = SECTION_FONT
        cell.fill = SECTION_FILL


def append_row(
    sheet: Worksheet,
    values: Sequence[Any],
    formats: dict[int, str] | None = None,
    *,
    bold: bool = False,
) -> None:
    sheet.append([safe_cell(value) for value in values])
    row = sheet[sheet.max_row]
    for column, number_format in (formats or {}).items():
        if column <= len(row):
            row[column - 1].number_format = number_format
    if bold:
        for cell in row:
            cell.font = Font(bold=True)


def set_widths(sheet: Worksheet, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Styled rows of the plain report sheets (planning and finance exports)
HEADER_FONT = Font(bold=True, color="1F4E3D")
HEADER_FILL = PatternFill("solid", fgColor="E6EFE9")
SECTION_FONT = Font(bold=True, color="FFFFFF")
SECTION_FILL = PatternFill("solid", fgColor="2F7D5B")


def header_row(sheet: Any, labels: Iterable[Any]) -> None:
    """A bold, shaded row of column labels."""
    sheet.append([safe_cell(label) for label in labels])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")


def section_row(sheet: Any, label: str) -> None:
    """A section title on a dark band three columns wide."""
    sheet.append([safe_cell(label)])
    for column in range(1, 4):
        cell = sheet.cell(row=sheet.max_row, column=column)
        cell.font = SECTION_FONT
        cell.fill = SECTION_FILL


def value_row(sheet: Any, values: Sequence[Any], formats: dict[int, str] | None = None) -> None:
    """A row of values, with number formats by 1-based column."""
    sheet.append([safe_cell(v) for v in values])
    row = sheet[sheet.max_row]
    for column, number_format in (formats or {}).items():
        if column <= len(row):
            row[column - 1].number_format = number_format
