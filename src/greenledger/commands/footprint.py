"""`greenledger footprint FILE.json`: cradle-to-gate product carbon footprints on the pure core.

The file's processes and background factors are solved together over the supply graph with
``greenledger.core.products.footprint`` (the functions the web uses); every product's footprint
per unit is shown with what makes it up.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.products.footprint import Footprints, solve
from greenledger.core.products.footprint_files import read_model_file, to_json


@click.command("footprint")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def footprint(file: Path, output_format: str) -> None:
    """Solve the product carbon footprints of FILE (JSON).

    FILE: {"processes": [{"id", "product", "output", "direct_tco2e", "inputs": [{"product",
    "amount"}]}], "background": {PRODUCT: {"tco2e_per_unit"}}}, where direct_tco2e and amount
    are per the process's output; optionally biogenic_tco2e, primary (true/false) and dqi
    (reliability, completeness, temporal, geographical, technological: 1-5) per process.
    Loops are allowed; an unknown product or a loop that produces nothing net is refused with
    the process and the reason (exit code 2)."""
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        result = solve(read_model_file(file))
        answer = to_json(result)
    if output_format == "json":
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result), nl=False)


def _n(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _table(result: Footprints) -> str:
    console = Console(record=True, width=140, file=io.StringIO())
    table = Table(title="Cradle-to-gate footprints (tCO2e per unit of product)")
    for name in ("Product", "tCO2e/unit", "Biogenic", "Primary share", "DQI"):
        table.add_column(name, justify="left" if name == "Product" else "right")
    for product, value in result.per_unit.items():
        share = result.primary_share[product]
        table.add_row(
            product,
            _n(value),
            _n(result.biogenic_per_unit[product]),
            "-" if share is None else f"{share:.1%}",
            _n(result.dqi[product], 2),
        )
    console.print(table)
    for product in result.per_unit:
        c = result.contributions(product)
        parts = [f"direct {_n(c.direct)}"] + [f"{k} {_n(v)}" for k, v in c.by_input.items()]
        console.print(f"{product}: {' + '.join(parts)}", highlight=False, markup=False)
    return console.export_text()
