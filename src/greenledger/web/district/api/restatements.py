"""Restatements (the staff only): the bases a year can be restated with, the list, one
restatement with its totals beside the verified totals and its like-for-like series, its
enterprises, and running one. Others: 403 on the collection and the run, 404 on one
restatement (a hidden object)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.district.api._router import router
from greenledger.web.district.models import Restatement
from greenledger.web.district.selectors import restatements as selectors
from greenledger.web.district.services.restatements import restatement_run
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _staff(request: HttpRequest) -> None:
    if not permissions.can_view_district_accounts(_user(request)):
        raise PermissionDenied


def _restatement(request: HttpRequest, restatement_id: int) -> Restatement:
    if not permissions.can_view_district_accounts(_user(request)):
        raise Http404
    restatement = Restatement.objects.filter(pk=restatement_id).first()
    if restatement is None:
        raise Http404
    return restatement


class RestatementSourceOut(Schema):
    factor_id: str
    what: str
    value: float | None
    unit: str
    year: int | None
    citation: str
    confirmed: bool
    rows: int


class RestatementBasisOut(Schema):
    key: str
    kind: str
    value: str
    label: str = Field(description="In the request's language.")
    context: dict[str, Any] = Field(description="The accounting context the basis applies.")
    unconfirmed_rows: int
    sources: list[RestatementSourceOut]


class RestatementOut(Schema):
    id: int
    year: int
    basis: str
    basis_label: str
    label: str
    context: dict[str, Any]
    factor_set_version: str
    method_version: str
    enterprise_count: int
    line_count: int
    totals: dict[str, Any] = Field(
        description='{"verified": {...}, "restated": {...}}: sums over the enterprises.'
    )
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_basis(obj: Any) -> str:
        return _basis_key(obj) if isinstance(obj, Restatement) else obj["basis"]

    @staticmethod
    def resolve_basis_label(obj: Any) -> str:
        if isinstance(obj, Restatement):
            return selectors.basis_label(_basis_key(obj), obj.context)
        return str(obj["basis_label"])

    @staticmethod
    def resolve_created_by(obj: Any) -> str | None:
        if isinstance(obj, Restatement):
            return obj.created_by.get_username() if obj.created_by else None
        return obj["created_by"]


class RestatementFigureOut(Schema):
    name: str
    label: str
    verified: float | None
    restated: float | None
    difference: float | None
    percent: float | None = Field(description="Difference in % of the verified figure.")


class RestatementSeriesPoint(Schema):
    year: int
    verified: dict[str, float | None] | None
    restated: dict[str, float | None] | None
    restatement_id: int | None


class RestatementDetailOut(RestatementOut):
    figures: list[RestatementFigureOut]
    changed_since: int = Field(
        description="Enterprises whose verified version changed after the restatement."
    )
    series: list[RestatementSeriesPoint]


class RestatedEnterpriseOut(Schema):
    organisation_id: int
    organisation: str
    version_id: int
    version_number: int
    verified_gbt32150_co2e_t: float | None
    gbt32150_co2e_t: float
    difference_t: float | None
    verified_scope2_location_t: float | None
    scope2_location_t: float
    verified_energy_tce: float | None
    energy_tce: float
    carriers: dict[str, list[float]]

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return str(obj.organisation.name_zh)

    @staticmethod
    def resolve_version_number(obj: Any) -> int:
        return int(obj.version.number)


class RestatementIn(Schema):
    year: Year
    basis: str = column(Restatement, "label")


def _basis_key(restatement: Restatement) -> str:
    return str(restatement.context.get("basis", ""))


def _out(restatement: Restatement) -> dict[str, Any]:
    key = _basis_key(restatement)
    user = restatement.created_by
    return {
        "id": restatement.pk,
        "year": restatement.year,
        "basis": key,
        "basis_label": selectors.basis_label(key, restatement.context),
        "label": restatement.label,
        "context": restatement.context,
        "factor_set_version": restatement.factor_set_version,
        "method_version": restatement.method_version,
        "enterprise_count": restatement.enterprise_count,
        "line_count": restatement.line_count,
        "totals": restatement.totals,
        "created_at": restatement.created_at,
        "created_by": user.get_username() if user else None,
    }


def _detail(restatement: Restatement) -> dict[str, Any]:
    detail = selectors.restatement_detail(restatement)
    return {
        **_out(restatement),
        "figures": [
            {
                "name": row.name,
                "label": row.label,
                "verified": row.verified,
                "restated": row.restated,
                "difference": row.difference,
                "percent": row.percent,
            }
            for row in detail["rows"]
        ],
        "changed_since": detail["changed_since"],
        "series": selectors.restated_series(restatement),
    }


@router.get(
    "/restatements/bases",
    response=list[RestatementBasisOut],
    summary="What a year can be restated with",
)
@answers(403)
def restatement_bases(request: HttpRequest) -> Any:
    """Each basis the factor library offers, with the context it applies and the factor rows
    (issuer, document, edition, clause, confirmed or not) it rests on."""
    _staff(request)
    return [
        {
            "key": item["basis"].key,
            "kind": item["basis"].kind,
            "value": item["basis"].value,
            "label": item["label"],
            "context": dataclasses.asdict(item["basis"].context),
            "unconfirmed_rows": item["unconfirmed"],
            "sources": [dataclasses.asdict(s) for s in item["sources"]],
        }
        for item in selectors.available_bases_described()
    ]


@router.get("/restatements", response=list[RestatementOut], summary="List restatements")
@answers(403)
@paginated
def restatement_list(request: HttpRequest) -> Any:
    _staff(request)
    return selectors.restatement_list()


@router.post("/restatements", response={201: RestatementDetailOut}, summary="Restate a year")
def restatement_create(request: HttpRequest, payload: RestatementIn) -> Any:
    """Recompute every verified enterprise-year of ``year`` under ``basis`` (a key of
    ``/restatements/bases``); verified figures are never changed. 422 names ``year`` (no
    verified figures) or ``basis`` (unknown)."""
    restatement = restatement_run(actor=_user(request), year=payload.year, basis=payload.basis)
    return Status(201, _detail(restatement))


@router.get(
    "/restatements/{int:restatement_id}",
    response=RestatementDetailOut,
    summary="One restatement beside the verified figures",
)
def restatement_detail(request: HttpRequest, restatement_id: DbId) -> Any:
    return _detail(_restatement(request, restatement_id))


@router.get(
    "/restatements/{int:restatement_id}/enterprises",
    response=list[RestatedEnterpriseOut],
    summary="A restatement's enterprises, the largest differences first",
)
@paginated
def restatement_enterprises(request: HttpRequest, restatement_id: DbId) -> Any:
    return selectors.restated_enterprises(_restatement(request, restatement_id))
