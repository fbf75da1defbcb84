"""CBAM specific embedded emissions of an installation's goods (Regulation (EU) 2023/956).

Annex IV of the Regulation (provenance in ``data/cbam_rules.yaml``), per good and reporting
period, direct and indirect separately:

- simple goods: ``SEE = attributed emissions / activity level``;
- complex goods: ``SEE = (attributed emissions + sum of precursor mass x precursor SEE) /
  activity level``; indirect attributed emissions = electricity MWh x its factor (tCO2/MWh).

A precursor comes from one of the installation's own processes (its SEE computed first: own
precursors are resolved in dependency order, a cycle is refused), from a supplier (the SEEs it
communicated), or from default values (given on the precursor, or looked up by CN code and
country in ``data/cbam_defaults.yaml``) to which the year's mark-up is added and shown. The
goods of Annex II (iron and steel, aluminium, hydrogen) owe certificates on direct emissions
only (``data/cbam_goods.yaml``). A CN code outside Annex I is refused with the process and the
reason; so is every other bad input, all problems at once (``InputError``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message
from greenledger.core.products.cbam_data import (
    CATEGORIES,
    Annex,
    Category,
    Defaults,
    DefaultValue,
    load_defaults,
    load_goods,
    load_rules,
    normalise_cn,
)

__all__ = [
    "CATEGORIES",
    "Annex",
    "CarbonPrice",
    "Category",
    "CbamResult",
    "DefaultValue",
    "Defaults",
    "Good",
    "GoodResult",
    "Installation",
    "Precursor",
    "PrecursorLine",
    "communication",
    "compute",
    "goods_json",
    "load_defaults",
    "load_goods",
    "load_rules",
    "normalise_cn",
]

# ---------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Installation:
    """The installation a communication is about (sheet A of the Commission's template)."""

    name: str
    country: str = "CN"
    address: str | None = None
    unlocode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    operator: str | None = None
    production_route: str | None = None


@dataclass(frozen=True, slots=True)
class Precursor:
    """A precursor consumed by a good's process: exactly one of an own ``process``, a
    supplier's SEEs (``supplier_see_direct`` and ``_indirect``), or default values: given
    (``default_see_direct`` and ``_indirect``, as published, before mark-up) or looked up by
    ``default_cn_code`` and ``country``. A ``default_cn_code`` beside given values selects the
    category's mark-up (fertilisers have their own path)."""

    mass_t: float
    process: str | None = None
    supplier: str | None = None
    supplier_see_direct: float | None = None
    supplier_see_indirect: float | None = None
    default_see_direct: float | None = None
    default_see_indirect: float | None = None
    default_cn_code: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Good:
    """One production process of the installation and the good it makes in the period."""

    process: str
    good: str
    cn_code: str
    activity_level_t: float
    direct_tco2e: float
    electricity_mwh: float = 0.0
    precursors: tuple[Precursor, ...] = ()


@dataclass(frozen=True, slots=True)
class CarbonPrice:
    """A carbon price effectively paid in the country of origin (Article 9)."""

    amount_per_t: float
    currency: str
    scheme: str = "China national ETS"
    covered_share: float = 1.0


# ---------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class PrecursorLine:
    source: str  # "own", "supplier" or "default"
    reference: str  # the process, the supplier, or "CN country" / "given"
    mass_t: float
    see_direct: float  # as used (a default value with its mark-up)
    see_indirect: float
    markup: float | None  # the mark-up applied (defaults only)
    embedded_direct_tco2e: float
    embedded_indirect_tco2e: float


@dataclass(frozen=True, slots=True)
class GoodResult:
    process: str
    good: str
    cn_code: str
    category: str
    functional_unit: str
    direct_only: bool
    activity_level_t: float
    electricity_mwh: float
    attributed_direct_tco2e: float
    attributed_indirect_tco2e: float
    see_direct: float
    see_indirect: float
    precursors: tuple[PrecursorLine, ...]
    uses_defaults: bool
    carbon_price_paid_per_unit: float | None

    @property
    def see_total(self) -> float:
        return self.see_direct + self.see_indirect

    @property
    def embedded_direct_tco2e(self) -> float:
        return self.see_direct * self.activity_level_t

    @property
    def embedded_indirect_tco2e(self) -> float:
        return self.see_indirect * self.activity_level_t

    @property
    def see_chargeable(self) -> float:
        """The SEE certificates are owed on: direct only for Annex II goods."""
        return self.see_direct if self.direct_only else self.see_total

    @property
    def electricity_mwh_per_unit(self) -> float:
        return self.electricity_mwh / self.activity_level_t


@dataclass(frozen=True, slots=True)
class CbamResult:
    period: str
    year: int
    electricity_ef_tco2_per_mwh: float
    electricity_ef_source: str | None
    goods: tuple[GoodResult, ...]
    markup: float | None
    carbon_price: CarbonPrice | None
    sources: Mapping[str, Any] = field(default_factory=dict)

    @property
    def uses_defaults(self) -> bool:
        return any(g.uses_defaults for g in self.goods)


# ---------------------------------------------------------------- computation


def _number(value: float, *, positive: bool = False) -> bool:
    ok = isinstance(value, int | float) and math.isfinite(value)
    return ok and (value > 0 if positive else value >= 0)


def _check_good(good: Good, annex: Annex, problems: list[Problem]) -> Category | None:
    def bad(column: str, reason: Message) -> None:
        problems.append(
            Problem(message("cbam.in_process", process=good.process, reason=reason), column=column)
        )

    category, reason = annex.classify(good.cn_code)
    if reason is not None:
        bad("cn_code", reason)
    if not _number(good.activity_level_t, positive=True):
        bad("activity_level_t", message("cbam.not_positive", value=good.activity_level_t))
    for column, value in (
        ("direct_tco2e", good.direct_tco2e),
        ("electricity_mwh", good.electricity_mwh),
    ):
        if not _number(value):
            bad(column, message("cbam.negative", value=value))
    for index, p in enumerate(good.precursors, start=1):
        column = f"precursors[{index}]"
        if not _number(p.mass_t):
            bad(column, message("cbam.negative", value=p.mass_t))
        supplier = (p.supplier_see_direct, p.supplier_see_indirect)
        given = (p.default_see_direct, p.default_see_indirect)
        kinds = [
            p.process is not None,
            any(v is not None for v in supplier),
            any(v is not None for v in given) or p.default_cn_code is not None,
        ]
        if sum(kinds) != 1 or any(
            any(v is not None for v in pair) and not all(v is not None for v in pair)
            for pair in (supplier, given)
        ):
            bad(column, message("cbam.precursor_kind"))
            continue
        for see in (
            p.supplier_see_direct,
            p.supplier_see_indirect,
            p.default_see_direct,
            p.default_see_indirect,
        ):
            if see is not None and not _number(see):
                bad(column, message("cbam.negative", value=see))
        if p.process == good.process:
            bad(column, message("cbam.self_precursor"))
    return category


def compute(
    period: str,
    electricity_ef_tco2_per_mwh: float,
    goods: Sequence[Good],
    *,
    defaults: Defaults | None = None,
    year: int | None = None,
    markup: float | None = None,
    carbon_price: CarbonPrice | None = None,
    electricity_ef_source: str | None = None,
    annex: Annex | None = None,
) -> CbamResult:
    """The SEEs of ``goods`` in ``period`` (``year`` defaults to the period's first four
    digits). ``markup`` overrides the year's mark-up of ``defaults`` for default values."""
    annex = annex or load_goods()
    defaults = defaults or load_defaults()
    problems: list[Problem] = []
    if year is None:
        head = str(period)[:4]
        year = int(head) if head.isdigit() else None
        if year is None:
            problems.append(Problem(message("cbam.bad_period", value=period), column="period"))
    if not _number(electricity_ef_tco2_per_mwh):
        problems.append(
            Problem(
                message("cbam.negative", value=electricity_ef_tco2_per_mwh),
                column="electricity_ef_tco2_per_mwh",
            )
        )
    if carbon_price is not None and not (
        _number(carbon_price.amount_per_t) and 0 <= carbon_price.covered_share <= 1
    ):
        problems.append(Problem(message("cbam.bad_carbon_price"), column="carbon_price"))
    by_id: dict[str, Good] = {}
    categories: dict[str, Category] = {}
    for good in goods:
        if good.process in by_id:
            problems.append(
                Problem(message("cbam.duplicate_process", process=good.process), column="id")
            )
            continue
        by_id[good.process] = good
        category = _check_good(good, annex, problems)
        if category is not None:
            categories[good.process] = category
    graph: dict[str, set[str]] = {}
    for good in by_id.values():
        graph[good.process] = set()
        for index, p in enumerate(good.precursors, start=1):
            if p.process is None or p.process == good.process:
                continue
            if p.process not in by_id:
                problems.append(
                    Problem(
                        message(
                            "cbam.in_process",
                            process=good.process,
                            reason=message("cbam.unknown_precursor", value=p.process),
                        ),
                        column=f"precursors[{index}]",
                    )
                )
            else:
                graph[good.process].add(p.process)
    order: list[str] = []
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = [str(c) for c in exc.args[1]]
        problems.append(Problem(message("cbam.cycle", processes=" -> ".join(cycle))))
    if problems:
        raise InputError(problems, headline=message("cbam.headline", count=len(problems)))
    assert year is not None
    year_markup = markup if markup is not None else defaults.markup(year)
    done: dict[str, GoodResult] = {}
    for process in order:
        good = by_id[process]
        lines = [
            _precursor_line(
                p, done, annex, defaults, year, year_markup, markup, good, index, problems
            )
            for index, p in enumerate(good.precursors, start=1)
        ]
        if problems:
            continue
        category = categories[process]
        attributed_indirect = good.electricity_mwh * electricity_ef_tco2_per_mwh
        direct = good.direct_tco2e + sum(line.embedded_direct_tco2e for line in lines if line)
        indirect = attributed_indirect + sum(line.embedded_indirect_tco2e for line in lines if line)
        see_direct = direct / good.activity_level_t
        price = (
            None
            if carbon_price is None
            else carbon_price.amount_per_t * carbon_price.covered_share * see_direct
        )
        own_defaults = any(line.source == "default" for line in lines if line)
        inherited = any(
            done[line.reference].uses_defaults for line in lines if line and line.source == "own"
        )
        done[process] = GoodResult(
            process=good.process,
            good=good.good,
            cn_code=normalise_cn(good.cn_code) or good.cn_code,
            category=category.name,
            functional_unit=category.functional_unit,
            direct_only=category.direct_only,
            activity_level_t=good.activity_level_t,
            electricity_mwh=good.electricity_mwh,
            attributed_direct_tco2e=good.direct_tco2e,
            attributed_indirect_tco2e=attributed_indirect,
            see_direct=see_direct,
            see_indirect=indirect / good.activity_level_t,
            precursors=tuple(line for line in lines if line),
            uses_defaults=own_defaults or inherited,
            carbon_price_paid_per_unit=price,
        )
    if problems:
        raise InputError(problems, headline=message("cbam.headline", count=len(problems)))
    rules = load_rules()
    return CbamResult(
        period=str(period),
        year=year,
        electricity_ef_tco2_per_mwh=electricity_ef_tco2_per_mwh,
        electricity_ef_source=electricity_ef_source,
        goods=tuple(done[g.process] for g in goods),
        markup=year_markup,
        carbon_price=carbon_price,
        sources={
            "goods": {"source": annex.source, "confirmed": annex.confirmed},
            "defaults": {"source": defaults.source, "confirmed": defaults.confirmed},
            "markups": {
                "source": "given" if markup is not None else defaults.markup_source,
                "confirmed": defaults.markup_confirmed if markup is None else None,
            },
            "rules": rules,
        },
    )


def _precursor_line(
    p: Precursor,
    done: Mapping[str, GoodResult],
    annex: Annex,
    defaults: Defaults,
    year: int,
    year_markup: float | None,
    given_markup: float | None,
    good: Good,
    index: int,
    problems: list[Problem],
) -> PrecursorLine | None:
    def refuse(reason: Message) -> None:
        problems.append(
            Problem(
                message("cbam.in_process", process=good.process, reason=reason),
                column=f"precursors[{index}]",
            )
        )

    if p.process is not None:
        own = done.get(p.process)
        if own is None:  # its own problems are reported already
            return None
        return _line("own", p.process, p.mass_t, own.see_direct, own.see_indirect, None)
    if p.supplier_see_direct is not None or p.supplier_see_indirect is not None:
        return _line(
            "supplier",
            p.supplier or "supplier",
            p.mass_t,
            p.supplier_see_direct or 0.0,
            p.supplier_see_indirect or 0.0,
            None,
        )
    reference = "given"
    see_direct, see_indirect = p.default_see_direct, p.default_see_indirect
    category_markup = year_markup
    if p.default_cn_code is not None:
        cn = normalise_cn(p.default_cn_code) or p.default_cn_code
        country = (p.country or "").upper()
        category, _ = annex.classify(cn)
        if given_markup is None and category is not None:
            category_markup = defaults.markup(year, category.name)
        if see_direct is None or see_indirect is None:
            reference = f"{cn} {country}"
            found = defaults.values.get((cn, country))
            # Annex II goods have no indirect default ("N/A" in the tables): zero, never guessed
            no_indirect_needed = category is not None and category.direct_only
            if (
                found is None
                or found.see_direct is None
                or (found.see_indirect is None and not no_indirect_needed)
            ):
                refuse(message("cbam.no_default", cn_code=cn, country=country or "-"))
                return None
            see_direct, see_indirect = found.see_direct, found.see_indirect or 0.0
        else:
            reference = f"{cn} {country}".strip() + " (given)"
    if category_markup is None:
        refuse(message("cbam.no_markup", year=year))
        return None
    factor = 1.0 + category_markup
    return _line(
        "default",
        reference,
        p.mass_t,
        (see_direct or 0.0) * factor,
        (see_indirect or 0.0) * factor,
        category_markup,
    )


def _line(
    source: str,
    reference: str,
    mass_t: float,
    see_direct: float,
    see_indirect: float,
    markup: float | None,
) -> PrecursorLine:
    return PrecursorLine(
        source=source,
        reference=reference,
        mass_t=mass_t,
        see_direct=see_direct,
        see_indirect=see_indirect,
        markup=markup,
        embedded_direct_tco2e=mass_t * see_direct,
        embedded_indirect_tco2e=mass_t * see_indirect,
    )


# ---------------------------------------------------------------- outputs


def goods_json(result: CbamResult) -> dict[str, Any]:
    """The CLI's JSON: ``{"goods": [{process, cn_code, see_direct, ...}]}`` plus context."""
    return {
        "period": result.period,
        "year": result.year,
        "markup": result.markup,
        "goods": [
            {
                "process": g.process,
                "good": g.good,
                "cn_code": g.cn_code,
                "category": g.category,
                "see_direct": g.see_direct,
                "see_indirect": g.see_indirect,
                "see_total": g.see_total,
                "embedded_direct_tco2e": g.embedded_direct_tco2e,
                "embedded_indirect_tco2e": g.embedded_indirect_tco2e,
                "uses_defaults": g.uses_defaults,
                "direct_only": g.direct_only,
                "see_chargeable": g.see_chargeable,
                "precursors": [_precursor_json(line) for line in g.precursors],
            }
            for g in result.goods
        ],
        "sources": dict(result.sources),
    }


def _precursor_json(line: PrecursorLine) -> dict[str, Any]:
    return {
        "source": line.source,
        "reference": line.reference,
        "mass_t": line.mass_t,
        "see_direct": line.see_direct,
        "see_indirect": line.see_indirect,
        "markup": line.markup,
        "embedded_direct_tco2e": line.embedded_direct_tco2e,
        "embedded_indirect_tco2e": line.embedded_indirect_tco2e,
    }


def communication(result: CbamResult, installation: Installation) -> dict[str, Any]:
    """The content of the Commission's communication template for installations (its summary
    of products) as plain data: the web lays it out as XLSX and serves it as JSON."""
    price = result.carbon_price
    return {
        "installation": {
            "name": installation.name,
            "country": installation.country,
            "address": installation.address,
            "unlocode": installation.unlocode,
            "latitude": installation.latitude,
            "longitude": installation.longitude,
            "operator": installation.operator,
            "production_route": installation.production_route,
        },
        "reporting_period": result.period,
        "products": [
            {
                "process": g.process,
                "good": g.good,
                "category": g.category,
                "cn_code": g.cn_code,
                "functional_unit": g.functional_unit,
                "activity_level": g.activity_level_t,
                "see_direct": g.see_direct,
                "see_indirect": g.see_indirect,
                "see_total": g.see_total,
                "direct_only": g.direct_only,
                "electricity_mwh_per_unit": g.electricity_mwh_per_unit,
                "electricity_ef_tco2_per_mwh": result.electricity_ef_tco2_per_mwh,
                "electricity_ef_source": result.electricity_ef_source,
                "uses_defaults": g.uses_defaults,
                "precursors": [_precursor_json(line) for line in g.precursors],
                "carbon_price": None
                if price is None
                else {
                    "scheme": price.scheme,
                    "amount_per_t": price.amount_per_t,
                    "currency": price.currency,
                    "covered_share": price.covered_share,
                    "paid_per_unit": g.carbon_price_paid_per_unit,
                },
            }
            for g in result.goods
        ],
        "default_value_markup": result.markup,
        "sources": dict(result.sources),
    }
