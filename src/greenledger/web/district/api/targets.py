"""Targets: the published national and Shanghai targets (everybody), the district's and parks'
targets and their progress (the staff: 403 on the collection, 404 on one target for anybody
else), and setting one (422 names the refused field and the reason in the request's language).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.district.api._router import router
from greenledger.web.district.models import DistrictTarget
from greenledger.web.district.selectors import targets as selectors
from greenledger.web.district.services.targets import target_set
from greenledger.web.members.models import Site
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class TargetSourceOut(Schema):
    issuer: str
    title: str
    number: str
    edition: str
    clause: str


class PublishedTargetOut(Schema):
    id: str
    scope: str
    metric: str
    base_year: int
    target_year: int
    change: float | None = Field(description="Fraction vs the base year (-0.135 = 13.5 % lower).")
    level: float | None = Field(description="A level reached by the target year (a share).")
    confirmed: bool = Field(description="True only when checked against the official text.")
    note: str
    source: TargetSourceOut


class DistrictTargetOut(Schema):
    id: int
    scope: str
    park_id: int | None
    park_name: str | None
    metric: str
    base_year: int
    target_year: int
    change: float | None
    level: float | None
    method: str
    points: dict[str, float]
    output_basis: str
    note: str
    active: bool
    set_at: dt.datetime
    set_by: str | None

    @staticmethod
    def resolve_park_name(obj: DistrictTarget) -> str | None:
        return obj.park.name_zh if obj.park is not None else None

    @staticmethod
    def resolve_set_by(obj: DistrictTarget) -> str | None:
        return obj.set_by.get_username() if obj.set_by is not None else None


class DistrictTargetIn(Schema):
    scope: str = column(DistrictTarget, "scope")
    park_id: DbId | None = None
    metric: str = column(DistrictTarget, "metric")
    base_year: Year
    target_year: Year
    change: float | None = Field(
        None, description="Fraction vs the base year (-0.135 = 13.5 % lower); or give level."
    )
    level: float | None = Field(None, description="The value to reach, in the metric's unit.")
    method: str = column(DistrictTarget, "method", "geometric")
    points: dict[int, float] = Field(
        default_factory=dict,
        description="Yearly points (method explicit): a change target's points are changes "
        "from the base year (fractions), a level target's are values.",
    )
    output_basis: str = column(DistrictTarget, "output_basis", "reported")
    note: str = ""


class ProgressOut(Schema):
    year: int
    actual: float
    expected: float
    gap: float = Field(description="actual / expected - 1 (> 0: behind the trajectory).")
    status: str = Field(description="on track, at risk or off track.")
    target_value: float
    years_left: int
    rate_needed: float | None = Field(description="Annual rate still needed; null at the end.")
    rate_planned: float


class PriceIndexOut(Schema):
    name: str
    source: str
    confirmed: bool
    values: dict[str, float]
    documents: dict[str, str]


class TargetDetailOut(Schema):
    target: DistrictTargetOut
    unit: str
    output_basis: str
    price_index: PriceIndexOut | None
    base_value: float | None
    target_value: float | None
    trajectory: dict[str, float]
    actual: dict[str, float]
    progress: ProgressOut | None
    problems: list[str] = Field(description="Why a figure is missing, in the request's language.")


@router.get(
    "/targets/published",
    response=list[PublishedTargetOut],
    summary="The published national and Shanghai targets",
)
def published_targets(request: HttpRequest) -> Any:
    return [
        {
            "id": t.id,
            "scope": t.scope,
            "metric": t.metric,
            "base_year": t.base_year,
            "target_year": t.target_year,
            "change": t.change,
            "level": t.level,
            "confirmed": t.confirmed,
            "note": t.note,
            "source": {
                "issuer": t.source.issuer,
                "title": t.source.title,
                "number": t.source.number,
                "edition": t.source.edition,
                "clause": t.source.clause,
            },
        }
        for t in selectors.published_targets()
    ]


@router.get(
    "/targets", response=list[DistrictTargetOut], summary="The district's and parks' targets"
)
@answers(403)
@paginated
def target_list(request: HttpRequest, active: bool | None = None) -> Any:
    if not permissions.can_view_district_accounts(_user(request)):
        raise PermissionDenied
    queryset = DistrictTarget.objects.select_related("park", "set_by").order_by(
        "-active", "scope", "park_id", "metric", "-set_at", "-id"
    )
    if active is not None:
        queryset = queryset.filter(active=active)
    return queryset


@router.post("/targets", response={201: DistrictTargetOut}, summary="Set a district or park target")
def target_create(request: HttpRequest, payload: DistrictTargetIn) -> Any:
    """Replaces the active target of the same scope, park and indicator. 422 names the field:
    ``target_year`` (not after the base year), ``change`` (both or neither of change and
    level), ``points`` (a year outside the period, or a point contradicting the target),
    ``park_id`` (missing, or not an industrial park)."""
    user = _user(request)
    if not permissions.can_manage_district_accounts(user):
        raise PermissionDenied
    values = payload.dict()
    park_id = values.pop("park_id")
    park = None
    if park_id is not None:
        park = Site.objects.filter(pk=park_id).first()
        if park is None:
            raise ValidationError({"park_id": [gettext("There is no such industrial park.")]})
    try:
        target = target_set(actor=user, park=park, **values)
    except ValidationError as error:
        renamed = {
            ("park_id" if field == "park" else field): messages
            for field, messages in error.message_dict.items()
        }
        raise ValidationError(renamed) from None
    return Status(201, target)


@router.get(
    "/targets/{int:target_id}",
    response=TargetDetailOut,
    summary="One target with its trajectory, actual values and progress",
)
def target_detail(request: HttpRequest, target_id: DbId) -> Any:
    if not permissions.can_view_district_accounts(_user(request)):
        raise Http404
    target = DistrictTarget.objects.select_related("park", "set_by").filter(pk=target_id).first()
    if target is None:
        raise Http404
    result = selectors.target_progress(target)
    index = result.price_index
    progress = result.progress
    return {
        "target": target,
        "unit": result.unit,
        "output_basis": result.output_basis,
        "price_index": None
        if index is None
        else {
            "name": index.name,
            "source": index.source,
            "confirmed": index.confirmed,
            "values": {str(y): v for y, v in index.values.items()},
            "documents": {str(y): v for y, v in index.documents.items()},
        },
        "base_value": result.base_value,
        "target_value": result.target_value,
        "trajectory": {str(y): v for y, v in result.trajectory.items()},
        "actual": {str(y): v for y, v in result.actual.items()},
        "progress": None
        if progress is None
        else {
            "year": progress.year,
            "actual": progress.actual,
            "expected": progress.expected,
            "gap": progress.gap,
            "status": progress.status,
            "target_value": progress.target_value,
            "years_left": progress.years_left,
            "rate_needed": progress.rate_needed,
            "rate_planned": progress.rate_planned,
        },
        "problems": result.problems,
    }
