"""The enterprise's annual GHG report as HTML and PDF, in Simplified Chinese or English.

Structure of GB/T 32150-2015's report (boundary, sources, activity data, factors, emissions by gas
and source, uncertainty), with the GHG Protocol view, energy (GB/T 2589-2020) and air pollutants of
the same inventory. WeasyPrint renders the Django template with the Noto CJK fonts installed on the
machine (fonts-noto-cjk); nothing is fetched from the network.
"""

from __future__ import annotations

import re
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import override
from weasyprint import HTML

from greenledger.web.reports import figures as fig
from greenledger.web.reports.charts import bar_chart_svg
from greenledger.web.reports.figures import format_number
from greenledger.web.reports.inputs import ReportInput
from greenledger.web.reports.labels import (
    GASES,
    GBT_SOURCES,
    INSTRUMENTS,
    POLLUTANTS,
    SOURCE_TYPES,
    category_label,
    unit_label,
)

LANGUAGES = ("zh-hans", "en")
TEMPLATE = "reports/annual_report.html"


def annual_report_pdf(report: ReportInput, *, language: str) -> bytes:
    """The annual GHG report as a PDF (A4) in ``language`` ("zh-hans" or "en")."""
    html = annual_report_html(report, language=language)
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def annual_report_html(report: ReportInput, *, language: str) -> str:
    """The report's HTML, print CSS included, as WeasyPrint renders it."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; one of {', '.join(LANGUAGES)}")
    with override(language):
        html: str = render_to_string(TEMPLATE, report_context(report, language))
        return html


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"the report fetches no external resources (asked for {url!r})")


def report_context(report: ReportInput, language: str) -> dict[str, Any]:
    """Template context: every figure already formatted, every label in the active language."""
    inventory = report.inventory
    enterprise = report.enterprise
    zh = language.startswith("zh")
    separator = "、" if zh else ", "
    activities = fig.activity_rows(report)
    names = {row.activity: row.name(language) for row in activities}
    periods = inventory.periods
    return {
        "lang": "zh-Hans" if zh else "en",
        "title": _("%(year)s annual greenhouse gas emission report")
        % {"year": enterprise.reporting_year},
        "enterprise": enterprise,
        "period_text": _period_text(periods),
        "report_date": timezone.localdate().isoformat(),
        "page_counter_css": _counter_css(_("Page %(page)s of %(pages)s")),
        "factor_set_version": report.factor_set_version,
        "method_version": report.method_version,
        "library_title": report.library.title,
        "context": _context_rows(report),
        "gwp_set": report.context.gwp,
        "standard": "GB/T 32150-" + report.ghg_editions().replace(", ", "/"),
        "sites": fig.site_rows(report),
        "source_types": _source_types(report, names, separator),
        "activities": [_activity(row, language) for row in activities],
        "monthly": _monthly_tables(activities, periods, language),
        "factors": [_factor(row) for row in fig.factor_rows(report)],
        "gases": _gases(report),
        "sources": _sources(report),
        "source_chart": _source_chart(report),
        "scope1": [
            {"label": category_label(row.key), "value": format_number(row.tco2e)}
            for row in fig.scope1_rows(report)
        ],
        "ghg": {
            "scope1": format_number(inventory.ghg_protocol.scope1_tco2e),
            "scope2_location": format_number(inventory.ghg_protocol.scope2_location_tco2e),
            "scope2_market": format_number(inventory.ghg_protocol.scope2_market_tco2e),
            "biogenic": format_number(inventory.ghg_protocol.biogenic_co2_t),
            "exported": format_number(inventory.ghg_protocol.exported_energy_tco2),
            "total": format_number(inventory.gbt32150.total_tco2e),
            "biomass": format_number(inventory.gbt32150.biomass_co2_t),
        },
        "energy": _energy(report),
        "pollutants": [_pollutant(row) for row in fig.pollutant_rows(report)],
        "pollutant_total": _pollutant(fig.pollutant_totals(report)),
        "pollutant_names": [str(POLLUTANTS[key]) for key in ("so2", "nox", "pm", "vocs")],
        "unconfirmed": [row for row in fig.factor_rows(report) if row.unconfirmed],
        "quality": _quality(report),
    }


def _period_text(periods: tuple[str, ...]) -> str:
    if not periods:
        return "—"
    first, last = periods[0], periods[-1]
    return first if first == last else f"{first} – {last}"


def _counter_css(text: str) -> str:
    """A CSS ``content`` value for a translated 'Page %(page)s of %(pages)s'."""
    parts = []
    for piece in re.split(r"(%\(pages?\)s)", text):
        if piece == "%(page)s":
            parts.append("counter(page)")
        elif piece == "%(pages)s":
            parts.append("counter(pages)")
        elif piece:
            quoted = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            parts.append(f'"{quoted}"')
    return " ".join(parts)


def _context_rows(report: ReportInput) -> list[tuple[str, str]]:
    context = report.context
    return [
        (_("Region of the factors"), context.region),
        (_("Factor year"), str(context.year) if context.year else _("each line's own year")),
        (_("Global warming potentials"), context.gwp),
        (_("Electricity factor series"), context.electricity_series),
        (_("GB/T 32150 edition of the fuel defaults"), _ghg_edition_text(report)),
    ]


def _ghg_edition_text(report: ReportInput) -> str:
    editions = report.ghg_editions()
    if report.context.ghg_edition:
        return _("%(editions)s, chosen for this run") % {"editions": editions}
    return _("%(editions)s, the edition in force for the reporting year") % {"editions": editions}


def _source_types(
    report: ReportInput, names: dict[str, str], separator: str
) -> list[dict[str, Any]]:
    present: dict[str, list[str]] = {}
    for result in report.inventory.lines:
        listed = present.setdefault(result.category, [])
        name = names.get(result.line.activity, result.line.activity)
        if name not in listed:
            listed.append(name)
    rows = []
    for _key, label, categories in SOURCE_TYPES:
        found = [name for category in categories for name in present.get(category, [])]
        rows.append(
            {
                "label": str(label),
                "identified": bool(found),
                "activities": separator.join(found),
            }
        )
    return rows


def _activity(row: fig.ActivityRow, language: str) -> dict[str, Any]:
    return {
        "name": row.name(language),
        "activity": row.activity,
        "category": category_label(row.category),
        "unit": unit_label(row.unit),
        "total": format_number(row.total, fig.DIGITS_QUANTITY),
        "lines": row.lines,
        "periods": len(row.by_period),
    }


MONTHLY_COLUMNS = 6  # activities per table of activity data by period


def _monthly_tables(
    activities: list[fig.ActivityRow], periods: tuple[str, ...], language: str
) -> list[dict[str, Any]]:
    """Activity data by period: one row per period, a column per activity (six per table)."""
    tables = []
    for start in range(0, len(activities), MONTHLY_COLUMNS):
        chunk = activities[start : start + MONTHLY_COLUMNS]
        tables.append(
            {
                "columns": [
                    {
                        "name": row.name(language),
                        "unit": unit_label(row.unit),
                        "total": format_number(row.total, fig.DIGITS_QUANTITY),
                    }
                    for row in chunk
                ],
                "rows": [
                    {
                        "period": period,
                        "values": [
                            format_number(row.by_period[period], fig.DIGITS_QUANTITY)
                            if period in row.by_period
                            else "—"
                            for row in chunk
                        ],
                    }
                    for period in periods
                ],
            }
        )
    return tables


def _factor(row: fig.FactorRow) -> dict[str, Any]:
    factor = row.factor
    return {
        "id": factor.id,
        "what": " · ".join(p for p in (factor.activity, factor.quantity, factor.gas) if p),
        "region": factor.region,
        "year": factor.year or "",
        "value": f"{factor.value:g}",
        "unit": factor.unit,
        "issuer": factor.issuer,
        "source": factor.source,
        "edition": factor.edition,
        "confirmed": factor.confirmed,
        "clause": factor.clause,
        "quality": factor.quality,
        "lines": row.lines,
        "unconfirmed": row.unconfirmed,
    }


def _gases(report: ReportInput) -> dict[str, Any]:
    rows = fig.gas_rows(report)
    total = sum(row.co2e_t for row in rows)
    return {
        "rows": [
            {
                "label": str(GASES[row.gas]),
                "mass": format_number(row.mass_t, fig.DIGITS_GAS if row.gas != "CO2" else 2)
                if row.mass_t is not None
                else "—",
                "gwp": f"{row.gwp:g}" if row.gwp is not None else "—",
                "co2e": format_number(row.co2e_t),
                "share": _share(row.co2e_t, total),
            }
            for row in rows
        ],
        "total": format_number(total),
    }


def _share(part: float, total: float) -> str:
    return f"{format_number(100 * part / total, 1)}%" if total else "—"


def _sources(report: ReportInput) -> list[dict[str, str]]:
    total = report.inventory.gbt32150.total_tco2e
    return [
        {
            "label": str(GBT_SOURCES[row.key]),
            "value": format_number(row.tco2e),
            "share": _share(row.tco2e, total),
        }
        for row in fig.gbt32150_source_rows(report)
    ]


def _source_chart(report: ReportInput) -> SafeString:
    bars = [
        (str(GBT_SOURCES[row.key]), row.tco2e)
        for row in fig.gbt32150_source_rows(report)
        if row.tco2e
    ]
    return bar_chart_svg(bars, unit="tCO2e")


def _energy(report: ReportInput) -> dict[str, Any]:
    energy = report.inventory.energy
    products = [
        {
            "name": name,
            "output": format_number(output, fig.DIGITS_QUANTITY),
            "unit": unit,
            "intensity": format_number(ratio, fig.DIGITS_INTENSITY),
            "intensity_unit": intensity_unit,
        }
        for name, (output, unit) in energy.products.items()
        for ratio, intensity_unit in [energy.tce_per_product_unit().get(name, (None, ""))]
    ]
    return {
        "total": format_number(energy.energy_tce),
        "total_generation": format_number(energy.energy_tce_generation),
        "by_category": [
            {"label": category_label(category), "value": format_number(value)}
            for category, value in energy.by_category_tce.items()
        ],
        "output_value": format_number(energy.output_value_wan_yuan),
        "tce_per_wan_yuan": format_number(energy.tce_per_wan_yuan, fig.DIGITS_INTENSITY),
        "co2e_per_wan_yuan": format_number(
            report.inventory.co2e_t_per_wan_yuan, fig.DIGITS_INTENSITY
        ),
        "products": products,
    }


def _pollutant(row: fig.PollutantRow) -> dict[str, Any]:
    return {
        "label": _("Total") if row.category == "total" else category_label(row.category),
        "values": [
            format_number(value, fig.DIGITS_POLLUTANT)
            for value in (row.so2_t, row.nox_t, row.pm_t, row.vocs_t)
        ],
    }


def _quality(report: ReportInput) -> dict[str, Any]:
    quality = fig.data_quality(report)
    return {
        "data": quality,
        "instruments": [
            {"label": str(INSTRUMENTS.get(key, key)), "lines": count}
            for key, count in quality.instrument_lines.items()
        ],
    }
