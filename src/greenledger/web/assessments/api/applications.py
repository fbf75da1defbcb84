"""Applications: opened for a visible site under a call, pre-scored live from the verified
inventory, answered, backed by evidence, submitted, assigned to evaluators and decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import User
from greenledger.web.assessments import selectors, services
from greenledger.web.assessments.api._router import (
    router,
    user_of,
    visible_application,
    visible_site,
)
from greenledger.web.assessments.models import Application, Call, Evidence
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column_bounds, paginated
from greenledger.web.reporting.services._common import problem_dicts
from greenledger.web.responses import Status


class ApplicationOut(Schema):
    id: int
    call_id: int
    organisation_id: int
    site_id: int
    status: str
    inputs: dict[str, Any]
    final_points: float | None
    final_level: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None


class ApplicationIn(Schema):
    call_id: DbId
    site_id: DbId


class InputsIn(Schema):
    inputs: dict[str, Any]


class EvidenceOut(Schema):
    id: int
    application_id: int
    item: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class EvaluatorAssignIn(Schema):
    evaluator_id: DbId


class ReviewAssignedOut(Schema):
    id: int
    application_id: int
    evaluator_id: int
    tiebreak: bool
    status: str
    assigned_at: dt.datetime


class DecisionIn(Schema):
    approve: bool
    reason: str


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    return EvidenceOut.from_orm(evidence).dict()


def review_summary(application: Application, user: Any) -> dict[str, Any]:
    """How far the review has come, without any individual review's judgements: the applicant
    learns the reviewed result from ``final_points``/``final_level`` and the decision."""
    state = selectors.review_state(application)
    summary: dict[str, Any] = {
        "assigned": len(state.regular) + (1 if state.tiebreak else 0),
        "submitted": len(state.submitted),
        "agree": state.agree,
        "needs_tiebreak": state.needs_tiebreak,
        "tiebreak_assigned": state.tiebreak is not None,
        "complete": state.complete,
    }
    if permissions.can_run_assessments(user):
        summary["reviews"] = [
            {
                "id": r.pk,
                "evaluator_id": r.evaluator_id,
                "tiebreak": r.tiebreak,
                "status": r.status,
                "total_points": r.total_points,
                "level": r.level,
            }
            for r in [*state.regular, *([state.tiebreak] if state.tiebreak else [])]
        ]
    return summary


def application_detail_dict(application: Application, user: Any) -> dict[str, Any]:
    ruleset = selectors.ruleset_for(application)
    result, problems = selectors.evaluate(application)
    certificate = getattr(application, "certificate", None)
    return {
        **ApplicationOut.from_orm(application).dict(),
        "ruleset_id": application.call.ruleset_id,
        "inventory_inputs": application.inventory_inputs,
        "inventory_source": application.inventory_source,
        "declared_inputs": [
            {
                "name": row["name"],
                "title": row["spec"].title,
                "kind": row["spec"].kind,
                "unit": row["spec"].unit,
                "value": row["value"],
                "origin": row["origin"],
            }
            for row in selectors.declared_inputs(ruleset, application)
        ],
        "prescore": result.as_dict() if result is not None else None,
        "problems": problem_dicts(problems),
        "submitted_prescore": application.prescore or None,
        "evidence": [_evidence_dict(e) for e in application.evidence.all()],
        "missing_evidence": [
            {"id": m.id, "title": m.title, "kind": m.kind}
            for m in selectors.missing_evidence(application, ruleset)
        ],
        "review": review_summary(application, user),
        "decision": {
            "status": application.status,
            "reason": application.decision_reason,
            "decided_at": application.decided_at,
        }
        if application.decided_at
        else None,
        "certificate": {"id": certificate.pk, "number": certificate.number}
        if certificate is not None
        else None,
    }


@router.get("/applications", response=list[ApplicationOut], summary="List applications")
@paginated
def application_list(
    request: HttpRequest, call_id: DbId | None = None, status: str | None = None
) -> Any:
    queryset = permissions.visible_applications(user_of(request)).order_by("-id")
    if call_id:
        queryset = queryset.filter(call_id=call_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


@router.post("/applications", response={201: dict})
@answers(404)  # the call or site named in the body is not visible
def application_create(request: HttpRequest, payload: ApplicationIn) -> Any:
    """Apply for one of the organisation's sites; the pre-score is computed from its newest
    verified inventory."""
    site = visible_site(request, payload.site_id)
    call = Call.objects.filter(pk=payload.call_id).first()
    if call is None:
        raise Http404
    application = services.application_create(actor=user_of(request), call=call, site=site)
    return Status(201, application_detail_dict(application, user_of(request)))


@router.get("/applications/{int:application_id}", summary="One application, explained")
def application_detail(request: HttpRequest, application_id: DbId) -> Any:
    application = visible_application(request, application_id)
    return application_detail_dict(application, user_of(request))


@router.patch("/applications/{int:application_id}/inputs")
def application_inputs(request: HttpRequest, application_id: DbId, payload: InputsIn) -> Any:
    """Declare inputs of a draft (a blank value clears one); answers with the new pre-score."""
    application = services.application_set_inputs(
        actor=user_of(request),
        application=visible_application(request, application_id),
        inputs=payload.inputs,
    )
    return application_detail_dict(application, user_of(request))


@router.post("/applications/{int:application_id}/evidence", response={201: EvidenceOut})
@answers(
    multipart={
        "item": {"type": "string", "maxLength": column_bounds(Evidence, "item")["max_length"]},
        "file": {"type": "string", "format": "binary"},
    },
    required=["item", "file"],
)
def evidence_upload(request: HttpRequest, application_id: DbId) -> Any:
    """Upload one evidence file (multipart: ``item`` and ``file``; PDF, PNG or JPEG, checked
    by content)."""
    application = visible_application(request, application_id)
    if not permissions.can_prepare_application(user_of(request), application):
        raise PermissionDenied
    upload = request.FILES.get("file")
    item = request.POST.get("item", "")
    errors: dict[str, list[ValidationError]] = {}
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        errors["file"] = [ValidationError(message, code="required")]
    if not item:
        message = _("Name the requirement or indicator the file backs.")
        errors["item"] = [ValidationError(message, code="required")]
    elif len(item) > (limit := column_bounds(Evidence, "item")["max_length"]):
        message = _("At most %(max_length)s characters.") % {"max_length": limit}
        errors["item"] = [ValidationError(message, code="string_too_long")]
    if errors:
        raise ValidationError(errors)
    evidence = services.evidence_add(
        actor=user_of(request),
        application=application,
        item=item,
        upload=upload,
        filename=upload.name or "evidence",
    )
    return Status(201, evidence)


@router.delete("/evidence/{int:evidence_id}", response={204: None})
def evidence_delete(request: HttpRequest, evidence_id: DbId) -> Any:
    evidence = Evidence.objects.select_related("application").filter(pk=evidence_id).first()
    if evidence is None or not permissions.can_view_application(
        user_of(request), evidence.application
    ):
        raise Http404
    services.evidence_remove(actor=user_of(request), evidence=evidence)
    return Status(204, None)


@router.post("/applications/{int:application_id}/submit")
def application_submit(request: HttpRequest, application_id: DbId) -> Any:
    """Submit: refused (422) while inputs are unanswered or required evidence is missing."""
    application = services.application_submit(
        actor=user_of(request), application=visible_application(request, application_id)
    )
    return application_detail_dict(application, user_of(request))


@router.post("/applications/{int:application_id}/reviews", response={201: ReviewAssignedOut})
def review_assign(request: HttpRequest, application_id: int, payload: EvaluatorAssignIn) -> Any:
    """Assign an evaluator (the secretariat): two regular reviews, a third when they disagree."""
    application = visible_application(request, application_id)
    if not permissions.can_run_assessments(user_of(request)):
        raise PermissionDenied
    evaluator = User.objects.filter(pk=payload.evaluator_id).first()
    if evaluator is None:
        message = _("No such user.")
        raise ValidationError({"evaluator_id": [ValidationError(message, code="does_not_exist")]})
    review = services.review_assign(
        actor=user_of(request), application=application, evaluator=evaluator
    )
    return Status(201, review)


@router.post("/applications/{int:application_id}/decision")
def application_decide(request: HttpRequest, application_id: DbId, payload: DecisionIn) -> Any:
    """Approve (issuing a certificate and a registry designation) or reject, with reasons."""
    application = services.application_decide(
        actor=user_of(request),
        application=visible_application(request, application_id),
        approve=payload.approve,
        reason=payload.reason,
    )
    return application_detail_dict(application, user_of(request))
