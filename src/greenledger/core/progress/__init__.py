"""District progress: targets as data, trajectories, carbon dual control, decomposition.

Pure functions (no Django) that the ``district`` web app and the ``greenledger progress`` CLI call.

Targets and trajectories (``targets``): published targets are data in ``data/targets.yaml``
(national 14th FYP energy intensity -13.5 % and CO2 intensity -18 % from 2020 to 2025, the 15th
FYP CO2 intensity -17 % as reported in March 2026, non-fossil share 25 % by 2030, Shanghai's
targets), each with its source document and a ``confirmed`` flag (true only when checked
against the official text). The secretariat's district and park targets use the same model.
A trajectory runs from the base year to the target year at a constant annual rate
(``v0 * (vT / v0) ** ((y - b) / (T - b))``, default), linearly, or through explicit yearly
points; progress is on track / at risk / off track against it, with the annual rate still
needed ``(vT / actual) ** (1 / years left) - 1``. ``deflation`` turns nominal output value
into constant prices with a price-index table that names its source.

Carbon dual control (``budgets``): yearly budgets for key enterprises by grandfathering
(base-year emissions x (1 - r) ** (year - base)), intensity benchmark x output, or a weighted
mix, scaled or not to the district cap (the gap reported), and alerts when verified emissions
exceed the budget or the trajectory. ``keyunits`` classifies key energy-consuming units
(thresholds as data in ``data/key_energy_units.yaml``).
"""

from __future__ import annotations

from greenledger.core.progress.deflation import Deflated, PriceIndex, deflate, load_price_index
from greenledger.core.progress.targets import (
    Progress,
    ProgressRules,
    SourceDocument,
    Target,
    Trajectory,
    assess_progress,
    explicit_trajectory,
    load_targets,
    rate_needed,
    target_problems,
    trajectory,
)

__all__ = [
    "Deflated",
    "PriceIndex",
    "Progress",
    "ProgressRules",
    "SourceDocument",
    "Target",
    "Trajectory",
    "assess_progress",
    "deflate",
    "explicit_trajectory",
    "load_price_index",
    "load_targets",
    "rate_needed",
    "target_problems",
    "trajectory",
]
