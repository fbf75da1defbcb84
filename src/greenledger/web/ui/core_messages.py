"""The core's coded messages in the user's language.

The pure core gives every problem, explanation and refusal as a ``Message`` (a stable code and
its parameters; see ``greenledger.core.messages``). This catalogue holds, for every code, the
English template marked for translation (context "core"), so the platform catalogue carries its
Chinese; ``render`` formats a message in the active language. English msgids are the core's own
templates, so the English pages read exactly as the CLI prints.

Parameters that name things the user knows by a label (a file's column, an activity) are shown
through ``labels``: the reporting pages pass their column and activity names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

from greenledger.core.messages import TEXT, Message

Labels = Mapping[str, Callable[[Any], str]]

TEMPLATES: dict[str, Promise | Callable[[int], str]] = {
    "common.none": pgettext_lazy("core", "none"),
    "problems.found": lambda n: npgettext(
        "core",
        "{count} problem found",
        "{count} problems found",
        n,
    ),
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
    "application.not_object": pgettext_lazy("core", "$: the application must be a JSON object"),
    "application.unknown_key": pgettext_lazy("core", "$.{key}: unknown key"),
    "application.input_type": pgettext_lazy(
        "core",
        "$.inputs.{key}: must be a number or true/false",
    ),
    "application.evidence_type": pgettext_lazy(
        "core",
        "$.evidence.{key}: must be a list of references",
    ),
    "application.threshold_type": pgettext_lazy("core", "$.thresholds.{key}: must be a number"),
    "application.must_be_object": pgettext_lazy("core", "$.{key}: must be a JSON object"),
    "application.invalid": pgettext_lazy("core", "the application is invalid"),
    "application.overrides_invalid": pgettext_lazy("core", "the threshold overrides are invalid"),
    "application.not_an_input": pgettext_lazy("core", "$.inputs.{key}: not an input of {ruleset}"),
    "application.missing": pgettext_lazy("core", "$.inputs.{key}: missing; {title}"),
    "application.missing_unit": pgettext_lazy("core", "$.inputs.{key}: missing; {title} ({unit})"),
    "application.must_be_bool": pgettext_lazy("core", "$.inputs.{key}: must be true or false"),
    "application.must_be_number": pgettext_lazy("core", "$.inputs.{key}: must be a number"),
    "application.below": pgettext_lazy("core", "$.inputs.{key}: {value:g} is below {minimum:g}"),
    "application.above": pgettext_lazy("core", "$.inputs.{key}: {value:g} is above {maximum:g}"),
    "application.unknown_item": pgettext_lazy(
        "core",
        "$.evidence.{key}: no requirement or indicator has this id",
    ),
    "application.incomplete": pgettext_lazy("core", "the application is incomplete or invalid"),
    "thresholds.unknown": pgettext_lazy(
        "core",
        "$.thresholds.{path}: no such threshold in {ruleset}",
    ),
    "thresholds.fixed": pgettext_lazy("core", "$.thresholds.{path}: fixed by the standard"),
    "thresholds.weights": pgettext_lazy(
        "core",
        "$.thresholds: weights sum to {weights:g}, not the total {total:g}",
    ),
    "ruleset.unknown": pgettext_lazy("core", "unknown rule set {ruleset!r}; one of {choices}"),
    "assessment.requirement_error": pgettext_lazy("core", "basic requirement {id}: {detail}"),
    "assessment.indicator_error": pgettext_lazy("core", "indicator {id}: {detail}"),
    "assessment.cannot_score": pgettext_lazy("core", "the application cannot be scored"),
    "assessment.evidence_missing": pgettext_lazy("core", "the required evidence was not provided"),
    "assessment.limits_explained": pgettext_lazy("core", "{limits}: {explanation}"),
    "assessment.and": pgettext_lazy("core", "{first}; {rest}"),
    "assessment.comparison": pgettext_lazy(
        "core",
        "{name} {value:.10g} {sign} {limit:.10g} ({wording})",
    ),
    "assessment.wording": pgettext_lazy("core", "{wording}, {bound}"),
    "assessment.wording_unconfirmed": pgettext_lazy("core", "wording not confirmed"),
    "assessment.bound.inclusive": pgettext_lazy("core", "inclusive"),
    "assessment.bound.exclusive": pgettext_lazy("core", "exclusive"),
    "scoring.evidence_missing": pgettext_lazy(
        "core",
        "0 points: the evidence this indicator requires was not provided",
    ),
    "scoring.formula_points": pgettext_lazy(
        "core",
        "{formula} = {raw:g} with value {value:g}, kept within 0..{weight:g}",
    ),
    "scoring.not_met": pgettext_lazy("core", "not met: 0 points"),
    "scoring.declared_no_evidence": pgettext_lazy(
        "core",
        "declared, but the required evidence was not provided: 0 points",
    ),
    "scoring.met": pgettext_lazy("core", "met: full weight {weight:g}"),
    "scoring.worse_than_benchmark": pgettext_lazy(
        "core",
        "worse than the benchmark {benchmark:g}: 0 points",
    ),
    "scoring.at_leading": pgettext_lazy(
        "core",
        "at or better than the leading value {leading:g}: full weight {weight:g}",
    ),
    "scoring.linear": pgettext_lazy(
        "core",
        "between benchmark {benchmark:g} and leading value {leading:g}: {share:.4g} of the "
        "weight {weight:g} (linear, {base:g} at the benchmark)",
    ),
    "scoring.ratio": pgettext_lazy(
        "core",
        "index {ratio:.4g} against the leading value {leading:g}: {capped:.4g} of the weight "
        "{weight:g}",
    ),
    "scoring.ratio_capped": pgettext_lazy(
        "core",
        "index {ratio:.4g} against the leading value {leading:g} (capped at 1): {capped:.4g} "
        "of the weight {weight:g}",
    ),
    "scoring.step": pgettext_lazy(
        "core",
        "{value:g} {sign} {bound:g} ({wording}): {points:g} points",
    ),
    "scoring.no_step": pgettext_lazy("core", "no step reached: 0 points"),
    "review.judge_requirement": pgettext_lazy(
        "core",
        "{id}: judge the basic requirement (pass/fail)",
    ),
    "review.give_points": pgettext_lazy("core", "{id}: give the indicator's points"),
    "review.points_outside": pgettext_lazy(
        "core",
        "{id}: {points:g} points is outside 0 to {weight:g} (the indicator's weight)",
    ),
    "review.unknown_item": pgettext_lazy("core", "{id}: no such item in {ruleset}"),
    "review.incomplete": pgettext_lazy("core", "the review is incomplete"),
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
    "progress.target.missing": pgettext_lazy(
        "core",
        "target {target}: the field {field!r} is missing",
    ),
    "progress.target.unknown_key": pgettext_lazy(
        "core",
        "target {target}: unknown key {key!r} (allowed: {allowed})",
    ),
    "progress.target.choice": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not one of {allowed}",
    ),
    "progress.target.number": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a number",
    ),
    "progress.target.year": pgettext_lazy(
        "core",
        "target {target}: {field} {value!r} is not a year",
    ),
    "progress.target.year_before_base": pgettext_lazy(
        "core",
        "target {target}: the year {year} is before the base year {base_year}",
    ),
    "progress.target.change_or_level": pgettext_lazy(
        "core",
        "target {target}: give either a change or a level, exactly one of them",
    ),
    "progress.target.change_range": pgettext_lazy(
        "core",
        "target {target}: the change {change} is impossible (a fall of 100 % or more)",
    ),
    "progress.target.duplicate": pgettext_lazy("core", "target {target} is defined more than once"),
    "progress.trajectory.after_target": pgettext_lazy(
        "core",
        "target {target}: the year {year} is after the target year {target_year}",
    ),
    "progress.trajectory.contradicts": pgettext_lazy(
        "core",
        "target {target}: the trajectory gives {value} in {year}, but the target means {expected}",
    ),
    "progress.trajectory.base_value": pgettext_lazy(
        "core",
        "target {target}: the base-year value {value} must be a positive number",
    ),
    "progress.trajectory.method": pgettext_lazy(
        "core",
        "unknown trajectory method {method!r} (allowed: {allowed})",
    ),
    "progress.progress.no_actual": pgettext_lazy(
        "core",
        "target {target}: no actual value for any year from {base_year} to {target_year}",
    ),
    "progress.deflator.missing_year": pgettext_lazy(
        "core",
        "the price index has no value for {year} (it covers {years})",
    ),
    "progress.deflator.bad_value": pgettext_lazy(
        "core",
        "the price index for {year} is {value}; it must be positive",
    ),
    "budget.missing_base": pgettext_lazy(
        "core",
        "{enterprise}: no base-year ({year}) emissions, which the {method} method needs",
    ),
    "budget.missing_output": pgettext_lazy(
        "core",
        "{enterprise}: no output value for {year}, which the {method} method needs",
    ),
    "budget.missing_benchmark": pgettext_lazy(
        "core",
        "no intensity benchmark for {year}, which the {method} method needs",
    ),
    "budget.exceeds_cap": pgettext_lazy(
        "core",
        "{year}: the budgets sum to {total} t, {excess} t above the district cap of {cap} t",
    ),
    "budget.missing_cap": pgettext_lazy("core", "{year}: no district cap is given"),
    "budget.bad_parameter": pgettext_lazy(
        "core",
        "the {parameter} {value} must be between 0 and 1",
    ),
    "keyunit.negative": pgettext_lazy(
        "core",
        "{enterprise} {year}: the energy consumption {value} tce is negative",
    ),
    "progress.decomposition.same_year": pgettext_lazy(
        "core",
        "the base year and the year are both {year}; a comparison needs two different years",
    ),
    "progress.decomposition.no_year": pgettext_lazy("core", "no enterprise has figures for {year}"),
    "progress.decomposition.duplicate": pgettext_lazy(
        "core",
        "{enterprise} {year}: the enterprise-year is given twice",
    ),
    "progress.decomposition.bad_number": pgettext_lazy(
        "core",
        "{enterprise} {year}: {field} is {value}; a finite number of at least zero is needed",
    ),
    "progress.decomposition.emissions_without_energy": pgettext_lazy(
        "core",
        "{enterprise} {year}: {carrier} emits {co2e_t} tCO2e but no energy use is given for it",
    ),
    "progress.decomposition.no_record": pgettext_lazy(
        "core",
        "{enterprise} {year}: {energy_tce} tce of energy is given, but the enterprise has no "
        "record for the year (output value, park, industry)",
    ),
    "progress.decomposition.output_missing": pgettext_lazy(
        "core",
        "{enterprise} {year}: the output value is missing, but the enterprise used "
        "{energy_tce} tce of energy; its energy intensity needs the output value",
    ),
    "progress.decomposition.output_zero": pgettext_lazy(
        "core",
        "{enterprise} {year}: the output value is zero, but the enterprise used {energy_tce} "
        "tce of energy; its energy intensity has no value (not even as a limit)",
    ),
}


def as_message(value: Message | Mapping[str, Any]) -> Message:
    """A message, from itself or from its stored form (``Message.as_dict``)."""
    return value if isinstance(value, Message) else Message.from_dict(value)


def template(code: str, count: object = None) -> str | None:
    """The template of ``code`` in the active language (None for a code this catalogue lacks)."""
    entry = TEMPLATES.get(code)
    if entry is None:
        return None
    if isinstance(entry, Promise):
        return str(entry)
    return entry(count if isinstance(count, int) else 2)


def render(value: Message | Mapping[str, Any], *, labels: Labels | None = None) -> str:
    """The message in the active language; the core's English if this catalogue lacks it."""
    message = as_message(value)
    if message.code == TEXT:
        return str(message.params.get("text", ""))
    text = template(message.code, message.params.get("count"))
    if text is None:
        return message.english()
    params: dict[str, object] = {}
    for key, param in message.params.items():
        if isinstance(param, Message | Mapping):
            params[key] = render(param, labels=labels)
        elif labels and key in labels and param not in (None, ""):
            params[key] = labels[key](param)
        else:
            params[key] = param
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return message.english()
