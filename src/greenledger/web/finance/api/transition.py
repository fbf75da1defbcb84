"""Transition-loan KPI tracking, mounted at /api/finance/portfolio/transition: per transition loan
of the analyst's institution, the borrower's KPI (emissions per unit of product) by verified
year against the transition catalogue's entry and advanced values (``selectors.transition``).
Each inventory read is logged for the enterprise to see. The institution's analysts only (403
for anybody else, as the portfolio)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.finance.api._router import router
from greenledger.web.finance.selectors import transition as selectors
from greenledger.web.members.models import Organisation


class TransitionEvidenceOut(Schema):
    submission: int
    version: int
    inventory: int
    version_number: int


class TrackYearOut(Schema):
    year: int
    kpi: float | None = Field(description="tCO2e per unit of product; null: needs data.")
    entry: float | None = Field(description="The entry value (降碳准入值); null: not set.")
    advanced: float | None = Field(description="The advanced value (先进值); null: not set.")
    status: str = Field(
        description="advanced, entry, below_entry, needs_data (no product output, several "
        "products or no emissions: see reason) or needs_setting (the values are not set)."
    )
    gap_to_entry: float | None
    gap_to_advanced: float | None
    evidence: TransitionEvidenceOut = Field(description="The verified inventory behind the figure.")
    emissions_tco2e: float | None
    product_output: float | None
    product_unit: str
    reason: str


class TrackOut(Schema):
    position: str
    position_id: int
    position_year: int
    borrower: str
    borrower_id: int | None = Field(description="The member borrower, if any.")
    project_id: int | None = Field(description="The transition project financed, if any.")
    industry: str = Field(description="GB/T 4754-2017 code.")
    catalogue: str
    category: str
    category_name: str
    category_name_en: str
    unit: str
    confirmed: bool = Field(description="Both values checked against the catalogue's text.")
    source: str
    reason: str = Field(
        description="Why there are no years: not_a_member, not_shared or no_verified_inventory."
    )
    years: list[TrackYearOut]


@router.get(
    "/portfolio/transition",
    response=list[TrackOut],
    summary="Transition-loan KPIs by verified year",
)
@answers(403)
def transition_tracks(request: HttpRequest) -> Any:
    """Every transition loan of the institution (its catalogue is the Shanghai transition
    catalogue, or it finances a transition project), each with its verified years."""
    user = request.auth  # type: ignore[attr-defined]
    institution = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if institution is None or not permissions.can_manage_portfolio(user, institution):
        raise PermissionDenied
    tracks = selectors.transition_tracking(
        user=user, institution=institution, path=request.get_full_path()
    )
    return [selectors.transition_json(t) for t in tracks]
