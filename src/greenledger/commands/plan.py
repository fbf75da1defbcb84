"""`greenledger plan`: a plan file's abatement cost curve and least-cost pathway to its targets,
with the same core functions as the planning pages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message
from greenledger.core.planning import PlanInput, load_plan
from greenledger.core.planning.costs import macc, macc_notes
from greenledger.core.planning.pathway import Pathway, optimise
from greenledger.core.planning.report import macc_to_json, pathway_to_json


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--social-rate",
    type=click.FloatRange(0.0, 1.0, max_open=True),
    help="Also show the curve at this discount rate (the social view), e.g. 0.03.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600.0),
    default=10.0,
    show_default=True,
    help="Seconds the pathway solver may take; past it, the best plan found and its gap.",
)
def plan(file: Path, output_format: str, social_rate: float | None, time_limit: float) -> None:
    """The abatement cost curve of the plan in FILE (JSON: start_year, end_year,
    discount_rate, baseline end uses, targets, measures ...) and the least-cost pathway that
    meets its targets (or, when they cannot all be met, the shortfall per year and the
    cheapest plan that comes closest).

    Optional: baseline.output_wan_yuan with intensity targets (max_intensity_t_per_wan_yuan),
    electricity_emissions_t per end use with a grid_factor_index ({"YYYY": index}), a
    measure's effect ("energy" or "emissions"), annual_budget_yuan, max_adoptions_per_year.

    The curve applies the measures in cost order, each on what remains of its end use after
    the cheaper ones; costs are annualised at the plan's discount rate (the private view)."""
    err = Console(stderr=True, soft_wrap=True)  # a long path or reason is not broken
    with refusals_reported(err):
        loaded = load_plan(_read(file), file=str(file))
        pathway = optimise(loaded, time_limit_s=time_limit)
    result = plan_result(loaded, pathway, social_rate=social_rate)
    if output_format == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result), nl=False)


def _read(file: Path) -> Any:
    try:
        raw = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            [Problem(message("planning.file.unreadable", detail=detail), str(file))]
        ) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        detail = f"line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise InputError(
            [Problem(message("planning.file.json", detail=detail), str(file))]
        ) from None


def plan_result(
    plan: PlanInput, pathway: Pathway, *, social_rate: float | None = None
) -> dict[str, Any]:
    """The JSON answer: the curve (private view), its notes, optionally the social view's
    curve, and the pathway (``core.planning.report``'s shapes, as the web stores them)."""
    result: dict[str, Any] = {
        "macc": macc_to_json(macc(plan)),
        "macc_notes": [n.english() for n in macc_notes(plan)],
    }
    if social_rate is not None:
        result["macc_social"] = macc_to_json(macc(plan, rate=social_rate))
        result["macc_social_notes"] = [n.english() for n in macc_notes(plan, rate=social_rate)]
    result["pathway"] = pathway_to_json(pathway)
    return result


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _curve(console: Console, title: str, steps: list[dict[str, Any]], notes: list[str]) -> None:
    table = Table(title=title)
    for name in (
        "Measure",
        "End use",
        "Remaining share",
        "Energy saved tce/y",
        "Abatement tCO2e/y",
        "Cumulative tCO2e/y",
        "Annualised cost yuan/y",
        "Cost yuan/t",
    ):
        table.add_column(name, justify="left" if name in ("Measure", "End use") else "right")
    for s in steps:
        table.add_row(
            s["id"],
            s["end_use"],
            f"{s['remaining_share']:.4f}",
            _n(s["annual_energy_saving_tce"]),
            _n(s["annual_abatement_t"]),
            _n(s["cumulative_abatement_t"]),
            _n(s["annualised_cost_yuan"], 0),
            _n(s["cost_per_t"], 2),
        )
    console.print(table)
    for note in notes:
        console.print(f"* {note}", highlight=False, markup=False)


def _table(result: dict[str, Any]) -> str:
    console = Console(record=True, width=160, file=io.StringIO())
    _curve(console, "Abatement cost curve (private view)", result["macc"], result["macc_notes"])
    if "macc_social" in result:
        _curve(
            console,
            "Abatement cost curve (social view)",
            result["macc_social"],
            result["macc_social_notes"],
        )
    pathway = result["pathway"]
    console.print(
        f"Pathway: {pathway['status']}, net present cost {_n(pathway['npv_yuan'], 0)} yuan, "
        f"gap {pathway['gap'] * 100:.2f} %, solved in {pathway['solve_seconds']:.2f} s",
        highlight=False,
        markup=False,
    )
    adoptions = Table(title="Adoptions")
    adoptions.add_column("Year", justify="right")
    adoptions.add_column("Measure")
    for item in pathway["adoptions"]:
        adoptions.add_row(str(item["year"]), item["id"])
    console.print(adoptions)
    years = Table(title="Emissions per model year and target year")
    years.add_column("Year", justify="right")
    years.add_column("tCO2e", justify="right")
    years.add_column("Shortfall tCO2e", justify="right")
    emissions, shortfalls = pathway["emissions_t"], pathway["shortfall_t"]
    for year in sorted(set(emissions) | set(shortfalls)):
        shortfall = shortfalls.get(year)
        years.add_row(year, _n(emissions.get(year)), "" if shortfall is None else _n(shortfall))
    console.print(years)
    return console.export_text()
