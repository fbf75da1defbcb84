"""Workbooks people fill in and get back: the activity-data template, and marked-up problems.

Outside the pure core (it builds XLSX files with openpyxl) and outside the web (the web layer
serves the bytes). ``activity_template`` writes a bilingual template whose headers, activity
names and units the activity reader (``greenledger.core.intake``) accepts as they are;
``mark_problems`` returns the user's own workbook (a CSV becomes a workbook) with each bad cell
filled red and commented, plus a sheet listing every problem. Text that a spreadsheet would run
as a formula is neutralised (formula injection), as in ``greenledger.exports``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.hyperlink import Hyperlink

from greenledger.core.errors import InputError, Problem, UnitError
from greenledger.core.factors.library import FactorLibrary, normalise_name
from greenledger.core.intake import HEADER_ALIASES
from greenledger.core.units import conversion_factor
from greenledger.core.workbook_safety import DEFAULT_MAX_UPLOAD_BYTES, inspect_upload
from greenledger.exports import safe_cell

LANGUAGES = ("zh", "en")
TEMPLATE_ROWS = 2000  # rows below the header that carry the dropdowns and formats
DATA_SHEET = {"zh": "活动数据", "en": "Activity data"}
INSTRUCTIONS_SHEET = "说明 Instructions"
LISTS_SHEET = "Lists"
AUTHOR = "GreenLedger"


@dataclass(frozen=True, slots=True)
class TemplateColumn:
    field: str  # the reader's canonical column name
    zh: str
    en: str
    width: float
    required: bool
    help_zh: str
    help_en: str

    @property
    def header(self) -> str:
        return f"{self.zh} / {self.en}"


TEMPLATE_COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        "enterprise", "企业名称", "Enterprise", 28, True,
        "企业全称，与注册名称一致。", "The enterprise's full registered name.",
    ),
    TemplateColumn(
        "site", "场所", "Site", 18, False,
        "厂区或站点名称；只有一个场所时可留空。", "Plant or site; leave empty if there is one.",
    ),
    TemplateColumn(
        "period", "报告期", "Period", 14, True,
        "月份写 YYYY-MM（如 2024-01），全年写 YYYY。",
        "A month as YYYY-MM (such as 2024-01), or a year as YYYY.",
    ),
    TemplateColumn(
        "activity", "活动", "Activity", 26, True,
        "从下拉列表选择能源品种或活动。", "Pick the fuel or activity from the list.",
    ),
    TemplateColumn(
        "quantity", "数量", "Quantity", 14, True,
        "数值，不小于 0，不带单位。", "A number, zero or more, without its unit.",
    ),
    TemplateColumn(
        "unit", "计量单位", "Unit", 12, True,
        "先选活动，再从下拉列表选单位；也可填写同类单位。",
        "Pick the activity first, then its unit; other units of the same kind are accepted.",
    ),
    TemplateColumn(
        "instrument", "绿电工具", "Green power instrument", 20, False,
        "仅外购电力：绿证、绿电交易或自发自用。",
        "Purchased electricity only: green certificates, green power trading or on-site.",
    ),
    TemplateColumn(
        "removal_efficiency", "去除效率", "Removal efficiency", 16, False,
        "末端治理对污染物的去除效率，0 到 1 或百分数。",
        "End-of-pipe removal of air pollutants, 0 to 1 or a percentage.",
    ),
    TemplateColumn(
        "sulfur_percent", "硫分", "Sulfur content (%)", 16, False,
        "燃料含硫量，百分数（0 到 10）。", "Fuel sulfur content in percent (0 to 10).",
    ),
    TemplateColumn(
        "technology", "燃烧技术", "Combustion technology", 20, False,
        "用于污染物排放因子；不清楚可留空。", "For pollutant factors; leave empty if unsure.",
    ),
    TemplateColumn(
        "product", "产品名称", "Product", 20, False,
        "仅产品产量行：产品名称。", "Product output lines only: the product's name.",
    ),
)  # fmt: skip

# The units offered beside each activity's canonical unit; each is kept only for activities
# whose canonical unit it converts to. The Chinese 万 (10^4) forms are what statistics use.
UNIT_CHOICES = ("t", "kg", "万吨", "MWh", "kWh", "万kWh", "GJ", "MJ", "万Nm3", "Nm3", "万m3", "m3")
PRODUCT_UNITS = ("t", "kg", "m3", "件", "台", "套", "辆")
# Registry names shown in the spelling people type.
_DISPLAY_UNITS = {"wan_Nm3": "万Nm3", "wan_m3": "万m3", "wan_kWh": "万kWh", "wan_yuan": "万元"}
_INSTRUMENTS = {"zh": ("绿证", "绿电交易", "自发自用"), "en": ("gec", "green_power", "onsite")}
_MAX_UNITS = 6
_NAME_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_LETTERS = re.compile(r"^[A-Z]{1,3}$")

HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9EAD3", end_color="FFD9EAD3")
PROBLEM_FILL = PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
PROBLEM_FONT = Font(color="FF9C0006")


# -- the template -------------------------------------------------------------------------------


def activity_template(library: FactorLibrary, language: str) -> bytes:
    """A bilingual XLSX template for activity data; ``language`` ("zh" or "en") picks the labels.

    Sheets: the data sheet first (the one the reader reads), with bilingual headers, a frozen
    header row, column widths and dropdowns; the instructions in Chinese and English with an
    example row; and the lists behind the dropdowns (activity ids, names, canonical units).
    """
    if language not in LANGUAGES:
        raise ValueError(f"the language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    workbook = Workbook()
    data = workbook.active
    data.title = DATA_SHEET[language]
    lists = workbook.create_sheet(LISTS_SHEET)
    activity_range, technology_range = _write_lists(workbook, lists, library, language)
    _write_data_sheet(data, language, activity_range, technology_range)
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET, index=1)
    _write_instructions(instructions, library, language)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activity_label(library: FactorLibrary, activity_id: str, language: str) -> str:
    """What the template's dropdown shows for an activity: its Chinese name or its id."""
    activity = library.activities[activity_id]
    return activity.name_zh if language == "zh" and activity.name_zh else activity.id


def activity_units(library: FactorLibrary, activity_id: str) -> tuple[str, ...]:
    """The units offered for an activity: its canonical unit first, then common alternatives."""
    activity = library.activities[activity_id]
    if not activity.canonical_unit:  # product output: any unit of the product
        return PRODUCT_UNITS
    canonical = activity.canonical_unit
    units = [_DISPLAY_UNITS.get(canonical, canonical)]
    for unit in UNIT_CHOICES:
        try:
            conversion_factor(unit, canonical)
        except UnitError:
            continue  # another kind of quantity (a mass for an energy carrier, say)
        units.append(unit)
    return tuple(dict.fromkeys(units))[:_MAX_UNITS]


def _write_lists(
    workbook: Any, sheet: Any, library: FactorLibrary, language: str
) -> tuple[str, str]:
    """The lists behind the dropdowns; returns the activity label and technology ranges."""
    header = [
        "下拉选项 / Choice",
        "活动代码 / Activity id",
        "中文名称 / Chinese name",
        "英文名称 / English name",
        "标准单位 / Canonical unit",
        "可选单位 / Units",
    ]
    sheet.append(header)
    for row, activity in enumerate(library.activities.values(), start=2):
        units = activity_units(library, activity.id)
        canonical = _DISPLAY_UNITS.get(activity.canonical_unit, activity.canonical_unit)
        sheet.append(
            [
                safe_cell(activity_label(library, activity.id, language)),
                activity.id,
                safe_cell(activity.name_zh),
                safe_cell(activity.name_en),
                canonical,
                *units,
            ]
        )
        name = f"u_{activity.id}"
        if _NAME_OK.match(name):
            first, last = get_column_letter(6), get_column_letter(5 + len(units))
            workbook.defined_names[name] = DefinedName(
                name, attr_text=f"{LISTS_SHEET}!${first}${row}:${last}${row}"
            )
    last_row = len(library.activities) + 1
    technologies = sorted({f.technology for f in library.factors if f.technology})
    column = get_column_letter(6 + _MAX_UNITS + 1)
    sheet[f"{column}1"] = "燃烧技术 / Technology"
    for row, technology in enumerate(technologies, start=2):
        sheet[f"{column}{row}"] = technology
    for index, width in enumerate((24, 22, 22, 30, 16), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions[column].width = 22
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    sheet.protection.sheet = True  # the dropdowns read these cells; edits would break them
    activity_range = f"{LISTS_SHEET}!$A$2:$B${last_row}"
    technology_range = f"{LISTS_SHEET}!${column}$2:${column}${len(technologies) + 1}"
    return activity_range, technology_range


def _write_data_sheet(
    sheet: Any, language: str, activity_range: str, technology_range: str
) -> None:
    sheet.append([column.header for column in TEMPLATE_COLUMNS])
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    letters = {c.field: get_column_letter(i) for i, c in enumerate(TEMPLATE_COLUMNS, start=1)}
    sheet.column_dimensions[letters["period"]].number_format = "@"  # keep 2024-01 as text

    def cells(field: str) -> str:
        return f"{letters[field]}2:{letters[field]}{TEMPLATE_ROWS + 1}"

    def prompt(field: str) -> dict[str, Any]:
        column = next(c for c in TEMPLATE_COLUMNS if c.field == field)
        first, second = (
            (column.help_zh, column.help_en)
            if language == "zh"
            else (column.help_en, column.help_zh)
        )
        return {
            "showInputMessage": True,
            "promptTitle": column.zh if language == "zh" else column.en,
            "prompt": f"{first}\n{second}"[:255],
        }

    labels_only = activity_range.replace("$B$", "$A$")
    activity = DataValidation(
        type="list",
        formula1=labels_only,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="活动 / Activity",
        error="请从列表中选择活动。 Pick an activity from the list.",
        **prompt("activity"),
    )
    activity.add(cells("activity"))
    activity_cell = f"${letters['activity']}2"
    unit = DataValidation(
        type="list",
        formula1=f'INDIRECT("u_"&VLOOKUP({activity_cell},{activity_range},2,FALSE))',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="单位 / Unit",
        error="该单位不在列表中；同类单位也可接受。 This unit is not in the list; "
        "units of the same kind are accepted.",
        **prompt("unit"),
    )
    unit.add(cells("unit"))
    quantity = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="数量 / Quantity",
        error="数量必须是不小于 0 的数值。 The quantity must be a number, zero or more.",
        **prompt("quantity"),
    )
    quantity.add(cells("quantity"))
    instrument = DataValidation(
        type="list",
        formula1='"' + ",".join(_INSTRUMENTS[language]) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle="绿电工具 / Instrument",
        error="请从列表中选择。 Pick one from the list.",
        **prompt("instrument"),
    )
    instrument.add(cells("instrument"))
    technology = DataValidation(
        type="list",
        formula1=technology_range,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="燃烧技术 / Technology",
        error="请从列表中选择。 Pick one from the list.",
        **prompt("technology"),
    )
    technology.add(cells("technology"))
    for validation in (activity, unit, quantity, instrument, technology):
        sheet.add_data_validation(validation)
    for field in ("enterprise", "site", "period", "removal_efficiency", "sulfur_percent"):
        note = DataValidation(allow_blank=True, **prompt(field))
        note.add(cells(field))
        sheet.add_data_validation(note)


def example_row(library: FactorLibrary, language: str) -> list[object]:
    """One filled-in line in the template's columns, as the instructions show it."""
    values: dict[str, object] = {
        "enterprise": "示例科技有限公司" if language == "zh" else "Example Technology Co., Ltd.",
        "site": "一号厂区" if language == "zh" else "Plant 1",
        "period": "2024-01",
        "activity": activity_label(library, "purchased_electricity", language),
        "quantity": 125.5,
        "unit": "万kWh",
        "instrument": _INSTRUMENTS[language][0],
    }
    return [values.get(column.field, "") for column in TEMPLATE_COLUMNS]


def _write_instructions(sheet: Any, library: FactorLibrary, language: str) -> None:
    data_sheet = DATA_SHEET[language]
    zh = [
        "填写说明",
        f"1. 在第一个工作表“{data_sheet}”中每行填写一条活动数据，不要修改或移动表头。",
        "2. 活动、单位、绿电工具和燃烧技术请从下拉列表选择；先选活动，再选单位。",
        "3. 单元格中只填数值或文字：不要合并单元格，不要使用公式（需要时请粘贴为数值）。",
        "4. 报告期按月填写 YYYY-MM；同一企业、场所、月份和活动的重复行会被拒绝。",
        "5. 上传后系统会检查每个单元格；有问题时会返回标注了问题单元格的工作簿。",
        "6. 请保存为 Excel 工作簿 (.xlsx)；不接受启用宏或加密的文件。",
    ]
    en = [
        "How to fill in this template",
        f"1. Write one activity line per row in the first sheet, '{data_sheet}'; do not change "
        "or move the header row.",
        "2. Pick the activity, unit, green power instrument and technology from the dropdowns; "
        "pick the activity first, then its unit.",
        "3. Write plain values only: no merged cells and no formulas (paste as values if needed).",
        "4. Write the period as a month, YYYY-MM; a row repeating the same enterprise, site, "
        "month and activity is refused.",
        "5. Every cell is checked on upload; if something is wrong you get the workbook back "
        "with the problem cells marked.",
        "6. Save as an Excel Workbook (.xlsx); macro-enabled and encrypted files are refused.",
    ]
    blocks = (zh, en) if language == "zh" else (en, zh)
    for block in blocks:
        for index, line in enumerate(block):
            sheet.append([line])
            if index == 0:
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
        sheet.append([])
    sheet.append(["字段 / Column", "必填 / Required", "中文说明", "Description"])
    header_row = sheet.max_row
    for column in TEMPLATE_COLUMNS:
        sheet.append(
            [column.header, "是 / yes" if column.required else "否 / no", column.help_zh,
             column.help_en]
        )  # fmt: skip
    sheet.append([])
    sheet.append(["示例 / Example"])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=13)
    sheet.append([column.header for column in TEMPLATE_COLUMNS])
    example_header = sheet.max_row
    sheet.append([safe_cell(v) for v in example_row(library, language)])
    for row in (header_row, example_header):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
    widths = [column.width for column in TEMPLATE_COLUMNS]
    widths[0:4] = [34, 16, 44, 60]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


# -- marking problems ---------------------------------------------------------------------------


def mark_problems(original_path: Path, problems: Iterable[Problem]) -> bytes:
    """The user's workbook with every located problem marked, plus a 'Problems' sheet.

    Each bad cell is filled light red and carries a comment with the reason; a problem naming
    a row but no column marks the row. Problems without a sheet belong to the first sheet, which
    is the one the reader reads. A CSV is converted to a workbook first. A workbook that fails
    ``inspect_upload`` is never opened: the result is then a new workbook listing the problems.
    The Problems sheet goes last, so the marked workbook can be fixed and uploaded again.
    """
    listed = list(problems)
    suffix = original_path.suffix.lower()
    workbook: Any
    try:
        inspect_upload(original_path, max_bytes=DEFAULT_MAX_UPLOAD_BYTES)
        if suffix == ".csv":
            workbook = _csv_workbook(original_path)
        elif suffix == ".xlsx":
            workbook = load_workbook(original_path, data_only=False, keep_links=False)
        else:
            raise InputError(
                [Problem("Only CSV and XLSX files can be marked.", file=original_path.name)]
            )
    except InputError as refused:
        workbook = Workbook()
        workbook.remove(workbook.active)
        listed = [*refused.problems, *listed]
    _neutralise(workbook)
    located: list[str | None] = [_mark(workbook, problem) for problem in listed]
    _problems_sheet(workbook, listed, located)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_workbook(path: Path) -> Any:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for record in csv.reader(io.StringIO(text, newline="")):
        sheet.append([_csv_value(value) for value in record])
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "A2"
    return workbook


def _csv_value(value: str) -> object:
    """Plain numbers become numbers (the reader reads them back alike); text is neutralised."""
    if _NUMBER.match(value.strip()):
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    return safe_cell(value)


def _neutralise(workbook: Any) -> None:
    """No cell of the returned workbook can run as a formula."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, (ArrayFormula, DataTableFormula)):
                    cell.value = "'=" + str(getattr(value, "text", "") or "").lstrip("=")
                elif isinstance(value, str):
                    stripped = value.strip()
                    if cell.data_type == "s" and _NUMBER.match(stripped):
                        continue  # text such as "-5" stays text: it runs nothing
                    cell.value = safe_cell(value)
    workbook._external_links = []  # links to other files are dropped, never followed


def _mark(workbook: Any, problem: Problem) -> str | None:
    """Fill and comment the cell (or row) a problem names; return its address, or None."""
    if not workbook.worksheets:
        return None
    title = problem.sheet or workbook.worksheets[0].title
    if title not in workbook.sheetnames or problem.row is None or problem.row < 1:
        return None
    sheet = workbook[title]
    column = _column_index(sheet, problem.column)
    if column is not None:
        targets = [sheet.cell(row=problem.row, column=column)]
    else:
        width = max(sheet.max_column, 1)
        targets = [sheet.cell(row=problem.row, column=i) for i in range(1, width + 1)]
    for cell in targets:
        cell.fill = PROBLEM_FILL
        cell.font = PROBLEM_FONT
    first = targets[0]
    text = problem.reason if column is not None else f"Row {problem.row}: {problem.reason}"
    if first.comment is not None and first.comment.author == AUTHOR:
        text = f"{first.comment.text}\n{text}"
    elif first.comment is not None:
        text = f"{text}\n\n({first.comment.author or 'note'}: {first.comment.text})"
    comment = Comment(text, AUTHOR)
    comment.width, comment.height = 320, 120
    first.comment = comment
    return f"{quote_sheetname(title)}!{first.coordinate}"


def _column_index(sheet: Any, column: str | None) -> int | None:
    """The column a problem names: a header as written, a reader field, or a letter."""
    if not column:
        return None
    fields: dict[str, int] = {}
    for cell in sheet[1]:
        if cell.value is None:
            continue
        text = str(cell.value).strip()
        if text == column:
            return int(cell.column)
        fields.setdefault(HEADER_ALIASES.get(text, normalise_name(text)), int(cell.column))
    if column in fields:
        return fields[column]
    if _LETTERS.match(column):
        return int(column_index_from_string(column))
    return None


def _problems_sheet(workbook: Any, problems: list[Problem], located: list[str | None]) -> None:
    title = "Problems"
    while title in workbook.sheetnames:
        title = f"{title}_"
    sheet = workbook.create_sheet(title)
    sheet.append(["工作表 / Sheet", "行 / Row", "列 / Column", "原因 / Reason", "文件 / File"])
    default_sheet = workbook.worksheets[0].title if len(workbook.worksheets) > 1 else ""
    for problem, address in zip(problems, located, strict=True):
        sheet.append(
            [
                safe_cell(problem.sheet or (default_sheet if problem.row else "")),
                problem.row,
                safe_cell(problem.column or ""),
                safe_cell(problem.reason),
                safe_cell(problem.file or ""),
            ]
        )
        if address:
            link = sheet.cell(row=sheet.max_row, column=4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=address)
            link.font = Font(color="FF0563C1", underline="single")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCDE", (18, 8, 20, 90, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
