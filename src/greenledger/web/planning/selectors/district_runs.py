"""Reads for the district pathway: the enterprises of an inventory year from the district fact
table (never the per-line Parquet files), the caps a district target's trajectory sets, the
runs a user may see, and the figures of a finished run by enterprise, park and industry.

One enterprise = one verified ``EnterpriseYearFact`` of the base year with its ``CarrierFact``
rows (carrier = the factor library's activity; purchased electricity is the electricity that
follows the grid factor); its non-energy emissions are the fact's ``non_energy_co2e_t``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.district.models import (
    CarrierFact,
    DistrictTarget,
    EnterpriseYearFact,
    FactBasis,
    TargetMetric,
    TargetScope,
)
from greenledger.web.planning.models import DistrictRun

__all__ = [
    "ELECTRICITY_CARRIERS",
    "CarrierRow",
    "DistrictEnterprise",
    "district_enterprises",
    "district_macc",
    "district_output",
    "has_social_view",
    "district_run_list",
    "district_run_years",
    "emission_targets",
    "run_breakdown",
    "target_caps",
    "visible_district_runs",
]

#: carriers (activities) whose emissions follow the grid electricity factor
ELECTRICITY_CARRIERS = frozenset({"purchased_electricity"})


@dataclass(frozen=True, slots=True)
class CarrierRow:
    """One carrier of an enterprise-year (fits ``core.planning.district_plans.CarrierFigures``)."""

    carrier: str
    energy_tce: float
    emissions_t: float
    electricity: bool


@dataclass(frozen=True, slots=True)
class DistrictEnterprise:
    organisation_id: int
    name: str
    park_id: int | None
    park: str
    industry_code: str
    industry_section: str
    carriers: tuple[CarrierRow, ...]
    non_energy_t: float
    output_wan_yuan: float | None


def district_run_years() -> list[int]:
    """Years with verified facts, newest first (the base years a run can start from)."""
    years = (
        EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [int(y) for y in years]


def district_enterprises(base_year: int, *, park_id: int | None = None) -> list[DistrictEnterprise]:
    """Every enterprise with a verified fact in ``base_year`` (of one park when ``park_id``),
    ordered by organisation id: two queries."""
    facts = EnterpriseYearFact.objects.filter(year=base_year, basis=FactBasis.VERIFIED)
    if park_id is not None:
        facts = facts.filter(park_id=park_id)
    rows = list(
        facts.order_by("organisation_id").values_list(
            "id",
            "organisation_id",
            "organisation__name_zh",
            "park_id",
            "park__name_zh",
            "industry_code",
            "industry_section",
            "non_energy_co2e_t",
            "output_value_wan_yuan",
        )
    )
    carriers: dict[int, list[CarrierRow]] = {}
    for fact_id, carrier, energy, emissions in (
        CarrierFact.objects.filter(fact__in=facts)
        .order_by("fact_id", "carrier")
        .values_list("fact_id", "carrier", "energy_tce", "energy_co2e_t")
    ):
        carriers.setdefault(fact_id, []).append(
            CarrierRow(carrier, float(energy), float(emissions), carrier in ELECTRICITY_CARRIERS)
        )
    return [
        DistrictEnterprise(
            organisation_id=org,
            name=name or "",
            park_id=park,
            park=park_name or "",
            industry_code=code or "",
            industry_section=section or "",
            carriers=tuple(carriers.get(fact_id, ())),
            non_energy_t=max(0.0, float(non_energy or 0.0)),
            output_wan_yuan=None if output is None else float(output),
        )
        for fact_id, org, name, park, park_name, code, section, non_energy, output in rows
    ]


def district_output(base_year: int, *, park_id: int | None = None) -> float | None:
    """The output value (10^4 yuan) the enterprises of ``base_year`` (of one park) reported in
    all; None when none reported one."""
    facts = EnterpriseYearFact.objects.filter(year=base_year, basis=FactBasis.VERIFIED)
    if park_id is not None:
        facts = facts.filter(park_id=park_id)
    total = facts.aggregate(total=Sum("output_value_wan_yuan"))["total"]
    return float(total) if total else None


def emission_targets() -> QuerySet[DistrictTarget]:
    """The active targets a run can take its caps from: total emissions or CO2 intensity, of
    the district or of a park."""
    return DistrictTarget.objects.filter(
        active=True, metric__in=[TargetMetric.TOTAL_CO2, TargetMetric.CO2_INTENSITY]
    ).select_related("park")


def target_caps(
    target: DistrictTarget,
    *,
    start_year: int,
    end_year: int,
    output_wan_yuan: float | None,
    growth: float,
) -> tuple[dict[int, float], list[str]]:
    """The caps (tCO2e per year, ``start_year``..``end_year``) a target's trajectory sets, and
    the problems that leave it without caps. Total emissions: the trajectory's values. CO2
    intensity: the trajectory's intensity x the enterprises' output value of the base year
    grown by ``growth`` from ``start_year`` (the options' emissions grow alike)."""
    from greenledger.web.district.selectors.targets import target_progress

    if target.metric == TargetMetric.ENERGY_INTENSITY:
        return {}, [_("An energy intensity target sets no emissions cap.")]
    progress = target_progress(target)
    if not progress.trajectory:
        return {}, list(progress.problems) or [_("The target has no trajectory.")]
    caps: dict[int, float] = {}
    for year, value in sorted(progress.trajectory.items()):
        if not start_year <= year <= end_year:
            continue
        if target.metric == TargetMetric.TOTAL_CO2:
            caps[year] = float(value)
        else:
            if not output_wan_yuan:
                return {}, [
                    _("An intensity target needs the enterprises' output value; none reported it.")
                ]
            caps[year] = float(value) * output_wan_yuan * (1.0 + growth) ** (year - start_year)
    if not caps:
        return {}, [
            _("The target's trajectory has no year between %(start)s and %(end)s.")
            % {"start": start_year, "end": end_year}
        ]
    return caps, []


def target_park_id(target: DistrictTarget | None) -> int | None:
    """The park a park target covers (its enterprises only), None for the district."""
    if target is not None and target.scope == TargetScope.PARK:
        return target.park_id
    return None


def visible_district_runs(user: Any) -> QuerySet[DistrictRun]:
    """The runs ``user`` may see (the registry staff: all of them), newest first."""
    if not permissions.can_run_district_pathway(user):
        return DistrictRun.objects.none()
    return DistrictRun.objects.select_related("target", "target__park", "created_by")


def district_run_list(user: Any) -> QuerySet[DistrictRun]:
    """``visible_district_runs`` for a list: without the stored result (megabytes for a large
    district), its status read in the database as ``result_status``."""
    return visible_district_runs(user).defer("result").annotate(result_status=KT("result__status"))


def _sum_by(enterprises: Iterable[dict[str, Any]], key: str, label: str) -> list[dict[str, Any]]:
    groups: dict[Any, dict[str, Any]] = {}
    for e in enterprises:
        g = groups.setdefault(
            e.get(key),
            {
                "key": e.get(key),
                "label": e.get(label) or "",
                "enterprises": 0,
                "adopting": 0,
                "measures": 0,
                "cost_yuan": 0.0,
                "baseline_t": 0.0,
                "emissions_t": 0.0,
            },
        )
        g["enterprises"] += 1
        g["adopting"] += 1 if e["adoptions"] else 0
        g["measures"] += len(e["adoptions"])
        g["cost_yuan"] += e["cost_yuan"]
        g["baseline_t"] += e["baseline_last_t"]
        g["emissions_t"] += e["emissions_last_t"]
    return sorted(groups.values(), key=lambda g: (-g["baseline_t"], str(g["key"])))


def _technology_names() -> dict[str, str]:
    """Catalogue technology id -> its name in the active language (Chinese unless English)."""
    from django.utils.translation import get_language

    from greenledger.web.planning.selectors.catalogue import catalogue

    english = (get_language() or "").startswith("en")
    return {t.id: (t.name_en if english else t.name_zh) for t in catalogue()}


def run_breakdown(run: DistrictRun) -> dict[str, Any]:
    """The chosen options summed by park and by industry section (cost, and emissions in the
    last cap year with and without the measures), and the measures adopted most often."""
    enterprises = list((run.result or {}).get("enterprises", []))
    technologies: dict[str, dict[str, Any]] = {}
    for e in enterprises:
        for measure_id, year in e["adoptions"]:
            tid = str(measure_id).split("@", 1)[0]
            t = technologies.setdefault(tid, {"technology": tid, "enterprises": 0, "first": year})
            t["enterprises"] += 1
            t["first"] = min(t["first"], year)
    names = _technology_names()
    for t in technologies.values():
        t["name"] = names.get(t["technology"], "")
    return {
        "by_park": _sum_by(enterprises, "park_id", "park"),
        "by_industry": _sum_by(enterprises, "industry_section", "industry_section"),
        "technologies": sorted(
            technologies.values(), key=lambda t: (-t["enterprises"], t["technology"])
        ),
    }


def has_social_view(run: DistrictRun) -> bool:
    """Whether the run's curves have a social view (a social rate other than the run's)."""
    return bool((run.result or {}).get("macc_social"))


def district_macc(
    run: DistrictRun, *, park_id: int | None = None, social: bool = False
) -> list[dict[str, Any]]:
    """The district's (or one park's) abatement cost curve: the enterprises' MACC steps merged
    in cost order, each with the cumulative abatement; ``social``: costed at the run's social
    rate (the private view when the run has none). Steps are stored as
    ``[organisation_id, park_id, measure_id, annual_abatement_t, cost_per_t]``."""
    result = run.result or {}
    names = {e["organisation_id"]: e["name"] for e in result.get("enterprises", [])}
    stored = (result.get("macc_social") if social else None) or result.get("macc", [])
    steps = [s for s in stored if park_id is None or s[1] == park_id]
    steps.sort(key=lambda s: (s[4] is None, s[4] if s[4] is not None else 0.0, s[0], s[2]))
    cumulative = 0.0
    curve: list[dict[str, Any]] = []
    for org, park, measure_id, abatement, cost in steps:
        cumulative += abatement
        curve.append(
            {
                "organisation_id": org,
                "enterprise": names.get(org, ""),
                "park_id": park,
                "measure_id": measure_id,
                "technology": str(measure_id).split("@", 1)[0],
                "annual_abatement_t": abatement,
                "cost_per_t": cost,
                "cumulative_abatement_t": cumulative,
            }
        )
    return curve
