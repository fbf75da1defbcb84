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

Why the figures moved (``decomposition``): additive LMDI-I (Ang 2004, 2005) of the change in
GB/T 32150 total emissions between two years over enterprises i and energy carriers j,
C = sum_ij Q S_i I_i M_ij F_ij (output, output share, tce per 10^4 yuan, carrier share, tCO2e
per tce); effect of X = sum_ij L(C_ij^T, C_ij^0) ln(X_ij^T / X_ij^0). Process/fugitive net of
exports (``other``), entering and leaving enterprises are their own terms, so the terms add up
exactly to the total change; zeros follow the small-value rule of Ang & Liu (2007). By park,
by industry and the top enterprises each way; ``frames.decompose_frames`` does the same from the
columnar fact table (20,000 enterprises well under a second). Coordinated reduction
(``coordinated``): CO2e beside SO2, NOx, PM, VOCs changes, quadrants, and kg of pollutant cut
per tCO2e cut.
"""

from __future__ import annotations

from greenledger.core.progress.accounts import FactFrames, fact_frames
from greenledger.core.progress.budgets import (
    Allocation,
    AllocationMethod,
    Budget,
    BudgetAlert,
    EnterpriseData,
    allocate_budgets,
    budget_alerts,
)
from greenledger.core.progress.coordinated import (
    CoordinatedChange,
    CoordinatedReduction,
    coordinated_reduction,
    quadrant,
)
from greenledger.core.progress.decomposition import (
    Decomposition,
    EnterpriseContribution,
    EnterpriseYear,
    GroupChange,
    decompose,
    group_by,
    top_enterprises,
)
from greenledger.core.progress.deflation import Deflated, PriceIndex, deflate, load_price_index
from greenledger.core.progress.frames import decompose_frames
from greenledger.core.progress.keyunits import (
    KeyUnitClass,
    KeyUnitThresholds,
    classify_key_unit,
    load_key_unit_thresholds,
)
from greenledger.core.progress.summary import progress_summary
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
    "Allocation",
    "AllocationMethod",
    "Budget",
    "BudgetAlert",
    "EnterpriseData",
    "FactFrames",
    "KeyUnitClass",
    "KeyUnitThresholds",
    "allocate_budgets",
    "budget_alerts",
    "classify_key_unit",
    "load_key_unit_thresholds",
    "CoordinatedChange",
    "CoordinatedReduction",
    "Decomposition",
    "EnterpriseContribution",
    "EnterpriseYear",
    "GroupChange",
    "Deflated",
    "PriceIndex",
    "Progress",
    "ProgressRules",
    "SourceDocument",
    "Target",
    "Trajectory",
    "assess_progress",
    "coordinated_reduction",
    "decompose",
    "decompose_frames",
    "deflate",
    "explicit_trajectory",
    "fact_frames",
    "group_by",
    "load_price_index",
    "load_targets",
    "progress_summary",
    "quadrant",
    "rate_needed",
    "target_problems",
    "top_enterprises",
    "trajectory",
]
