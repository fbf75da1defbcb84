"""District and park targets the secretariat sets (``DistrictTarget``).

``target_set`` checks a target with the core's rules (``target_problems``: a target year not
after the base year, both or neither of change and level; ``explicit_trajectory``: yearly points
before the base year or after the target year, or an end point that contradicts the target) and
refuses it naming the field and the reason in the user's language. A new target replaces the
active one of the same scope, park and metric: the old row stays, inactive, and the audit ledger
records both ("district.target.set").

Yearly points (method "explicit"): for a target given as a ``change``, each point is the change
from the base year in that year (a fraction, -0.05 = 5 % below the base year), so the point at
the target year must equal the change; for a target given as a ``level``, each point is the
value in the metric's unit and the point at the target year must equal the level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.progress import Target, explicit_trajectory, target_problems
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.district.core_targets import core_target, points_as_values
from greenledger.web.district.models import (
    DistrictTarget,
    OutputBasis,
    TargetMetric,
    TargetScope,
    TrajectoryMethod,
)
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.reporting.services._common import now, require
from greenledger.web.ui.core_messages import render

__all__ = ["TARGET_FIELDS", "target_set"]

TARGET_FIELDS = [
    "scope",
    "park",
    "metric",
    "base_year",
    "target_year",
    "change",
    "level",
    "method",
    "points",
    "output_basis",
    "note",
    "active",
]


def _point_reason(problem: Problem, target: Target, points: Mapping[int, float]) -> str:
    """A refused yearly point; a change target's contradicting point in its own terms (the
    change from the base year in %), not on the index the check runs on."""
    year = problem.row
    if (
        problem.message.code == "progress.trajectory.contradicts"
        and target.change is not None
        and year in points
    ):
        expected = 0.0 if year == target.base_year else target.change
        return _(
            "The point for %(year)s, %(value)+.2f %%, contradicts the target: it means "
            "%(expected)+.2f %% from the base year in that year."
        ) % {"year": year, "value": points[year] * 100, "expected": expected * 100}
    return render(problem.message)


def _field_of(problem: Problem) -> str:
    if problem.column in ("scope", "metric", "target_year", "change", "level"):
        return str(problem.column)
    if problem.message.code == "progress.target.change_or_level":
        return "change"
    return "__all__"


def _clean_points(
    points: Mapping[Any, Any] | None, errors: dict[str, list[str]]
) -> dict[int, float]:
    cleaned: dict[int, float] = {}
    for year, value in (points or {}).items():
        try:
            number = float(value)
            whole = int(str(year))
        except (TypeError, ValueError):
            errors.setdefault("points", []).append(
                _("The point %(year)s: %(value)s is not a year and a number.")
                % {"year": year, "value": value}
            )
            continue
        if not math.isfinite(number):
            errors.setdefault("points", []).append(
                _("The point for %(year)s is not a finite number.") % {"year": whole}
            )
            continue
        cleaned[whole] = number
    return cleaned


@transaction.atomic
def target_set(
    *,
    actor: Any,
    scope: str,
    park: Site | None = None,
    metric: str,
    base_year: int,
    target_year: int,
    change: float | None = None,
    level: float | None = None,
    method: str = TrajectoryMethod.GEOMETRIC,
    points: Mapping[Any, Any] | None = None,
    output_basis: str = OutputBasis.REPORTED,
    note: str = "",
) -> DistrictTarget:
    """Set the district's or a park's target for one indicator, replacing the active one."""
    require(
        permissions.can_manage_district_accounts(actor),
        _("Only the district's staff set targets."),
    )
    errors: dict[str, list[str]] = {}
    if scope not in TargetScope.values:
        errors["scope"] = [_("Choose the district or an industrial park.")]
    if scope == TargetScope.PARK and park is None:
        errors["park"] = [_("A park's target names the park.")]
    if scope == TargetScope.DISTRICT and park is not None:
        errors["park"] = [_("A district target names no park.")]
    if park is not None and park.kind != SiteKind.PARK:
        errors["park"] = [_("%(site)s is not an industrial park.") % {"site": park.name_zh}]
    if metric not in TargetMetric.values:
        errors["metric"] = [_("Choose one of the indicators.")]
    if method not in TrajectoryMethod.values:
        errors["method"] = [_("Choose a trajectory: constant rate, linear or yearly points.")]
    if output_basis not in OutputBasis.values:
        errors["output_basis"] = [_("Choose reported or constant-price output value.")]
    for name, year in (("base_year", base_year), ("target_year", target_year)):
        if not 1990 <= int(year) <= 2100:
            errors[name] = [_("The year must lie between 1990 and 2100.")]
    if metric == TargetMetric.TOTAL_CO2 and output_basis == OutputBasis.CONSTANT:
        errors["output_basis"] = [_("Total emissions do not depend on output value.")]
    cleaned = _clean_points(points, errors)
    if method == TrajectoryMethod.EXPLICIT and not cleaned and "points" not in errors:
        errors["points"] = [_("Give at least one yearly point for a trajectory of yearly points.")]
    if method != TrajectoryMethod.EXPLICIT and cleaned:
        errors["points"] = [_("Yearly points need the trajectory of yearly points.")]
    if errors:
        raise ValidationError(errors)
    target = core_target(
        scope=scope,
        park=park,
        metric=metric,
        base_year=base_year,
        target_year=target_year,
        change=change,
        level=level,
        note=note,
    )
    for problem in target_problems(target):
        errors.setdefault(_field_of(problem), []).append(render(problem.message))
    if not errors and method == TrajectoryMethod.EXPLICIT:
        # A change target's points are relative to the base year: checked exactly on an index
        # with the base year at 1. A level target's base-year value is the actual, unknown
        # here: checked against its end point (the level) and the years only.
        base = 1.0 if change is not None else cleaned.get(int(base_year), float(level or 1.0))
        try:
            explicit_trajectory(target, base, points_as_values(target, base, cleaned))
        except InputError as error:
            errors["points"] = [_point_reason(p, target, cleaned) for p in error.problems]
    if errors:
        raise ValidationError(errors)
    replaced = list(
        DistrictTarget.objects.select_for_update().filter(
            scope=scope, park=park, metric=metric, active=True
        )
    )
    for old in replaced:
        old.active = False
        old.save(update_fields=["active"])
    created = DistrictTarget.objects.create(
        scope=scope,
        park=park,
        metric=metric,
        base_year=int(base_year),
        target_year=int(target_year),
        change=change,
        level=level,
        method=method,
        points={str(y): v for y, v in sorted(cleaned.items())},
        output_basis=output_basis,
        note=note.strip(),
        active=True,
        set_by=actor,
        set_at=now(),
    )
    audit_append(
        actor=actor,
        action="district.target.set",
        obj=created,
        before={"replaced": [snapshot(old, ["id", *TARGET_FIELDS]) for old in replaced]},
        after=snapshot(created, TARGET_FIELDS),
    )
    return created
