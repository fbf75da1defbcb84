"""A financial institution's positions for PCAF, read from CSV or XLSX and validated whole.

Columns: ``position, borrower, asset_class, outstanding_yuan, equity_yuan, debt_yuan,
evic_yuan, revenue_yuan, emissions_tco2e, emissions_basis, sector``, optionally
``borrower_code`` (a Unified Social Credit Code, its check character verified),
``property_value_yuan`` (real estate and mortgages: the value at origination) and
``catalogue_code``. A file with any problem yields nothing: ``InputError`` lists every problem
with its row, column and reason. Validation is columnar (Polars).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from greenledger.core.errors import InputError, Problem
from greenledger.core.finance.pcaf_rules import BASES, ESTIMATED_BASES, PcafRules
from greenledger.core.messages import Message, message
from greenledger.core.registry import credit_code
from greenledger.core.tabular import SOURCE_ROW, read_table

REQUIRED = ("position", "borrower", "asset_class", "outstanding_yuan", "emissions_basis", "sector")
TEXT_OPTIONAL = ("borrower_code", "catalogue_code")
AMOUNTS = (
    "outstanding_yuan",
    "equity_yuan",
    "debt_yuan",
    "evic_yuan",
    "property_value_yuan",
    "revenue_yuan",
    "emissions_tco2e",
)
MAX_PROBLEMS = 1000
# Headers as a Chinese spreadsheet may name the columns (the English names always work).
HEADER_ALIASES: dict[str, str] = {
    "持仓": "position",
    "持仓编号": "position",
    "借款人": "borrower",
    "借款人名称": "borrower",
    "统一社会信用代码": "borrower_code",
    "资产类别": "asset_class",
    "未偿金额": "outstanding_yuan",
    "未偿金额（元）": "outstanding_yuan",
    "权益（元）": "equity_yuan",
    "债务（元）": "debt_yuan",
    "evic（元）": "evic_yuan",
    "物业价值（元）": "property_value_yuan",
    "营业收入（元）": "revenue_yuan",
    "排放量（tco2e）": "emissions_tco2e",
    "排放数据依据": "emissions_basis",
    "行业": "sector",
    "目录代码": "catalogue_code",
}


@dataclass(frozen=True, slots=True)
class Position:
    """One position of the portfolio; amounts in yuan, emissions in tCO2e (None: not given)."""

    position: str
    borrower: str
    asset_class: str
    outstanding_yuan: float
    emissions_basis: str
    sector: str
    borrower_code: str = ""
    equity_yuan: float | None = None
    debt_yuan: float | None = None
    evic_yuan: float | None = None
    property_value_yuan: float | None = None
    revenue_yuan: float | None = None
    emissions_tco2e: float | None = None
    catalogue_code: str = ""


FIELDS = (*REQUIRED, *TEXT_OPTIONAL, *AMOUNTS[1:])


class _Problems:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Problem] = []

    def add_rows(
        self,
        frame: pl.DataFrame,
        mask: pl.Expr,
        column: str,
        reason: Message | Callable[[str], Message],
    ) -> None:
        room = MAX_PROBLEMS - len(self.items)
        if room <= 0:
            return
        bad = frame.filter(mask).select("row", column).head(room)
        for row, value in bad.iter_rows():
            why = reason if isinstance(reason, Message) else reason(value)
            self.items.append(Problem(why, file=self.file, row=row, column=column))

    def raise_if_any(self) -> None:
        if self.items:
            self.items.sort(key=lambda p: (p.row or 0, p.column or ""))
            headline = message("pcaf.headline", count=len(self.items), file=self.file)
            raise InputError(self.items, headline=headline)


@dataclass(frozen=True, slots=True)
class CatalogueCodes:
    """The category codes a position's ``catalogue_code`` may name, and the catalogue's key."""

    catalogue: str
    codes: frozenset[str]


def read_portfolio(
    source: Path | str | pl.DataFrame,
    rules: PcafRules,
    *,
    file: str | None = None,
    catalogue: CatalogueCodes | None = None,
) -> tuple[Position, ...]:
    """The positions of a CSV/XLSX file (or an all-text frame); InputError lists every problem.

    With ``catalogue``, a non-empty catalogue_code must be one of its codes."""
    if isinstance(source, pl.DataFrame):
        raw = source.select(pl.all().cast(pl.String))
        name = file or "portfolio"
    else:
        path = Path(source)
        raw = read_table(path)
        name = file or path.name
    frame = validate_portfolio(raw, rules, file=name, catalogue=catalogue)
    return positions_from_frame(frame)


def validate_portfolio(
    raw: pl.DataFrame,
    rules: PcafRules,
    *,
    file: str,
    catalogue: CatalogueCodes | None = None,
) -> pl.DataFrame:
    """The typed frame of a raw all-text frame, or InputError with every problem."""
    problems = _Problems(file)
    headers = {name: _header(name) for name in raw.columns}
    seen: set[str] = set()
    for name in headers.values():
        if name in seen:
            problems.items.append(
                Problem(message("pcaf.duplicate_column", column=name), file=file, row=1)
            )
        seen.add(name)
    problems.raise_if_any()
    frame = raw.rename(headers)
    for column in REQUIRED:
        if column not in frame.columns:
            problems.items.append(
                Problem(message("pcaf.missing_column", column=column), file=file, row=1)
            )
    problems.raise_if_any()
    frame = frame.with_columns(
        pl.lit("").alias(c) for c in (*TEXT_OPTIONAL, *AMOUNTS) if c not in frame.columns
    )
    frame = frame.with_columns(pl.col(c).fill_null("").str.strip_chars() for c in FIELDS)
    frame = frame.with_columns(
        pl.col("asset_class", "emissions_basis").str.to_lowercase(),
        pl.col("borrower_code").str.replace_all(r"\s", "").str.to_uppercase(),
    )
    if SOURCE_ROW in frame.columns:
        frame = frame.rename({SOURCE_ROW: "row"})
    else:
        frame = frame.with_row_index("row", offset=2).with_columns(pl.col("row").cast(pl.Int64))

    for column in REQUIRED:
        problems.add_rows(
            frame,
            pl.col(column) == "",
            column,
            message("pcaf.empty_cell", column=column),
        )
    frame = _amounts(frame, problems)

    classes = rules.asset_classes
    problems.add_rows(
        frame,
        (pl.col("asset_class") != "") & ~pl.col("asset_class").is_in(list(classes)),
        "asset_class",
        lambda v: message("pcaf.unknown_asset_class", value=v, allowed=", ".join(classes)),
    )
    problems.add_rows(
        frame,
        (pl.col("emissions_basis") != "") & ~pl.col("emissions_basis").is_in(BASES),
        "emissions_basis",
        lambda v: message("pcaf.unknown_basis", value=v, allowed=", ".join(BASES)),
    )
    for asset_class in classes.values():
        unusable = [b for b in BASES if b not in asset_class.scores]
        problems.add_rows(
            frame,
            (pl.col("asset_class") == asset_class.key) & pl.col("emissions_basis").is_in(unusable),
            "emissions_basis",
            _basis_not_for(asset_class.key),
        )
    _credit_codes(frame, problems)
    _denominators(frame, rules, problems)
    _emissions(frame, rules, problems)
    if catalogue is not None:
        known = sorted(catalogue.codes)
        problems.add_rows(
            frame,
            (pl.col("catalogue_code") != "") & ~pl.col("catalogue_code").is_in(known),
            "catalogue_code",
            lambda v: message(
                "pcaf.unknown_catalogue_code",
                value=v,
                catalogue=catalogue.catalogue,
                allowed=", ".join(known),
            ),
        )
    problems.add_rows(
        frame,
        (pl.col("position") != "") & pl.col("position").is_duplicated(),
        "position",
        lambda v: message("pcaf.duplicate_position", position=v),
    )
    problems.raise_if_any()
    return frame


def _header(name: str) -> str:
    key = name.strip().lower().replace("(", "（").replace(")", "）")
    return HEADER_ALIASES.get(key, name.strip().lower())


def _basis_not_for(asset_class: str) -> Callable[[str], Message]:
    def reason(basis: str) -> Message:
        return message("pcaf.basis_not_for_class", basis=basis, asset_class=asset_class)

    return reason


def _amounts(frame: pl.DataFrame, problems: _Problems) -> pl.DataFrame:
    parsed = frame.with_columns(
        pl.col(c).str.replace_all(r"[,，\s]", "").cast(pl.Float64, strict=False).alias(f"_{c}")
        for c in AMOUNTS
    )
    for column in AMOUNTS:
        value = pl.col(f"_{column}")
        problems.add_rows(
            parsed,
            (value.is_null() & (pl.col(column) != "")) | ~value.is_finite(),
            column,
            lambda v: message("pcaf.not_a_number", value=v),
        )
        problems.add_rows(parsed, value < 0, column, lambda v: message("pcaf.negative", value=v))
    return parsed


def _credit_codes(frame: pl.DataFrame, problems: _Problems) -> None:
    codes = frame.filter(pl.col("borrower_code") != "").select("row", "borrower_code")
    for row, code in codes.iter_rows():
        found = credit_code.problem(credit_code.normalise(code))
        if found is None:
            continue
        if found.reason == "check_digit":
            reason = message("pcaf.credit_code.check", value=code, expected=found.expected)
        else:
            reason = message("pcaf.credit_code.invalid", value=code)
        problems.items.append(Problem(reason, file=problems.file, row=row, column="borrower_code"))


def denominator_expr(rules: PcafRules) -> pl.Expr:
    """The attribution denominator of each row (null when the data for it is missing)."""
    evic = [k for k, c in rules.asset_classes.items() if c.attribution == "evic"]
    company = [k for k, c in rules.asset_classes.items() if c.attribution == "company"]
    capital = pl.col("_equity_yuan").fill_null(0.0) + pl.col("_debt_yuan").fill_null(0.0)
    has_capital = pl.col("_equity_yuan").is_not_null() | pl.col("_debt_yuan").is_not_null()
    return (
        pl.when(pl.col("asset_class").is_in(evic))
        .then(pl.col("_evic_yuan"))
        .when(pl.col("asset_class").is_in(company))
        .then(
            pl.when(pl.col("_evic_yuan").is_not_null())
            .then(pl.col("_evic_yuan"))
            .when(has_capital)
            .then(capital)
        )
        .otherwise(pl.col("_property_value_yuan"))
    )


def _denominators(frame: pl.DataFrame, rules: PcafRules, problems: _Problems) -> None:
    known = frame.filter(pl.col("asset_class").is_in(list(rules.asset_classes)))
    known = known.with_columns(denominator_expr(rules).alias("_denominator"))
    needs = {"evic": "evic_yuan", "company": "equity_yuan", "property": "property_value_yuan"}
    for key, asset_class in rules.asset_classes.items():
        column = needs[asset_class.attribution]
        wanted = "evic_yuan or equity_yuan and debt_yuan" if column == "equity_yuan" else column
        rows = pl.col("asset_class") == key
        problems.add_rows(
            known,
            rows & pl.col("_denominator").is_null(),
            column,
            message("pcaf.missing_denominator", asset_class=key, needs=wanted),
        )
        problems.add_rows(
            known,
            rows & (pl.col("_denominator") == 0),
            column,
            message("pcaf.zero_denominator", asset_class=key, needs=wanted),
        )
    company = [k for k, c in rules.asset_classes.items() if c.attribution == "company"]
    over = known.filter(
        pl.col("asset_class").is_in(company)
        & pl.col("_evic_yuan").is_null()
        & (pl.col("_outstanding_yuan") > pl.col("_denominator"))
    )
    for row, outstanding, capital in over.select(
        "row", "_outstanding_yuan", "_denominator"
    ).iter_rows():
        problems.items.append(
            Problem(
                message(
                    "pcaf.outstanding_over_capital",
                    outstanding=_amount(outstanding),
                    capital=_amount(capital),
                ),
                file=problems.file,
                row=row,
                column="outstanding_yuan",
            )
        )


def _amount(value: float) -> str:
    return f"{value:,.2f}".removesuffix(".00")


def _emissions(frame: pl.DataFrame, rules: PcafRules, problems: _Problems) -> None:
    missing = frame.filter(
        pl.col("_emissions_tco2e").is_null()
        & (pl.col("emissions_tco2e") == "")
        & (pl.col("emissions_basis") != "")
    )
    for row, basis, sector, revenue in missing.select(
        "row", "emissions_basis", "sector", "_revenue_yuan"
    ).iter_rows():
        factor = rules.sector_factors.get(sector)
        if basis not in ESTIMATED_BASES:
            reason = message("pcaf.no_emissions", basis=basis)
        elif factor is None or (
            factor.revenue_t_per_million_yuan is None
            if basis == "revenue"
            else factor.asset_t_per_million_yuan is None
        ):
            reason = message("pcaf.no_sector_factor", basis=basis, sector=sector)
        elif basis == "revenue" and revenue is None:
            reason = message("pcaf.no_revenue")
        else:
            continue
        problems.items.append(
            Problem(reason, file=problems.file, row=row, column="emissions_tco2e")
        )


def positions_from_frame(frame: pl.DataFrame) -> tuple[Position, ...]:
    """Positions from a validated frame (see ``validate_portfolio``)."""
    columns = [
        frame[f"_{name}" if name in AMOUNTS else name].to_list() for name in Position.__slots__
    ]
    return tuple(map(Position, *columns))
