"""Writes of financing projects: an enterprise turns measures of its plan into a project.

The project's figures come from the planning engine on the plan's input (``plan_input``)
restricted to the chosen measures: the marginal abatement cost curve (``core.planning.costs
.macc``) at the plan's private discount rate gives each measure's annual energy saving,
abatement and annualised cost on what remains of its end use after the project's other
measures (measures of the plan that are not in the project do not enter). The project's capex
is the sum of its measures' capex, its cost per tonne the sum of the annualised costs over the
sum of the abatements. ``provenance`` keeps the plan, its inventory version and year, the rate
and each measure's figures, so a reader can redo the arithmetic.

Only the enterprise's energy manager writes (``permissions.can_manage_projects``); each write is
all-or-nothing and appends to the audit ledger (``finance.project.*``). A refusal is a
``ValidationError`` naming the field, in the user's language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.finance.catalogue import available_catalogues, load_finance_catalogue
from greenledger.core.planning.costs import macc
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.finance.models import Project, ProjectKind, ProjectStatus
from greenledger.web.members.models import Organisation, Site
from greenledger.web.planning.models import Plan
from greenledger.web.planning.selectors.plans import plan_input
from greenledger.web.reporting.services._common import invalid, require

__all__ = ["PROJECT_FIELDS", "measure_figures", "project_create", "project_update"]

PROJECT_FIELDS = [
    "name",
    "kind",
    "site",
    "plan",
    "measure_ids",
    "capex_yuan",
    "energy_saving_tce",
    "abatement_t",
    "cost_per_t",
    "start_year",
    "end_year",
    "timeline",
    "categories",
    "kpis",
    "status",
    "listed",
]
FIRST_YEAR, LAST_YEAR = 2000, 2100


def measure_figures(plan: Plan, measure_ids: Sequence[str]) -> dict[str, Any]:
    """The project's figures from the plan's measures ``measure_ids`` (see the module
    docstring): capex, energy saving, abatement, cost per tonne, start year and provenance."""
    ids = [str(m) for m in measure_ids]
    if not ids:
        raise invalid("measure_ids", _("Choose at least one measure of the plan."))
    if len(set(ids)) != len(ids):
        raise invalid("measure_ids", _("A measure is chosen twice."))
    try:
        base = plan_input(plan)
    except InputError as error:
        raise invalid(
            "plan", _("The plan is not complete: %(reason)s") % {"reason": error}
        ) from error
    by_id = {m.id: m for m in base.measures}
    unknown = [m for m in ids if m not in by_id]
    if unknown:
        raise invalid(
            "measure_ids",
            _("The plan has no measure %(ids)s.") % {"ids": ", ".join(unknown)},
        )
    chosen = tuple(by_id[m] for m in ids)
    for measure in chosen:
        missing = [r for r in measure.requires if r not in ids]
        if missing:
            raise invalid(
                "measure_ids",
                _("Measure %(id)s needs %(requires)s in the same project.")
                % {"id": measure.id, "requires": ", ".join(missing)},
            )
    rate = base.discount_rate
    steps = {s.id: s for s in macc(dataclasses.replace(base, measures=chosen), rate=rate)}
    left_out = [m for m in ids if m not in steps]
    if left_out:
        raise invalid(
            "measure_ids",
            _("Measures %(ids)s exclude each other: choose one of them.")
            % {"ids": ", ".join(left_out)},
        )
    rows = [
        {
            "id": m.id,
            "end_use": m.end_use,
            "capex_yuan": m.capex_yuan,
            "energy_saving_tce": steps[m.id].annual_energy_saving_tce,
            "abatement_t": steps[m.id].annual_abatement_t,
            "annualised_cost_yuan": steps[m.id].annualised_cost_yuan,
            "cost_per_t": steps[m.id].cost_per_t,
        }
        for m in chosen
    ]
    abatement = sum(float(r["abatement_t"]) for r in rows)
    annual_cost = sum(float(r["annualised_cost_yuan"]) for r in rows)
    starts = [m.earliest_year or base.start_year for m in chosen]
    return {
        "capex_yuan": sum(m.capex_yuan for m in chosen),
        "energy_saving_tce": sum(float(r["energy_saving_tce"]) for r in rows),
        "abatement_t": abatement,
        "cost_per_t": annual_cost / abatement if abatement > 0 else None,
        "start_year": max(starts),
        "end_year": max(starts) + max(m.lifetime_years for m in chosen) - 1,
        "provenance": {
            "method": "macc",
            "plan": plan.pk,
            "plan_name": plan.name,
            "inventory_version": plan.version_id,
            "inventory_year": plan.inventory_year,
            "submission": plan.submission_id,
            "discount_rate": rate,
            "energy_price_yuan_per_tce": base.energy_price_yuan_per_tce,
            "annualised_cost_yuan": annual_cost,
            "measures": rows,
        },
    }


def _clean_timeline(timeline: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for number, item in enumerate(timeline, start=1):
        year = item.get("year")
        milestone = str(item.get("milestone") or "").strip()
        if (
            isinstance(year, bool)
            or not isinstance(year, int)
            or not (FIRST_YEAR <= year <= LAST_YEAR)
        ):
            raise invalid(
                "timeline",
                _("Milestone %(n)s: the year must be a whole year between %(a)s and %(b)s.")
                % {"n": number, "a": FIRST_YEAR, "b": LAST_YEAR},
            )
        if not milestone:
            raise invalid("timeline", _("Milestone %(n)s: say what happens.") % {"n": number})
        cleaned.append({"year": year, "milestone": milestone})
    return sorted(cleaned, key=lambda item: item["year"])


def _clean_site(site: Site | None, organisation: Organisation) -> Site | None:
    if site is not None and site.organisation_id != organisation.pk:
        raise invalid("site", _("The site is not one of the enterprise's sites."))
    return site


def _clean_kind(kind: str) -> str:
    if kind not in ProjectKind.values:
        raise invalid("kind", _("The kind must be green or transition."))
    return kind


def _clean_categories(categories: Mapping[str, Any]) -> dict[str, str]:
    known = set(available_catalogues())
    cleaned: dict[str, str] = {}
    for key, code in categories.items():
        if key not in known:
            raise invalid("categories", _("Unknown catalogue %(key)s.") % {"key": key})
        code = str(code or "").strip()
        if not code:
            continue
        if load_finance_catalogue(key).category(code) is None:
            raise invalid(
                "categories",
                _("Catalogue %(key)s has no category %(code)s.") % {"key": key, "code": code},
            )
        cleaned[key] = code
    return cleaned


def _clean_kpis(kpis: Mapping[str, Any]) -> dict[str, float]:
    cleaned: dict[str, float] = {}
    for metric, value in kpis.items():
        if value is None or value == "":
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            raise invalid(
                "kpis", _("KPI %(metric)s must be a number of at least 0.") % {"metric": metric}
            )
        cleaned[str(metric)] = number
    return cleaned


def _state(project: Project) -> dict[str, Any]:
    return snapshot(project, [*PROJECT_FIELDS, "organisation", "provenance"])


@transaction.atomic
def project_create(
    *,
    actor: Any,
    organisation: Organisation,
    plan: Plan,
    measure_ids: Sequence[str],
    name: str,
    kind: str,
    site: Site | None = None,
    timeline: Iterable[Mapping[str, Any]] = (),
    categories: Mapping[str, Any] | None = None,
    kpis: Mapping[str, Any] | None = None,
) -> Project:
    """A draft financing project of ``organisation`` from measures of its ``plan``."""
    require(
        permissions.can_manage_projects(actor, organisation),
        _("Only the enterprise's energy manager makes its financing projects."),
    )
    if plan.organisation_id != organisation.pk:
        raise invalid("plan", _("The plan is not one of the enterprise's plans."))
    name = (name or "").strip()
    if not name:
        raise invalid("name", _("Give the project a name."))
    figures = measure_figures(plan, measure_ids)
    moment = timezone.now()
    project = Project.objects.create(
        organisation=organisation,
        site=_clean_site(site, organisation),
        plan=plan,
        name=name[:200],
        kind=_clean_kind(kind),
        measure_ids=[str(m) for m in measure_ids],
        timeline=_clean_timeline(timeline),
        categories=_clean_categories(categories or {}),
        kpis=_clean_kpis(kpis or {}),
        status=ProjectStatus.DRAFT,
        created_by=actor,
        created_at=moment,
        updated_at=moment,
        **figures,
    )
    audit_append(actor=actor, action="finance.project.create", obj=project, after=_state(project))
    return project


UPDATABLE = {"name", "kind", "site", "timeline", "categories", "kpis", "measure_ids"}


@transaction.atomic
def project_update(*, actor: Any, project: Project, **fields: Any) -> Project:
    """Change the project's name, kind, site, timeline, claimed categories, KPIs or measures
    (new measures recompute the figures from the plan). A withdrawn or financed project is kept
    as it is."""
    require(
        permissions.can_manage_projects(actor, project.organisation),
        _("Only the enterprise's energy manager changes its financing projects."),
    )
    unknown = sorted(set(fields) - UPDATABLE)
    if unknown:
        raise ValidationError({key: [_("This field cannot be changed here.")] for key in unknown})
    if project.status in (ProjectStatus.FINANCED, ProjectStatus.WITHDRAWN):
        raise invalid("status", _("A financed or withdrawn project is kept as it is."))
    before = _state(project)
    if "name" in fields:
        name = str(fields["name"] or "").strip()
        if not name:
            raise invalid("name", _("Give the project a name."))
        project.name = name[:200]
    if "kind" in fields:
        project.kind = _clean_kind(str(fields["kind"] or ""))
    if "site" in fields:
        project.site = _clean_site(fields["site"], project.organisation)
    if "timeline" in fields:
        project.timeline = _clean_timeline(fields["timeline"] or ())
    if "categories" in fields:
        project.categories = _clean_categories(fields["categories"] or {})
    if "kpis" in fields:
        project.kpis = _clean_kpis(fields["kpis"] or {})
    if "measure_ids" in fields:
        if project.plan is None:
            raise invalid("measure_ids", _("The project has no plan to take measures from."))
        figures = measure_figures(project.plan, fields["measure_ids"] or ())
        project.measure_ids = [str(m) for m in fields["measure_ids"] or ()]
        for key, value in figures.items():
            setattr(project, key, value)
    project.updated_at = timezone.now()
    project.save()
    audit_append(
        actor=actor, action="finance.project.update", obj=project, before=before,
        after=_state(project),
    )  # fmt: skip
    return project
