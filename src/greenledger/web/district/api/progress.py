"""The district's progress as JSON (the staff only): the yearly series (verified, estimates
apart), coverage, the decomposition between two years and the coordinated reduction; the same
figures as the progress page (``progress_data``)."""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Offset, Year
from greenledger.web.district import progress_data
from greenledger.web.district.api._router import router
from greenledger.web.district.ledger_cache import until_the_ledger_moves
from greenledger.web.district.selectors import facts
from greenledger.web.members import selectors as members
from greenledger.web.reporting.api.files import shown
from greenledger.web.reporting.services._common import problem_dicts


class ProgressCoverageOut(Schema):
    year: int
    expected: int
    reported: list[int]
    missing: list[int]
    estimated: list[int]


class DistrictProgressOut(Schema):
    park_id: int | None
    years: list[int]
    base_year: int | None
    year: int | None
    output_value_basis: str
    series: list[dict[str, Any]]
    versions: dict[str, list[str]]
    coverage: ProgressCoverageOut | None
    decomposition: dict[str, Any] | None
    coordinated: dict[str, Any] | None
    problems: list[dict[str, Any]]


def _year(name: str, value: int | None, years: list[int]) -> None:
    if value is not None and value not in years:
        message = _("No verified inventory for %(year)s; years with facts: %(years)s.") % {
            "year": value,
            "years": ", ".join(str(y) for y in years) or "—",
        }
        raise ValidationError({name: [ValidationError(message, code="invalid_choice")]})


@router.get("/progress", response=DistrictProgressOut, summary="District or park progress")
@answers(403)  # the staff only
def district_progress(
    request: HttpRequest,
    park: DbId | None = None,
    base_year: Year | None = None,
    year: Year | None = None,
    enterprise_limit: Annotated[int, Field(ge=0, le=settings.NINJA_PAGINATION_MAX_LIMIT)] = 100,
    enterprise_offset: Offset = 0,
) -> Any:
    """Series since the first year, coverage of ``year`` (default: the latest), and the
    decomposition and coordinated reduction from ``base_year`` (default: 2020, else the first
    year) to ``year``. Enterprise keys are organisation ids as text. The coordinated
    reduction's per-enterprise rows come a page at a time (``enterprise_limit`` from
    ``enterprise_offset``; ``enterprise_count`` says how many there are)."""
    if not permissions.can_view_district_accounts(request.auth):  # type: ignore[attr-defined]
        raise PermissionDenied
    site = None
    if park is not None:
        site = members.parks().filter(pk=park).first()
        if site is None:
            message = _("No industrial park has the id %(id)s.") % {"id": park}
            raise ValidationError({"park": [ValidationError(message, code="invalid_choice")]})
    years = facts.fact_years()
    _year("base_year", base_year, years)
    _year("year", year, years)
    if base_year is not None and base_year == year:
        message = _("Choose two different years.")
        raise ValidationError({"base_year": [ValidationError(message, code="invalid")]})
    answer = until_the_ledger_moves(
        "api-progress", (park, base_year, year), lambda: _progress(site, base_year, year)
    )
    coordinated = answer["coordinated"]
    if coordinated is not None:
        rows = coordinated["enterprises"]
        page = rows[enterprise_offset : enterprise_offset + enterprise_limit]
        coordinated = {**coordinated, "enterprises": page, "enterprise_count": len(rows)}
    return {**answer, "coordinated": coordinated}


def _progress(site: Any, base_year: int | None, year: int | None) -> dict[str, Any]:
    park = site.pk if site is not None else None
    period = progress_data.choose_period(year, base_year)
    series = facts.yearly_series(park=site)
    change = progress_data.change_between(period, site)
    coverage = facts.coverage(year=period.year, park=site) if period.year else None
    return {
        "park_id": park,
        "years": period.years,
        "base_year": period.base_year,
        "year": period.year,
        "output_value_basis": "reported",
        "series": series,
        "versions": progress_data.versions_of(series, site),
        "coverage": (
            {
                "year": coverage.year,
                "expected": len(coverage.expected),
                "reported": [o.pk for o in coverage.reported],
                "missing": [o.pk for o in coverage.missing],
                "estimated": [o.pk for o in coverage.estimated],
            }
            if coverage is not None
            else None
        ),
        "decomposition": (
            progress_data.decomposition_dict(change.decomposition, {}, {})
            if change.decomposition is not None
            else None
        ),
        "coordinated": (
            progress_data.coordinated_dict(change.coordinated, {})
            if change.coordinated is not None
            else None
        ),
        "problems": shown(problem_dicts(change.problems)),
    }
