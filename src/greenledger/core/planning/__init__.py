"""Decarbonisation planning: plans, abatement cost curves and pathways.

``model`` holds the plan as data and its loader; ``costs`` the annualised costs and the
marginal abatement cost curve; ``pathway`` the optimiser.
"""

from __future__ import annotations

from greenledger.core.planning.model import EndUse, Measure, PlanInput, Target, load_plan

__all__ = ["EndUse", "Measure", "PlanInput", "Target", "load_plan"]
