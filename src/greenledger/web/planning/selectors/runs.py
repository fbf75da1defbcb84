"""Reading a plan's solved runs: the run of each scenario (current or out of date), one run's
curve and pathway as the pages and the API show them, the scenarios side by side, and the
commitment against the verified inventories.

A run is *current* when the plan and its scenario still give the inputs it solved (same
digest, see ``services.runs.inputs_digest``); the pages show an out-of-date run labelled as
such and offer to solve again. The actual emissions of the commitment come from the district
fact table (the newest verified inventory of each year, GB/T 32150 emissions), as the
district's pages read them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

import greenledger
from greenledger.core.errors import InputError
from greenledger.core.planning.commitment import CommitmentYear, compare_commitment
from greenledger.core.planning.model import PlanInput
from greenledger.web.district.selectors.facts import enterprise_facts
from greenledger.web.planning.models import Commitment, Plan, PlanRun, Scenario
from greenledger.web.planning.selectors.plans import plan_input
from greenledger.web.ui.core_messages import render

__all__ = [
    "core_input_of",
    "inputs_digest",
    "is_current",
    "ScenarioResult",
    "chosen_scenario",
    "commitment_of",
    "commitment_years",
    "comparison",
    "measure_names",
    "scenario_results",
]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def inputs_digest(core_input: PlanInput, *, social_rate: float) -> str:
    """sha256 of the core input (every field), the social rate and the core version."""
    payload = {
        "plan": dataclasses.asdict(core_input),
        "social_rate": social_rate,
        "core": greenledger.__version__,
    }
    return hashlib.sha256(_canonical(payload).encode("utf-8")).hexdigest()


def core_input_of(plan: Plan, scenario: Scenario) -> PlanInput:
    """The scenario's core input; a plan the core refuses is a ValidationError naming the
    field and the reason in the user's language."""
    try:
        return plan_input(plan, scenario)
    except InputError as error:
        problems: dict[str, list[str]] = {}
        for problem in error.problems:
            problems.setdefault(problem.column or "__all__", []).append(render(problem.message))
        raise ValidationError(problems) from None


def is_current(run: PlanRun, plan: Plan | None = None) -> bool:
    """Whether the plan (as stored now, or ``plan``) and the run's scenario still give the
    inputs the run solved."""
    plan = plan or Plan.objects.get(pk=run.plan_id)
    scenario = Scenario.objects.get(pk=run.scenario_id)
    core_input = core_input_of(plan, scenario)
    return inputs_digest(core_input, social_rate=plan.social_rate) == run.inputs_digest


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario with its newest run (None: never solved) and whether that run is current;
    ``refused``: why the plan cannot be solved as it stands (the core's reasons), if so."""

    scenario: Scenario
    run: PlanRun | None
    current: bool
    refused: tuple[str, ...] = ()


def _current_digest(plan: Plan, scenario: Scenario) -> tuple[str | None, tuple[str, ...]]:
    try:
        core_input = core_input_of(plan, scenario)
    except ValidationError as error:
        return None, tuple(str(m) for m in error.messages)
    return inputs_digest(core_input, social_rate=plan.social_rate), ()


def scenario_result(plan: Plan, scenario: Scenario) -> ScenarioResult:
    digest, refused = _current_digest(plan, scenario)
    runs = PlanRun.objects.filter(plan=plan, scenario=scenario).order_by("-created_at", "-id")
    current = runs.filter(inputs_digest=digest).first() if digest else None
    if current is not None:
        return ScenarioResult(scenario, current, True, refused)
    return ScenarioResult(scenario, runs.first(), False, refused)


def scenario_results(plan: Plan) -> list[ScenarioResult]:
    """Every scenario of the plan (in creation order) with its newest run."""
    return [scenario_result(plan, s) for s in plan.scenarios.order_by("id")]


def chosen_scenario(plan: Plan, scenario_id: Any = None) -> Scenario | None:
    """The scenario asked for (by id, of this plan), else the committed one, else the first."""
    scenarios = plan.scenarios.order_by("id")
    if scenario_id not in (None, ""):
        try:
            return scenarios.filter(pk=int(scenario_id)).first()
        except (TypeError, ValueError):
            return None
    committed = commitment_of(plan)
    if committed is not None:
        return committed.run.scenario
    return scenarios.first()


def measure_names(plan: Plan) -> dict[str, str]:
    """Measure id -> its name (the measure's own name, or its id)."""
    return {m.measure_id: m.name or m.measure_id for m in plan.measures.all()}


def comparison(plan: Plan, results: list[ScenarioResult] | None = None) -> list[dict[str, Any]]:
    """The scenarios that have a run, side by side: parameters, status, emissions by model
    year, net present cost, capex and the measures adopted (id -> first year); ``results``:
    the plan's ``scenario_results`` when the caller has them already."""
    rows = []
    for item in scenario_results(plan) if results is None else results:
        if item.run is None:
            continue
        pathway = item.run.result.get("pathway", {})
        rows.append(
            {
                "scenario": item.scenario,
                "run": item.run,
                "current": item.current,
                "name": item.scenario.name,
                "status": item.run.status,
                "emissions_t": pathway.get("emissions_t", {}),
                "npv_yuan": item.run.npv_yuan,
                "capex_yuan": pathway.get("capex_yuan"),
                "shortfall_t": sum(pathway.get("shortfall_t", {}).values()),
                "adoptions": {a["id"]: a["year"] for a in pathway.get("adoptions", [])},
            }
        )
    return rows


def comparison_years(rows: list[dict[str, Any]]) -> list[str]:
    years: set[str] = set()
    for row in rows:
        years.update(row["emissions_t"])
    return sorted(years, key=int)


def commitment_of(plan: Plan) -> Commitment | None:
    return (
        Commitment.objects.filter(plan=plan)
        .select_related("run", "run__scenario", "committed_by")
        .first()
    )


def verified_emissions(plan: Plan) -> dict[int, float]:
    """The enterprise's verified GB/T 32150 emissions by year (district fact table)."""
    return {
        fact.year: fact.gbt32150_co2e_t
        for fact in enterprise_facts(plan.organisation)
        if fact.basis == "verified"
    }


def commitment_years(commitment: Commitment) -> tuple[CommitmentYear, ...]:
    """Each committed year against the verified emissions of that year (core
    ``compare_commitment``: on track, over, or no verified inventory yet)."""
    committed: Mapping[int, float] = {int(y): v for y, v in commitment.emissions_t.items()}
    actual = {y: v for y, v in verified_emissions(commitment.plan).items() if y in committed}
    return compare_commitment(committed, actual)
