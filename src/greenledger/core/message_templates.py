"""The English template of every message code the core gives users (see ``messages``).

One registry, grouped by the module that raises the message. A template is a ``str.format``
template, or a pair (singular, plural) chosen by the ``count`` parameter. The web's catalogue
(``greenledger.web.ui.core_messages``) has a translatable template for every code here; a test
fails when one is missing.
"""

from __future__ import annotations

from typing import Final

from greenledger.core.message_templates_catalogue import CATALOGUE
from greenledger.core.message_templates_cbam import CBAM
from greenledger.core.message_templates_cfe import CFE
from greenledger.core.message_templates_eligibility import ELIGIBILITY
from greenledger.core.message_templates_footprint import FOOTPRINT
from greenledger.core.message_templates_pathway import PATHWAY
from greenledger.core.message_templates_pcaf import PCAF
from greenledger.core.message_templates_planning import PLANNING
from greenledger.core.message_templates_scenarios import SCENARIOS
from greenledger.core.message_templates_symbiosis import SYMBIOSIS

_DST = (
    " China has not observed daylight saving time since 1991, so this looks like a meter or "
    "export set to a foreign time zone."
)

ENGLISH: Final[dict[str, str | tuple[str, str]]] = {
    "text": "{text}",
    "common.none": "none",
    "problems.found": ("{count} problem found", "{count} problems found"),
    # units
    "units.empty": "the unit is empty",
    "units.unknown": "unknown unit {unit!r}",
    "units.number": "{unit!r} is a number, not a unit",
    "units.wrong_dimension": (
        "unit {unit!r} is a {found}, but {expected} is expected here (for example {example})"
    ),
    "units.dimension.energy": "energy",
    "units.dimension.mass": "mass",
    "units.dimension.volume": "volume",
    "units.dimension.money": "sum of money",
    "units.dimension.number": "pure number",
    "units.dimension.other": "quantity of dimension {dimensionality}",
    # tabular
    "tabular.missing": "the file does not exist",
    "tabular.encoding": "the file is neither UTF-8 nor GBK/GB18030 text",
    "tabular.empty": "the file is empty",
    "tabular.bad_csv": "not a readable CSV file: {detail}",
    "tabular.bad_workbook": "not a readable workbook: {detail}",
    "tabular.empty_sheet": "the first sheet is empty",
    # intake (activity files)
    "intake.headline": (
        "{count} problem in {file}; nothing was computed",
        "{count} problems in {file}; nothing was computed",
    ),
    "intake.headline_first": (
        "{count} problem in {file} (the first {shown} shown); nothing was computed",
        "{count} problems in {file} (the first {shown} shown); nothing was computed",
    ),
    "intake.empty_cell": "the {column} is empty",
    "intake.unknown_activity": "unknown activity {value!r}",
    "intake.unknown_activity_hint": "unknown activity {value!r}; did you mean {hint}?",
    "intake.not_a_number": "{value!r} is not a number",
    "intake.not_finite": "{value!r} is not a finite number",
    "intake.negative": "the quantity {value} is negative",
    "intake.missing_column": "the required column {column!r} is missing (columns found: {found})",
    "intake.missing_column_hint": (
        "the required column {column!r} is missing (columns found: {found}); did you mean {hint!r}?"
    ),
    "intake.unit_for_activity": "{reason} for activity {activity}",
    "intake.bad_period": "{value!r} is not a period; write YYYY-MM (a month) or YYYY (a year)",
    "intake.unknown_instrument": "unknown instrument {value!r}; one of {choices}",
    "intake.instrument_not_electricity": (
        "the instrument {value!r} applies to purchased electricity only"
    ),
    "intake.bad_efficiency": (
        "{value!r} is not a removal efficiency; write a fraction 0..1 or a percentage such as 95%"
    ),
    "intake.bad_sulfur": "{value!r} is not a sulfur content in % (0 to 10)",
    "intake.unknown_technology": "unknown technology {value!r}; one of {choices}",
    "intake.duplicate_row": "the row repeats row {first} exactly (a duplicated line)",
    # assessment applications (inputs, evidence, threshold overrides)
    "application.not_object": "$: the application must be a JSON object",
    "application.unknown_key": "$.{key}: unknown key",
    "application.input_type": "$.inputs.{key}: must be a number or true/false",
    "application.evidence_type": "$.evidence.{key}: must be a list of references",
    "application.threshold_type": "$.thresholds.{key}: must be a number",
    "application.must_be_object": "$.{key}: must be a JSON object",
    "application.invalid": "the application is invalid",
    "application.overrides_invalid": "the threshold overrides are invalid",
    "application.not_an_input": "$.inputs.{key}: not an input of {ruleset}",
    "application.missing": "$.inputs.{key}: missing; {title}",
    "application.missing_unit": "$.inputs.{key}: missing; {title} ({unit})",
    "application.must_be_bool": "$.inputs.{key}: must be true or false",
    "application.must_be_number": "$.inputs.{key}: must be a number",
    "application.below": "$.inputs.{key}: {value:g} is below {minimum:g}",
    "application.above": "$.inputs.{key}: {value:g} is above {maximum:g}",
    "application.unknown_item": "$.evidence.{key}: no requirement or indicator has this id",
    "application.incomplete": "the application is incomplete or invalid",
    "thresholds.unknown": "$.thresholds.{path}: no such threshold in {ruleset}",
    "thresholds.fixed": "$.thresholds.{path}: fixed by the standard",
    "thresholds.weights": "$.thresholds: weights sum to {weights:g}, not the total {total:g}",
    "ruleset.unknown": "unknown rule set {ruleset!r}; one of {choices}",
    # assessment results (explanations of each item)
    "assessment.requirement_error": "basic requirement {id}: {detail}",
    "assessment.indicator_error": "indicator {id}: {detail}",
    "assessment.cannot_score": "the application cannot be scored",
    "assessment.evidence_missing": "the required evidence was not provided",
    "assessment.limits_explained": "{limits}: {explanation}",
    "assessment.and": "{first}; {rest}",
    "assessment.comparison": "{name} {value:.10g} {sign} {limit:.10g} ({wording})",
    "assessment.wording": "{wording}, {bound}",
    "assessment.wording_unconfirmed": "wording not confirmed",
    "assessment.bound.inclusive": "inclusive",
    "assessment.bound.exclusive": "exclusive",
    "scoring.evidence_missing": "0 points: the evidence this indicator requires was not provided",
    "scoring.formula_points": "{formula} = {raw:g} with value {value:g}, kept within 0..{weight:g}",
    "scoring.not_met": "not met: 0 points",
    "scoring.declared_no_evidence": (
        "declared, but the required evidence was not provided: 0 points"
    ),
    "scoring.met": "met: full weight {weight:g}",
    "scoring.worse_than_benchmark": "worse than the benchmark {benchmark:g}: 0 points",
    "scoring.at_leading": "at or better than the leading value {leading:g}: full weight {weight:g}",
    "scoring.linear": (
        "between benchmark {benchmark:g} and leading value {leading:g}: {share:.4g} of the weight "
        "{weight:g} (linear, {base:g} at the benchmark)"
    ),
    "scoring.ratio": (
        "index {ratio:.4g} against the leading value {leading:g}: {capped:.4g} of the weight "
        "{weight:g}"
    ),
    "scoring.ratio_capped": (
        "index {ratio:.4g} against the leading value {leading:g} (capped at 1): {capped:.4g} of "
        "the weight {weight:g}"
    ),
    "scoring.step": "{value:g} {sign} {bound:g} ({wording}): {points:g} points",
    "scoring.no_step": "no step reached: 0 points",
    # reviews
    "review.judge_requirement": "{id}: judge the basic requirement (pass/fail)",
    "review.give_points": "{id}: give the indicator's points",
    "review.points_outside": (
        "{id}: {points:g} points is outside 0 to {weight:g} (the indicator's weight)"
    ),
    "review.unknown_item": "{id}: no such item in {ruleset}",
    "review.incomplete": "the review is incomplete",
    # reporting imports (checks of the web's own records, stored with the import job)
    "import.headline": (
        "{count} problem in {file}; nothing was stored",
        "{count} problems in {file}; nothing was stored",
    ),
    "import.headline_first": (
        "{count} problem in {file} (the first {shown} shown); nothing was stored",
        "{count} problems in {file} (the first {shown} shown); nothing was stored",
    ),
    "import.other_enterprise": (
        "the enterprise {value!r} is not {name} ({other}); a file holds one organisation's data"
    ),
    "import.unknown_site": "{value!r} is not a site of {name} (its sites: {sites})",
    "import.other_year": "the period {value} lies outside the reporting year {year}",
    "import.too_large": (
        "The file is larger than the limit of {limit}; split it into smaller files."
    ),
    "import.internal_error": "The import stopped on an internal error ({error}); try again.",
    "import.version_frozen": (
        "version {number} was submitted while the file was checked; correct the submission "
        "and import again"
    ),
    # outliers
    "outliers.absurd": (
        "The quantity {quantity:.4g} of {activity} in {period} is not plausible (more than "
        "{limit:.0e} in the activity's canonical unit); check the unit and the decimal separator."
    ),
    "outliers.headline": (
        "{count} implausible quantity; nothing saved",
        "{count} implausible quantities; nothing saved",
    ),
    "outliers.where": "{activity} in {period}",
    "outliers.where_site": "{activity} at site {site} in {period}",
    "outliers.previous": "the previous {window} months",
    "outliers.previous_some": "the {points} months reported in the previous {window}",
    "outliers.zero_median": (
        "{where} is {quantity}, while the median of {previous} is 0; check the quantity and its "
        "unit."
    ),
    "outliers.above": (
        "{where} is {times} the median of {previous} ({median}); check the quantity and its unit."
    ),
    "outliers.zero": (
        "{where} is 0, against a median of {median} over {previous}; check whether the month was "
        "reported completely."
    ),
    "outliers.below": (
        "{where} is {quantity}, {times} below the median of {previous} ({median}); check the "
        "quantity and its unit."
    ),
    # meters (hourly series)
    "meters.headline": (
        "{count} problem in the meter series {file} ({coverage} of the hours of {year} covered)",
        "{count} problems in the meter series {file} ({coverage} of the hours of {year} covered)",
    ),
    "meters.refused": (
        "{count} problem in the meter series {file}; nothing was stored",
        "{count} problems in the meter series {file}; nothing was stored",
    ),
    "meters.bad_parquet": "The file is not a readable Parquet file ({detail}).",
    "meters.bad_suffix": "Meter series are read from .csv or .parquet files, not {suffix}.",
    "meters.no_suffix": "Meter series are read from .csv or .parquet files, not this file.",
    "meters.more_rows": (
        "{rest:,} more rows have {kind} (the rows listed above are the first {listed})."
    ),
    "meters.kind.outside_year": "timestamps outside the year {year}",
    "meters.kind.empty_meter": "an empty meter",
    "meters.kind.empty_kwh": "an empty kWh value",
    "meters.kind.kwh_not_number": "a kWh value that is not a number",
    "meters.kind.kwh_not_finite": "a kWh value that is not finite",
    "meters.kind.kwh_negative": "a negative kWh value",
    "meters.kind.bad_timestamp": "a value that is not a timestamp",
    "meters.kind.empty_timestamp": "an empty timestamp",
    "meters.kind.not_on_hour": "timestamps not on the hour",
    "meters.no_timestamp": "No timestamp in the file could be read.",
    "meters.outside_year": "The timestamp {value!r} is outside the year {year}.",
    "meters.missing_column": (
        "The required column {column!r} is missing; a meter series has the columns meter, "
        "timestamp and kwh (columns found: {found})."
    ),
    "meters.empty_meter": "The meter is empty.",
    "meters.empty_kwh": "The kWh value is empty; that hour counts as missing.",
    "meters.kwh_not_number": "The kWh value {value!r} is not a number.",
    "meters.kwh_not_finite": "The kWh value {value!r} is not a finite number.",
    "meters.kwh_negative": "The kWh value {value} is negative; consumption per hour cannot be.",
    "meters.bad_timestamp": (
        "{value!r} is not a timestamp; write YYYY-MM-DD HH:MM in China Standard Time, or "
        "ISO 8601 with an offset such as 2023-01-01T00:00+08:00."
    ),
    "meters.empty_timestamp": "The timestamp is empty.",
    "meters.not_on_hour": (
        "The timestamp {value!r} is not on the hour; an hourly series has one value per whole "
        "hour (add up shorter readings into hours first)."
    ),
    "meters.dst_hint": _DST,
    "meters.foreign_offset_row": (
        "The timestamps of meter {meter} in row {first} carry the UTC offset {offset}; China "
        "Standard Time is +08:00 all year.{hint}"
    ),
    "meters.foreign_offset_rows": (
        "The timestamps of meter {meter} in rows {first} to {last} carry the UTC offset "
        "{offset}; China Standard Time is +08:00 all year.{hint}"
    ),
    "meters.more_duplicates": (
        "{rest:,} more hours appear more than once (the hours listed above are the first {listed})."
    ),
    "meters.different_values": " with different values ({values} kWh)",
    "meters.duplicate_hour": (
        "The hour {hour} of meter {meter} appears {times} times (rows {rows}){differ}; the first "
        "is kept.{hint}"
    ),
    "meters.more_gaps": (
        "Meter {meter} has {rest:,} more gaps (the gaps listed above are the first {listed})."
    ),
    "meters.gap_hour": (
        "Meter {meter} has no value for the hour {hour} (China Standard Time).{hint}"
    ),
    "meters.gap_hours": (
        "Meter {meter} has no value for {hours:,} hours, from {first} to {last} (China Standard "
        "Time)."
    ),
    "meters.hour_ending": (
        "Meter {meter} has no value for {year}-01-01 00:00 but one for {next_year}-01-01 00:00: "
        "the series seems to name each hour by its end; name each hour by its start (00:00 is "
        "the hour from 00:00 to 01:00)."
    ),
    # workbook safety (uploads)
    "workbook.missing": "The file does not exist.",
    "workbook.too_large": (
        "The file is {size}, larger than the limit of {limit}; split it into smaller files."
    ),
    "workbook.empty": "The file is empty.",
    "workbook.macro_suffix": (
        "Macro-enabled workbooks ({suffix}) are not accepted; save the workbook as an Excel "
        "Workbook (.xlsx) without macros and upload it again."
    ),
    "workbook.bad_suffix": "Files of type {suffix} are not accepted; upload one of {accepted}.",
    "workbook.no_suffix": (
        "Files of type (no extension) are not accepted; upload one of {accepted}."
    ),
    "workbook.encrypted_ole": (
        "The workbook is password-protected (encrypted), so it cannot be read; remove the "
        "password in Excel (File, Info, Protect Workbook) and upload it again."
    ),
    "workbook.legacy_xls": (
        "Legacy Excel 97-2003 workbooks (.xls) are not accepted because they can hide macros and "
        "encryption; open the file in Excel and save it as an Excel Workbook (.xlsx)."
    ),
    "workbook.not_zip": (
        "The file is not a readable workbook: an {suffix} file is a ZIP archive, but this file "
        "is {content}."
    ),
    "workbook.damaged_zip": (
        "The file is not a readable workbook: its ZIP structure is damaged ({detail})."
    ),
    "workbook.refused": "{file} was refused before it was opened",
    "workbook.too_many_parts": (
        "The workbook has {parts:,} parts, more than the limit of {limit:,}; it is not an "
        "ordinary workbook."
    ),
    "workbook.expands": (
        "The workbook would expand to {size} when opened, more than the limit of {limit}; it "
        "looks like a ZIP bomb and was not opened."
    ),
    "workbook.ratio": (
        "The part {part} is compressed {ratio:,.0f} to 1, more than the limit of {limit} to 1; "
        "it looks like a ZIP bomb and was not opened."
    ),
    "workbook.macros": (
        "The workbook contains macros (the part {part}); save it as an Excel Workbook (.xlsx) "
        "without macros and upload it again."
    ),
    "workbook.encrypted": (
        "The workbook is password-protected (encrypted), so it cannot be read; remove the "
        "password and upload it again."
    ),
    "workbook.embedded": (
        "The workbook contains an embedded file or archive ({part}); embedded files are not "
        "accepted, so remove the embedded object and upload again."
    ),
    "workbook.encrypted_part": (
        "The part {part} is encrypted inside the ZIP archive; such files cannot be read."
    ),
    "workbook.no_content_types": (
        "The file is not a readable workbook: it is a ZIP archive, but not an Excel workbook "
        "(it has no [Content_Types].xml part)."
    ),
    "workbook.nested_zip": (
        "The workbook contains a nested ZIP archive ({part}); embedded archives are not accepted."
    ),
    "workbook.expands_undeclared": (
        "The workbook expands to more than {limit} although its directory declares less; it "
        "looks like a ZIP bomb and was not opened."
    ),
    "workbook.damaged_part": (
        "The file is not a readable workbook: the part {part} is damaged ({detail})."
    ),
    "workbook.csv_binary": "The file is named .csv but it is {content}, not text.",
    "workbook.csv_nul": "The file is named .csv but it holds binary data (NUL bytes), not text.",
    "workbook.utf16": (
        "The file is UTF-16 text; save it as CSV UTF-8 (or as CSV from Chinese Excel, which "
        "writes GBK) and upload it again."
    ),
    "workbook.not_parquet": "The file is named .parquet but it is {content}, not a Parquet file.",
    "workbook.content.zip": "a ZIP archive (an .xlsx workbook saved with the wrong extension?)",
    "workbook.content.ole": (
        "a legacy Office file (an .xls workbook saved with the wrong extension?)"
    ),
    "workbook.content.pdf": "a PDF document",
    "workbook.content.parquet": "a Parquet file",
    "workbook.content.png": "a PNG image",
    "workbook.content.jpeg": "a JPEG image",
    "workbook.content.binary": "binary data of an unknown kind",
    "workbook.content.text": "plain text",
    "workbook.unreadable": "The file is not a readable workbook ({detail}).",
    "workbook.cell_headline": (
        "{count} cell problem in {file}; a data sheet holds one plain value per cell",
        "{count} cell problems in {file}; a data sheet holds one plain value per cell",
    ),
    "workbook.no_sheet": "The workbook has no sheet named {sheet!r} (its sheets are {sheets}).",
    "workbook.no_sheet_hint": (
        "The workbook has no sheet named {sheet!r} (its sheets are {sheets}). Did you mean {hint}?"
    ),
    "workbook.merged": (
        "The cells {cells} are merged; unmerge them and write the value in every row it applies to."
    ),
    "workbook.formula": (
        "The cell {cell} holds the formula {formula}; replace it by its value (copy, then paste "
        "as values)."
    ),
    "workbook.array_formula": (
        "The cell {cell} holds an array formula; replace it by its value (copy, then paste as "
        "values)."
    ),
    # progress: targets, trajectories, deflation (core/progress/targets.py)
    "progress.target.missing": "target {target}: the field {field!r} is missing",
    "progress.target.unknown_key": "target {target}: unknown key {key!r} (allowed: {allowed})",
    "progress.target.choice": "target {target}: {field} {value!r} is not one of {allowed}",
    "progress.target.number": "target {target}: {field} {value!r} is not a number",
    "progress.target.year": "target {target}: {field} {value!r} is not a year",
    "progress.target.year_before_base": (
        "target {target}: the year {year} is before the base year {base_year}"
    ),
    "progress.target.change_or_level": (
        "target {target}: give either a change or a level, exactly one of them"
    ),
    "progress.target.change_range": (
        "target {target}: the change {change} is impossible (a fall of 100 % or more)"
    ),
    "progress.target.duplicate": "target {target} is defined more than once",
    "progress.trajectory.after_target": (
        "target {target}: the year {year} is after the target year {target_year}"
    ),
    "progress.trajectory.contradicts": (
        "target {target}: the trajectory gives {value} in {year}, but the target means {expected}"
    ),
    "progress.trajectory.base_value": (
        "target {target}: the base-year value {value} must be a positive number"
    ),
    "progress.trajectory.method": "unknown trajectory method {method!r} (allowed: {allowed})",
    "progress.progress.no_actual": (
        "target {target}: no actual value for any year from {base_year} to {target_year}"
    ),
    "progress.deflator.missing_year": (
        "the price index has no value for {year} (it covers {years})"
    ),
    "progress.deflator.bad_value": "the price index for {year} is {value}; it must be positive",
    # progress: carbon budgets and key energy-consuming units (core/progress/budgets.py)
    "budget.missing_base": (
        "{enterprise}: no base-year ({year}) emissions, which the {method} method needs"
    ),
    "budget.missing_output": (
        "{enterprise}: no output value for {year}, which the {method} method needs"
    ),
    "budget.missing_benchmark": (
        "no intensity benchmark for {year}, which the {method} method needs"
    ),
    "budget.exceeds_cap": (
        "{year}: the budgets sum to {total} t, {excess} t above the district cap of {cap} t"
    ),
    "budget.missing_cap": "{year}: no district cap is given",
    "budget.bad_parameter": "the {parameter} {value} must be between 0 and 1",
    "keyunit.negative": "{enterprise} {year}: the energy consumption {value} tce is negative",
    # progress: decomposition and coordinated reduction
    "progress.decomposition.same_year": (
        "the base year and the year are both {year}; a comparison needs two different years"
    ),
    "progress.decomposition.no_year": "no enterprise has figures for {year}",
    "progress.decomposition.duplicate": "{enterprise} {year}: the enterprise-year is given twice",
    "progress.decomposition.bad_number": (
        "{enterprise} {year}: {field} is {value}; a finite number of at least zero is needed"
    ),
    "progress.decomposition.emissions_without_energy": (
        "{enterprise} {year}: {carrier} emits {co2e_t} tCO2e but no energy use is given for it"
    ),
    "progress.decomposition.no_record": (
        "{enterprise} {year}: {energy_tce} tce of energy is given, but the enterprise has no "
        "record for the year (output value, park, industry)"
    ),
    "progress.decomposition.output_missing": (
        "{enterprise} {year}: the output value is missing, but the enterprise used {energy_tce} "
        "tce of energy; its energy intensity needs the output value"
    ),
    "progress.decomposition.output_zero": (
        "{enterprise} {year}: the output value is zero, but the enterprise used {energy_tce} "
        "tce of energy; its energy intensity has no value (not even as a limit)"
    ),
    **PLANNING,
    **PATHWAY,
    **CATALOGUE,
    **SCENARIOS,
    **PCAF,
    **CFE,
    **SYMBIOSIS,
    **FOOTPRINT,
    **ELIGIBILITY,
    **CBAM,
}
