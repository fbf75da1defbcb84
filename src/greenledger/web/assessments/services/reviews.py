"""Third-party review: two evaluators without conflict of interest score item by item; when
they disagree a third evaluator's review decides."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.assessment.review import agreed_points
from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.assessments.models import Application, ApplicationStatus, Review, ReviewStatus
from greenledger.web.assessments.selectors import (
    _stored_outcome,
    frozen_result,
    outcome_of,
    review_state,
)
from greenledger.web.assessments.services._common import invalid, now, refuse, require
from greenledger.web.assessments.services.relations import conflict_of_interest
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.ui.core_messages import render

REGULAR_REVIEWS = 2
REVIEW_FIELDS = ["status", "total_points", "requirements_met", "level", "judgements", "summary"]


@transaction.atomic
def review_assign(*, actor: Any, application: Application, evaluator: Any) -> Review:
    """Assign an evaluator: one of the two regular reviewers, or the third, deciding one when
    the two disagree."""
    require(permissions.can_run_assessments(actor), _("Only the secretariat assigns evaluators."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        raise invalid("status", _("Evaluators are assigned to submitted applications."))
    if evaluator.role != Role.EVALUATOR or not evaluator.is_active:
        raise invalid("evaluator", _("Choose an active third-party evaluator."))
    conflict = conflict_of_interest(evaluator, application.organisation)
    if conflict:
        raise invalid("evaluator", _("Conflict of interest: %(reason)s") % {"reason": conflict})
    if application.reviews.filter(evaluator=evaluator).exists():
        raise invalid("evaluator", _("This evaluator already reviews the application."))
    state = review_state(application)
    if len(state.regular) < REGULAR_REVIEWS:
        tiebreak = False
    elif state.needs_tiebreak:
        tiebreak = True
    else:
        raise invalid(
            "evaluator",
            _("Two evaluators are assigned; a third is assigned only when their reviews disagree."),
        )
    review = Review.objects.create(
        application=application,
        evaluator=evaluator,
        tiebreak=tiebreak,
        assigned_by=actor,
        assigned_at=now(),
    )
    if application.status == ApplicationStatus.SUBMITTED:
        application.status = ApplicationStatus.UNDER_REVIEW
        application.save(update_fields=["status"])
    audit_append(
        actor=actor,
        action="review.assign",
        obj=review,
        after={"application": application.pk, "evaluator": evaluator.pk, "tiebreak": tiebreak},
    )
    return review


def _clean_judgements(result: Any, raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Judgements as stored: {item: {"points": float | None, "passed": bool | None,
    "comment": str}} for the rule set's items only."""
    requirements = {r.id for r in result.requirements}
    indicators = {i.id for i in result.indicators}
    errors: dict[str, list[str]] = {}
    clean: dict[str, dict[str, Any]] = {}
    for item, data in raw.items():
        if item not in requirements | indicators or not isinstance(data, dict):
            errors[item] = [_("No requirement or indicator of this standard has that id.")]
            continue
        entry: dict[str, Any] = {"comment": str(data.get("comment") or "").strip()}
        if item in requirements:
            passed = data.get("passed")
            entry["passed"] = (
                None if passed in (None, "") else passed in (True, "true", "pass", "1")
            )
        else:
            points = data.get("points")
            if points in (None, ""):
                entry["points"] = None
            else:
                try:
                    entry["points"] = float(points)
                except (TypeError, ValueError):
                    errors[item] = [_("Enter the points as a number.")]
                    continue
                if not math.isfinite(entry["points"]):
                    errors[item] = [_("Enter the points as a number.")]
                    continue
        clean[item] = entry
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def review_save(
    *,
    actor: Any,
    review: Review,
    judgements: dict[str, Any],
    summary: str = "",
    submit: bool = False,
) -> Review:
    """Save an evaluator's judgements; ``submit`` completes the review (every item judged,
    points within each indicator's weight) and settles the application when the reviews agree
    or the deciding review is in."""
    review = (
        Review.objects.select_for_update().select_related("application__call").get(pk=review.pk)
    )
    if not permissions.can_score_review(actor, review):
        refuse(_("Only the assigned evaluator scores this review."))
    application = Application.objects.select_for_update().get(pk=review.application_id)
    if review.status != ReviewStatus.PENDING:
        raise invalid("status", _("This review has already been submitted."))
    if application.status != ApplicationStatus.UNDER_REVIEW:
        raise invalid("status", _("The application is not under review."))
    conflict = conflict_of_interest(actor, application.organisation)
    if conflict:
        refuse(_("Conflict of interest: %(reason)s") % {"reason": conflict})
    result = frozen_result(application)
    before = snapshot(review, REVIEW_FIELDS)
    merged = dict(review.judgements)
    merged.update(_clean_judgements(result, judgements))
    review.judgements = merged
    review.summary = summary.strip()
    fields = ["judgements", "summary"]
    if submit:
        try:
            outcome = outcome_of(review, result)
        except InputError as exc:
            raise ValidationError(
                {"judgements": [render(p.message) for p in exc.problems]}
            ) from None
        review.status = ReviewStatus.SUBMITTED
        review.total_points = outcome.total_points
        review.requirements_met = outcome.requirements_met
        review.level = outcome.level or ""
        review.submitted_at = now()
        fields += ["status", "total_points", "requirements_met", "level", "submitted_at"]
    review.save(update_fields=fields)
    audit_append(
        actor=actor,
        action="review.submit" if submit else "review.save",
        obj=review,
        before=before,
        after=snapshot(review, REVIEW_FIELDS),
    )
    if submit:
        _settle(actor, application)
    return review


def _settle(actor: Any, application: Application) -> None:
    """When the two reviews agree (or the deciding review is in), record the reviewed result
    and hand the application to the district for its decision."""
    state = review_state(application)
    if not state.complete:
        return
    if state.tiebreak is not None and state.tiebreak.status == ReviewStatus.SUBMITTED:
        deciding = [state.tiebreak]
    else:
        deciding = state.regular
    outcomes = [_stored_outcome(r) for r in deciding]
    application.final_points = agreed_points(outcomes)
    application.final_level = outcomes[0].level or ""
    application.status = ApplicationStatus.REVIEWED
    application.save(update_fields=["final_points", "final_level", "status"])
    audit_append(
        actor=actor,
        action="application.reviewed",
        obj=application,
        after={
            "final_points": application.final_points,
            "final_level": application.final_level,
            "reviews": [r.pk for r in deciding],
        },
    )
