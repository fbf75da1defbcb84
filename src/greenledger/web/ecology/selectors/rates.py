"""A park's resource-use rates, avoided emissions and pre-score inputs, from the platform's data.

What the rates are computed from (the core ``core.ecology.rates.park_rates`` does the
arithmetic: utilised / generated, None when nothing was generated):

- the park's tenants are the park site itself and every site whose ``parent_park`` is the park;
- GENERATED in a year = the tenants' offers (open or closed: closing an offer does not undo
  what was generated) whose period overlaps the year, each offer's quantity a year times the
  months of its period in that year / 12;
- UTILISED in a year = the quantities recorded for that year's months on exchanges whose offer
  is a tenant's (``ExchangeRecord``; the need may be anywhere);
- solid-waste utilisation counts solid wastes and by-products (``solid_waste``; hazardous
  wastes are not in the indicator), waste-heat utilisation counts waste heat and waste cold
  (the indicator is "waste heat/cold/pressure"), water reuse counts water;
- avoided tCO2e = the sum of the records' avoided emissions (each record's core benefit).

These are the rates of what the platform knows: waste the tenants generate but never offer is
not in the denominator, so a rate here is an upper bound of the park's own statistic. The page
says so beside each rate.

``assessment_inputs(site=..., year=...)`` gives the inputs an assessment application takes
from here (a rule set's input opts in with ``inventory: <name>``): ``solid_waste_utilisation``,
``waste_heat_utilisation`` and ``water_reuse`` of a park, and ``cfe_score`` and
``annual_match_share`` of the site's (a park's: pooled) newest CFE run of the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from greenledger.core.ecology import rates as core_rates
from greenledger.web.ecology.models import Exchange, ExchangeRecord, Offer
from greenledger.web.members.models import Site, SiteKind

# rate -> the offer kinds it counts
RATE_KINDS = {
    "solid_waste_utilisation": ("solid_waste",),
    "waste_heat_utilisation": ("heat", "cold"),
    "water_reuse": ("water",),
}
RATE_UNITS = {
    "solid_waste_utilisation": "t",
    "waste_heat_utilisation": "MWh",
    "water_reuse": "m3",
}


def months_in_year(start: dt.date, end: dt.date | None, year: int) -> int:
    """How many months of the period ``start``..``end`` (None: open-ended) fall in ``year``."""
    first = max(start.year * 12 + start.month - 1, year * 12)
    last = year * 12 + 11
    if end is not None:
        last = min(last, end.year * 12 + end.month - 1)
    return max(0, last - first + 1)


def offered_in_year(offer: Offer, year: int) -> float:
    """What ``offer`` generates in ``year``: its quantity a year x its months in the year / 12."""
    return offer.quantity * months_in_year(offer.period_start, offer.period_end, year) / 12


def park_tenants(park: Site) -> QuerySet[Site]:
    """The park site and every site inside it."""
    return Site.objects.filter(Q(pk=park.pk) | Q(parent_park=park))


def park_offers(park: Site) -> QuerySet[Offer]:
    return Offer.objects.filter(site__in=park_tenants(park))


def park_exchanges(park: Site) -> QuerySet[Exchange]:
    """Exchanges whose offer or need is a tenant's."""
    tenants = park_tenants(park)
    return Exchange.objects.filter(Q(offer__site__in=tenants) | Q(need__site__in=tenants))


def _year_records(park: Site, year: int) -> QuerySet[ExchangeRecord]:
    return ExchangeRecord.objects.filter(
        exchange__offer__site__in=park_tenants(park), month__year=year
    )


@dataclass(frozen=True)
class ParkFigures:
    park: Site
    year: int
    rates: core_rates.Rates
    generated: dict[str, float]  # rate -> t, MWh or m3 offered in the year
    utilised: dict[str, float]  # rate -> recorded in the year
    offers: dict[str, int]  # rate -> offers counted
    avoided_tco2e: float  # tenants' offers' records of the year
    records: int
    by_kind: list[dict[str, Any]] = field(default_factory=list)  # per resource: records, avoided


def park_figures(*, park: Site, year: int) -> ParkFigures:
    """The park's rates of ``year`` with what they were computed from (module docstring)."""
    offers = [o for o in park_offers(park) if months_in_year(o.period_start, o.period_end, year)]
    generated = {rate: 0.0 for rate in RATE_KINDS}
    counted = {rate: 0 for rate in RATE_KINDS}
    for offer in offers:
        for rate, kinds in RATE_KINDS.items():
            if offer.kind in kinds:
                generated[rate] += offered_in_year(offer, year)
                counted[rate] += 1
    records = _year_records(park, year)
    by_kind_rows = (
        records.values("exchange__offer__kind")
        .annotate(quantity=Sum("quantity"), avoided=Sum("avoided_tco2e"))
        .order_by("exchange__offer__kind")
    )
    utilised = {rate: 0.0 for rate in RATE_KINDS}
    by_kind = []
    for row in by_kind_rows:
        kind = row["exchange__offer__kind"]
        by_kind.append(
            {"kind": kind, "quantity": row["quantity"] or 0.0, "avoided": row["avoided"] or 0.0}
        )
        for rate, kinds in RATE_KINDS.items():
            if kind in kinds:
                utilised[rate] += row["quantity"] or 0.0
    for rate in RATE_KINDS:  # the records' cap allows rounding (services.records): no more
        if generated[rate] < utilised[rate] <= generated[rate] * (1 + 1e-9):
            utilised[rate] = generated[rate]
    rates = core_rates.park_rates(
        solid_waste_generated_t=generated["solid_waste_utilisation"],
        solid_waste_utilised_t=utilised["solid_waste_utilisation"],
        waste_heat_generated_mwh=generated["waste_heat_utilisation"],
        waste_heat_utilised_mwh=utilised["waste_heat_utilisation"],
        water_used_m3=generated["water_reuse"],
        water_reused_m3=utilised["water_reuse"],
    )
    avoided = records.aggregate(total=Sum("avoided_tco2e"))["total"] or 0.0
    return ParkFigures(
        park=park,
        year=year,
        rates=rates,
        generated=generated,
        utilised=utilised,
        offers=counted,
        avoided_tco2e=avoided,
        records=records.count(),
        by_kind=by_kind,
    )


def park_rates(*, park: Site, year: int) -> core_rates.Rates:
    """Solid-waste utilisation, waste-heat utilisation and water reuse of ``park`` in ``year``
    (see the module docstring for exactly what is counted)."""
    return park_figures(park=park, year=year).rates


def avoided_tco2e(*, sites: QuerySet[Site] | None = None, year: int | None = None) -> float:
    """tCO2e avoided by recorded exchanges whose offer is at one of ``sites`` (None: any), in
    ``year`` (None: every year)."""
    records = ExchangeRecord.objects.all()
    if sites is not None:
        records = records.filter(exchange__offer__site__in=sites)
    if year is not None:
        records = records.filter(month__year=year)
    return float(records.aggregate(total=Sum("avoided_tco2e"))["total"] or 0.0)


def _rate_text(figures: ParkFigures, rate: str) -> str:
    unit = RATE_UNITS[rate]
    return (
        f"ecology park rates {figures.year} ({figures.park.name_zh} #{figures.park.pk}): "
        f"{figures.utilised[rate]:g} {unit} recorded / {figures.generated[rate]:g} {unit} "
        f"offered by {figures.offers[rate]} offer(s)"
    )


def assessment_inputs(*, site: Site, year: int) -> tuple[dict[str, float], dict[str, str]]:
    """Pre-score inputs from ecology data (values, and for each its source in words): a park's
    three rates (those it has: a rate is left out when nothing was generated) and the site's
    newest CFE run of ``year`` (``cfe_score``, ``annual_match_share``; for a data centre also
    ``renewable_electricity_share``, the annual-matching share)."""
    from greenledger.web.ecology.selectors.green_power import latest_cfe

    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    if site.kind == SiteKind.PARK:
        figures = park_figures(park=site, year=year)
        for rate in RATE_KINDS:
            value = getattr(figures.rates, rate)
            if value is not None:
                values[rate] = float(value)
                sources[rate] = _rate_text(figures, rate)
    run = latest_cfe(site, year)
    if run is not None:
        where = f"ecology CFE run #{run.pk} ({run.created_at:%Y-%m-%d %H:%M}"
        where += ", park pooled)" if run.pooled else ")"
        values["cfe_score"] = float(run.cfe_score)
        values["annual_match_share"] = float(run.annual_match_share)
        sources["cfe_score"] = sources["annual_match_share"] = where
        if site.kind == SiteKind.DATA_CENTRE:
            # the zero-carbon data centre's "renewable electricity share (on-site, green power,
            # certificates)" is the site's annual-matching share; the verified inventory's own
            # figure wins where it has one (assessments.selectors.prescore_data_inputs)
            values["renewable_electricity_share"] = float(run.annual_match_share)
            sources["renewable_electricity_share"] = where + ": annual-matching share"
    return values, sources


def ecology_year(site: Site, up_to: int) -> int:
    """The newest year up to ``up_to`` with ecology data for ``site`` (records on a park's
    exchanges, or a CFE run); ``up_to`` when there is none."""
    from greenledger.web.ecology.models import CfeRun

    years: list[int] = []
    if site.kind == SiteKind.PARK:
        month = (
            ExchangeRecord.objects.filter(
                exchange__offer__site__in=park_tenants(site), month__year__lte=up_to
            )
            .order_by("-month")
            .values_list("month", flat=True)
            .first()
        )
        if month is not None:
            years.append(month.year)
    run_year = (
        CfeRun.objects.filter(site=site, year__lte=up_to)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if run_year is not None:
        years.append(run_year)
    return max(years) if years else up_to


def avoided_by_year(*, park: Site | None = None) -> list[dict[str, Any]]:
    """The recorded exchanges' avoided tCO2e per year (of the records' months), of the
    exchanges whose offer is a tenant's of ``park`` (None: the whole district), oldest first."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    records = ExchangeRecord.objects.all()
    if park is not None:
        records = records.filter(exchange__offer__site__in=park_tenants(park))
    rows = (
        records.annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(avoided=Sum("avoided_tco2e"), records=Count("id"))
        .order_by("year")
    )
    return [
        {"year": r["year"], "avoided": float(r["avoided"] or 0.0), "records": r["records"]}
        for r in rows
    ]
