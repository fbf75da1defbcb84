"""A decarbonisation plan's report, as a workbook (openpyxl) and a PDF (A4, WeasyPrint), in
Simplified Chinese or English.

Both render the same ``PlanReport`` (``plan_report``): the plan (enterprise, inventory, years,
rates, budgets, targets), its baseline by carrier and by end use, and for every solved scenario
(the ``PlanRun`` rows given) its parameters with the grid factor path's source, the pathway
(emissions by model year beside the baseline without measures and the caps, shortfalls), the
adoptions, the abatement cost curves (private and social view, each measure on what remains of
its end use after the cheaper ones) with their notes, and the provenance of the run. Every figure
is the run's own (what the core computed when the scenario was solved), never recomputed here.
WeasyPrint renders with the machine's Noto CJK fonts and fetches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from openpyxl import Workbook
from weasyprint import HTML

from greenledger.web.planning.models import Plan, PlanRun
from greenledger.web.planning.report_data import (
    LANGUAGES,
    MONEY,
    RATE,
    PlanReport,
    plan_report,
)
from greenledger.web.reports.cells import (
    INTENSITY,
    MASS,
    header_row,
    save,
    section_row,
    set_widths,
    value_row,
)
from greenledger.web.reports.charts import bar_chart_svg
from greenledger.web.reports.figures import format_number
from greenledger.web.reports.rendering import _counter_css, _refuse_fetch

__all__ = ["LANGUAGES", "PlanReport", "plan_html", "plan_pdf", "plan_report", "plan_xlsx"]

TEMPLATE = "planning/plan_report.html"


# -- XLSX ----------------------------------------------------------------------------------------


def plan_xlsx(plan: Plan, runs: Sequence[PlanRun], *, language: str) -> bytes:
    """The plan's report as a workbook in ``language``: plan, scenarios, pathway, adoptions,
    abatement cost curves, notes and sources."""
    report = plan_report(plan, runs, language=language)
    with override(language):
        workbook = Workbook()
        _plan_sheet(workbook, report)
        _scenarios_sheet(workbook, report)
        _pathway_sheet(workbook, report)
        _adoptions_sheet(workbook, report)
        _macc_sheet(workbook, report)
        _sources_sheet(workbook, report)
        workbook.properties.creator = "GreenLedger"
        workbook.properties.title = report.title
        return save(workbook)


def _plan_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.active
    sheet.title = pgettext("plan report", "Plan")[:31]
    section_row(sheet, report.title)
    for label, value, fmt in report.plan_rows:
        value_row(sheet, (label, value), {2: fmt} if fmt else None)
    value_row(sheet, ())
    section_row(sheet, _("Targets"))
    header_row(sheet, (_("Year"), _("Cap (tCO2e)"), _("Intensity cap (tCO2e per 10^4 yuan)")))
    for year, cap, intensity in report.targets:
        value_row(sheet, (year, cap, intensity), {2: MASS, 3: INTENSITY})
    value_row(sheet, ())
    section_row(sheet, _("Baseline by carrier (inventory year)"))
    header_row(
        sheet, (_("Carrier"), _("Energy (tce)"), _("Emissions (tCO2e)"), _("Purchased electricity"))
    )
    for carrier, energy, emissions, electricity in report.carriers:
        value_row(
            sheet,
            (carrier, energy, emissions, _("yes") if electricity else _("no")),
            {2: MASS, 3: MASS},
        )
    value_row(sheet, ())
    section_row(sheet, _("Baseline by end use (start year)"))
    header_row(
        sheet,
        (
            _("End use"),
            _("Energy (tce)"),
            _("Emissions (tCO2e)"),
            _("of which purchased electricity (tCO2e)"),
        ),
    )
    for row in report.end_uses:
        value_row(sheet, row, {2: MASS, 3: MASS, 4: MASS})
    set_widths(sheet, (44, 18, 18, 22))


def _scenarios_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.create_sheet(_("Scenarios")[:31])
    header_row(sheet, (_("Figure"), *[s.name for s in report.scenarios]))
    value_row(sheet, (_("Kind"), *[s.kind for s in report.scenarios]))
    if report.scenarios:
        for index, (label, _value, fmt) in enumerate(report.scenarios[0].parameters):
            values = [s.parameters[index][1] for s in report.scenarios]
            value_row(
                sheet,
                (label, *values),
                {c: fmt for c in range(2, 2 + len(values))} if fmt else None,
            )
    columns = range(2, 2 + len(report.scenarios))
    rows: list[tuple[str, list[Any], str | None]] = [
        (_("Solver status"), [s.status for s in report.scenarios], None),
        (_("Net present cost (yuan)"), [s.npv_yuan for s in report.scenarios], MONEY),
        (_("Capex of first installations (yuan)"), [s.capex_yuan for s in report.scenarios], MONEY),
        (_("Optimality gap"), [s.gap for s in report.scenarios], RATE),
        (_("Solve time (s)"), [s.solve_seconds for s in report.scenarios], "0.00"),
        (_("Measures adopted"), [len(s.adoptions) for s in report.scenarios], None),
        (
            _("Total shortfall (tCO2e)"),
            [sum(s.shortfall_t.values()) for s in report.scenarios],
            MASS,
        ),
        (_("Emissions in the last year (tCO2e)"), [s.final()[1] for s in report.scenarios], MASS),
        (_("Solved at"), [s.solved_at for s in report.scenarios], None),
    ]
    for label, values, fmt in rows:
        value_row(sheet, (label, *values), {c: fmt for c in columns} if fmt else None)
    set_widths(sheet, (40, *([24] * len(report.scenarios))))


def _pathway_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.create_sheet(_("Pathway")[:31])
    headers: list[str] = [_("Year")]
    for s in report.scenarios:
        headers += [
            f"{s.name}: {_('emissions (tCO2e)')}",
            f"{s.name}: {_('baseline without measures (tCO2e)')}",
            f"{s.name}: {_('cap (tCO2e)')}",
            f"{s.name}: {_('shortfall (tCO2e)')}",
        ]
    header_row(sheet, headers)
    width = 4 * len(report.scenarios)
    for year in report.years:
        values: list[Any] = [year]
        for s in report.scenarios:
            values += [
                s.emissions_t.get(year),
                s.baseline_t.get(year),
                s.caps_t.get(year),
                s.shortfall_t.get(year),
            ]
        value_row(sheet, values, {c: MASS for c in range(2, 2 + width)})
    set_widths(sheet, (8, *([20] * width)))
    sheet.freeze_panes = "B2"


def _adoptions_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.create_sheet(_("Adoptions")[:31])
    header_row(sheet, (_("Scenario"), _("Measure id"), _("Measure"), _("First year")))
    for s in report.scenarios:
        for measure_id, name, year in s.adoptions:
            value_row(sheet, (s.name, measure_id, name, year))
    set_widths(sheet, (24, 20, 36, 12))


def _macc_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.create_sheet(_("Abatement cost curve")[:31])
    header_row(
        sheet,
        (
            _("Scenario"),
            _("View"),
            _("Measure id"),
            _("Measure"),
            _("End use"),
            _("Share of the end use left"),
            _("Energy saved (tce/yr)"),
            _("Abatement (tCO2e/yr)"),
            _("Cumulative abatement (tCO2e/yr)"),
            _("Annualised cost (yuan/yr)"),
            _("Cost per tonne (yuan/tCO2e)"),
        ),
    )
    formats = {6: INTENSITY, 7: MASS, 8: MASS, 9: MASS, 10: MONEY, 11: MASS}
    for s in report.scenarios:
        for view, steps in ((_("private"), s.macc), (_("social"), s.macc_social)):
            for step in steps:
                value_row(
                    sheet,
                    (
                        s.name,
                        view,
                        step["id"],
                        step["name"],
                        step["end_use"],
                        step.get("remaining_share"),
                        step["annual_energy_saving_tce"],
                        step["annual_abatement_t"],
                        step.get("cumulative_abatement_t"),
                        step["annualised_cost_yuan"],
                        step["cost_per_t"],
                    ),
                    formats,
                )
    set_widths(sheet, (20, 10, 18, 30, 20, 12, 14, 14, 16, 16, 16))
    sheet.freeze_panes = "A2"


def _sources_sheet(workbook: Workbook, report: PlanReport) -> None:
    sheet = workbook.create_sheet(_("Notes and sources")[:31])
    header_row(sheet, (_("Item"), _("Value")))
    for note in report.notes:
        value_row(sheet, (_("Note"), note))
    for s in report.scenarios:
        section_row(sheet, s.name)
        for note in s.notes:
            value_row(sheet, (_("Curve note (private view)"), note))
        for note in s.social_notes:
            value_row(sheet, (_("Curve note (social view)"), note))
        for label, value in s.provenance:
            value_row(sheet, (label, value))
    set_widths(sheet, (36, 120))


# -- PDF -----------------------------------------------------------------------------------------


def plan_pdf(plan: Plan, runs: Sequence[PlanRun], *, language: str) -> bytes:
    """The plan's report as an A4 PDF in ``language``."""
    html = plan_html(plan, runs, language=language)
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


def _shown(value: Any, fmt: str) -> str:
    """A figure as the PDF prints it in its number format ("—" when missing)."""
    if value is None or value == "":
        return "—"
    if fmt == RATE and isinstance(value, int | float):
        return f"{value * 100:.2f} %"
    if fmt and isinstance(value, int | float):
        return format_number(float(value), 0 if fmt in (MONEY, "0") else 2)
    return str(value)


def plan_html(plan: Plan, runs: Sequence[PlanRun], *, language: str) -> str:
    """The PDF's HTML (see ``plan_pdf``)."""
    report = plan_report(plan, runs, language=language)
    with override(language):
        macc_sections = [
            (
                s,
                bar_chart_svg(
                    [
                        (str(step["name"]), float(step["cost_per_t"]))
                        for step in s.macc
                        if step.get("cost_per_t") is not None
                    ],
                    unit=_("yuan/tCO2e"),
                ),
            )
            for s in report.scenarios
        ]
        parameter_rows = []
        if report.scenarios:
            for index, (label, _value, fmt) in enumerate(report.scenarios[0].parameters):
                values = [_shown(s.parameters[index][1], fmt) for s in report.scenarios]
                parameter_rows.append({"label": label, "values": values})
        pathway_rows = [
            {
                "year": year,
                "emissions": [s.emissions_t.get(year) for s in report.scenarios],
                "baseline": [s.baseline_t.get(year) for s in report.scenarios],
                "cap": next((s.caps_t[year] for s in report.scenarios if year in s.caps_t), None),
            }
            for year in report.years
        ]
        context = {
            "lang": "zh-Hans" if language == "zh-hans" else "en",
            "report": report,
            "plan_facts": [(label, _shown(v, fmt)) for label, v, fmt in report.plan_rows],
            "parameter_rows": parameter_rows,
            "pathway_rows": pathway_rows,
            "gaps": [_shown(s.gap, RATE) for s in report.scenarios],
            "macc_sections": macc_sections,
            "page_counter_css": _counter_css(_("Page %(page)s of %(pages)s")),
        }
        html: str = render_to_string(TEMPLATE, context)
    return html
