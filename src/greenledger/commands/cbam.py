"""`greenledger cbam`: CBAM specific embedded emissions of an installation's goods.

`greenledger cbam FILE.json` computes, with ``greenledger.core.products.cbam`` (the functions the
web uses), the SEE direct and indirect of every good of the file, its precursors resolved from
the installation's own processes, suppliers or default values (with the year's mark-up).
"""

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
from greenledger.core.products.cbam import (
    CarbonPrice,
    CbamResult,
    compute,
    goods_json,
)
from greenledger.core.products.cbam_files import goods_from_json


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError([Problem(message("tabular.missing"), file=str(path))]) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            [Problem(message("cbam.json.not_json", detail=str(exc)), file=str(path))]
        ) from exc
    if not isinstance(data, dict):
        raise InputError([Problem(message("cbam.json.not_object"), file=str(path))])
    return data


def _carbon_price(data: Any, file: str) -> CarbonPrice | None:
    if data is None:
        return None
    try:
        return CarbonPrice(
            amount_per_t=float(data["amount_per_t"]),
            currency=str(data["currency"]),
            scheme=str(data.get("scheme", "China national ETS")),
            covered_share=float(data.get("covered_share", 1.0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(
            [Problem(message("cbam.bad_carbon_price"), file=file, column="carbon_price")]
        ) from exc


@click.command("cbam")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def cbam(file: Path, output_format: str) -> None:
    """CBAM specific embedded emissions (Regulation (EU) 2023/956 Annex IV) of the goods in FILE.

    FILE (JSON): {"period", "electricity_ef_tco2_per_mwh", "processes": [{"id", "good",
    "cn_code", "activity_level_t", "direct_tco2e", "electricity_mwh", "precursors": [{"process"
    or "default_see_direct" and "default_see_indirect" (or "supplier_see_direct" and
    "supplier_see_indirect"), "mass_t"}]}]}; optionally "year", "markup" (a fraction, overrides
    the year's mark-up on default values), "carbon_price": {"amount_per_t", "currency",
    "covered_share"}, "electricity_ef_source". SEE = (attributed emissions + sum of precursor
    mass x SEE) / activity level, direct and indirect separately. A file with any problem is
    refused whole, every problem with its process and field (exit code 2)."""
    err = Console(stderr=True, soft_wrap=True)
    with refusals_reported(err):
        data = _read(file)
        missing = [
            Problem(message("cbam.json.missing", field=key), file=str(file), column=key)
            for key in ("period", "electricity_ef_tco2_per_mwh", "processes")
            if key not in data
        ]
        ef = data.get("electricity_ef_tco2_per_mwh")
        if "electricity_ef_tco2_per_mwh" in data and (
            isinstance(ef, bool) or not isinstance(ef, int | float)
        ):
            missing.append(
                Problem(
                    message("cbam.json.not_number", value=ef),
                    file=str(file),
                    column="electricity_ef_tco2_per_mwh",
                )
            )
        if missing:
            raise InputError(missing, headline=message("cbam.headline", count=len(missing)))
        goods = goods_from_json(data["processes"], file=str(file))
        result = compute(
            str(data["period"]),
            float(ef),
            goods,
            year=None if data.get("year") is None else int(data["year"]),
            markup=None if data.get("markup") is None else float(data["markup"]),
            carbon_price=_carbon_price(data.get("carbon_price"), str(file)),
            electricity_ef_source=data.get("electricity_ef_source"),
        )
    if output_format == "json":
        click.echo(json.dumps(goods_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result, file.name), nl=False)


def _n(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{round(value, digits) + 0.0:,.{digits}f}"


def _table(result: CbamResult, name: str) -> str:
    console = Console(record=True, width=160, file=io.StringIO())
    markup = "none" if result.markup is None else f"{result.markup * 100:g} %"
    console.print(
        f"CBAM embedded emissions of {name}, period {result.period} (mark-up on default "
        f"values in {result.year}: {markup}; electricity {result.electricity_ef_tco2_per_mwh:g} "
        "tCO2/MWh)",
        highlight=False,
        markup=False,
    )
    table = Table()
    for column in (
        "Process",
        "CN code",
        "Category",
        "SEE direct",
        "SEE indirect",
        "SEE total",
        "Embedded direct t",
        "Embedded indirect t",
        "Pays on",
        "Defaults",
    ):
        table.add_column(column, justify="left" if column in {"Process", "Category"} else "right")
    for g in result.goods:
        table.add_row(
            g.process,
            g.cn_code,
            g.category,
            _n(g.see_direct),
            _n(g.see_indirect),
            _n(g.see_total),
            _n(g.embedded_direct_tco2e, 3),
            _n(g.embedded_indirect_tco2e, 3),
            "direct" if g.direct_only else "direct+indirect",
            "yes" if g.uses_defaults else "no",
        )
    console.print(table)
    console.print(
        "SEE in tCO2e per functional unit (t; MWh for electricity). Sources: "
        "Regulation (EU) 2023/956 Annexes I, II, IV; unconfirmed data are marked in "
        "core/products/data/cbam_*.yaml.",
        highlight=False,
        markup=False,
    )
    return console.export_text()
