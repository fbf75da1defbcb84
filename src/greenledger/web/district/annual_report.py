"""The district's annual report for one year, as a PDF (A4, WeasyPrint) in Simplified Chinese or
English and as a workbook (openpyxl, bilingual headers): the year's totals and intensities
against the base year (2020) and the targets, coverage, the decomposition of the change since
the base year, coordinated reduction, budgets and alerts, and the sources and versions behind
the figures.

Every figure comes from the district selectors through ``report_data`` (the same figures the
progress page shows); the PDF and the workbook render the same ``ReportData``. WeasyPrint
renders with the machine's Noto CJK fonts and fetches nothing (as ``web/reports/rendering``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import Workbook
from weasyprint import HTML

from greenledger.core.progress.decomposition import TERMS
from greenledger.web.district import charts, progress_data
from greenledger.web.district.models import OutputBasis, TargetMetric
from greenledger.web.district.selectors import budgets, facts, targets
from greenledger.web.district.selectors.targets import TargetProgress
from greenledger.web.reports.cells import (
    INTENSITY,
    MASS,
    POLLUTANT,
    append_header,
    append_row,
    append_section,
    save,
    set_widths,
)
from greenledger.web.reports.charts import bar_chart_svg
from greenledger.web.reports.rendering import _counter_css, _refuse_fetch

LANGUAGES = ("zh-hans", "en")
TEMPLATE = "district/report.html"
DECOMPOSITION_SOURCE = gettext_lazy(
    "Additive LMDI-I (Ang 2004, 2005); zero values by the small-value rule (Ang and Liu 2007)."
)
STATUS_LABELS = {
    "on track": gettext_lazy("On track"),
    "at risk": gettext_lazy("At risk"),
    "off track": gettext_lazy("Off track"),
}

#: the year's figures, in the order of the report's first table and the workbook's summary
FIGURES = (
    ("energy_tce", "tce", MASS),
    ("energy_tce_generation", "tce", MASS),
    ("gbt32150_co2e_t", "tCO2e", MASS),
    ("scope1_co2e_t", "tCO2e", MASS),
    ("scope2_location_t", "tCO2e", MASS),
    ("scope2_market_t", "tCO2e", MASS),
    ("output_value_wan_yuan", "10^4 yuan", MASS),
    ("tce_per_wan_yuan", "tce/10^4 yuan", INTENSITY),
    ("co2e_t_per_wan_yuan", "tCO2e/10^4 yuan", INTENSITY),
    ("so2_t", "t", POLLUTANT),
    ("nox_t", "t", POLLUTANT),
    ("pm_t", "t", POLLUTANT),
    ("vocs_t", "t", POLLUTANT),
)


def figure_label(key: str) -> str:
    labels = {
        "energy_tce": _("Energy, calorific value"),
        "energy_tce_generation": _("Energy, generation coal consumption"),
        "gbt32150_co2e_t": _("GB/T 32150 emissions"),
        "scope1_co2e_t": _("Scope 1"),
        "scope2_location_t": _("Scope 2 location-based"),
        "scope2_market_t": _("Scope 2 market-based"),
        "output_value_wan_yuan": _("Output value (current prices)"),
        "tce_per_wan_yuan": _("Energy intensity"),
        "co2e_t_per_wan_yuan": _("CO2 intensity"),
        "so2_t": "SO2",
        "nox_t": "NOx",
        "pm_t": "PM",
        "vocs_t": "VOCs",
    }
    return labels[key]


@dataclass
class ReportData:
    """Everything the report says about one year (figures unformatted)."""

    year: int
    base_year: int | None
    row: dict[str, Any]
    base_row: dict[str, Any] | None
    series: list[dict[str, Any]]
    coverage: facts.Coverage
    change: progress_data.Change
    targets: list[TargetProgress]
    budgets: budgets.BudgetOverview | None
    versions: dict[str, list[str]]
    estimated: dict[str, Any] = field(default_factory=dict)

    def change_pct(self, key: str) -> float | None:
        old = (self.base_row or {}).get(key)
        new = self.row.get(key)
        return 100.0 * (new / old - 1.0) if old and new is not None else None


def report_data(year: int) -> ReportData | None:
    """The report's figures for ``year`` (None when the year has no verified facts)."""
    period = progress_data.choose_period(year)
    if period.year != year:
        return None
    series = facts.yearly_series()
    by_year = {row["year"]: row for row in series}
    base_year = period.base_year if period.base_year != year else None
    return ReportData(
        year=year,
        base_year=base_year,
        row=by_year[year],
        base_row=by_year.get(base_year) if base_year is not None else None,
        series=series,
        coverage=facts.coverage(year=year),
        change=progress_data.change_between(progress_data.Period(period.years, year, base_year)),
        targets=[targets.target_progress(t, series=series) for t in targets.active_targets()],
        budgets=budgets.budget_overview(year=year),
        versions=progress_data.versions_of([by_year[year]]),
        estimated=by_year[year].get("estimated") or {},
    )


# -- PDF ------------------------------------------------------------------------------------------


def report_pdf(data: ReportData, *, language: str) -> bytes:
    html = report_html(data, language=language)
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def report_html(data: ReportData, *, language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; one of {', '.join(LANGUAGES)}")
    with override(language):
        html: str = render_to_string(TEMPLATE, report_context(data, language))
    return html


def _status_label(status: str) -> str:
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def report_context(data: ReportData, language: str) -> dict[str, Any]:
    """Template context; the numbers stay numbers (the template formats them)."""
    decomposition = data.change.decomposition
    coordinated = data.change.coordinated
    units = {
        "10^4 yuan": _("10^4 yuan"),
        "tce/10^4 yuan": _("tce per 10^4 yuan"),
        "tCO2e/10^4 yuan": _("tCO2e per 10^4 yuan"),
    }
    figures = [
        {
            "key": key,
            "label": figure_label(key),
            "unit": units.get(unit, unit),
            "value": data.row.get(key),
            "base": (data.base_row or {}).get(key),
            "change_pct": data.change_pct(key),
            "digits": 4 if number_format == INTENSITY else (3 if number_format == POLLUTANT else 2),
        }
        for key, unit, number_format in FIGURES
    ]
    terms = []
    if decomposition is not None:
        terms = [(str(charts.TERM_LABELS[t]), decomposition.terms_t[t]) for t in TERMS]
    return {
        "lang": "zh-Hans" if language == "zh-hans" else "en",
        "english": language == "en",
        "title": _("District carbon accounts: annual report %(year)s") % {"year": data.year},
        "data": data,
        "figures": figures,
        "terms": terms,
        "waterfall_svg": bar_chart_svg(terms, unit="tCO2e") if terms else "",
        "coordinated": (
            progress_data.coordinated_dict(coordinated, {}) if coordinated is not None else None
        ),
        "pollutants": progress_data.POLLUTANTS,
        "targets": [
            {
                "progress": item,
                "metric": item.target.get_metric_display(),
                "status": _status_label(item.progress.status) if item.progress else "—",
                "rate_pct": (
                    100.0 * item.progress.rate_needed
                    if item.progress and item.progress.rate_needed is not None
                    else None
                ),
            }
            for item in data.targets
        ],
        "report_date": timezone.localdate().isoformat(),
        "page_counter_css": _counter_css(_("Page %(page)s of %(pages)s")),
        "problems": data.change.problems,
        "price_index": (
            targets.price_index_info()
            if any(item.output_basis == OutputBasis.CONSTANT for item in data.targets)
            else None
        ),
    }


# -- XLSX -----------------------------------------------------------------------------------------


def report_xlsx(data: ReportData) -> bytes:
    """The report's figures in a workbook: summary, yearly series, decomposition, coordinated
    reduction, targets, coverage and sources (headers in Chinese and English)."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = f"{data.year}"
    append_section(summary, gettext_lazy("Summary"))
    append_header(
        summary,
        (gettext_lazy("Figure"), gettext_lazy("Unit"), data.year, data.base_year or "", "%"),
    )
    for key, unit, number_format in FIGURES:
        append_row(
            summary,
            (
                _bilingual_label(key),
                unit,
                data.row.get(key),
                (data.base_row or {}).get(key),
                data.change_pct(key),
            ),
            {3: number_format, 4: number_format, 5: "0.00"},
        )
    append_row(summary, ())
    append_section(summary, gettext_lazy("Coverage"))
    for label, value in (
        (gettext_lazy("Reported (verified)"), len(data.coverage.reported)),
        (gettext_lazy("Missing"), len(data.coverage.missing)),
        (gettext_lazy("Estimated (not in the verified totals)"), len(data.coverage.estimated)),
    ):
        append_row(summary, (_bilingual(label), "", value))
    set_widths(summary, (44, 16, 18, 18, 10))
    _series_sheet(workbook, data)
    _change_sheet(workbook, data)
    _targets_sheet(workbook, data)
    _sources_sheet(workbook, data)
    workbook.properties.creator = "GreenLedger"
    return save(workbook)


def _bilingual(label: Any) -> str:
    from greenledger.web.reports.labels import bilingual

    return str(bilingual(label))


def _bilingual_label(key: str) -> str:
    with override("zh-hans"):
        chinese = figure_label(key)
    with override("en"):
        english = figure_label(key)
    return english if chinese == english else f"{chinese} {english}"


def _series_sheet(workbook: Workbook, data: ReportData) -> None:
    sheet = workbook.create_sheet("Series")
    append_header(
        sheet,
        (
            gettext_lazy("Year"),
            gettext_lazy("Enterprises"),
            *[f"{_bilingual_label(k)} ({u})" for k, u, _f in FIGURES],
        ),
    )
    formats = {3 + i: f for i, (_k, _u, f) in enumerate(FIGURES)}
    for row in data.series:
        append_row(
            sheet,
            (row["year"], row["enterprises"], *[row.get(k) for k, _u, _f in FIGURES]),
            formats,
        )
    set_widths(sheet, (8, 12, *([16] * len(FIGURES))))


def _change_sheet(workbook: Workbook, data: ReportData) -> None:
    sheet = workbook.create_sheet("Change")
    decomposition = data.change.decomposition
    append_section(sheet, gettext_lazy("Why emissions moved"))
    if decomposition is not None:
        append_header(sheet, (gettext_lazy("Effect"), "tCO2e"))
        append_row(sheet, (f"{decomposition.base_year}", decomposition.total_base_t), {2: MASS})
        for term in TERMS:
            append_row(
                sheet,
                (_bilingual(charts.TERM_LABELS[term]), decomposition.terms_t[term]),
                {2: MASS},
            )
        append_row(
            sheet,
            (_bilingual(gettext_lazy("Total change")), decomposition.total_change_t),
            {2: MASS},
        )
        append_row(sheet, (f"{decomposition.year}", decomposition.total_year_t), {2: MASS})
    coordinated = data.change.coordinated
    append_row(sheet, ())
    append_section(sheet, gettext_lazy("Coordinated reduction of pollution and carbon"))
    if coordinated is not None:
        view = progress_data.coordinated_dict(coordinated, {})
        append_header(
            sheet,
            (
                gettext_lazy("Pollutant"),
                gettext_lazy("Reduced (t)"),
                gettext_lazy("kg per tCO2e reduced"),
            ),
        )
        for pollutant in progress_data.POLLUTANTS:
            append_row(
                sheet,
                (
                    pollutant,
                    view["pollutant_reduced_t"].get(pollutant),
                    view["kg_per_t_co2e_reduced"].get(pollutant),
                ),
                {2: POLLUTANT, 3: POLLUTANT},
            )
        append_row(sheet, ("CO2e", coordinated.co2e_reduced_t), {2: MASS})
        for which, label in charts.QUADRANT_LABELS.items():
            append_row(sheet, (_bilingual(label), view["quadrant_counts"][which]))
    set_widths(sheet, (44, 18, 18))


def _targets_sheet(workbook: Workbook, data: ReportData) -> None:
    sheet = workbook.create_sheet("Targets")
    append_header(
        sheet,
        (
            gettext_lazy("Indicator"),
            gettext_lazy("Base year"),
            gettext_lazy("Target year"),
            gettext_lazy("Output value"),
            gettext_lazy("Year"),
            gettext_lazy("Actual"),
            gettext_lazy("Trajectory"),
            gettext_lazy("Status"),
            gettext_lazy("Annual rate still needed"),
        ),
    )
    for item in data.targets:
        progress = item.progress
        append_row(
            sheet,
            (
                _bilingual(TargetMetric(item.target.metric).label),
                item.target.base_year,
                item.target.target_year,
                _bilingual(OutputBasis(item.output_basis).label),
                progress.year if progress else None,
                progress.actual if progress else None,
                progress.expected if progress else None,
                _bilingual(STATUS_LABELS[progress.status])
                if progress
                else "; ".join(item.problems),
                progress.rate_needed if progress else None,
            ),
            {6: INTENSITY, 7: INTENSITY, 9: "0.00%"},
        )
    set_widths(sheet, (22, 10, 10, 12, 8, 14, 14, 12, 14))
    budget = data.budgets
    if budget is not None:
        append_row(sheet, ())
        append_section(sheet, gettext_lazy("Carbon budgets"))
        append_header(
            sheet,
            (
                gettext_lazy("Budgets (tCO2e)"),
                gettext_lazy("Verified (tCO2e)"),
                gettext_lazy("Cap (tCO2e)"),
                gettext_lazy("Over budget"),
            ),
        )
        append_row(
            sheet,
            (budget.budget_total_t, budget.verified_total_t, budget.cap_t, len(budget.over)),
            {1: MASS, 2: MASS, 3: MASS},
        )


def _sources_sheet(workbook: Workbook, data: ReportData) -> None:
    sheet = workbook.create_sheet("Sources")
    append_header(sheet, (gettext_lazy("Item"), gettext_lazy("Value")))
    for label, value in sources(data):
        append_row(sheet, (_bilingual(label), value))
    set_widths(sheet, (40, 100))


def sources(data: ReportData) -> list[tuple[Any, str]]:
    """What the figures rest on: the fact basis, versions, methods, price index."""
    index = targets.price_index_info()
    return [
        (gettext_lazy("What is counted"), _bilingual(gettext_lazy("Verified inventories only"))),
        (gettext_lazy("Factor set versions"), ", ".join(data.versions["factor_set_versions"])),
        (gettext_lazy("Method versions"), "; ".join(data.versions["method_versions"])),
        (
            gettext_lazy("Output value"),
            _bilingual(gettext_lazy("Output value as reported, at current prices.")),
        ),
        (
            gettext_lazy("Price index"),
            f"{index.name}: {index.source} (confirmed: {index.confirmed})",
        ),
        (gettext_lazy("Decomposition"), _bilingual(DECOMPOSITION_SOURCE)),
        (gettext_lazy("Energy"), "GB/T 2589-2020"),
        (gettext_lazy("Emissions"), "GB/T 32150; GHG Protocol Corporate Standard"),
    ]
