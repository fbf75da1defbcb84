"""`greenledger symbiosis`: industrial symbiosis on the pure core.

`greenledger symbiosis match OFFERS.csv NEEDS.csv` ranks candidate exchanges between what sites
offer and what they need with ``greenledger.core.ecology.symbiosis``, the functions the web
uses, and says why every refused pair is refused.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.ecology.symbiosis import (
    MatchResult,
    Need,
    Offer,
    match,
    read_needs,
    read_offers,
    to_json,
)


@click.group()
def symbiosis() -> None:
    """Industrial symbiosis: match offered wastes, by-products, heat, cold and water to needs."""


@symbiosis.command("match")
@click.argument("offers", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("needs", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--max-km",
    type=click.FloatRange(min=0, min_open=True),
    help="Farthest great-circle distance of a candidate exchange (default: the platform "
    "setting in core/ecology/data/matching.yaml, 30 km).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many matches.")
def match_command(
    offers: Path, needs: Path, max_km: float | None, output_format: str, limit: int | None
) -> None:
    """Rank the exchanges between OFFERS and NEEDS (CSV or XLSX) and explain refusals.

    OFFERS columns: id, site, organisation, park, lat, lon, kind (solid_waste, hazardous_waste,
    heat, cold, water), quantity (t, MWh or m3 a year), start_month, end_month (YYYY-MM);
    optionally code, supply_temp_c, return_temp_c, medium, capacity_mw, profile (24 or 12
    shares separated by ';'), quality_grade, heat_pump_cop, anonymous. NEEDS columns: the same
    first ones, process (a receiving process of core/ecology/data/acceptance.yaml), and
    optionally min_temp_c (heat), max_temp_c (cold), quality_grade (water), permit_codes
    (hazardous-waste codes the receiver is licensed for), profile, anonymous. A file with any
    problem is refused whole, every problem with its row and column (exit code 2)."""
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        result = match(read_offers(offers), read_needs(needs), max_km=max_km)
    if output_format == "json":
        answer = to_json(result, limit=limit)
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result, limit), nl=False)


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _table(result: MatchResult, limit: int | None) -> str:
    console = Console(record=True, width=160, file=io.StringIO())
    table = Table(title=f"Candidate exchanges within {_n(result.max_km)} km, best first")
    for name in ("Offer", "Need", "Resource", "Score", "km", "Quantity", "COP", "tCO2e avoided"):
        table.add_column(name, justify="left" if name in ("Offer", "Need", "Resource") else "right")
    matches = result.ranked(limit)
    for m in matches:
        offer = m.offer.id if not m.offer.anonymous else f"{m.offer.id} ({m.offer.park})"
        table.add_row(
            offer,
            m.need.id,
            m.offer.code or m.offer.kind,
            f"{m.score:.3f}",
            _n(m.distance_km, 2),
            f"{_n(m.quantity)} {m.offer.unit}",
            _n(m.heat_pump_cop, 2),
            _n(m.benefit.t_co2e_avoided, 2),
        )
    console.print(table)
    for m in matches:
        console.print(f"{m.offer.id} -> {m.need.id}:", highlight=False, markup=False)
        for line in m.benefit.lines:
            console.print(f"  {line.label}: {line.arithmetic}", highlight=False, markup=False)
    refusals = result.refusals
    if refusals:
        console.print(f"Refused pairs ({len(refusals)}):", highlight=False, markup=False)
        for r in refusals:
            offer_id = r.offer.id if r.offer is not None else "-"
            console.print(
                f"  {offer_id} -> {r.need.id}: {r.reason.english()}", highlight=False, markup=False
            )
    parties: list[Offer | Need] = [*result.offers, *result.needs]
    for item in parties:
        for flag in item.flags:
            console.print(f"Flag {item.id}: {flag.english()}", highlight=False, markup=False)
    return console.export_text()
