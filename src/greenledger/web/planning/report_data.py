"""The content of a decarbonisation plan's report (``web.planning.exports`` renders it as a
workbook and a PDF): the plan, its baseline, and every solved scenario's parameters, pathway,
adoptions, abatement cost curves, notes and provenance, with labels in the report's language.
Every figure is the run's own (what the core computed when the scenario was solved).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from greenledger.core.errors import InputError
from greenledger.web.planning.models import Plan, PlanRun, ScenarioKind, TargetSource
from greenledger.web.planning.selectors import plans as plan_selectors
from greenledger.web.reports.cells import MASS
from greenledger.web.ui.core_messages import render

__all__ = ["LANGUAGES", "MONEY", "RATE", "PlanReport", "ScenarioReport", "plan_report"]

LANGUAGES = ("zh-hans", "en")
MONEY = "#,##0"
RATE = "0.00%"


@dataclass
class ScenarioReport:
    """One solved scenario as the report shows it (labels already in the report's language)."""

    name: str
    kind: str
    parameters: list[tuple[str, Any, str]]  # (label, value, number format)
    status: str
    status_key: str
    npv_yuan: float
    gap: float
    capex_yuan: float | None
    solve_seconds: float
    emissions_t: dict[int, float]
    baseline_t: dict[int, float]
    caps_t: dict[int, float]
    shortfall_t: dict[int, float]
    adoptions: list[tuple[str, str, int]]  # (measure id, name, first year)
    macc: list[dict[str, Any]]
    macc_social: list[dict[str, Any]]
    social_rate: float | None
    notes: list[str]
    social_notes: list[str]
    provenance: list[tuple[str, str]]
    solved_at: str

    @property
    def shortfall_total(self) -> float:
        """The shortfall summed over the target years (0 when every target is met)."""
        return sum(self.shortfall_t.values())

    def final(self) -> tuple[int | None, float | None]:
        """The last model year and its emissions."""
        if not self.emissions_t:
            return None, None
        year = max(self.emissions_t)
        return year, self.emissions_t[year]


@dataclass
class PlanReport:
    """Everything the report says (figures unformatted, labels in the report's language)."""

    language: str
    title: str
    plan_rows: list[tuple[str, Any, str]]  # (label, value, number format)
    targets: list[tuple[int, float | None, float | None]]
    carriers: list[tuple[str, float, float, bool]]
    end_uses: list[tuple[str, float, float, float]]
    scenarios: list[ScenarioReport]
    years: list[int]
    report_date: str
    notes: list[str] = field(default_factory=list)


def _years(data: dict[str, Any] | None) -> dict[int, float]:
    return {int(y): float(v) for y, v in (data or {}).items() if v is not None}


def _status(key: str) -> str:
    labels = {
        "optimal": _("optimal"),
        "feasible": _("feasible (time limit reached: best plan found)"),
        "infeasible": _("infeasible (targets missed: the closest plan)"),
    }
    return labels.get(key, key)


def _steps(steps: Iterable[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{**step, "name": names.get(step["id"], step["id"])} for step in steps]


def _provenance(run: PlanRun) -> list[tuple[str, str]]:
    provenance = run.provenance or {}
    rows: list[tuple[str, str]] = []
    catalogue = provenance.get("catalogue") or {}
    if catalogue:
        published = ", ".join(str(p) for p in catalogue.get("published_proposals") or []) or "—"
        rows.append(
            (
                _("Technology catalogue"),
                f"{catalogue.get('file', '')} sha256 {str(catalogue.get('sha256', ''))[:12]}; "
                + _("published proposals: %(ids)s") % {"ids": published},
            )
        )
    grid = provenance.get("grid_path") or {}
    if grid:
        confirmed = _("confirmed") if grid.get("confirmed") else _("unconfirmed")
        rows.append(
            (
                _("Grid factor path"),
                f"{grid.get('key', '')}: {grid.get('source', '')} ({confirmed})",
            )
        )
    core = provenance.get("core") or {}
    if core:
        rows.append((_("Core version"), f"{core.get('version', '')} {core.get('solver', '')}"))
    inventory = provenance.get("inventory") or {}
    if inventory:
        parts = [f"{key} {value}" for key, value in sorted(inventory.items()) if value is not None]
        rows.append((_("Inventory"), "; ".join(parts)))
    rows.append((_("Inputs digest"), run.inputs_digest))
    return rows


def _scenario(run: PlanRun, names: dict[str, str]) -> ScenarioReport:
    scenario = run.scenario
    result = run.result or {}
    pathway = result.get("pathway") or {}
    grid_source = ((run.provenance or {}).get("grid_path") or {}).get("source", "")
    parameters: list[tuple[str, Any, str]] = [
        (_("Output growth a year"), scenario.growth, RATE),
        (_("Grid factor path"), f"{scenario.grid_path} — {grid_source}".strip(" —"), ""),
        (_("Energy price (yuan/tce)"), scenario.energy_price_yuan_per_tce, MONEY),
        (_("Carbon price (yuan/t)"), scenario.carbon_price_yuan_per_t, MONEY),
        (_("Discount rate"), scenario.discount_rate, RATE),
    ]
    adoptions = [
        (str(a["id"]), names.get(str(a["id"]), str(a["id"])), int(a["year"]))
        for a in pathway.get("adoptions") or []
    ]
    return ScenarioReport(
        name=scenario.name,
        kind=str(ScenarioKind(scenario.kind).label) if scenario.kind in ScenarioKind else "",
        parameters=parameters,
        status=_status(run.status),
        status_key=run.status,
        npv_yuan=run.npv_yuan,
        gap=run.gap,
        capex_yuan=pathway.get("capex_yuan"),
        solve_seconds=run.solve_seconds,
        emissions_t=_years(pathway.get("emissions_t")),
        baseline_t=_years(result.get("baseline_t")),
        caps_t=_years(result.get("caps_t")),
        shortfall_t=_years(pathway.get("shortfall_t")),
        adoptions=adoptions,
        macc=_steps(result.get("macc") or [], names),
        macc_social=_steps(result.get("macc_social") or [], names),
        social_rate=result.get("social_rate"),
        notes=[render(n) for n in result.get("macc_notes") or []],
        social_notes=[render(n) for n in result.get("macc_social_notes") or []],
        provenance=_provenance(run),
        solved_at=timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M"),
    )


def _organisation_name(plan: Plan, language: str) -> str:
    organisation = plan.organisation
    if language == "en" and organisation.name_en:
        return str(organisation.name_en)
    return str(organisation.name_zh)


def _baseline_and_targets(
    plan: Plan, runs: Sequence[PlanRun]
) -> tuple[list[tuple[str, float, float, float]], list[tuple[int, Any, Any]]]:
    """The end uses and targets the first run solved; without a run, the plan's as they stand
    (no end uses while its shares do not add up)."""
    if runs:
        inputs = runs[0].inputs or {}
        uses = [
            (
                str(name),
                float(v.get("energy_tce", 0.0)),
                float(v.get("emissions_t", 0.0)),
                float(v.get("electricity_emissions_t", 0.0)),
            )
            for name, v in ((inputs.get("baseline") or {}).get("end_uses") or {}).items()
        ]
        raw_targets = inputs.get("targets") or []
    else:
        try:
            split = plan_selectors.end_uses(plan)
        except InputError:
            split = []
        uses = [(e.name, e.energy_tce, e.emissions_t, e.electricity_emissions_t) for e in split]
        raw_targets = plan_selectors.plan_targets(plan)
    targets = [
        (int(t["year"]), t.get("max_emissions_t"), t.get("max_intensity_t_per_wan_yuan"))
        for t in raw_targets
    ]
    return uses, targets


def plan_report(plan: Plan, runs: Sequence[PlanRun], *, language: str) -> PlanReport:
    """The report's content in ``language`` ("zh-hans" or "en"); ``runs`` are the plan's
    solved scenarios, shown in the order given."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}; one of {', '.join(LANGUAGES)}")
    names = {m.measure_id: m.name or m.measure_id for m in plan.measures.all()}
    with override(language):
        baseline = plan.baseline if isinstance(plan.baseline, dict) else {}
        carriers = [
            (
                str(key),
                float(v.get("energy_tce") or 0.0),
                float(v.get("emissions_t") or 0.0),
                bool(v.get("electricity")),
            )
            for key, v in (baseline.get("carriers") or {}).items()
        ]
        end_uses, targets = _baseline_and_targets(plan, runs)
        target_source = (
            str(TargetSource(plan.target_source).label)
            if plan.target_source in TargetSource
            else plan.target_source
        )
        plan_rows: list[tuple[str, Any, str]] = [
            (_("Enterprise"), _organisation_name(plan, language), ""),
            (_("Plan name"), plan.name, ""),
            (_("Inventory year"), plan.inventory_year, "0"),
            (_("Years"), f"{plan.start_year}–{plan.end_year}", ""),
            (_("Private discount rate"), plan.private_rate, RATE),
            (_("Social discount rate"), plan.social_rate, RATE),
            (_("Targets from"), target_source, ""),
            (_("Total capex budget (yuan)"), plan.budget_yuan, MONEY),
            (_("Capex budget per year (yuan)"), plan.annual_budget_yuan, MONEY),
            (_("Measures adopted per year at most"), plan.max_adoptions_per_year, "0"),
            (
                _("Output value in the inventory year (10^4 yuan)"),
                baseline.get("output_wan_yuan"),
                MASS,
            ),
            (
                _("Non-energy (process) emissions (tCO2e)"),
                baseline.get("non_energy_emissions_t"),
                MASS,
            ),
        ]
        scenarios = [_scenario(run, names) for run in runs]
        years = sorted({y for s in scenarios for y in (*s.emissions_t, *s.caps_t)})
        return PlanReport(
            language=language,
            title=_("Decarbonisation plan: %(name)s") % {"name": plan.name},
            plan_rows=plan_rows,
            targets=targets,
            carriers=carriers,
            end_uses=end_uses,
            scenarios=scenarios,
            years=years,
            report_date=timezone.localdate().isoformat(),
            notes=[
                _(
                    "Every figure is the solved run's own. Costs are discounted to the start year; "
                    "the abatement cost curve applies the measures in cost order, each on what "
                    "remains of its end use after the cheaper ones."
                ),
                _(
                    "Grid factor paths: published figures cite their announcement; values beyond "
                    "them are GreenLedger's stated conventions, not forecasts."
                ),
            ],
        )
