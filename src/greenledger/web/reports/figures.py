"""The figures a report shows, derived from the inventory; language-neutral.

Every number the PDF and the workbooks print is computed here once, so both agree, and formatted
by ``format_number`` (thousands separators, fixed decimals), so tests can predict the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from greenledger.core.factors.library import NON_EMITTING, Factor
from greenledger.core.ghg import SCOPE1_CATEGORIES
from greenledger.web.reports.inputs import ReportInput

DIGITS_MASS = 2  # tonnes and tCO2e
DIGITS_GAS = 4  # CH4 and N2O masses, which are small
DIGITS_POLLUTANT = 3
DIGITS_INTENSITY = 4
DIGITS_QUANTITY = 2

# Quality notes with these words mark a factor whose value a verifier should check.
UNCONFIRMED_MARKERS = (
    "unconfirmed",
    "assumption",
    "not re-verified",
    "not re-read",
    "recalled",
    "partly confirmed",
    "not confirmed",
)


def format_number(value: float | None, digits: int = DIGITS_MASS) -> str:
    """'1,914.47': thousands separators and ``digits`` decimals; None is a dash; no '-0.00'."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]
    return text


def needs_confirmation(factor: Factor) -> bool:
    """Whether the factor is not confirmed against its primary document (the library's
    `confirmed` column), or its quality note still says it is unconfirmed, assumed or recalled."""
    note = factor.quality.lower()
    return not factor.confirmed or any(marker in note for marker in UNCONFIRMED_MARKERS)


@dataclass(frozen=True, slots=True)
class ActivityRow:
    activity: str
    name_zh: str
    name_en: str
    category: str
    unit: str  # a canonical unit id (see labels.UNITS) or the unit a product was reported in
    total: float
    by_period: dict[str, float]
    lines: int

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


def activity_rows(report: ReportInput) -> list[ActivityRow]:
    """Activity data, one row per activity (per product for product output), first-seen order."""
    library = report.library
    names: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    by_period: dict[tuple[str, str], dict[str, float]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for result in report.inventory.lines:
        line = result.line
        key = (line.activity, line.product if result.category == "product_output" else "")
        if key not in names:
            activity = library.activities[line.activity]
            name_zh, name_en, unit = activity.name_zh, activity.name_en, activity.canonical_unit
            if key[1]:
                name_zh, name_en = f"{name_zh}：{key[1]}", f"{name_en}: {key[1]}"
                unit = line.product_unit or unit
            names[key] = (name_zh, name_en, result.category, unit)
            by_period[key] = {}
        periods = by_period[key]
        periods[line.period] = periods.get(line.period, 0.0) + line.quantity
        counts[key] += 1
    return [
        ActivityRow(
            activity=key[0],
            name_zh=name_zh,
            name_en=name_en,
            category=category,
            unit=unit,
            total=sum(by_period[key].values()),
            by_period=by_period[key],
            lines=counts[key],
        )
        for key, (name_zh, name_en, category, unit) in names.items()
    ]


@dataclass(frozen=True, slots=True)
class GasRow:
    gas: str  # "CO2", "CH4", "N2O", "F-gases (CO2e)"
    mass_t: float | None  # None for F-gases, which the core sums in CO2e only
    gwp: float | None
    co2e_t: float


def gas_rows(report: ReportInput) -> list[GasRow]:
    """GB/T 32150 emissions by gas, in tonnes and tCO2e (the GWPs of the run's GWP set)."""
    by_gas = report.inventory.gbt32150.by_gas_t
    rows = [GasRow("CO2", by_gas["CO2"], 1.0, by_gas["CO2"])]
    for gas in ("CH4", "N2O"):
        gwp, _ids = report.library.gwp(gas, report.context.gwp)
        rows.append(GasRow(gas, by_gas[gas], gwp, by_gas[gas] * gwp))
    rows.append(GasRow("F-gases (CO2e)", None, None, by_gas["F-gases (CO2e)"]))
    return rows


@dataclass(frozen=True, slots=True)
class SourceRow:
    key: str  # a category of the core, or a row of the GB/T 32150 view
    tco2e: float


def gbt32150_source_rows(report: ReportInput) -> list[SourceRow]:
    """The GB/T 32150 total by source; exported energy as a negative (deducted) figure."""
    view = report.inventory.gbt32150
    return [
        SourceRow("fossil_combustion", view.combustion_tco2e),
        SourceRow("process", view.process_tco2e),
        SourceRow("fugitive", view.fugitive_tco2e),
        SourceRow("purchased_electricity", view.purchased_electricity_tco2),
        SourceRow("purchased_heat", view.purchased_heat_tco2),
        SourceRow("exported_electricity", -view.exported_electricity_tco2),
        SourceRow("exported_heat", -view.exported_heat_tco2),
    ]


def scope1_rows(report: ReportInput) -> list[SourceRow]:
    by_category = report.inventory.ghg_protocol.scope1_by_category
    return [SourceRow(category, by_category.get(category, 0.0)) for category in SCOPE1_CATEGORIES]


@dataclass(frozen=True, slots=True)
class PollutantRow:
    category: str
    so2_t: float
    nox_t: float
    pm_t: float
    vocs_t: float


def pollutant_rows(report: ReportInput) -> list[PollutantRow]:
    """Air pollutants by source category (categories with any pollutant), first-seen order."""
    sums: dict[str, list[float]] = {}
    for result in report.inventory.lines:
        figures = (result.so2_t, result.nox_t, result.pm_t, result.vocs_t)
        if not any(figures):
            continue
        row = sums.setdefault(result.category, [0.0, 0.0, 0.0, 0.0])
        for index, value in enumerate(figures):
            row[index] += value
    return [PollutantRow(category, *values) for category, values in sums.items()]


def pollutant_totals(report: ReportInput) -> PollutantRow:
    totals = report.inventory.totals
    return PollutantRow("total", totals["so2_t"], totals["nox_t"], totals["pm_t"], totals["vocs_t"])


@dataclass(frozen=True, slots=True)
class FactorRow:
    factor: Factor
    lines: int  # how many lines used it
    unconfirmed: bool


def factor_rows(report: ReportInput) -> list[FactorRow]:
    """The lineage: every factor the inventory used, with how many lines used it."""
    uses = Counter(i for result in report.inventory.lines for i in result.factor_ids)
    return [FactorRow(f, uses[f.id], needs_confirmation(f)) for f in report.factors()]


@dataclass(frozen=True, slots=True)
class DataQuality:
    """Which values were measured or reported by the enterprise, and which are defaults."""

    lines: int
    emitting_lines: int
    default_parameter_lines: int  # lines computed with library defaults only
    measured_sulfur_lines: int
    default_sulfur_lines: int
    removal_efficiency_lines: int
    instrument_lines: dict[str, int]  # electricity covered by an instrument -> lines


def data_quality(report: ReportInput) -> DataQuality:
    library = report.library
    measured = default_sulfur = removal = emitting = defaults_only = 0
    instruments: Counter[str] = Counter()
    for result in report.inventory.lines:
        line = result.line
        if result.category in NON_EMITTING:
            continue
        emitting += 1
        quantities = {library.by_id(i).quantity for i in result.factor_ids}
        uses_sulfur = bool(quantities & {"sulfur_content", "so2_sulfur_coefficient"})
        reported = False
        if line.sulfur_percent is not None:
            measured += 1
            reported = True
        elif uses_sulfur:
            default_sulfur += 1
        if line.removal_efficiency:
            removal += 1
            reported = True
        if line.instrument:
            instruments[line.instrument] += 1
            reported = True
        if not reported:
            defaults_only += 1
    return DataQuality(
        lines=len(report.inventory.lines),
        emitting_lines=emitting,
        default_parameter_lines=defaults_only,
        measured_sulfur_lines=measured,
        default_sulfur_lines=default_sulfur,
        removal_efficiency_lines=removal,
        instrument_lines=dict(instruments),
    )


@dataclass(frozen=True, slots=True)
class SiteRow:
    name: str
    address: str
    description: str
    lines: int


def site_rows(report: ReportInput) -> list[SiteRow]:
    """The enterprise's sites with the number of activity lines reported for each.

    Lines without a site belong to the enterprise as a whole (a row with an empty name).
    """
    counts = Counter(result.line.site for result in report.inventory.lines)
    rows = [
        SiteRow(site.name, site.address, site.description, counts.pop(site.name, 0))
        for site in report.enterprise.sites
    ]
    for name, count in counts.items():
        rows.append(SiteRow(name, "" if name else report.enterprise.address, "", count))
    return rows


def activities_by_category(report: ReportInput) -> dict[str, list[ActivityRow]]:
    grouped: dict[str, list[ActivityRow]] = {}
    for row in activity_rows(report):
        grouped.setdefault(row.category, []).append(row)
    return grouped
