"""The core's view of a target the secretariat set (``core.progress.Target``), and its yearly
points in the metric's unit: shared by the service that checks a new target and the selectors
that follow its progress."""

from __future__ import annotations

from collections.abc import Mapping

from greenledger.core.progress import Target
from greenledger.core.progress.targets import SourceDocument
from greenledger.web.district.models import TargetMetric
from greenledger.web.members.models import Site


def core_target(
    *,
    scope: str,
    park: Site | None,
    metric: str,
    base_year: int,
    target_year: int,
    change: float | None,
    level: float | None,
    note: str = "",
    ident: str = "new",
) -> Target:
    """The core's view of a district target (its source: the secretariat's own decision)."""
    scope_name = (park.name_zh if park is not None else "") or ""
    label = str(TargetMetric(metric).label) if metric in TargetMetric.values else str(metric)
    return Target(
        id=f"{scope_name} · {label}" if scope_name else label,
        scope=scope,
        metric=str(metric),
        base_year=int(base_year),
        target_year=int(target_year),
        source=SourceDocument(
            issuer="district secretariat",
            title=note or "district target",
            number=ident,
            edition="-",
            clause="-",
        ),
        change=change,
        level=level,
        confirmed=True,
        note=note,
        kind="set by the district",
        scope_name=scope_name,
    )


def points_as_values(
    target: Target, base_value: float, points: Mapping[int, float]
) -> dict[int, float]:
    """The yearly points in the metric's unit: a change target's points are changes from the
    base year (fractions), a level target's points are values already."""
    if target.change is not None:
        return {int(y): base_value * (1.0 + float(p)) for y, p in points.items()}
    return {int(y): float(p) for y, p in points.items()}
