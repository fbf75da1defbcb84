"""The demo district's history: verified inventories 2020-2025 for 100 of its enterprises.

Synthetic and reproducible (a fixed seed). Each enterprise follows its industry (GB/T 4754-2017
class of ``members.demo.INDUSTRIES``): a starting output value (10^4 yuan, 万元), an energy
intensity and an energy mix (coal, natural gas, diesel, purchased electricity and steam), then
year by year output growth, efficiency gains, fuel switching (coal to gas to electricity), a
rising share of green electricity, limestone for the flue-gas desulfurisation of coal boilers,
soda ash for two materials makers and refrigerant top-ups for the data centres. Quantities are
derived from the energy in tce with the factor library's own conversion coefficients, so no
number of a standard is repeated here. Pollutants follow from the accounting's pollutant
factors (coal with its sulfur content and a desulfurisation and dust removal efficiency).

The story: output grows (light industries by 2-9 % a year, the heavy users that carry carbon
budgets by 0-2 % while saving 3.5-4.5 % a year more than they grow); energy and CO2
intensity fall; a few enterprises miss a year; three enterprises join in 2022; one chemicals
maker expands from 2023 and ends clearly over its carbon budget; two 2025 inventories wait for
the evaluator's verification.

Everything goes through the batch path (``reporting.services.batch.inventories_load``: one
``compute_batch`` per year, bulk-inserted records, the workflow's audit entries), then the
district facts are rebuilt. Idempotent: enterprise-years that already have a submission are left
alone, and a second load writes nothing.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from greenledger.core.context import AccountingContext
from greenledger.core.resolve import line_factors
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import User
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.reporting.models import Submission
from greenledger.web.reporting.services._common import library
from greenledger.web.reporting.services.batch import INPUT_SCHEMA, inventories_load

SEED = 20_260_310
YEARS = tuple(range(2020, 2026))
HISTORY_ENTERPRISES = 228  # every demo enterprise (each runs a factory or a data centre)
LOADER = "secretariat"  # submits the history on the enterprises' behalf
VERIFIER = "evaluator2"  # verifies it (assigned to each of the enterprises by this loader)
PENDING_VERIFIER = "evaluator"  # the two 2025 inventories waiting for verification
PENDING = 2
NEWCOMERS = 3  # enterprises whose first year is 2022
GAPS = 4  # enterprises missing one year between 2021 and 2024
OVER_BUDGET_INDUSTRY = "C2614"
CARRIERS = {
    "coal": "raw_coal",
    "gas": "natural_gas",
    "diesel": "diesel",
    "power": "purchased_electricity",
    "steam": "purchased_heat",
}


@dataclass(frozen=True)
class Profile:
    """An industry's 2020 starting point: output value (10^4 yuan, median), energy per output
    value (tce per 10^4 yuan) and energy mix (share of tce per carrier); whether some of its
    enterprises burn coal."""

    output: float
    intensity: float
    mix: dict[str, float]
    coal: bool = False


PROFILES: dict[str, Profile] = {
    "C3825": Profile(60_000, 0.045, {"power": 0.85, "gas": 0.12, "diesel": 0.03}),
    "C3484": Profile(25_000, 0.035, {"power": 0.75, "gas": 0.20, "diesel": 0.05}),
    "C2710": Profile(40_000, 0.09, {"power": 0.40, "gas": 0.25, "steam": 0.35}),
    "C3973": Profile(120_000, 0.06, {"power": 0.88, "steam": 0.10, "diesel": 0.02}),
    "C2653": Profile(70_000, 0.30, {"coal": 0.35, "gas": 0.25, "power": 0.25, "steam": 0.15},
                     coal=True),
    "C3491": Profile(30_000, 0.03, {"power": 0.82, "gas": 0.15, "diesel": 0.03}),
    "C3670": Profile(45_000, 0.05, {"power": 0.62, "gas": 0.33, "diesel": 0.05}),
    "C2614": Profile(90_000, 0.42, {"coal": 0.45, "gas": 0.20, "power": 0.20, "steam": 0.15},
                     coal=True),
    "I6450": Profile(18_000, 0.40, {"power": 0.98, "diesel": 0.02}),
    "C3743": Profile(35_000, 0.04, {"power": 0.70, "gas": 0.27, "diesel": 0.03}),
    "N7724": Profile(12_000, 0.12, {"power": 0.45, "gas": 0.40, "diesel": 0.15}),
    "C1439": Profile(20_000, 0.10, {"coal": 0.30, "gas": 0.35, "power": 0.35}, coal=True),
    "C1713": Profile(22_000, 0.20, {"coal": 0.25, "steam": 0.40, "power": 0.35}, coal=True),
    "C3841": Profile(80_000, 0.05, {"power": 0.90, "gas": 0.08, "diesel": 0.02}),
}  # fmt: skip
GAS_FOR_COAL = 0.9  # tce of gas per tce of coal replaced (demo assumption)
HEAT_PUMP_SHIFT = 0.02  # share of the gas heat moved to heat pumps each year (demo assumption)
HEAT_PUMP_ENERGY = 0.3  # tce of electricity per tce of gas heat replaced (demo assumption)
KEY_USER_TCE = 8_000.0  # the demo's heavy users (a margin below the 10,000 tce key-unit line)
COAL_SULFUR_PERCENT = 0.8
COAL_REMOVAL = 0.85  # desulfurisation and dust removal of the coal boilers (demo assumption)
LIMESTONE_T_PER_T_COAL = 0.03  # limestone fed to the desulfurisation per tonne of coal (demo)


@dataclass
class Plan:
    """One enterprise's synthetic path."""

    organisation: Organisation
    site: Site
    profile: Profile
    output: float
    intensity: float
    growth: float
    efficiency: float
    green: float
    green_step: float
    switch_year: int | None
    soda_ash: float = 0.0
    expands_from: int | None = None
    first_year: int = YEARS[0]
    missing: int | None = None
    noise: float = 0.01  # year-to-year scatter of output and intensity (log sd)


def _plans(
    organisations: list[Organisation], sites: dict[int, Site], pending: list[int]
) -> list[Plan]:
    rng = random.Random(SEED)
    plans: list[Plan] = []
    for organisation in organisations:
        profile = PROFILES.get(organisation.industry_code, PROFILES["C3491"])
        coal = profile.coal and rng.random() < 0.6
        plans.append(
            Plan(
                organisation=organisation,
                site=sites[organisation.pk],
                profile=profile,
                output=profile.output * math.exp(rng.gauss(0, 0.45)),
                intensity=profile.intensity * math.exp(rng.gauss(0, 0.2)),
                growth=rng.uniform(0.02, 0.09),
                efficiency=rng.uniform(0.0, 0.03),
                green=rng.uniform(0.0, 0.05),
                green_step=rng.uniform(0.02, 0.07)
                * (1.6 if organisation.industry_code.startswith("I") else 1.0),
                switch_year=rng.choice((2022, 2023, 2024)) if coal else None,
            )
        )
    # Key energy users (about 10,000 tce or more) grow slowly and save hard enough to stay
    # within budgets that fall 2 % a year: growth from the light industries, as in the districts
    # that run carbon dual control.
    for plan in plans:
        # heavy now, or heavy by 2025 at its own growth and savings (it becomes a key unit
        # and gets a budget from its 2020 emissions)
        path = ((1 + plan.growth) * (1 - plan.efficiency)) ** (YEARS[-1] - YEARS[0])
        if plan.output * plan.intensity * max(1.0, path) >= KEY_USER_TCE:
            plan.growth = rng.uniform(0.0, 0.02)
            plan.efficiency = plan.growth + rng.uniform(0.035, 0.045)
            plan.noise = 0.003  # steady large plants, monitored monthly
    # A chemicals maker expands on coal from 2023 (over its budget); its 2025 inventory is one
    # of those waiting for verification when it is the pending evaluator's.
    chemicals = [p for p in plans if p.organisation.industry_code == OVER_BUDGET_INDUSTRY]
    chemicals.sort(key=lambda p: p.organisation.pk not in pending)
    if chemicals:
        grower = chemicals[0]
        grower.expands_from, grower.switch_year = 2023, 2025
    for plan in [p for p in plans if p.organisation.industry_code in ("C2653", "C2614")][1:3]:
        plan.soda_ash = plan.output * 0.004
    # Newcomers are light industries (a heavy one joining would swamp its park's trend).
    light = [i for i, p in enumerate(plans) if p.profile.intensity <= 0.06 and i > 0]
    newcomers = rng.sample(light, NEWCOMERS)
    others = [
        i for i in range(1, len(plans)) if i not in newcomers and plans[i].expands_from is None
    ]
    for index in newcomers:
        plans[index].first_year = 2022
    for index in rng.sample(others, GAPS):
        plans[index].missing = rng.choice((2021, 2022, 2023, 2024))
    return plans


def _mix(plan: Plan, year: int) -> dict[str, float]:
    """Energy per carrier as a fraction of what the 2020 mix would need for the year's output.

    Coal gives way to gas in the switch year (gas boilers need a tenth less fuel); from 2021
    heat pumps take over 2 % of the gas heat a year, needing 0.3 times its energy as
    electricity (a coefficient of performance near 3 against a gas boiler's 0.9).
    """
    mix = dict(plan.profile.mix)
    coal = mix.pop("coal", 0.0)
    if coal and plan.switch_year is not None and year < plan.switch_year:
        mix["coal"] = coal
    elif coal:
        mix["gas"] = mix.get("gas", 0.0) + GAS_FOR_COAL * coal
    shift = min(mix.get("gas", 0.0), HEAT_PUMP_SHIFT * (year - YEARS[0]))
    if shift:
        mix["gas"] -= shift
        mix["power"] = mix.get("power", 0.0) + HEAT_PUMP_ENERGY * shift
    return mix


def _lines(plan: Plan, year: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    t = year - YEARS[0]
    output = plan.output * (1 + plan.growth) ** t * math.exp(rng.gauss(0, plan.noise))
    intensity = plan.intensity * (1 - plan.efficiency) ** t * math.exp(rng.gauss(0, plan.noise))
    if plan.expands_from is not None and year >= plan.expands_from:
        # A new coal-fired line: output up 15 % a year, intensity back above its 2020 level.
        output *= 1.15 ** (year - plan.expands_from + 1)
        intensity = plan.intensity * 1.1
    energy = output * intensity
    context = AccountingContext.from_names(region="national", year=year)
    site = {"organisation_id": plan.organisation.pk, "year": year, "site_id": plan.site.pk,
            "period": str(year)}  # fmt: skip

    def line(activity: str, quantity: float, **extra: Any) -> dict[str, Any]:
        return {**site, "activity": activity, "quantity": round(quantity, 3), **extra}

    for carrier, share in sorted(_mix(plan, year).items()):
        activity = CARRIERS[carrier]
        per_unit = line_factors(library(), context, activity).tce
        quantity = energy * share / per_unit
        if carrier == "power":
            green = min(0.6, plan.green + plan.green_step * t)
            yield line(activity, quantity * (1 - green))
            if green > 0.005:
                yield line(activity, quantity * green, instrument="green_power")
        elif carrier == "coal":
            yield line(activity, quantity, sulfur_percent=COAL_SULFUR_PERCENT,
                       removal_efficiency=COAL_REMOVAL)  # fmt: skip
            yield line("limestone", quantity * LIMESTONE_T_PER_T_COAL)
        else:
            yield line(activity, quantity)
    if plan.soda_ash:
        yield line("soda_ash", plan.soda_ash * (1 + plan.growth) ** t)
    if plan.organisation.industry_code.startswith("I"):
        yield line("hfc_134a", rng.uniform(150, 600))
    yield line("output_value", output)


def history_frame(plans: list[Plan]) -> pl.DataFrame:
    """Every enterprise-year's lines (batch.INPUT_SCHEMA), the same for the same seed."""
    rng = random.Random(SEED + 1)
    rows: list[dict[str, Any]] = []
    for plan in plans:
        for year in YEARS:
            lines = list(_lines(plan, year, rng))  # drawn even when skipped: stable numbers
            if year >= plan.first_year and year != plan.missing:
                rows.extend(lines)
    frame = pl.DataFrame(rows, schema_overrides=INPUT_SCHEMA, infer_schema_length=None)
    return frame.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(c) for c in INPUT_SCHEMA if c not in frame.columns
    ).select(pl.col(c).cast(t) for c, t in INPUT_SCHEMA.items())


def history_organisations(orgs: dict[str, Organisation]) -> list[Organisation]:
    """The first HISTORY_ENTERPRISES demo enterprises (every park gets at least five)."""
    return [o for key, o in orgs.items() if key.startswith("ent:")][:HISTORY_ENTERPRISES]


def _first_sites(organisations: list[Organisation]) -> dict[int, Site]:
    sites: dict[int, Site] = {}
    kinds = (SiteKind.FACTORY, SiteKind.DATA_CENTRE)
    for site in Site.objects.filter(organisation__in=organisations, kind__in=kinds).order_by("pk"):
        sites.setdefault(site.organisation_id, site)
    return sites


def load(*, report: Any, organisations: dict[str, Organisation]) -> None:
    """Load what is missing of the history; rebuild the district facts if anything was."""
    users = {u.username: u for u in User.objects.filter(
        username__in=(LOADER, VERIFIER, PENDING_VERIFIER))}  # fmt: skip
    if len(users) < 3:
        return
    chosen = history_organisations(organisations)
    sites = _first_sites(chosen)
    chosen = [o for o in chosen if o.pk in sites]
    pending_orgs = _pending(users[PENDING_VERIFIER], chosen)
    frame = history_frame(_plans(chosen, sites, pending_orgs))
    taken = pl.DataFrame(
        list(Submission.objects.filter(organisation__in=chosen).values_list(
            "organisation_id", "year")),
        schema={"organisation_id": pl.Int64, "year": pl.Int32}, orient="row",
    )  # fmt: skip
    frame = frame.join(taken, on=["organisation_id", "year"], how="anti", maintain_order="left")
    if frame.is_empty():
        return
    is_pending = (pl.col("year") == YEARS[-1]) & pl.col("organisation_id").is_in(pending_orgs)
    for organisation in chosen:
        accounts.assignment_create(actor=None, evaluator=users[VERIFIER], organisation=organisation)
    loader = users[LOADER]
    done = inventories_load(actor=loader, evaluator=users[VERIFIER],
                            lines=frame.filter(~is_pending))  # fmt: skip
    waiting = inventories_load(actor=loader, evaluator=users[PENDING_VERIFIER],
                               lines=frame.filter(is_pending), verify=False)  # fmt: skip
    report.count("verified inventories", done.verified)
    report.count("inventories under verification", waiting.submissions)
    from greenledger.web.district.services.facts import facts_rebuild

    report.count("district facts", facts_rebuild(actor=loader))
    _targets(report, loader)
    _budgets(report, loader)


# The district's own targets for 2020-2025, the 14th Five-Year Plan's national figures
# (core/progress/data/targets.yaml holds them with their source): energy intensity -13.5 %,
# CO2 intensity -18 %.
DISTRICT_TARGETS = (("energy_intensity", "cn-14fyp-energy-intensity"),
                    ("co2_intensity", "cn-14fyp-co2-intensity"))  # fmt: skip


def _targets(report: Any, secretariat: User) -> None:
    from greenledger.core.progress import load_targets
    from greenledger.web.district.models import DistrictTarget, TargetScope
    from greenledger.web.district.services.targets import target_set

    national = {t.id: t for t in load_targets()}
    for metric, source in DISTRICT_TARGETS:
        if DistrictTarget.objects.filter(scope=TargetScope.DISTRICT, metric=metric).exists():
            continue
        target = national[source]
        target_set(actor=secretariat, scope=TargetScope.DISTRICT, metric=metric,
                   base_year=target.base_year, target_year=target.target_year,
                   change=target.change,
                   note=f"{target.source.title}: {target.id} ({target.source.issuer})")  # fmt: skip
        report.count("district targets")


def _pending(evaluator: User, chosen: list[Organisation]) -> list[int]:
    """Two enterprises of the pending evaluator's (not the manager's home) whose 2025
    inventory stays under verification: the browser story verifies one of them."""
    from greenledger.web.accounts.models import Assignment

    assigned = set(
        Assignment.objects.filter(evaluator=evaluator, ended_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    homes = set(User.objects.filter(organisation__isnull=False).values_list(
        "organisation_id", flat=True))  # fmt: skip
    return [o.pk for o in chosen if o.pk in assigned and o.pk not in homes][:PENDING]


BUDGET_PLAN = "2021-2025年重点用能单位碳排放预算（基准年法，年降2%）"
BUDGET_REDUCTION_RATE = 0.02  # the demo district's own choice, not a published figure


def _budgets(report: Any, secretariat: User) -> None:
    """Carbon budgets for the key energy-consuming enterprises: 2020 emissions less 2 % a year.
    The expanding chemicals maker ends clearly over its budget (alerts for 2023 and 2024)."""
    from greenledger.web.district.models import BudgetMethod, BudgetPlan
    from greenledger.web.district.services.budgets import budget_plan_create

    if BudgetPlan.objects.exists():
        return
    budget_plan_create(actor=secretariat, name=BUDGET_PLAN, method=BudgetMethod.GRANDFATHERING,
                       base_year=YEARS[0], first_year=YEARS[1], last_year=YEARS[-1],
                       reduction_rate=BUDGET_REDUCTION_RATE)  # fmt: skip
    report.count("budget plans")
