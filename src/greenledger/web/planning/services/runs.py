"""Solving a plan's scenario and committing to its pathway.

``plan_solve`` builds the core input of one scenario (``selectors.plans.plan_input``: the split
baseline, resolved targets, enabled measures, the scenario applied), computes the abatement
cost curve in the private view (the scenario's discount rate) and the social view (the plan's
social rate) with their notes, and the least-cost pathway (core ``optimise``); it keeps them as a
``PlanRun`` with the baseline without measures and the caps of the target years (for the
charts), the plan file the core solved (for download and replay) and the provenance: the
catalogue, the grid-factor path, the core and the inventory versions. The run is keyed by the
sha256 of the canonical JSON of the core input, the social rate and the core version: an
identical earlier run of the same scenario is returned instead of solving again (no new ledger
entry); a new run is audited ("planning.run.solve").

``plan_commit`` makes one run's pathway the enterprise's commitment: its emissions every year
from the start to the end year (linear between model years, core ``yearly_path``) and its
adoptions. Only a current run (the plan unchanged since) whose pathway meets the targets can be
committed; a new commitment replaces the plan's earlier one (audited "planning.plan.commit",
with the one it replaced).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import greenledger
from greenledger.core.planning.catalogue import DEFAULT_PATH as CATALOGUE_PATH
from greenledger.core.planning.commitment import yearly_path
from greenledger.core.planning.costs import macc, macc_notes
from greenledger.core.planning.model import PlanInput
from greenledger.core.planning.pathway import optimise
from greenledger.core.planning.report import macc_to_json, pathway_to_json, plan_to_json
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.planning.models import (
    Commitment,
    Plan,
    PlanRun,
    PlanStatus,
    ProposalKind,
    ProposalStatus,
    Scenario,
    TechnologyProposal,
)
from greenledger.web.planning.selectors.plans import grid_paths
from greenledger.web.planning.selectors.runs import core_input_of, inputs_digest, is_current
from greenledger.web.reporting.services._common import now

__all__ = ["plan_commit", "plan_solve", "solve_time_limit"]

#: the fields of a run the ledger records
RUN_FIELDS = ["plan", "scenario", "inputs_digest", "status", "npv_yuan", "gap", "solve_seconds"]


def solve_time_limit() -> float:
    """Seconds the pathway solver may take (setting ``PLANNING_SOLVE_TIME_LIMIT_S``, 10 s)."""
    return float(getattr(settings, "PLANNING_SOLVE_TIME_LIMIT_S", 10.0))


def _catalogue_version() -> dict[str, Any]:
    published = TechnologyProposal.objects.filter(
        kind=ProposalKind.TECHNOLOGY, status=ProposalStatus.PUBLISHED
    ).order_by("id")
    return {
        "file": CATALOGUE_PATH.name,
        "sha256": hashlib.sha256(CATALOGUE_PATH.read_bytes()).hexdigest(),
        "published_proposals": list(published.values_list("id", flat=True)),
    }


def _grid_path(key: str) -> dict[str, Any]:
    path = grid_paths().get(key)
    if path is None:
        return {"key": key}
    return {"key": key, "source": path.source, "confirmed": path.confirmed, "unit": path.unit}


def _provenance(plan: Plan, scenario: Scenario) -> dict[str, Any]:
    baseline = plan.baseline if isinstance(plan.baseline, dict) else {}
    return {
        "catalogue": _catalogue_version(),
        "grid_path": _grid_path(scenario.grid_path),
        "core": {"version": greenledger.__version__, "solver": "scipy.optimize.milp (HiGHS)"},
        "inventory": {
            "submission_id": plan.submission_id,
            "version_id": plan.version_id,
            "year": plan.inventory_year,
            **dict(baseline.get("provenance") or {}),
        },
    }


def _result(core_input: PlanInput, social_rate: float, time_limit: float) -> dict[str, Any]:
    started = time.perf_counter()
    pathway = optimise(core_input, time_limit_s=time_limit)
    years = pathway.years or tuple(sorted(pathway.emissions_t))
    return {
        "macc": macc_to_json(macc(core_input)),
        "macc_notes": [n.as_dict() for n in macc_notes(core_input)],
        "macc_social": macc_to_json(macc(core_input, rate=social_rate)),
        "macc_social_notes": [n.as_dict() for n in macc_notes(core_input, rate=social_rate)],
        "social_rate": social_rate,
        "pathway": pathway_to_json(pathway),
        "baseline_t": {str(y): core_input.baseline_emissions_t(y) for y in years},
        "caps_t": {str(t.year): core_input.cap_t(t) for t in core_input.targets},
        "carbon_price_yuan_per_t": core_input.carbon_price_yuan_per_t,
        "wall_seconds": time.perf_counter() - started,
    }


@transaction.atomic
def plan_solve(*, actor: Any, plan: Plan, scenario: Scenario) -> PlanRun:
    """The curve and pathway of ``scenario`` (see the module's docstring): an identical
    earlier run, or a new one."""
    if not permissions.can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the enterprise's energy manager solves its plan."))
    if scenario.plan_id != plan.pk:
        raise ValidationError({"scenario": [_("This scenario belongs to another plan.")]})
    core_input = core_input_of(plan, scenario)
    digest = inputs_digest(core_input, social_rate=plan.social_rate)
    earlier = (
        PlanRun.objects.filter(plan=plan, scenario=scenario, inputs_digest=digest)
        .order_by("-created_at", "-id")
        .first()
    )
    if earlier is not None:
        return earlier
    result = _result(core_input, plan.social_rate, solve_time_limit())
    pathway = result["pathway"]
    run = PlanRun.objects.create(
        plan=plan,
        scenario=scenario,
        inputs_digest=digest,
        inputs=plan_to_json(core_input),
        status=pathway["status"],
        result=result,
        npv_yuan=pathway["npv_yuan"],
        gap=pathway["gap"],
        solve_seconds=pathway["solve_seconds"],
        provenance=_provenance(plan, scenario),
        created_by=actor,
        created_at=now(),
    )
    audit_append(actor=actor, action="planning.run.solve", obj=run, after=snapshot(run, RUN_FIELDS))
    return run


COMMITMENT_FIELDS = ["plan", "run", "emissions_t", "adoptions", "committed_at"]


@transaction.atomic
def plan_commit(*, actor: Any, plan: Plan, run: PlanRun) -> Commitment:
    """Make ``run``'s pathway the enterprise's commitment (see the module's docstring)."""
    if not permissions.can_edit_plan(actor, plan):
        raise PermissionDenied(_("Only the enterprise's energy manager commits its plan."))
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if run.plan_id != plan.pk:
        raise ValidationError({"run": [_("This run belongs to another plan.")]})
    if run.status == "infeasible":
        raise ValidationError(
            {"run": [_("This pathway misses the targets: it cannot be committed.")]}
        )
    if not is_current(run, plan):
        raise ValidationError(
            {"run": [_("The plan changed since this run: solve the scenario again, then commit.")]}
        )
    pathway = run.result["pathway"]
    yearly = yearly_path(
        {int(y): float(v) for y, v in pathway["emissions_t"].items()},
        plan.start_year,
        plan.end_year,
    )
    values = {
        "run": run,
        "emissions_t": {str(y): v for y, v in sorted(yearly.items())},
        "adoptions": list(pathway["adoptions"]),
        "committed_by": actor,
        "committed_at": now(),
    }
    earlier = Commitment.objects.filter(plan=plan).first()
    before = None if earlier is None else snapshot(earlier, COMMITMENT_FIELDS)
    if earlier is None:
        commitment = Commitment.objects.create(plan=plan, **values)
    else:
        for name, value in values.items():
            setattr(earlier, name, value)
        earlier.save()
        commitment = earlier
    plan.status = PlanStatus.COMMITTED
    plan.save(update_fields=["status"])
    audit_append(
        actor=actor,
        action="planning.plan.commit",
        obj=commitment,
        before=before,
        after=snapshot(commitment, COMMITMENT_FIELDS),
    )
    return commitment
