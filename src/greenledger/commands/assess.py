"""`greenledger assess`: score an application against a rule set and explain the result."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.assessment import (
    Application,
    AssessmentResult,
    available_rulesets,
    load_ruleset,
)
from greenledger.core.assessment.engine import assess as run_assessment
from greenledger.core.assessment.inventory_inputs import inputs_from_inventory
from greenledger.core.context import REGIONS, AccountingContext
from greenledger.core.errors import Problem, ProblemsError


@click.command()
@click.argument("ruleset_id", required=False)
@click.argument("data", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--list", "list_only", is_flag=True, help="List the rule sets and exit.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option(
    "--inventory",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Activity file (as for `greenledger calc`): inputs DATA leaves out are derived from it.",
)
@click.option("--enterprise", help="The enterprise of --inventory (needed if it has several).")
@click.option(
    "--region", default="national", show_default=True, help=f"One of {', '.join(REGIONS)}."
)
@click.option("--year", type=click.IntRange(1990, 2100), help="Factor year (default: each line's).")
def assess(
    ruleset_id: str | None,
    data: Path | None,
    list_only: bool,
    output_format: str,
    out: Path | None,
    inventory: Path | None,
    enterprise: str | None,
    region: str,
    year: int | None,
) -> None:
    """Score the application in DATA (JSON) against RULESET_ID, e.g. green_factory/2025.

    DATA is {"inputs": {name: number or true/false}, "evidence": {item id: [references]},
    "thresholds": {threshold path: value}} (thresholds: overrides of configurable values).
    """
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        if list_only:
            _emit(_listing(output_format), out)
            return
        if ruleset_id is None or data is None:
            raise click.UsageError("give RULESET_ID and DATA, or --list")
        ruleset = load_ruleset(ruleset_id)
        application = Application.from_json(_read_json(data), file=str(data))
        verified = _inventory_inputs(inventory, enterprise, region, year) if inventory else None
        result = run_assessment(ruleset, application, verified, file=str(data))
        if output_format == "json":
            text = json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            text = _table(result)
        _emit(text, out)


def _inventory_inputs(
    path: Path, enterprise: str | None, region: str, year: int | None
) -> dict[str, float]:
    """Account the activity file and derive the indicator inputs of one enterprise."""
    from greenledger.core.factors import load_library
    from greenledger.core.intake import frame_to_lines, read_activity_file
    from greenledger.core.inventory import compute_inventory

    context = AccountingContext.from_names(region=region, year=year)
    library = load_library()
    lines = frame_to_lines(read_activity_file(path, library))
    accounted = compute_inventory(lines, library, context)
    names = [e.enterprise for e in accounted.enterprises]
    if enterprise is None and len(names) == 1:
        enterprise = names[0]
    chosen = [e for e in accounted.enterprises if e.enterprise == enterprise]
    if not chosen:
        known = ", ".join(names)
        reason = "--enterprise is needed" if enterprise is None else f"no enterprise {enterprise!r}"
        raise ProblemsError([Problem(f"{reason}; the file has: {known}", file=str(path))])
    return inputs_from_inventory(chosen[0])


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsError([Problem(f"cannot read: {exc}", file=str(path))]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemsError(
            [Problem(f"not valid JSON: {exc.msg}", file=str(path), row=exc.lineno)],
            headline="the application is not valid JSON",
        ) from exc


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(out)


def _listing(output_format: str) -> str:
    rows = []
    for ruleset_id in available_rulesets():
        ruleset = load_ruleset(ruleset_id)
        rows.append(
            {
                "id": ruleset.id,
                "title": ruleset.title,
                "status": ruleset.status,
                "thresholds": len(ruleset.thresholds()),
                "unconfirmed": len(ruleset.unconfirmed()),
            }
        )
    if output_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    table = Table(title="Rule sets")
    for name in ("id", "title", "status", "thresholds", "unconfirmed"):
        table.add_column(name, justify="right" if name in {"thresholds", "unconfirmed"} else "left")
    for row in rows:
        table.add_row(*(str(row[key]) for key in row))
    return _render(table)


def _render(*items: Any) -> str:
    console = Console(record=True, width=160, file=io.StringIO())
    for item in items:
        console.print(item, highlight=False)
    return console.export_text()


def _value(value: float | bool) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.6g}"


def _table(result: AssessmentResult) -> str:
    status = "" if result.status == "current" else f" [{result.status}]"
    level = result.level_title or "none: a basic requirement is not met"
    head = (
        f"{result.title}{status}\nrule set {result.ruleset}\n"
        f"basic requirements met: {'yes' if result.basic_requirements_met else 'NO'}\n"
        f"total {result.total_points:.4g} of {result.max_points:.4g} points; level: {level}"
    )
    requirements = Table(title="Basic requirements")
    for name in ("id", "passed", "condition", "inputs", "evidence", "note"):
        requirements.add_column(name)
    for req in result.requirements:
        inputs = ", ".join(f"{k}={_value(v)}" for k, v in req.inputs.items())
        evidence = f"{req.evidence}: {len(req.evidence_provided)} given"
        passed = "yes" if req.passed else "NO"
        requirements.add_row(req.id, passed, req.condition, inputs, evidence, req.note)
    indicators = Table(title="Indicators")
    for name in ("id", "group", "value", "thresholds", "points", "weight", "explanation"):
        indicators.add_column(name)
    for item in result.indicators:
        thresholds = ", ".join(
            f"{t.path.rsplit('.', 1)[-1]}={t.value:g}{'' if t.confirmed else '*'}"
            for t in item.thresholds
        )
        indicators.add_row(
            item.id,
            item.group,
            f"{_value(item.value)} {'' if item.unit == '1' else item.unit}".strip()
            + (" (inventory)" if "inventory" in item.input_sources.values() else ""),
            thresholds,
            f"{item.points:.4g}",
            f"{item.weight:g}",
            item.explanation,
        )
    levels = Table(title="Levels")
    for name in ("level", "minimum", "conditions", "reached"):
        levels.add_column(name)
    for lv in result.levels:
        star = "" if lv.threshold is None or lv.threshold.confirmed else "*"
        conditions = "; ".join(lv.conditions) + ("" if lv.conditions_met else " (not met)")
        levels.add_row(lv.title, f"{lv.minimum:g}{star}", conditions, "yes" if lv.reached else "no")
    foot = (
        f"* unconfirmed, configurable threshold ({len(result.unconfirmed_thresholds)} applied); "
        "check it against the standard's text before relying on the result."
    )
    if result.overridden_thresholds:
        foot += "\noverridden by the application: " + ", ".join(result.overridden_thresholds)
    return _render(head, requirements, indicators, levels, foot)
