"""`greenledger finance`: green and transition finance on the pure core.

`greenledger finance pcaf PORTFOLIO.csv` computes the financed emissions of a loan and
investment book with ``greenledger.core.finance.pcaf``, the same functions the web uses.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from greenledger.commands._errors import refusals_reported
from greenledger.core.finance.catalogue import available_catalogues, load_finance_catalogue
from greenledger.core.finance.pcaf import (
    CatalogueCodes,
    PortfolioResult,
    Totals,
    financed,
    read_portfolio,
)
from greenledger.core.finance.pcaf_rules import RULES_PATH, SECTOR_FACTORS_PATH, load_rules


@click.group()
def finance() -> None:
    """Green and transition finance: financed emissions of a portfolio (PCAF)."""


@finance.command()
@click.argument("portfolio", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--sector-factors",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Sector factors (YAML, as core/finance/data/pcaf_sector_factors.yaml) to estimate "
    "missing emissions from revenue or assets.",
)
@click.option(
    "--catalogue",
    type=click.Choice(available_catalogues()),
    help="Check each position's catalogue_code against this catalogue's category codes.",
)
def pcaf(
    portfolio: Path, output_format: str, sector_factors: Path | None, catalogue: str | None
) -> None:
    """Financed emissions of the positions in PORTFOLIO (CSV or XLSX; columns position,
    borrower, asset_class, outstanding_yuan, equity_yuan, debt_yuan, evic_yuan, revenue_yuan,
    emissions_tco2e, emissions_basis, sector; optionally borrower_code, property_value_yuan,
    catalogue_code).

    Attribution factor per asset class as PCAF Part A (2nd edition, 2022) defines it,
    financed emissions = attribution factor x the borrower's emissions, the data-quality score
    1-5 from emissions_basis (verified, reported, energy, production, revenue, asset). A file
    with any problem is refused whole, every problem with its row and column (exit code 2)."""
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        rules = load_rules(RULES_PATH, sector_factors or SECTOR_FACTORS_PATH)
        codes = None
        if catalogue is not None:
            categories = load_finance_catalogue(catalogue).categories
            codes = CatalogueCodes(catalogue, frozenset(c.code for c in categories))
        result = financed(read_portfolio(portfolio, rules, catalogue=codes), rules)
    if output_format == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result), nl=False)


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _groups(console: Console, title: str, groups: dict[str, Totals]) -> None:
    table = Table(title=title)
    for name in ("", "Positions", "Outstanding yuan", "Financed tCO2e", "Score", "WACI"):
        table.add_column(name, justify="left" if name == "" else "right")
    for key, totals in groups.items():
        table.add_row(
            key or "(none)",
            str(totals.positions),
            _n(totals.outstanding_yuan, 0),
            _n(totals.financed_tco2e, 3),
            _n(totals.weighted_data_quality_score, 2),
            _n(totals.waci_tco2e_per_million_yuan, 2),
        )
    console.print(table)


def _table(result: PortfolioResult) -> str:
    console = Console(record=True, width=140, file=io.StringIO())
    table = Table(title="Financed emissions per position")
    for name in (
        "Position",
        "Asset class",
        "Sector",
        "Outstanding yuan",
        "Attribution factor",
        "Emissions tCO2e",
        "Financed tCO2e",
        "Score",
    ):
        table.add_column(
            name, justify="left" if name in ("Position", "Asset class", "Sector") else "right"
        )
    for row in result.table.iter_rows(named=True):
        emissions = _n(row["emissions_tco2e"], 3) + (" (est.)" if row["estimated"] else "")
        table.add_row(
            row["position"],
            row["asset_class"],
            row["sector"],
            _n(row["outstanding_yuan"], 0),
            f"{row['attribution_factor']:.6f}",
            emissions,
            _n(row["financed_tco2e"], 3),
            str(row["data_quality_score"]),
        )
    console.print(table)
    _groups(console, "By asset class", result.by_asset_class)
    _groups(console, "By sector", result.by_sector)
    _groups(console, "By catalogue code", result.by_catalogue_code)
    totals = result.totals
    console.print(
        f"Total financed {_n(totals.financed_tco2e, 3)} tCO2e over {totals.positions} positions; "
        f"data-quality score {_n(totals.weighted_data_quality_score, 2)} (weighted by "
        f"outstanding); WACI {_n(totals.waci_tco2e_per_million_yuan, 2)} tCO2e per million yuan "
        f"of revenue ({totals.waci_coverage * 100:.1f} % of outstanding gives a revenue)",
        highlight=False,
        markup=False,
    )
    return console.export_text()
