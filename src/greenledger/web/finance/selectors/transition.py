"""Transition-loan KPI tracking: year by year, a transition borrower's carbon intensity (its
emissions per unit of physical product) from its verified inventories, against the transition
catalogue's entry value (降碳准入值) and advanced value (先进值).

A position is tracked when its catalogue is the Shanghai transition catalogue or when it
finances a transition project (``Project.kind``). The same loan appears once per portfolio year
(``Position.position``); its track is shown once, from its newest year's row.

For each year the borrower (a member) has a VERIFIED inventory and shares its inventories with
the institution (``permissions.active_grants``, scope inventories: a revoked or expired grant
shows nothing), the KPI is the inventory's GB/T 32150 emissions (the figure PCAF attributes) over
the product output recorded in that inventory (activity ``product_output`` with its product and
unit: the reporting app's ``InventoryResult.enterprise_totals`` ``product_output`` /
``product_unit``). An inventory with no product output, or with several products (their
emissions cannot be split without an allocation rule), has no KPI: "needs data", never a guess.
Each inventory read is logged (``accounts.services.access_log``), as every read of shared data;
when the grant that covered them was revoked or has expired, each attempt is logged as refused
(``accounts.services.access_refused``) and nothing is shown.

The entry and advanced values come from ``services.eligibility.catalogue`` (the platform's and
the secretariat's settings applied): the category is the position's transition catalogue code,
else the one covering the borrower's GB/T 4754 industry (the position's sector for an outside
borrower). A value the catalogue does not publish and nobody has set gives "needs setting"; the
comparison is core ``eligibility.transition_kpi``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from greenledger.core.finance import eligibility as core
from greenledger.core.finance.catalogue import Category, Criterion, FinanceCatalogue
from greenledger.web.accounts import permissions
from greenledger.web.finance.models import Position, ProjectKind
from greenledger.web.finance.services import eligibility as eligibility_services
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.models import (
    ActivityRecord,
    InventoryResult,
    Submission,
    SubmissionStatus,
)
from greenledger.web.reporting.selectors import latest_inventory

__all__ = [
    "ADVANCED",
    "BELOW_ENTRY",
    "CATALOGUE",
    "ENTRY",
    "NEEDS_DATA",
    "NEEDS_SETTING",
    "TrackYear",
    "TransitionTrack",
    "transition_json",
    "transition_positions",
    "transition_tracking",
]

CATALOGUE = "shanghai_transition_2024"
EMISSIONS = "gbt32150_co2e_t"  # as PCAF attributes a verified inventory (services.portfolio)
# a year's status
ADVANCED, ENTRY, BELOW_ENTRY = "advanced", "entry", "below_entry"
NEEDS_DATA, NEEDS_SETTING = "needs_data", "needs_setting"
# why a year has no KPI (needs data)
NO_PRODUCT, SEVERAL_PRODUCTS, NO_EMISSIONS = "no_product_output", "several_products", "no_emissions"
# why a needs-setting year has no values: no category of the catalogue covers the industry
NO_CATEGORY = "no_category"
# why a track has no years
NOT_A_MEMBER, NOT_SHARED, NO_VERIFIED = "not_a_member", "not_shared", "no_verified_inventory"


@dataclass(frozen=True)
class TrackYear:
    year: int
    kpi: float | None  # tCO2e per unit of product
    entry: float | None
    advanced: float | None
    status: str  # advanced | entry | below_entry | needs_data | needs_setting
    gap_to_entry: float | None  # the reduction still needed to reach the entry value (0: met)
    gap_to_advanced: float | None
    # the verified data behind the figure: {"submission", "version", "inventory",
    # "version_number"}
    evidence: dict[str, int]
    emissions_tco2e: float | None
    product_output: float | None
    product_unit: str
    reason: str = ""  # why a needs-data year has no KPI (or a needs-setting one no category)


@dataclass(frozen=True)
class TransitionTrack:
    position: Position  # the loan's newest portfolio row
    borrower: Organisation | None  # None for an outside company
    industry: str  # GB/T 4754-2017 code
    unit: str  # of the KPI, e.g. "tCO2e/t"
    years: list[TrackYear]
    catalogue: str
    category: str  # the transition catalogue's category code, "" when none covers the industry
    category_name: str
    category_name_en: str
    confirmed: bool  # both values confirmed against the catalogue's text
    source: str  # where the entry value comes from (a setting's note says so)
    reason: str = ""  # why there are no years: not_a_member | not_shared | no_verified_inventory


def transition_positions(institution: Organisation) -> list[Position]:
    """The institution's transition loans, each once (its newest year's row)."""
    rows = (
        Position.objects.filter(institution=institution)
        .filter(Q(catalogue=CATALOGUE) | Q(project__kind=ProjectKind.TRANSITION))
        .select_related("borrower", "project")
        .order_by("position", "-year")
    )
    newest: dict[str, Position] = {}
    for row in rows:
        newest.setdefault(row.position, row)
    return list(newest.values())


def _category(position: Position, industry: str, rules: FinanceCatalogue) -> Category | None:
    if position.catalogue == CATALOGUE and position.catalogue_code:
        found = rules.category(position.catalogue_code)
        if found is not None:
            return found
    return rules.for_industry(industry) if industry else None


def _kpi_criterion(category: Category | None) -> Criterion | None:
    if category is None:
        return None
    return next((c for c in category.criteria if c.advanced is not None), None)


def _products(inventory: InventoryResult) -> int:
    return (
        ActivityRecord.objects.filter(version_id=inventory.version_id)
        .exclude(product_unit="")
        .values_list("product", "activity")
        .distinct()
        .count()
    )


def _year(
    submission: Submission, inventory: InventoryResult, criterion: Criterion | None
) -> TrackYear:
    totals = inventory.enterprise_totals
    emissions = totals.get(EMISSIONS)
    output = totals.get("product_output")
    unit = str(totals.get("product_unit") or "")
    evidence = {
        "submission": submission.pk,
        "version": inventory.version_id,
        "inventory": inventory.pk,
        "version_number": inventory.version.number,
    }
    blank = {
        "year": submission.year,
        "entry": None,
        "advanced": None,
        "gap_to_entry": None,
        "gap_to_advanced": None,
        "evidence": evidence,
        "emissions_tco2e": emissions,
        "product_output": output,
        "product_unit": unit,
    }
    if emissions is None:
        return TrackYear(kpi=None, status=NEEDS_DATA, reason=NO_EMISSIONS, **blank)
    if not output:
        reason = SEVERAL_PRODUCTS if _products(inventory) > 1 else NO_PRODUCT
        return TrackYear(kpi=None, status=NEEDS_DATA, reason=reason, **blank)
    kpi = float(emissions) / float(output)
    entry = criterion.threshold if criterion else None
    advanced = criterion.advanced if criterion else None
    if entry is None or advanced is None:  # no category of the catalogue covers the industry
        return TrackYear(kpi=kpi, status=NEEDS_SETTING, reason=NO_CATEGORY, **blank)
    if entry.value is None or advanced.value is None:
        blank["entry"] = entry.value
        blank["advanced"] = advanced.value
        return TrackYear(kpi=kpi, status=NEEDS_SETTING, **blank)
    result = core.transition_kpi(kpi, entry, advanced, metric=criterion.metric if criterion else "")
    status = ADVANCED if result.meets_advanced else ENTRY if result.meets_entry else BELOW_ENTRY
    blank.update(
        entry=result.entry,
        advanced=result.advanced,
        gap_to_entry=result.gap_to_entry,
        gap_to_advanced=result.gap_to_advanced,
    )
    return TrackYear(kpi=kpi, status=status, **blank)


def _verified(borrower: Organisation) -> list[tuple[Submission, InventoryResult]]:
    found = []
    submissions = Submission.objects.filter(
        organisation=borrower, status=SubmissionStatus.VERIFIED
    ).order_by("year")
    for submission in submissions:
        inventory = latest_inventory(submission)
        if inventory is not None:
            found.append((submission, inventory))
    return found


def _verified_years(
    *, user: Any, borrower: Organisation, criterion: Criterion | None, path: str
) -> list[TrackYear]:
    from greenledger.web.accounts.services import access_log

    years = []
    for submission, inventory in _verified(borrower):
        access_log(user=user, organisation=borrower, scope="inventories", obj=inventory, path=path)
        years.append(_year(submission, inventory, criterion))
    return years


def _refused(*, user: Any, borrower: Organisation, path: str) -> None:
    """Log the attempt on each verified inventory as refused when the grant that covered the
    borrower's inventories was revoked or has expired (nothing when none ever did)."""
    from greenledger.web.accounts.services import access_refused

    for _submission, inventory in _verified(borrower):
        access_refused(
            user=user, organisation=borrower, scope="inventories", obj=inventory, path=path
        )


def _track(
    *, user: Any, institution: Organisation, position: Position, rules: FinanceCatalogue, path: str
) -> TransitionTrack:
    borrower = position.borrower
    industry = (borrower.industry_code if borrower else "") or position.sector
    category = _category(position, industry, rules)
    criterion = _kpi_criterion(category)
    years: list[TrackYear] = []
    reason = ""
    if borrower is None:
        reason = NOT_A_MEMBER
    elif not (
        permissions.active_grants(institution.pk, "inventories")
        .filter(organisation_id=borrower.pk)
        .exists()
    ):
        reason = NOT_SHARED
        _refused(user=user, borrower=borrower, path=path)
    else:
        years = _verified_years(user=user, borrower=borrower, criterion=criterion, path=path)
        reason = "" if years else NO_VERIFIED
    units = [y.product_unit for y in years if y.product_unit]
    limits = [] if criterion is None else [criterion.threshold, criterion.advanced]
    return TransitionTrack(
        position=position,
        borrower=borrower,
        industry=industry,
        unit=f"tCO2e/{units[-1]}" if units else (criterion.unit if criterion else ""),
        years=years,
        catalogue=rules.key,
        category=category.code if category else "",
        category_name=category.name if category else "",
        category_name_en=category.name_en if category else "",
        confirmed=bool(limits) and all(x is not None and x.confirmed for x in limits),
        source=criterion.threshold.source.note if criterion else "",
        reason=reason,
    )


def transition_tracking(
    *, user: Any, institution: Organisation, path: str = ""
) -> list[TransitionTrack]:
    """The institution's transition loans with their KPI by verified year (see the module
    docstring); an empty list for anybody but the institution's analysts."""
    if not permissions.can_manage_portfolio(user, institution):
        return []
    rules = eligibility_services.catalogue(CATALOGUE)
    return [
        _track(user=user, institution=institution, position=p, rules=rules, path=path)
        for p in transition_positions(institution)
    ]


def transition_json(track: TransitionTrack) -> dict[str, Any]:
    """A track as JSON (API and exports)."""
    position = track.position
    return {
        "position": position.position,
        "position_id": position.pk,
        "position_year": position.year,
        "borrower": position.borrower_name,
        "borrower_id": track.borrower.pk if track.borrower else None,
        "project_id": position.project_id,
        "industry": track.industry,
        "catalogue": track.catalogue,
        "category": track.category,
        "category_name": track.category_name,
        "category_name_en": track.category_name_en,
        "unit": track.unit,
        "confirmed": track.confirmed,
        "source": track.source,
        "reason": track.reason,
        "years": [
            {
                "year": y.year,
                "kpi": y.kpi,
                "entry": y.entry,
                "advanced": y.advanced,
                "status": y.status,
                "gap_to_entry": y.gap_to_entry,
                "gap_to_advanced": y.gap_to_advanced,
                "evidence": y.evidence,
                "emissions_tco2e": y.emissions_tco2e,
                "product_output": y.product_output,
                "product_unit": y.product_unit,
                "reason": y.reason,
            }
            for y in track.years
        ],
    }
