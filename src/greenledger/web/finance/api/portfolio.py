"""A financial institution's portfolio, mounted under /api/finance/portfolio: its positions of a
year, one position by JSON (``position_save``), the import of a year's book (multipart ``file``,
CSV or XLSX, all-or-nothing: 422 with every refused row, field and reason in the request's
language), and the PCAF figures of a year (totals, breakdowns, green loans, year-on-year change).

The institution's analysts only (403 for anybody else); the analyst's own institution is the one
acted on, so there is no other institution's book to reveal.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.contract.errors import error_response
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, paginated
from greenledger.web.finance.api._router import router
from greenledger.web.finance.models import Position
from greenledger.web.finance.selectors import portfolio as selectors
from greenledger.web.finance.services import portfolio as services
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.services._common import problem_dicts
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.responses import Status

BINARY = {"type": "string", "format": "binary"}


def _institution(request: HttpRequest) -> tuple[Any, Organisation]:
    user = request.auth  # type: ignore[attr-defined]
    institution = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if institution is None or not permissions.can_manage_portfolio(user, institution):
        raise PermissionDenied
    return user, institution


class PositionIn(Schema):
    position: str = Field(max_length=80)
    borrower: str = Field(max_length=200)
    borrower_code: str = Field("", max_length=18)
    asset_class: str = Field(max_length=32)
    outstanding_yuan: float
    equity_yuan: float | None = None
    debt_yuan: float | None = None
    evic_yuan: float | None = None
    property_value_yuan: float | None = None
    revenue_yuan: float | None = None
    emissions_tco2e: float | None = None
    emissions_basis: str = Field(
        max_length=16, description="verified, reported, energy, production, revenue or asset."
    )
    sector: str = Field(max_length=32)
    catalogue: str = Field(
        "",
        max_length=64,
        description="The catalogue of catalogue_code: green_finance_2025 (empty: the default), "
        "green_bond_2021 (legacy assets) or shanghai_transition_2024 (transition loans, tracked "
        "on /portfolio/transition).",
    )
    catalogue_code: str = Field(
        "", max_length=32, description="A category code of that catalogue (422 otherwise)."
    )
    carbon_effect: str = Field("", description="direct, indirect or empty.")
    use_of_proceeds: str = Field("", max_length=200)
    project_id: DbId | None = Field(
        None,
        description="The financing project it finances: a project of the member borrower the "
        "institution may see (a grant covering projects, or an accepted interest).",
    )


class PositionOut(Schema):
    id: int
    year: int
    position: str
    borrower: str
    borrower_id: int | None = Field(description="The member borrower, if any.")
    borrower_code: str
    asset_class: str
    outstanding_yuan: float
    emissions_tco2e: float | None
    emissions_basis: str
    sector: str
    catalogue: str = Field(description="The catalogue of catalogue_code (empty without a code).")
    catalogue_code: str
    carbon_effect: str
    attribution_factor: float | None
    financed_tco2e: float | None
    data_quality_score: int | None
    imported_id: int | None
    project_id: int | None = Field(description="The financing project it finances, if any.")


class PortfolioImportOut(Schema):
    id: int
    year: int
    original_filename: str
    rows: int
    totals: dict[str, Any]


def _position_out(p: Position) -> dict[str, Any]:
    return {
        "id": p.pk,
        "year": p.year,
        "position": p.position,
        "borrower": p.borrower_name,
        "borrower_id": p.borrower_id,
        "borrower_code": p.borrower_code,
        "asset_class": p.asset_class,
        "outstanding_yuan": p.outstanding_yuan,
        "emissions_tco2e": p.emissions_tco2e,
        "emissions_basis": p.emissions_basis,
        "sector": p.sector,
        "catalogue": p.catalogue,
        "catalogue_code": p.catalogue_code,
        "carbon_effect": p.carbon_effect,
        "attribution_factor": p.attribution_factor,
        "financed_tco2e": p.financed_tco2e,
        "data_quality_score": p.data_quality_score,
        "imported_id": p.imported_id,
        "project_id": p.project_id,
    }


@router.get(
    "/portfolio/{int:year}/positions",
    response=list[PositionOut],
    summary="The institution's positions of a year",
)
@answers(403)
@paginated
def positions_list(request: HttpRequest, year: Year) -> Any:
    user, _institution_ = _institution(request)
    return [_position_out(p) for p in selectors.positions_of(user, year)]


@router.post(
    "/portfolio/{int:year}/positions",
    response={201: PositionOut},
    summary="Save one position (replaces the one of the same name and year)",
)
@answers(403)
def position_create(request: HttpRequest, year: Year, payload: PositionIn) -> Any:
    """The same checks as an imported row; 422 names each refused field."""
    user, institution = _institution(request)
    fields = payload.dict()
    fields["project"] = fields.pop("project_id")
    saved = services.position_save(actor=user, institution=institution, year=year, **fields)
    return Status(201, _position_out(saved))


@router.post(
    "/portfolio/{int:year}/imports",
    response={201: PortfolioImportOut},
    summary="Import the year's book (CSV or XLSX)",
)
@answers(403, multipart={"file": BINARY}, required=["file"])
def portfolio_upload(request: HttpRequest, year: Year) -> Any:
    """All-or-nothing: a refused file answers 422 with every problem (row, column, reason in the
    request's language) and stores nothing; an accepted one replaces the year's positions."""
    user, institution = _institution(request)
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        raise ValidationError({"file": [ValidationError(message, code="required")]})
    with tempfile.TemporaryDirectory() as directory:
        stored = Path(directory) / Path(upload.name or "portfolio.csv").name
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            imported = services.portfolio_import(
                actor=user, institution=institution, year=year, path=stored, filename=stored.name
            )
        except InputError as error:
            problems = problem_dicts(error.problems)
            return error_response(
                request,
                422,
                problem_text(error.headline_message),
                problems=[{**p, "message": problem_text(p)} for p in problems],
            )
    return Status(
        201,
        {
            "id": imported.pk,
            "year": imported.year,
            "original_filename": imported.original_filename,
            "rows": imported.rows,
            "totals": imported.totals,
        },
    )


@router.get("/portfolio/{int:year}", response=dict[str, Any], summary="PCAF figures of a year")
@answers(403)
def portfolio_figures(request: HttpRequest, year: Year) -> Any:
    """Totals (financed tCO2e, data-quality score weighted by outstanding, WACI and its coverage),
    by sector, asset class and catalogue category, green loans by category and by effect, and
    the change from the year before; 404 when the year has no positions."""
    user, _institution_ = _institution(request)
    data = selectors.portfolio_year(user, year)
    if data is None:
        raise Http404
    return selectors.portfolio_json(data)


@router.delete(
    "/portfolio/{int:year}/positions/{int:position_id}",
    response={204: None},
    summary="Delete one position",
)
@answers(403)
def position_delete(request: HttpRequest, year: Year, position_id: DbId) -> Any:
    """A position of the analyst's institution (404 for any other id); audited."""
    user, _institution_ = _institution(request)
    position = selectors.positions_of(user, year).filter(pk=position_id).first()
    if position is None:
        raise Http404
    services.position_delete(actor=user, position=position)
    return Status(204, None)
