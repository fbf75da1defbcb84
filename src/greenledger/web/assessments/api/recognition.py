"""Recognition of demonstration units: calls, nominations, panel scores and the published
ranking (by trimmed mean of the panel's scores).

What a call shows depends on who asks: everybody who sees it gets the call; once published,
the ranked list; staff and the call's panel also get the nominations and the scoring progress
(a panel member sees their own scores, never another member's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.assessments import services
from greenledger.web.assessments.api._router import (
    router,
    user_of,
    visible_nomination,
    visible_organisation,
    visible_recognition_call,
    visible_site,
)
from greenledger.web.assessments.models import Nomination, RecognitionCall, RecognitionStatus
from greenledger.web.assessments.services.recognition import expected_scorers
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, Year, column, paginated
from greenledger.web.responses import Status


class RecognitionCallOut(Schema):
    id: int
    type: str
    title: str
    year: int
    deadline: dt.date
    places: int
    trim: float
    issuing_body: str
    status: str
    created_at: dt.datetime
    published_at: dt.datetime | None


class RecognitionCallIn(Schema):
    type: str = column(RecognitionCall, "type")
    title: str = column(RecognitionCall, "title")
    year: Year
    deadline: dt.date
    places: int = column(RecognitionCall, "places")
    issuing_body: str = column(RecognitionCall, "issuing_body")
    panel: list[DbId] = Field(description="User ids of the evaluators on the panel.")
    trim: float = 0.2


class NominationIn(Schema):
    organisation_id: DbId
    site_id: DbId | None = None
    statement: str


class NominationOut(Schema):
    id: int
    call_id: int
    organisation_id: int
    site_id: int | None
    statement: str
    supporting_data: dict[str, Any]
    nominated_at: dt.datetime


class ScoreIn(Schema):
    score: float
    comment: str = ""


class PanelScoreOut(Schema):
    id: int
    nomination_id: int
    score: float
    comment: str
    scored_at: dt.datetime


def _runs_or_scores(user: Any, call: RecognitionCall) -> bool:
    return permissions.can_run_assessments(user) or permissions.can_score_panel(user, call)


def _nominee(nomination: Nomination) -> dict[str, Any]:
    return {
        "id": nomination.pk,
        "organisation_id": nomination.organisation_id,
        "organisation": nomination.organisation.name_zh,
        "organisation_en": nomination.organisation.name_en,
        "site_id": nomination.site_id,
        "site": nomination.site.name_zh if nomination.site else "",
    }


def recognition_detail_dict(call: RecognitionCall, user: Any) -> dict[str, Any]:
    data: dict[str, Any] = RecognitionCallOut.from_orm(call).dict()
    nominations = list(
        call.nominations.select_related("organisation", "site").order_by("rank", "id")
    )
    if call.status == RecognitionStatus.PUBLISHED:
        data["ranking"] = [
            {
                **_nominee(n),
                "mean": n.mean,
                "trimmed_mean": n.trimmed_mean,
                "rank": n.rank,
                "recognised": n.recognised,
                "designation_id": n.designation_id,
            }
            for n in nominations
            # the published list is the recognised units; the full ranking stays with staff,
            # the panel and each nominee's own users
            if n.recognised
            or _runs_or_scores(user, call)
            or getattr(user, "organisation_id", None) == n.organisation_id
        ]
    if not _runs_or_scores(user, call):
        return data
    staff = permissions.can_run_assessments(user)
    if staff:
        data["panel"] = sorted(call.panel.values_list("pk", flat=True))
    rows = []
    complete = 0
    for nomination in nominations:
        scores = dict(nomination.scores.values_list("reviewer_id", "score"))
        expected = expected_scorers(nomination)
        done = bool(scores) and expected <= set(scores)
        complete += done
        row = {
            **_nominee(nomination),
            "statement": nomination.statement,
            "supporting_data": nomination.supporting_data,
            "nominated_at": nomination.nominated_at,
            "scores_received": len(scores),
            "scores_expected": len(expected),
            "fully_scored": done,
        }
        if permissions.can_score_panel(user, call):
            row["my_score"] = scores.get(user.pk)
            row["conflict"] = user.pk not in expected
        rows.append(row)
    data["nominations"] = rows
    data["progress"] = {"nominations": len(rows), "fully_scored": complete}
    return data


@router.get(
    "/recognition/calls", response=list[RecognitionCallOut], summary="List recognition calls"
)
@paginated
def recognition_call_list(request: HttpRequest, status: str | None = None) -> Any:
    queryset = permissions.visible_recognition_calls(user_of(request)).order_by("-year", "-id")
    return queryset.filter(status=status) if status else queryset


@router.post("/recognition/calls", response={201: dict})
def recognition_call_create(request: HttpRequest, payload: RecognitionCallIn) -> Any:
    """Open a recognition call (the secretariat); ``panel`` lists evaluator user ids."""
    if not permissions.can_run_assessments(user_of(request)):
        raise PermissionDenied
    panel = list(User.objects.filter(pk__in=set(payload.panel)))
    if len(panel) != len(set(payload.panel)):
        message = _("Unknown user in the panel.")
        raise ValidationError({"panel": [ValidationError(message, code="does_not_exist")]})
    values = payload.dict()
    values["panel"] = panel
    call = services.recognition_call_open(actor=user_of(request), **values)
    return Status(201, recognition_detail_dict(call, user_of(request)))


@router.get("/recognition/calls/{int:call_id}")
def recognition_call_detail(request: HttpRequest, call_id: DbId) -> Any:
    call = visible_recognition_call(request, call_id)
    return recognition_detail_dict(call, user_of(request))


@router.post("/recognition/calls/{int:call_id}/nominations", response={201: NominationOut})
@answers(404)  # also when the organisation or site named in the body is not visible
def nomination_create(request: HttpRequest, call_id: DbId, payload: NominationIn) -> Any:
    """Nominate an organisation (the secretariat any; a manager their own)."""
    call = visible_recognition_call(request, call_id)
    organisation = visible_organisation(request, payload.organisation_id)
    site = visible_site(request, payload.site_id) if payload.site_id is not None else None
    nomination = services.nomination_create(
        actor=user_of(request),
        call=call,
        organisation=organisation,
        statement=payload.statement,
        site=site,
    )
    return Status(201, nomination)


@router.post("/recognition/calls/{int:call_id}/start-scoring")
def recognition_start_scoring(request: HttpRequest, call_id: DbId) -> Any:
    call = services.recognition_start_scoring(
        actor=user_of(request), call=visible_recognition_call(request, call_id)
    )
    return recognition_detail_dict(call, user_of(request))


@router.post("/recognition/nominations/{int:nomination_id}/scores", response={201: PanelScoreOut})
def panel_score(request: HttpRequest, nomination_id: DbId, payload: ScoreIn) -> Any:
    """A panel member's score (0-100) for a nomination; scoring again replaces it."""
    score = services.panel_score_record(
        actor=user_of(request),
        nomination=visible_nomination(request, nomination_id),
        score=payload.score,
        comment=payload.comment,
    )
    return Status(201, score)


@router.post("/recognition/calls/{int:call_id}/publish")
def recognition_publish(request: HttpRequest, call_id: DbId) -> Any:
    """Rank by trimmed mean (then mean), recognise the first ``places`` and publish."""
    call = services.recognition_publish(
        actor=user_of(request), call=visible_recognition_call(request, call_id)
    )
    return recognition_detail_dict(call, user_of(request))
