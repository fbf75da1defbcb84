"""Accounting messages of the core in the user's language: units, tables, activity files,
imports, outliers, meter series and uploaded workbooks.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

ACCOUNTING: dict[str, Promise | Callable[[int], str]] = {
    "units.empty": pgettext_lazy("core", "the unit is empty"),
    "units.unknown": pgettext_lazy("core", "unknown unit {unit!r}"),
    "units.number": pgettext_lazy("core", "{unit!r} is a number, not a unit"),
    "units.wrong_dimension": pgettext_lazy(
        "core",
        "unit {unit!r} is a {found}, but {expected} is expected here (for example {example})",
    ),
    "units.dimension.energy": pgettext_lazy("core", "energy"),
    "units.dimension.mass": pgettext_lazy("core", "mass"),
    "units.dimension.volume": pgettext_lazy("core", "volume"),
    "units.dimension.money": pgettext_lazy("core", "sum of money"),
    "units.dimension.number": pgettext_lazy("core", "pure number"),
    "units.dimension.other": pgettext_lazy("core", "quantity of dimension {dimensionality}"),
    "tabular.missing": pgettext_lazy("core", "the file does not exist"),
    "tabular.encoding": pgettext_lazy("core", "the file is neither UTF-8 nor GBK/GB18030 text"),
    "tabular.empty": pgettext_lazy("core", "the file is empty"),
    "tabular.bad_csv": pgettext_lazy("core", "not a readable CSV file: {detail}"),
    "tabular.bad_workbook": pgettext_lazy("core", "not a readable workbook: {detail}"),
    "tabular.empty_sheet": pgettext_lazy("core", "the first sheet is empty"),
    "intake.headline": lambda n: npgettext(
        "core",
        "{count} problem in {file}; nothing was computed",
        "{count} problems in {file}; nothing was computed",
        n,
    ),
    "intake.headline_first": lambda n: npgettext(
        "core",
        "{count} problem in {file} (the first {shown} shown); nothing was computed",
        "{count} problems in {file} (the first {shown} shown); nothing was computed",
        n,
    ),
    "intake.empty_cell": pgettext_lazy("core", "the {column} is empty"),
    "intake.unknown_activity": pgettext_lazy("core", "unknown activity {value!r}"),
    "intake.unknown_activity_hint": pgettext_lazy(
        "core",
        "unknown activity {value!r}; did you mean {hint}?",
    ),
    "intake.not_a_number": pgettext_lazy("core", "{value!r} is not a number"),
    "intake.not_finite": pgettext_lazy("core", "{value!r} is not a finite number"),
    "intake.negative": pgettext_lazy("core", "the quantity {value} is negative"),
    "intake.missing_column": pgettext_lazy(
        "core",
        "the required column {column!r} is missing (columns found: {found})",
    ),
    "intake.missing_column_hint": pgettext_lazy(
        "core",
        "the required column {column!r} is missing (columns found: {found}); did you mean "
        "{hint!r}?",
    ),
    "intake.unit_for_activity": pgettext_lazy("core", "{reason} for activity {activity}"),
    "intake.bad_period": pgettext_lazy(
        "core",
        "{value!r} is not a period; write YYYY-MM (a month) or YYYY (a year)",
    ),
    "intake.unknown_instrument": pgettext_lazy(
        "core",
        "unknown instrument {value!r}; one of {choices}",
    ),
    "intake.instrument_not_electricity": pgettext_lazy(
        "core",
        "the instrument {value!r} applies to purchased electricity only",
    ),
    "intake.bad_efficiency": pgettext_lazy(
        "core",
        "{value!r} is not a removal efficiency; write a fraction 0..1 or a percentage such as 95%",
    ),
    "intake.bad_sulfur": pgettext_lazy("core", "{value!r} is not a sulfur content in % (0 to 10)"),
    "intake.unknown_technology": pgettext_lazy(
        "core",
        "unknown technology {value!r}; one of {choices}",
    ),
    "intake.duplicate_row": pgettext_lazy(
        "core",
        "the row repeats row {first} exactly (a duplicated line)",
    ),
    "import.headline": lambda n: npgettext(
        "core",
        "{count} problem in {file}; nothing was stored",
        "{count} problems in {file}; nothing was stored",
        n,
    ),
    "import.headline_first": lambda n: npgettext(
        "core",
        "{count} problem in {file} (the first {shown} shown); nothing was stored",
        "{count} problems in {file} (the first {shown} shown); nothing was stored",
        n,
    ),
    "import.other_enterprise": pgettext_lazy(
        "core",
        "the enterprise {value!r} is not {name} ({other}); a file holds one organisation's data",
    ),
    "import.unknown_site": pgettext_lazy(
        "core",
        "{value!r} is not a site of {name} (its sites: {sites})",
    ),
    "import.other_year": pgettext_lazy(
        "core",
        "the period {value} lies outside the reporting year {year}",
    ),
    "import.too_large": pgettext_lazy(
        "core",
        "The file is larger than the limit of {limit}; split it into smaller files.",
    ),
    "import.internal_error": pgettext_lazy(
        "core",
        "The import stopped on an internal error ({error}); try again.",
    ),
    "import.version_frozen": pgettext_lazy(
        "core",
        "version {number} was submitted while the file was checked; correct the submission and "
        "import again",
    ),
    "outliers.absurd": pgettext_lazy(
        "core",
        "The quantity {quantity:.4g} of {activity} in {period} is not plausible (more than "
        "{limit:.0e} in the activity's canonical unit); check the unit and the decimal "
        "separator.",
    ),
    "outliers.headline": lambda n: npgettext(
        "core",
        "{count} implausible quantity; nothing saved",
        "{count} implausible quantities; nothing saved",
        n,
    ),
    "outliers.where": pgettext_lazy("core", "{activity} in {period}"),
    "outliers.where_site": pgettext_lazy("core", "{activity} at site {site} in {period}"),
    "outliers.previous": pgettext_lazy("core", "the previous {window} months"),
    "outliers.previous_some": pgettext_lazy(
        "core",
        "the {points} months reported in the previous {window}",
    ),
    "outliers.zero_median": pgettext_lazy(
        "core",
        "{where} is {quantity}, while the median of {previous} is 0; check the quantity and "
        "its unit.",
    ),
    "outliers.above": pgettext_lazy(
        "core",
        "{where} is {times} the median of {previous} ({median}); check the quantity and its unit.",
    ),
    "outliers.zero": pgettext_lazy(
        "core",
        "{where} is 0, against a median of {median} over {previous}; check whether the month "
        "was reported completely.",
    ),
    "outliers.below": pgettext_lazy(
        "core",
        "{where} is {quantity}, {times} below the median of {previous} ({median}); check the "
        "quantity and its unit.",
    ),
    "meters.headline": lambda n: npgettext(
        "core",
        "{count} problem in the meter series {file} ({coverage} of the hours of {year} covered)",
        "{count} problems in the meter series {file} ({coverage} of the hours of {year} covered)",
        n,
    ),
    "meters.refused": lambda n: npgettext(
        "core",
        "{count} problem in the meter series {file}; nothing was stored",
        "{count} problems in the meter series {file}; nothing was stored",
        n,
    ),
    "meters.bad_parquet": pgettext_lazy(
        "core",
        "The file is not a readable Parquet file ({detail}).",
    ),
    "meters.bad_suffix": pgettext_lazy(
        "core",
        "Meter series are read from .csv or .parquet files, not {suffix}.",
    ),
    "meters.no_suffix": pgettext_lazy(
        "core",
        "Meter series are read from .csv or .parquet files, not this file.",
    ),
    "meters.more_rows": pgettext_lazy(
        "core",
        "{rest:,} more rows have {kind} (the rows listed above are the first {listed}).",
    ),
    "meters.kind.outside_year": pgettext_lazy("core", "timestamps outside the year {year}"),
    "meters.kind.empty_meter": pgettext_lazy("core", "an empty meter"),
    "meters.kind.empty_kwh": pgettext_lazy("core", "an empty kWh value"),
    "meters.kind.kwh_not_number": pgettext_lazy("core", "a kWh value that is not a number"),
    "meters.kind.kwh_not_finite": pgettext_lazy("core", "a kWh value that is not finite"),
    "meters.kind.kwh_negative": pgettext_lazy("core", "a negative kWh value"),
    "meters.kind.bad_timestamp": pgettext_lazy("core", "a value that is not a timestamp"),
    "meters.kind.empty_timestamp": pgettext_lazy("core", "an empty timestamp"),
    "meters.kind.not_on_hour": pgettext_lazy("core", "timestamps not on the hour"),
    "meters.no_timestamp": pgettext_lazy("core", "No timestamp in the file could be read."),
    "meters.outside_year": pgettext_lazy(
        "core",
        "The timestamp {value!r} is outside the year {year}.",
    ),
    "meters.missing_column": pgettext_lazy(
        "core",
        "The required column {column!r} is missing; a meter series has the columns meter, "
        "timestamp and kwh (columns found: {found}).",
    ),
    "meters.empty_meter": pgettext_lazy("core", "The meter is empty."),
    "meters.empty_kwh": pgettext_lazy(
        "core",
        "The kWh value is empty; that hour counts as missing.",
    ),
    "meters.kwh_not_number": pgettext_lazy("core", "The kWh value {value!r} is not a number."),
    "meters.kwh_not_finite": pgettext_lazy(
        "core",
        "The kWh value {value!r} is not a finite number.",
    ),
    "meters.kwh_negative": pgettext_lazy(
        "core",
        "The kWh value {value} is negative; consumption per hour cannot be.",
    ),
    "meters.bad_timestamp": pgettext_lazy(
        "core",
        "{value!r} is not a timestamp; write YYYY-MM-DD HH:MM in China Standard Time, or ISO "
        "8601 with an offset such as 2023-01-01T00:00+08:00.",
    ),
    "meters.empty_timestamp": pgettext_lazy("core", "The timestamp is empty."),
    "meters.not_on_hour": pgettext_lazy(
        "core",
        "The timestamp {value!r} is not on the hour; an hourly series has one value per whole "
        "hour (add up shorter readings into hours first).",
    ),
    "meters.dst_hint": pgettext_lazy(
        "core",
        " China has not observed daylight saving time since 1991, so this looks like a meter "
        "or export set to a foreign time zone.",
    ),
    "meters.foreign_offset_row": pgettext_lazy(
        "core",
        "The timestamps of meter {meter} in row {first} carry the UTC offset {offset}; China "
        "Standard Time is +08:00 all year.{hint}",
    ),
    "meters.foreign_offset_rows": pgettext_lazy(
        "core",
        "The timestamps of meter {meter} in rows {first} to {last} carry the UTC offset "
        "{offset}; China Standard Time is +08:00 all year.{hint}",
    ),
    "meters.more_duplicates": pgettext_lazy(
        "core",
        "{rest:,} more hours appear more than once (the hours listed above are the first "
        "{listed}).",
    ),
    "meters.different_values": pgettext_lazy("core", " with different values ({values} kWh)"),
    "meters.duplicate_hour": pgettext_lazy(
        "core",
        "The hour {hour} of meter {meter} appears {times} times (rows {rows}){differ}; the "
        "first is kept.{hint}",
    ),
    "meters.more_gaps": pgettext_lazy(
        "core",
        "Meter {meter} has {rest:,} more gaps (the gaps listed above are the first {listed}).",
    ),
    "meters.gap_hour": pgettext_lazy(
        "core",
        "Meter {meter} has no value for the hour {hour} (China Standard Time).{hint}",
    ),
    "meters.gap_hours": pgettext_lazy(
        "core",
        "Meter {meter} has no value for {hours:,} hours, from {first} to {last} (China "
        "Standard Time).",
    ),
    "meters.hour_ending": pgettext_lazy(
        "core",
        "Meter {meter} has no value for {year}-01-01 00:00 but one for {next_year}-01-01 "
        "00:00: the series seems to name each hour by its end; name each hour by its start "
        "(00:00 is the hour from 00:00 to 01:00).",
    ),
    "workbook.missing": pgettext_lazy("core", "The file does not exist."),
    "workbook.too_large": pgettext_lazy(
        "core",
        "The file is {size}, larger than the limit of {limit}; split it into smaller files.",
    ),
    "workbook.empty": pgettext_lazy("core", "The file is empty."),
    "workbook.macro_suffix": pgettext_lazy(
        "core",
        "Macro-enabled workbooks ({suffix}) are not accepted; save the workbook as an Excel "
        "Workbook (.xlsx) without macros and upload it again.",
    ),
    "workbook.bad_suffix": pgettext_lazy(
        "core",
        "Files of type {suffix} are not accepted; upload one of {accepted}.",
    ),
    "workbook.no_suffix": pgettext_lazy(
        "core",
        "Files of type (no extension) are not accepted; upload one of {accepted}.",
    ),
    "workbook.encrypted_ole": pgettext_lazy(
        "core",
        "The workbook is password-protected (encrypted), so it cannot be read; remove the "
        "password in Excel (File, Info, Protect Workbook) and upload it again.",
    ),
    "workbook.legacy_xls": pgettext_lazy(
        "core",
        "Legacy Excel 97-2003 workbooks (.xls) are not accepted because they can hide macros "
        "and encryption; open the file in Excel and save it as an Excel Workbook (.xlsx).",
    ),
    "workbook.not_zip": pgettext_lazy(
        "core",
        "The file is not a readable workbook: an {suffix} file is a ZIP archive, but this file "
        "is {content}.",
    ),
    "workbook.damaged_zip": pgettext_lazy(
        "core",
        "The file is not a readable workbook: its ZIP structure is damaged ({detail}).",
    ),
    "workbook.refused": pgettext_lazy("core", "{file} was refused before it was opened"),
    "workbook.too_many_parts": pgettext_lazy(
        "core",
        "The workbook has {parts:,} parts, more than the limit of {limit:,}; it is not an "
        "ordinary workbook.",
    ),
    "workbook.expands": pgettext_lazy(
        "core",
        "The workbook would expand to {size} when opened, more than the limit of {limit}; it "
        "looks like a ZIP bomb and was not opened.",
    ),
    "workbook.ratio": pgettext_lazy(
        "core",
        "The part {part} is compressed {ratio:,.0f} to 1, more than the limit of {limit} to 1; "
        "it looks like a ZIP bomb and was not opened.",
    ),
    "workbook.macros": pgettext_lazy(
        "core",
        "The workbook contains macros (the part {part}); save it as an Excel Workbook (.xlsx) "
        "without macros and upload it again.",
    ),
    "workbook.encrypted": pgettext_lazy(
        "core",
        "The workbook is password-protected (encrypted), so it cannot be read; remove the "
        "password and upload it again.",
    ),
    "workbook.embedded": pgettext_lazy(
        "core",
        "The workbook contains an embedded file or archive ({part}); embedded files are not "
        "accepted, so remove the embedded object and upload again.",
    ),
    "workbook.encrypted_part": pgettext_lazy(
        "core",
        "The part {part} is encrypted inside the ZIP archive; such files cannot be read.",
    ),
    "workbook.no_content_types": pgettext_lazy(
        "core",
        "The file is not a readable workbook: it is a ZIP archive, but not an Excel workbook "
        "(it has no [Content_Types].xml part).",
    ),
    "workbook.nested_zip": pgettext_lazy(
        "core",
        "The workbook contains a nested ZIP archive ({part}); embedded archives are not accepted.",
    ),
    "workbook.expands_undeclared": pgettext_lazy(
        "core",
        "The workbook expands to more than {limit} although its directory declares less; it "
        "looks like a ZIP bomb and was not opened.",
    ),
    "workbook.damaged_part": pgettext_lazy(
        "core",
        "The file is not a readable workbook: the part {part} is damaged ({detail}).",
    ),
    "workbook.csv_binary": pgettext_lazy(
        "core",
        "The file is named .csv but it is {content}, not text.",
    ),
    "workbook.csv_nul": pgettext_lazy(
        "core",
        "The file is named .csv but it holds binary data (NUL bytes), not text.",
    ),
    "workbook.utf16": pgettext_lazy(
        "core",
        "The file is UTF-16 text; save it as CSV UTF-8 (or as CSV from Chinese Excel, which "
        "writes GBK) and upload it again.",
    ),
    "workbook.not_parquet": pgettext_lazy(
        "core",
        "The file is named .parquet but it is {content}, not a Parquet file.",
    ),
    "workbook.content.zip": pgettext_lazy(
        "core",
        "a ZIP archive (an .xlsx workbook saved with the wrong extension?)",
    ),
    "workbook.content.ole": pgettext_lazy(
        "core",
        "a legacy Office file (an .xls workbook saved with the wrong extension?)",
    ),
    "workbook.content.pdf": pgettext_lazy("core", "a PDF document"),
    "workbook.content.parquet": pgettext_lazy("core", "a Parquet file"),
    "workbook.content.png": pgettext_lazy("core", "a PNG image"),
    "workbook.content.jpeg": pgettext_lazy("core", "a JPEG image"),
    "workbook.content.binary": pgettext_lazy("core", "binary data of an unknown kind"),
    "workbook.content.text": pgettext_lazy("core", "plain text"),
    "workbook.unreadable": pgettext_lazy("core", "The file is not a readable workbook ({detail})."),
    "workbook.cell_headline": lambda n: npgettext(
        "core",
        "{count} cell problem in {file}; a data sheet holds one plain value per cell",
        "{count} cell problems in {file}; a data sheet holds one plain value per cell",
        n,
    ),
    "workbook.no_sheet": pgettext_lazy(
        "core",
        "The workbook has no sheet named {sheet!r} (its sheets are {sheets}).",
    ),
    "workbook.no_sheet_hint": pgettext_lazy(
        "core",
        "The workbook has no sheet named {sheet!r} (its sheets are {sheets}). Did you mean {hint}?",
    ),
    "workbook.merged": pgettext_lazy(
        "core",
        "The cells {cells} are merged; unmerge them and write the value in every row it "
        "applies to.",
    ),
    "workbook.formula": pgettext_lazy(
        "core",
        "The cell {cell} holds the formula {formula}; replace it by its value (copy, then "
        "paste as values).",
    ),
    "workbook.array_formula": pgettext_lazy(
        "core",
        "The cell {cell} holds an array formula; replace it by its value (copy, then paste as "
        "values).",
    ),
}
