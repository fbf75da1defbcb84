"""Rule sets (the standards as data) and calls for applications. Calls are public notices:
everybody, anonymous visitors included, lists and reads them; the secretariat opens and closes
them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema

from greenledger.core.assessment import RuleSet, Threshold, available_rulesets, load_ruleset
from greenledger.core.errors import GreenLedgerError
from greenledger.web.assessments import services
from greenledger.web.assessments.api._router import router, user_of
from greenledger.web.assessments.models import Call
from greenledger.web.assessments.selectors import ruleset_outline, threshold_info
from greenledger.web.assessments.services.calls import call_accepts_applications
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.members.models import DesignationLevel
from greenledger.web.responses import Status


class RuleSetOut(Schema):
    id: str
    title: str
    standard: str
    edition: str
    status: str
    subject: str
    unconfirmed_thresholds: int


class CallOut(Schema):
    id: int
    ruleset_id: str
    title: str
    year: int
    deadline: dt.date
    status: str
    accepts_applications: bool
    designation_type: str
    level: str
    issuing_body: str
    validity_years: int
    thresholds: dict[str, float]
    agreement_tolerance: float
    created_at: dt.datetime

    @staticmethod
    def resolve_accepts_applications(obj: Call) -> bool:
        return call_accepts_applications(obj)


class CallIn(Schema):
    ruleset_id: str = column(Call, "ruleset_id")
    title: str = column(Call, "title")
    year: Year
    deadline: dt.date
    issuing_body: str = column(Call, "issuing_body")
    level: str = column(Call, "level", DesignationLevel.DISTRICT.value)
    validity_years: int = column(Call, "validity_years", 3)
    thresholds: dict[str, float] = {}
    agreement_tolerance: float = 5.0


def _rulesets() -> list[RuleSet]:
    found = []
    for ruleset_id in available_rulesets():
        try:
            found.append(load_ruleset(ruleset_id))
        except GreenLedgerError:  # a shipped rule set that does not load is left out
            continue
    return found


def ruleset_detail_dict(ruleset: RuleSet) -> dict[str, Any]:
    """The rule set item by item (the outline the call pages show), for the API."""
    outline = ruleset_outline(ruleset)
    return {
        "id": ruleset.id,
        "title": ruleset.title,
        "standard": ruleset.standard,
        "edition": ruleset.edition,
        "status": ruleset.status,
        "subject": ruleset.subject,
        "notes": list(ruleset.notes),
        "documents": [dataclasses.asdict(d) for d in ruleset.documents.values()],
        "inputs": [dataclasses.asdict(i) for i in ruleset.inputs.values()],
        "groups": [
            {"id": g.id, "title": g.title, "weight": outline_threshold(ruleset, g.weight)}
            for g in ruleset.groups.values()
        ],
        **{key: outline[key] for key in ("requirements", "indicators", "levels", "total")},
        "constants": outline["constants"],
        "unconfirmed_thresholds": [t.path for t in ruleset.unconfirmed()],
    }


def outline_threshold(ruleset: RuleSet, threshold: Threshold | None) -> dict[str, Any] | None:
    return None if threshold is None else threshold_info(ruleset, None, threshold)


@router.get("/rulesets", response=list[RuleSetOut], summary="List the rule sets")
def ruleset_list(request: HttpRequest) -> Any:
    return [
        {
            "id": r.id,
            "title": r.title,
            "standard": r.standard,
            "edition": r.edition,
            "status": r.status,
            "subject": r.subject,
            "unconfirmed_thresholds": len(r.unconfirmed()),
        }
        for r in _rulesets()
    ]


@router.get("/rulesets/{str:standard}/{str:edition}", summary="One rule set, item by item")
def ruleset_detail(request: HttpRequest, standard: str, edition: str) -> Any:
    """Requirements, indicators with their weights and thresholds (each with its value, source
    and whether it is confirmed or configurable per call) and levels."""
    ruleset_id = f"{standard}/{edition}"
    if ruleset_id not in available_rulesets():
        raise Http404
    try:
        ruleset = load_ruleset(ruleset_id)
    except GreenLedgerError:
        raise Http404 from None
    return ruleset_detail_dict(ruleset)


@router.get("/calls", response=list[CallOut], summary="List calls for applications")
@paginated
def call_list(request: HttpRequest, status: str | None = None, year: Year | None = None) -> Any:
    queryset = Call.objects.order_by("-year", "-id")
    if status:
        queryset = queryset.filter(status=status)
    if year:
        queryset = queryset.filter(year=year)
    return queryset


@router.post("/calls", response={201: CallOut})
def call_create(request: HttpRequest, payload: CallIn) -> Any:
    call = services.call_open(actor=user_of(request), **payload.dict())
    return Status(201, call)


def _call(call_id: int) -> Call:
    call = Call.objects.filter(pk=call_id).first()
    if call is None:
        raise Http404
    return call


@router.get("/calls/{int:call_id}", response=CallOut)
def call_detail(request: HttpRequest, call_id: DbId) -> Any:
    return _call(call_id)


@router.post("/calls/{int:call_id}/close", response=CallOut)
def call_close(request: HttpRequest, call_id: DbId) -> Any:
    return services.call_close(actor=user_of(request), call=_call(call_id))
