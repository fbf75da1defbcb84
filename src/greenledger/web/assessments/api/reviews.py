"""Reviews: each evaluator sees and scores only their own; the secretariat sees all.

Individual reviews are never shown to the applicant (nor to the application's other evaluator):
the two reviews are independent, and the applicant learns the reviewed result from the
application (``final_points``, ``final_level``) and the reasons of the decision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.api._router import router, user_of, visible_review
from greenledger.web.assessments.models import Review
from greenledger.web.contract.types import DbId, paginated


class ReviewOut(Schema):
    id: int
    application_id: int
    evaluator_id: int
    tiebreak: bool
    status: str
    judgements: dict[str, Any]
    total_points: float | None
    requirements_met: bool | None
    level: str
    summary: str
    assigned_at: dt.datetime
    submitted_at: dt.datetime | None


class ReviewIn(Schema):
    judgements: dict[str, Any] = {}
    summary: str = ""
    submit: bool = False


def review_detail_dict(review: Review) -> dict[str, Any]:
    application = review.application
    return {
        **ReviewOut.from_orm(review).dict(),
        "application": {
            "id": application.pk,
            "call_id": application.call_id,
            "ruleset_id": application.call.ruleset_id,
            "organisation_id": application.organisation_id,
            "site_id": application.site_id,
            "status": application.status,
        },
        # what the evaluator judges: the pre-score frozen at submission, item by item
        "prescore": application.prescore,
    }


@router.get("/reviews", response=list[ReviewOut], summary="List reviews")
@paginated
def review_list(
    request: HttpRequest, status: str | None = None, application_id: DbId | None = None
) -> Any:
    """The caller's own reviews (the secretariat: all of them)."""
    queryset = permissions.visible_reviews(user_of(request)).order_by("-id")
    if status:
        queryset = queryset.filter(status=status)
    if application_id:
        queryset = queryset.filter(application_id=application_id)
    return queryset


@router.get("/reviews/{int:review_id}")
def review_detail(request: HttpRequest, review_id: DbId) -> Any:
    return review_detail_dict(visible_review(request, review_id))


@router.put("/reviews/{int:review_id}")
def review_update(request: HttpRequest, review_id: DbId, payload: ReviewIn) -> Any:
    """Save judgements ({item: {"points" | "passed", "comment"}}); ``submit`` completes the
    review (every item judged) and settles the application when the reviews agree."""
    review = services.review_save(
        actor=user_of(request),
        review=visible_review(request, review_id),
        judgements=payload.judgements,
        summary=payload.summary,
        submit=payload.submit,
    )
    review.refresh_from_db()
    return review_detail_dict(review)
