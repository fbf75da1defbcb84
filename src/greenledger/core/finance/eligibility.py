"""Eligibility of a financing project under a finance catalogue, and transition KPIs.

``check(project, catalogue)`` finds the category (the one the project claims, else the one
covering its GB/T 4754-2017 industry) and compares each criterion's metric with its threshold
the way the text words it (以下/不超过/以上/不低于 include the number). The status:

- ``not_eligible``: the claimed code is not in the catalogue, the industry is not covered by a
  transition catalogue, or a criterion is missed by more than the catalogue's ``margin``;
- ``needs_data``: a value, a threshold (not held: set it with ``configured``), the evidence a
  criterion asks for, or any criterion at all is missing, or a green project claims nothing;
- ``borderline``: every criterion is met or missed by no more than the margin, and at least
  one value lies within the margin of its threshold (relative to the threshold);
- ``eligible``: every criterion is met beyond the margin, with its evidence.

``check_many`` does the comparisons of many projects at once in one Polars frame; ``check`` is
``check_many`` of one project, so both give the same answer. ``transition_kpi`` compares a KPI
with an entry value (降碳准入值) and an advanced value (先进值).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from greenledger.core.assessment.wording import EXCLUSIVE, INCLUSIVE, MAX, explain, meets
from greenledger.core.finance.catalogue import Category, Criterion, FinanceCatalogue, Limit
from greenledger.core.messages import Message, message

ELIGIBLE, NOT_ELIGIBLE, BORDERLINE, NEEDS_DATA = (
    "eligible",
    "not_eligible",
    "borderline",
    "needs_data",
)
MET, NOT_MET, NEAR, MISSING = "met", "not_met", "borderline", "missing"
# Metrics a project carries as fields rather than in ``kpis``.
FIELD_METRICS = {
    "energy_saving_tce_per_year": "energy_saving_tce",
    "abatement_tco2e_per_year": "abatement_tco2e",
    "capex_yuan": "capex_yuan",
}


@dataclass(frozen=True, slots=True)
class Project:
    """A financing project as a plan's measures make it."""

    id: str
    industry_code: str  # GB/T 4754-2017, e.g. C3110
    category_code: str | None = None  # the catalogue category claimed
    energy_saving_tce: float | None = None  # expected saving, tce per year
    abatement_tco2e: float | None = None  # expected abatement, tCO2e per year
    capex_yuan: float | None = None
    kpis: Mapping[str, float] = field(default_factory=dict)  # metric -> value
    evidence: frozenset[str] = frozenset()  # e.g. {"verified_inventory"}

    def metric(self, name: str) -> float | None:
        attribute = FIELD_METRICS.get(name)
        value = getattr(self, attribute) if attribute else self.kpis.get(name)
        return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    criterion: str
    metric: str
    unit: str
    value: float | None
    threshold: float | None
    limit: str
    bound: str
    wording: str
    source: str
    confirmed: bool
    evidence: tuple[str, ...]  # required
    evidence_missing: tuple[str, ...]
    outcome: str  # met | not_met | borderline | missing
    advanced: float | None = None
    meets_advanced: bool | None = None
    explanation: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class Eligibility:
    project: str
    catalogue: str
    status: str
    category: str | None
    category_name: str
    criteria: tuple[CriterionResult, ...]
    explanation: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class KpiResult:
    value: float
    entry: float
    advanced: float
    limit: str
    meets_entry: bool
    meets_advanced: bool
    gap_to_entry: float  # improvement still needed to reach the entry value (0 when met)
    gap_to_advanced: float
    explanation: tuple[Message, ...]


def transition_kpi(
    value: float,
    entry: float | Limit,
    advanced: float | Limit,
    *,
    limit: str = MAX,
    bound: str = INCLUSIVE,
    metric: str = "kpi",
    unit: str = "",
) -> KpiResult:
    """A KPI against its entry and advanced values; a Limit brings its own limit and wording."""
    entry_value, entry_limit, entry_bound, entry_words = _limit_parts(entry, limit, bound)
    adv_value, _, adv_bound, adv_words = _limit_parts(advanced, entry_limit, bound)
    meets_entry = meets(value, entry_value, entry_limit, entry_bound)
    meets_advanced = meets(value, adv_value, entry_limit, adv_bound)
    gap_entry = _gap(value, entry_value, entry_limit)
    gap_advanced = _gap(value, adv_value, entry_limit)
    explanation = [
        message(
            "eligibility.kpi.entry",
            comparison=explain(metric, value, entry_value, entry_limit, entry_bound, entry_words),
        ),
        message(
            "eligibility.kpi.advanced",
            comparison=explain(metric, value, adv_value, entry_limit, adv_bound, adv_words),
        ),
    ]
    if not meets_advanced:
        target, gap = ("entry", gap_entry) if not meets_entry else ("advanced", gap_advanced)
        explanation.append(
            message(
                "eligibility.kpi.gap",
                gap=round(gap, 6),
                unit=unit,
                target=message(f"eligibility.kpi.target.{target}"),
            )
        )
    return KpiResult(
        value,
        entry_value,
        adv_value,
        entry_limit,
        meets_entry,
        meets_advanced,
        gap_entry,
        gap_advanced,
        tuple(explanation),
    )


def _limit_parts(item: float | Limit, limit: str, bound: str) -> tuple[float, str, str, str]:
    if isinstance(item, Limit):
        if item.value is None:
            raise ValueError(f"{item.path}: the threshold is not held; set it first")
        return item.value, item.limit, item.bound, item.wording
    return float(item), limit, bound, ""


def _gap(value: float, target: float, limit: str) -> float:
    return max(0.0, value - target) if limit == MAX else max(0.0, target - value)


def check(project: Project, catalogue: FinanceCatalogue) -> Eligibility:
    """The eligibility of one project (``check_many`` of one)."""
    return check_many([project], catalogue)[0]


def check_many(projects: Sequence[Project], catalogue: FinanceCatalogue) -> tuple[Eligibility, ...]:
    """The eligibility of every project; the comparisons are made in one Polars frame."""
    matches = [_match(project, catalogue) for project in projects]
    rows: dict[str, list[object]] = {k: [] for k in ("p", "c", "value", "threshold", "is_max")}
    rows.update({"inclusive": [], "evidence_ok": []})
    pairs: list[tuple[int, Criterion]] = []
    for index, (project, (category, _, _)) in enumerate(zip(projects, matches, strict=True)):
        for criterion in category.criteria if category else ():
            rows["p"].append(index)
            rows["c"].append(len(pairs))
            rows["value"].append(project.metric(criterion.metric))
            rows["threshold"].append(criterion.threshold.value)
            rows["is_max"].append(criterion.threshold.limit == MAX)
            rows["inclusive"].append(criterion.threshold.bound != EXCLUSIVE)
            rows["evidence_ok"].append(set(criterion.evidence) <= project.evidence)
            pairs.append((index, criterion))
    outcomes = _outcomes(pl.DataFrame(rows, schema=_SCHEMA), catalogue.margin.value or 0.0)
    per_project: list[list[CriterionResult]] = [[] for _ in projects]
    for (index, criterion), outcome in zip(pairs, outcomes, strict=True):
        per_project[index].append(_result(projects[index], criterion, outcome, catalogue))
    return tuple(
        _eligibility(project, catalogue, match, tuple(results))
        for project, match, results in zip(projects, matches, per_project, strict=True)
    )


_SCHEMA = {
    "p": pl.Int64,
    "c": pl.Int64,
    "value": pl.Float64,
    "threshold": pl.Float64,
    "is_max": pl.Boolean,
    "inclusive": pl.Boolean,
    "evidence_ok": pl.Boolean,
}


def outcome_expression(margin: float) -> pl.Expr:
    """The outcome of each comparison row (value, threshold, is_max, inclusive, evidence_ok)."""
    value, threshold = pl.col("value"), pl.col("threshold")
    met = (
        pl.when(pl.col("is_max") & pl.col("inclusive"))
        .then(value <= threshold)
        .when(pl.col("is_max"))
        .then(value < threshold)
        .when(pl.col("inclusive"))
        .then(value >= threshold)
        .otherwise(value > threshold)
    )
    near = (value - threshold).abs() <= threshold.abs() * margin if margin > 0 else pl.lit(False)
    return (
        pl.when(value.is_null() | threshold.is_null() | ~pl.col("evidence_ok"))
        .then(pl.lit(MISSING))
        .when(near)
        .then(pl.lit(NEAR))
        .when(met)
        .then(pl.lit(MET))
        .otherwise(pl.lit(NOT_MET))
    )


def _outcomes(frame: pl.DataFrame, margin: float) -> list[str]:
    if frame.height == 0:
        return []
    return frame.select(outcome_expression(margin).alias("outcome"))["outcome"].to_list()


def _match(
    project: Project, catalogue: FinanceCatalogue
) -> tuple[Category | None, str, tuple[Message, ...]]:
    """The category, the status it forces (or ""), and what was found."""
    name = catalogue.title
    if project.category_code is not None:
        category = catalogue.category(project.category_code)
        if category is None:
            choices = ", ".join(c.code for c in catalogue.categories)
            reason = message(
                "eligibility.category.unknown",
                category=project.category_code,
                catalogue=name,
                choices=choices,
            )
            return None, NOT_ELIGIBLE, (reason,)
        if category.industries and not any(
            project.industry_code.startswith(prefix) for prefix in category.industries
        ):
            reason = message(
                "eligibility.category.industry_mismatch",
                category=category.code,
                catalogue=name,
                industries=", ".join(category.industries),
                industry=project.industry_code,
            )
            return category, NOT_ELIGIBLE, (reason,)
        found = message(
            "eligibility.category.claimed",
            category=category.code,
            name=category.name,
            catalogue=name,
        )
        return category, "", (found, *_code_note(category))
    category = catalogue.for_industry(project.industry_code)
    if category is None:
        status = NOT_ELIGIBLE if catalogue.kind == "transition" else NEEDS_DATA
        reason = message(
            "eligibility.category.none", catalogue=name, industry=project.industry_code
        )
        return None, status, (reason,)
    found = message(
        "eligibility.category.industry",
        category=category.code,
        name=category.name,
        catalogue=name,
        industry=project.industry_code,
    )
    return category, "", (found, *_code_note(category))


def _code_note(category: Category) -> tuple[Message, ...]:
    if category.code_confirmed:
        return ()
    return (message("eligibility.category.code_unconfirmed", category=category.code),)


def _result(
    project: Project, criterion: Criterion, outcome: str, catalogue: FinanceCatalogue
) -> CriterionResult:
    limit = criterion.threshold
    value = project.metric(criterion.metric)
    missing = tuple(e for e in criterion.evidence if e not in project.evidence)
    explanation: list[Message] = []
    if value is None:
        explanation.append(message("eligibility.value_missing", metric=criterion.metric))
    if limit.value is None:
        explanation.append(
            message("eligibility.threshold_missing", metric=criterion.metric, path=limit.path)
        )
    if value is not None and limit.value is not None:
        explanation.append(
            explain(criterion.metric, value, limit.value, limit.limit, limit.bound, limit.wording)
        )
        if outcome == NEAR:
            margin = round((catalogue.margin.value or 0.0) * 100, 6)
            explanation.append(message("eligibility.near", metric=criterion.metric, margin=margin))
        if not limit.confirmed:
            source = limit.source.describe(catalogue.documents)
            explanation.append(
                message(
                    "eligibility.threshold_unconfirmed",
                    metric=criterion.metric,
                    threshold=limit.value,
                    source=source,
                )
            )
    for name in missing:
        explanation.append(
            message("eligibility.evidence_missing", metric=criterion.metric, evidence=name)
        )
    advanced = criterion.advanced.value if criterion.advanced else None
    meets_advanced = None
    if advanced is not None and value is not None and criterion.advanced is not None:
        meets_advanced = meets(value, advanced, criterion.advanced.limit, criterion.advanced.bound)
    return CriterionResult(
        criterion=criterion.id,
        metric=criterion.metric,
        unit=criterion.unit,
        value=value,
        threshold=limit.value,
        limit=limit.limit,
        bound=limit.bound,
        wording=limit.wording,
        source=limit.source.describe(catalogue.documents),
        confirmed=limit.confirmed,
        evidence=criterion.evidence,
        evidence_missing=missing,
        outcome=outcome,
        advanced=advanced,
        meets_advanced=meets_advanced,
        explanation=tuple(explanation),
    )


def _eligibility(
    project: Project,
    catalogue: FinanceCatalogue,
    match: tuple[Category | None, str, tuple[Message, ...]],
    results: tuple[CriterionResult, ...],
) -> Eligibility:
    category, forced, found = match
    explanation = list(found)
    if forced:
        status = forced
    elif category is not None and not category.criteria:
        status = NEEDS_DATA
        explanation.append(
            message("eligibility.no_criteria", category=category.code, catalogue=catalogue.title)
        )
    else:
        outcomes = {result.outcome for result in results}
        status = (
            NOT_ELIGIBLE
            if NOT_MET in outcomes
            else NEEDS_DATA
            if MISSING in outcomes
            else BORDERLINE
            if NEAR in outcomes
            else ELIGIBLE
        )
    for result in results:
        explanation.extend(result.explanation)
    return Eligibility(
        project=project.id,
        catalogue=catalogue.key,
        status=status,
        category=category.code if category else None,
        category_name=category.name if category else "",
        criteria=results,
        explanation=tuple(explanation),
    )
