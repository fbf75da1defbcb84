"""The content of a financial institution's portfolio report for one year
(``web.finance.exports`` renders it as a workbook and a PDF, in Chinese or English).

Every figure is what the portfolio page shows (``selectors.portfolio.portfolio_year``: core PCAF
over the stored positions): totals (financed tCO2e, data-quality score weighted by outstanding,
WACI and its coverage), the breakdowns by sector, asset class and catalogue category, green loans
by category and by direct or indirect carbon-reduction effect, the change from the year before,
and every position with its attribution factor, financed emissions, score and basis. Beside each
position the data behind its emissions: the verified inventory read when the position was saved
(the logged read, ``accounts.DataAccess``), the reported figure, or the estimate with its sector
factor. The rule version is the SHA-256 of the core PCAF rule files. Nothing here reads an
enterprise's data anew: the transition section is TRANSITION's ``transition_tracking``, which
logs its own reads.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from greenledger.core.finance.pcaf import PcafRules, Totals, load_rules
from greenledger.core.finance.pcaf_rules import RULES_PATH, SECTOR_FACTORS_PATH
from greenledger.web.accounts.models import DataAccess
from greenledger.web.finance.models import CarbonEffect, Position
from greenledger.web.finance.report_transition import TransitionRow, local_name, transition_rows
from greenledger.web.finance.selectors import portfolio as selectors
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.models import InventoryResult

__all__ = [
    "LANGUAGES",
    "Group",
    "PortfolioReport",
    "PositionRow",
    "TransitionRow",
    "portfolio_report",
    "rules_version",
]

LANGUAGES = ("zh-hans", "en")
MONEY = "#,##0"
RATE = "0.00%"
MASS = "#,##0.00"
FACTOR = "0.000000"
SCORE = "0.00"
INVENTORY_TYPE = "reporting.inventoryresult"


@dataclass(frozen=True)
class Group:
    """One row of a breakdown (labels in the report's language)."""

    key: str
    label: str
    positions: int
    outstanding_yuan: float
    financed_tco2e: float
    weighted_data_quality_score: float | None
    waci_tco2e_per_million_yuan: float | None


@dataclass(frozen=True)
class PositionRow:
    position: str
    borrower: str
    asset_class: str
    sector: str
    outstanding_yuan: float
    attribution_factor: float
    emissions_tco2e: float
    financed_tco2e: float
    data_quality_score: int
    basis: str  # the emissions basis in the report's language
    data: str  # the data behind the emissions, in the report's language
    catalogue_code: str
    carbon_effect: str


@dataclass
class PortfolioReport:
    """Everything the report says (figures unformatted, labels in the report's language)."""

    language: str
    title: str
    institution: str
    year: int
    report_date: str
    rules_version: str
    totals: list[tuple[str, Any, str]]  # (label, value, number format)
    by_sector: list[Group]
    by_asset_class: list[Group]
    by_category: list[Group]
    green: list[tuple[str, Any, str]]
    green_by_category: list[Group]
    green_by_effect: list[Group]
    previous_year: int | None
    # (label, previous, current, change, number format)
    change: list[tuple[str, Any, Any, Any, str]]
    positions: list[PositionRow]
    rules: list[tuple[str, str, str, str]]  # (asset class, attribution, clause and source, ok)
    transition: list[TransitionRow] = field(default_factory=list)
    transition_note: str = ""
    notes: list[str] = field(default_factory=list)


def rules_version() -> str:
    """The core PCAF rule files as they are now: names and the first 12 hex digits of their
    SHA-256 (the same files give the same figures)."""
    parts = []
    for path in (RULES_PATH, SECTOR_FACTORS_PATH):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        parts.append(f"{path.name} sha256 {digest}")
    return "; ".join(parts)


def _asset_label(rules: PcafRules, key: str, language: str) -> str:
    asset_class = rules.asset_classes.get(key)
    if asset_class is None:
        return key
    return asset_class.name_en if language == "en" else asset_class.name_zh


def _attribution_label(attribution: str) -> str:
    labels = {
        "evic": pgettext("portfolio report", "outstanding / EVIC"),
        "company": pgettext(
            "portfolio report", "outstanding / EVIC (listed borrower) or equity + debt"
        ),
        "property": pgettext("portfolio report", "outstanding / property value at origination"),
    }
    return labels.get(attribution, attribution)


def _basis_label(basis: str) -> str:
    labels = {
        "verified": _("verified emissions (third-party verified inventory)"),
        "reported": _("reported emissions, not verified"),
        "energy": _("computed from primary energy data"),
        "production": _("computed from production data"),
        "revenue": _("estimated from revenue and a sector factor"),
        "asset": _("estimated from assets and a sector factor"),
    }
    return labels.get(basis, basis)


def _group(key: str, label: str, totals: Totals) -> Group:
    return Group(
        key=key,
        label=label,
        positions=totals.positions,
        outstanding_yuan=totals.outstanding_yuan,
        financed_tco2e=totals.financed_tco2e,
        weighted_data_quality_score=totals.weighted_data_quality_score,
        waci_tco2e_per_million_yuan=totals.waci_tco2e_per_million_yuan,
    )


def _plain_group(key: str, label: str, entry: dict[str, Any]) -> Group:
    return Group(
        key=key,
        label=label,
        positions=int(entry["positions"]),
        outstanding_yuan=float(entry["outstanding_yuan"]),
        financed_tco2e=float(entry["financed_tco2e"]),
        weighted_data_quality_score=entry.get("weighted_data_quality_score"),
        waci_tco2e_per_million_yuan=entry.get("waci_tco2e_per_million_yuan"),
    )


def _category_label(code: str, entry: dict[str, Any], language: str) -> str:
    if not code:
        return _("No catalogue code")
    english = language == "en"
    name = entry.get("name_en") if english else entry.get("name")
    catalogue = entry.get("catalogue_name_en" if english else "catalogue_name") or ""
    return f"{catalogue} {entry.get('code', code)} {name}".strip()


def _totals_rows(totals: Totals) -> list[tuple[str, Any, str]]:
    return [
        (_("Positions"), totals.positions, "0"),
        (_("Outstanding (yuan)"), totals.outstanding_yuan, MONEY),
        (_("Financed emissions (tCO2e)"), totals.financed_tco2e, MASS),
        (_("Weighted data-quality score"), totals.weighted_data_quality_score, SCORE),
        (
            _("WACI (tCO2e per million yuan of revenue)"),
            totals.waci_tco2e_per_million_yuan,
            MASS,
        ),
        (_("WACI coverage (share of outstanding with a revenue)"), totals.waci_coverage, RATE),
    ]


def _verified_inventories(positions: list[Position]) -> dict[int, InventoryResult]:
    """Position id -> the verified inventory whose read was logged when it was saved."""
    wanted: dict[str, int] = {}
    for p in positions:
        if p.emissions_basis == "verified" and p.borrower_id is not None:
            path = f"portfolio import {p.imported_id}" if p.imported_id else f"position {p.pk}"
            wanted[f"{p.borrower_id}\x1f{path}"] = p.pk
    if not wanted:
        return {}
    reads = DataAccess.objects.filter(
        institution_id=positions[0].institution_id,
        scope="inventories",
        object_type=INVENTORY_TYPE,
        path__in={key.split("\x1f")[1] for key in wanted},
        refused=False,
    ).order_by("at", "id")
    chosen: dict[int, str] = {}
    for read in reads:
        position_id = wanted.get(f"{read.organisation_id}\x1f{read.path}")
        if position_id is not None:
            chosen[position_id] = read.object_id
    inventories = InventoryResult.objects.select_related("version__submission").in_bulk(
        [int(i) for i in chosen.values() if i.isdigit()]
    )
    return {
        position_id: inventories[int(inventory_id)]
        for position_id, inventory_id in chosen.items()
        if inventory_id.isdigit() and int(inventory_id) in inventories
    }


def _data_behind(
    position: Position,
    estimated: bool,
    rules: PcafRules,
    inventory: InventoryResult | None,
) -> str:
    if position.emissions_basis == "verified":
        if inventory is None:
            return _("verified inventory (the read was not recorded)")
        return _("verified inventory %(id)s of %(year)s (version %(version)s)") % {
            "id": inventory.pk,
            "year": inventory.version.submission.year,
            "version": inventory.version.number,
        }
    if not estimated:
        return _("the borrower's emissions as given in the book: %(value)s tCO2e") % {
            "value": f"{position.emissions_tco2e:,.2f}"
        }
    factor = rules.sector_factors.get(position.sector)
    if factor is None:
        return _("estimated (no sector factor recorded)")
    value = (
        factor.revenue_t_per_million_yuan
        if position.emissions_basis == "revenue"
        else factor.asset_t_per_million_yuan
    )
    return _(
        "estimated with the sector factor of %(sector)s: %(value)s tCO2e per million yuan "
        "(%(source)s)"
    ) % {"sector": position.sector, "value": value, "source": factor.source}


def _positions(
    positions: list[Position], table: dict[str, dict[str, Any]], rules: PcafRules, language: str
) -> list[PositionRow]:
    inventories = _verified_inventories(positions)
    rows = []
    for p in positions:
        figures = table[p.position]
        borrower = p.borrower_name
        if p.borrower is not None:
            borrower = local_name(p.borrower, language)
        rows.append(
            PositionRow(
                position=p.position,
                borrower=borrower,
                asset_class=_asset_label(rules, p.asset_class, language),
                sector=p.sector,
                outstanding_yuan=p.outstanding_yuan,
                attribution_factor=float(figures["attribution_factor"]),
                emissions_tco2e=float(figures["emissions_tco2e"]),
                financed_tco2e=float(figures["financed_tco2e"]),
                data_quality_score=int(figures["data_quality_score"]),
                basis=_basis_label(p.emissions_basis),
                data=_data_behind(p, bool(figures["estimated"]), rules, inventories.get(p.pk)),
                catalogue_code=p.catalogue_code,
                carbon_effect=str(CarbonEffect(p.carbon_effect).label) if p.carbon_effect else "",
            )
        )
    return rows


def _rules(rules: PcafRules, language: str) -> list[tuple[str, str, str, str]]:
    rows = []
    for key, asset_class in rules.asset_classes.items():
        source = rules.sources.get(asset_class.source, {})
        cited = ", ".join(str(source[k]) for k in ("issuer", "title", "edition") if source.get(k))
        rows.append(
            (
                _asset_label(rules, key, language),
                _attribution_label(asset_class.attribution),
                f"{asset_class.clause} — {cited}",
                _("confirmed") if asset_class.confirmed else _("unconfirmed"),
            )
        )
    return rows


def _change_rows(previous: Totals, current: Totals) -> list[tuple[str, Any, Any, Any, str]]:
    def delta(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else b - a

    return [
        (
            label,
            getattr(previous, name),
            getattr(current, name),
            delta(getattr(previous, name), getattr(current, name)),
            fmt,
        )
        for label, name, fmt in (
            (_("Outstanding (yuan)"), "outstanding_yuan", MONEY),
            (_("Financed emissions (tCO2e)"), "financed_tco2e", MASS),
            (_("Weighted data-quality score"), "weighted_data_quality_score", SCORE),
            (
                _("WACI (tCO2e per million yuan of revenue)"),
                "waci_tco2e_per_million_yuan",
                MASS,
            ),
        )
    ]


def portfolio_report(
    user: Any, year: int, *, language: str, transition: list[Any] | None = None
) -> PortfolioReport | None:
    """The report of ``year`` of the user's institution in ``language`` (None without
    positions). ``transition``: the tracks of ``transition_tracking`` for the KPI section."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    data = selectors.portfolio_year(user, year)
    if data is None:
        return None
    rules = load_rules()
    positions = list(selectors.positions_of(user, year))
    table = {row["position"]: row for row in data.result.table.iter_rows(named=True)}
    institution = Organisation.objects.get(pk=user.organisation_id)
    previous = (
        selectors.portfolio_year(user, data.previous_year)
        if data.previous_year is not None
        else None
    )
    with override(language):
        name = local_name(institution, language)
        green = data.green
        return PortfolioReport(
            language=language,
            title=_("Portfolio carbon accounting report %(year)s: %(institution)s")
            % {"year": year, "institution": name},
            institution=name,
            year=year,
            report_date=timezone.localdate().isoformat(),
            rules_version=rules_version(),
            totals=_totals_rows(data.result.totals),
            by_sector=[_group(k, k, t) for k, t in data.result.by_sector.items()],
            by_asset_class=[
                _group(k, _asset_label(rules, k, language), t)
                for k, t in data.result.by_asset_class.items()
            ],
            by_category=[
                _plain_group(k, _category_label(k, entry, language), entry)
                for k, entry in data.by_category.items()
            ],
            green=[
                (_("Green loans"), green.positions, "0"),
                (_("Outstanding of green loans (yuan)"), green.outstanding_yuan, MONEY),
                (_("Share of the portfolio's outstanding"), green.share_of_outstanding, RATE),
            ],
            green_by_category=[
                _plain_group(k, _category_label(k, entry, language), entry)
                for k, entry in green.by_category.items()
            ],
            green_by_effect=[
                _plain_group(
                    k,
                    str(CarbonEffect(k).label) if k in CarbonEffect.values else _("Not stated"),
                    entry,
                )
                for k, entry in green.by_effect.items()
            ],
            previous_year=data.previous_year,
            change=_change_rows(previous.result.totals, data.result.totals)
            if previous is not None
            else [],
            positions=_positions(positions, table, rules, language),
            rules=_rules(rules, language),
            transition=transition_rows(
                transition or [], {p.position for p in positions}, year, language
            ),
            transition_note=_(
                "Transition loans: positions under the Shanghai transition finance catalogue or "
                "financing a transition project; the KPI is the borrower's emissions per unit of "
                "product from each year's verified inventory, against the catalogue's entry and "
                "advanced values."
            ),
            notes=[
                _(
                    "Attribution factor = outstanding / the asset class's denominator; financed "
                    "emissions = attribution factor x the borrower's emissions (PCAF Part A, "
                    "2nd edition)."
                ),
                _(
                    "The data-quality score (1 best, 5 worst) follows from the emissions basis; "
                    "the portfolio's score is weighted by outstanding."
                ),
                _(
                    "WACI = sum over positions with a revenue of (outstanding share) x emissions "
                    "per million yuan of revenue."
                ),
            ],
        )
