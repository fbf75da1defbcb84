"""Reads of a financial institution's portfolio: its positions, the PCAF figures of a year
(totals, weighted data-quality score, WACI; by sector, asset class and catalogue category),
green-loan statistics (by category and by direct or indirect carbon-reduction effect) and the
change from the year before. The arithmetic is core ``financed``/``change`` over the stored
positions; nothing is cached, so what the pages show is what the positions say now."""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet

from greenledger.core.finance.catalogue import load_finance_catalogue
from greenledger.core.finance.pcaf import (
    Change,
    PortfolioResult,
    Totals,
    change,
    financed,
    load_rules,
)
from greenledger.core.finance.pcaf import (
    Position as CorePosition,
)
from greenledger.web.accounts import permissions
from greenledger.web.finance.models import CarbonEffect, PortfolioImport, Position

CATALOGUE = "green_finance_2025"  # a position's catalogue when it names a code but none


def category_key(catalogue: str, code: str) -> str:
    """A category's key in the breakdowns: "catalogue:code" ("" without a code), since the
    catalogues reuse codes ("1" is a category of green finance 2025 and of green bond 2021)."""
    return f"{catalogue or CATALOGUE}:{code}" if code else ""


def category_entry(catalogue: str, code: str) -> dict[str, Any]:
    """The names of a position's catalogue and category (zh and en; "" when unknown)."""
    if not code:
        return {"catalogue": "", "catalogue_name": "", "catalogue_name_en": "", "code": ""}
    key = catalogue or CATALOGUE
    rules = load_finance_catalogue(key)
    category = rules.category(code)
    return {
        "catalogue": key,
        "catalogue_name": rules.title,
        "catalogue_name_en": rules.title_en,
        "code": code,
        "name": category.name if category else "",
        "name_en": category.name_en if category else "",
    }


@dataclass(frozen=True)
class GreenLoans:
    """Positions with a catalogue code (green loans): count, outstanding, financed emissions and
    share of the portfolio's outstanding, by category and by carbon-reduction effect."""

    positions: int
    outstanding_yuan: float
    share_of_outstanding: float | None
    by_category: dict[str, dict[str, Any]]
    by_effect: dict[str, dict[str, Any]]


@dataclass(frozen=True)
class PortfolioYear:
    year: int
    result: PortfolioResult
    # "catalogue:code" -> {"catalogue", "catalogue_name(_en)", "code", "name(_en)", totals}
    by_category: dict[str, dict[str, Any]]
    green: GreenLoans
    previous_year: int | None
    change: Change | None


def positions_of(user: Any, year: int | None = None) -> QuerySet[Position]:
    positions = permissions.visible_positions(user).select_related("borrower", "project")
    return positions if year is None else positions.filter(year=year)


def years_of(user: Any) -> list[int]:
    return sorted(set(permissions.visible_positions(user).values_list("year", flat=True)))


def imports_of(user: Any) -> QuerySet[PortfolioImport]:
    if user.organisation_id is None:
        return PortfolioImport.objects.none()
    visible = permissions.visible_positions(user).values("institution_id")
    return PortfolioImport.objects.filter(institution_id__in=visible).order_by("-created_at")


def _core(position: Position) -> CorePosition:
    return CorePosition(
        position=position.position,
        borrower=position.borrower_name,
        asset_class=position.asset_class,
        outstanding_yuan=position.outstanding_yuan,
        emissions_basis=position.emissions_basis,
        sector=position.sector,
        borrower_code=position.borrower_code,
        equity_yuan=position.equity_yuan,
        debt_yuan=position.debt_yuan,
        evic_yuan=position.evic_yuan,
        property_value_yuan=position.property_value_yuan,
        revenue_yuan=position.revenue_yuan,
        emissions_tco2e=position.emissions_tco2e,
        catalogue_code=position.catalogue_code,
    )


def _result(positions: list[Position]) -> PortfolioResult | None:
    return financed([_core(p) for p in positions], load_rules()) if positions else None


def _by_category(positions: list[Position]) -> dict[str, dict[str, Any]]:
    """The core's figures by category, a category being the catalogue and its code."""
    keyed = [
        dataclasses.replace(_core(p), catalogue_code=category_key(p.catalogue, p.catalogue_code))
        for p in positions
    ]
    names = {category_key(p.catalogue, p.catalogue_code): p for p in positions}
    grouped = financed(keyed, load_rules()).by_catalogue_code
    return {
        key: {
            **category_entry(names[key].catalogue, names[key].catalogue_code),
            **_figures(totals),
        }
        for key, totals in sorted(grouped.items())
    }


def _figures(totals: Totals) -> dict[str, Any]:
    return asdict(totals)


def _green(positions: list[Position], total_outstanding: float) -> GreenLoans:
    green = [p for p in positions if p.catalogue_code]
    by_category: dict[str, dict[str, Any]] = {}
    by_effect: dict[str, dict[str, Any]] = {}
    for position in green:
        entry = by_category.setdefault(
            category_key(position.catalogue, position.catalogue_code),
            {
                **category_entry(position.catalogue, position.catalogue_code),
                "positions": 0,
                "outstanding_yuan": 0.0,
                "financed_tco2e": 0.0,
            },
        )
        effect_key = position.carbon_effect or "unspecified"
        effect = by_effect.setdefault(
            effect_key,
            {
                "effect": effect_key,
                "label": str(CarbonEffect(position.carbon_effect).label)
                if position.carbon_effect
                else "",
                "positions": 0,
                "outstanding_yuan": 0.0,
                "financed_tco2e": 0.0,
            },
        )
        for bucket in (entry, effect):
            bucket["positions"] += 1
            bucket["outstanding_yuan"] += position.outstanding_yuan
            bucket["financed_tco2e"] += position.financed_tco2e or 0.0
    outstanding = sum(p.outstanding_yuan for p in green)
    return GreenLoans(
        positions=len(green),
        outstanding_yuan=outstanding,
        share_of_outstanding=outstanding / total_outstanding if total_outstanding > 0 else None,
        by_category=dict(sorted(by_category.items())),
        by_effect=dict(sorted(by_effect.items())),
    )


def portfolio_year(user: Any, year: int) -> PortfolioYear | None:
    """The PCAF figures of ``year`` of the user's institution, or None without positions."""
    positions = list(positions_of(user, year))
    result = _result(positions)
    if result is None:
        return None
    by_category = _by_category(positions)
    earlier = [y for y in years_of(user) if y < year]
    previous_year = earlier[-1] if earlier else None
    moved = None
    if previous_year is not None:
        before = _result(list(positions_of(user, previous_year)))
        moved = change(before, result) if before is not None else None
    return PortfolioYear(
        year=year,
        result=result,
        by_category=by_category,
        green=_green(positions, result.totals.outstanding_yuan),
        previous_year=previous_year,
        change=moved,
    )


def portfolio_json(data: PortfolioYear) -> dict[str, Any]:
    """The figures of a year as JSON (API and exports)."""
    result = data.result
    return {
        "year": data.year,
        "totals": _figures(result.totals),
        "by_sector": {k: _figures(v) for k, v in result.by_sector.items()},
        "by_asset_class": {k: _figures(v) for k, v in result.by_asset_class.items()},
        "by_catalogue_category": data.by_category,
        "green_loans": asdict(data.green),
        "previous_year": data.previous_year,
        "change": asdict(data.change) if data.change is not None else None,
    }
