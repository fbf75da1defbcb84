"""Reviews and the decision: assigning evaluators (staff), the evaluator's item-by-item review
page, the state of the reviews on the application page, and the district's decision."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role, User
from greenledger.web.assessments import services
from greenledger.web.assessments.models import (
    Application,
    ApplicationStatus,
    Review,
    ReviewStatus,
)
from greenledger.web.assessments.selectors import frozen_result, review_state
from greenledger.web.assessments.services.relations import conflict_of_interest
from greenledger.web.assessments.views._common import (
    act,
    application_or_404,
    error_text,
    login_needed,
    page,
    to_application,
)
from greenledger.web.reporting.forms import apply_service_errors

ASSIGNABLE = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)
DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED)
PASS, FAIL = "pass", "fail"


# -- helpers ------------------------------------------------------------------------------------


def display_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def shown(value: Any) -> str:
    """An input or indicator value for the page: yes/no, or a number to at most 4 decimals."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        number = float(value)
        if number and abs(number) < 0.001:
            return f"{number:.3g}"
        return f"{number:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def level_titles(application: Application) -> dict[str, str]:
    return {lv["id"]: lv["title"] for lv in application.prescore.get("levels", [])}


# -- the reviews section of the application page -----------------------------------------------


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


def evaluator_options(application: Application) -> list[dict[str, Any]]:
    """Every active evaluator, with why they may not be chosen (conflict of interest, already
    reviewing), so the page shows them greyed out with the reason."""
    taken = set(application.reviews.values_list("evaluator_id", flat=True))
    options = []
    evaluators = User.objects.filter(role=Role.EVALUATOR, is_active=True).select_related(
        "organisation"
    )
    for evaluator in evaluators.order_by("username"):
        if evaluator.pk in taken:
            reason = _("already reviews this application")
        else:
            reason = conflict_of_interest(evaluator, application.organisation) or ""
        options.append(
            {
                "id": evaluator.pk,
                "name": display_name(evaluator),
                "organisation": evaluator.organisation,
                "blocked": reason,
            }
        )
    return options


def review_rows(user: Any, application: Application, state: Any) -> list[dict[str, Any]]:
    """The reviews as the viewer may see them. An evaluator sees the other reviews' results only
    once their own review is in, so nobody is swayed by a colleague's total."""
    titles = level_titles(application)
    own = next((r for r in application.reviews.all() if r.evaluator_id == user.pk), None)
    blind = own is not None and own.status != ReviewStatus.SUBMITTED
    rows = []
    for review in [*state.regular, *([state.tiebreak] if state.tiebreak else [])]:
        submitted = review.status == ReviewStatus.SUBMITTED
        mine = review.evaluator_id == user.pk
        rows.append(
            {
                "review": review,
                "evaluator": display_name(review.evaluator),
                "tiebreak": review.tiebreak,
                "submitted": submitted,
                "show_result": submitted and (mine or not blind),
                "level_title": titles.get(review.level, review.level),
                "mine": mine,
                "url": reverse("assessments:review", args=[review.pk])
                if permissions.can_score_review(user, review)
                else "",
            }
        )
    return rows


def review_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    """The reviews and decision section of the application page: review state, the assignment
    form (staff), the decision form (staff who did not review it) and the decision once made.
    Rendered by ``assessments/partials/application_reviews.html``; nothing for a draft."""
    if application.status == ApplicationStatus.DRAFT:
        return {"reviews_section": None}
    user = request.user
    state = review_state(application)
    staff = permissions.can_run_assessments(user)
    reviewer = application.reviews.filter(evaluator_id=user.pk).exists()
    can_assign = (
        staff
        and application.status in ASSIGNABLE
        and (len(state.regular) < services.reviews.REGULAR_REVIEWS or state.needs_tiebreak)
    )
    options = evaluator_options(application) if can_assign else []
    certificate = getattr(application, "certificate", None) if application.pk else None
    if certificate is not None and not (
        permissions.visible_certificates(user).filter(pk=certificate.pk).exists()
    ):
        certificate = None
    return {
        "reviews_section": {
            "state": state,
            "rows": review_rows(user, application, state),
            "tolerance": application.call.agreement_tolerance,
            "final_level_title": level_titles(application).get(
                application.final_level, application.final_level
            ),
            "can_assign": can_assign,
            "evaluators": options,
            "assignable": any(not option["blocked"] for option in options),
            "assign_tiebreak": can_assign and state.needs_tiebreak,
            "decide_form": DecideForm()
            if staff and not reviewer and application.status == ApplicationStatus.REVIEWED
            else None,
            "reviewer_cannot_decide": staff
            and reviewer
            and application.status == ApplicationStatus.REVIEWED,
            "decided": application.status in DECIDED,
            "certificate": certificate,
        }
    }


# -- assigning evaluators -----------------------------------------------------------------------


@require_POST
def review_assign(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_or_404(request.user, application_id)
    if not permissions.can_run_assessments(request.user):
        raise PermissionDenied
    raw = request.POST.get("evaluator", "")
    evaluator = (
        User.objects.filter(pk=int(raw), role=Role.EVALUATOR, is_active=True).first()
        if raw.isdigit()
        else None
    )
    if evaluator is None:
        messages.error(request, _("Choose an active third-party evaluator."))
        return to_application(application.pk, "reviews")
    act(
        request,
        lambda: services.review_assign(
            actor=request.user, application=application, evaluator=evaluator
        ),
        _("%(name)s reviews the application.") % {"name": display_name(evaluator)},
    )
    return to_application(application.pk, "reviews")


# -- the evaluator's review ---------------------------------------------------------------------


class ReviewForm(forms.Form):
    """One pass/fail per basic requirement and points (0..weight) per indicator, each with a
    comment, and an overall summary. Field names: ``passed-<item>``, ``points-<item>``,
    ``comment-<item>``."""

    summary = forms.CharField(
        label=gettext_lazy("Overall summary"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, result: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for requirement in result.requirements:
            self.fields[f"passed-{requirement.id}"] = forms.ChoiceField(
                label=requirement.title,
                choices=[(PASS, gettext_lazy("Met")), (FAIL, gettext_lazy("Not met"))],
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment-{requirement.id}"] = self._comment()
        for indicator in result.indicators:
            self.fields[f"points-{indicator.id}"] = forms.FloatField(
                label=indicator.title,
                min_value=0,
                max_value=indicator.weight,
                required=False,
                widget=forms.NumberInput(attrs={"step": "any"}),
            )
            self.fields[f"comment-{indicator.id}"] = self._comment()

    @staticmethod
    def _comment() -> forms.CharField:
        return forms.CharField(
            label=gettext_lazy("Comment"),
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    @staticmethod
    def initial_for(review: Review, result: Any) -> dict[str, Any]:
        """The review's saved judgements; items not judged yet start from the computed
        pre-score."""
        initial: dict[str, Any] = {"summary": review.summary}
        saved = review.judgements
        for requirement in result.requirements:
            data = saved.get(requirement.id, {})
            passed = data.get("passed", requirement.passed)
            initial[f"passed-{requirement.id}"] = (
                "" if passed is None else (PASS if passed else FAIL)
            )
            initial[f"comment-{requirement.id}"] = data.get("comment", "")
        for indicator in result.indicators:
            data = saved.get(indicator.id, {})
            initial[f"points-{indicator.id}"] = data.get("points", indicator.points)
            initial[f"comment-{indicator.id}"] = data.get("comment", "")
        return initial

    def judgements(self, result: Any) -> dict[str, Any]:
        data = self.cleaned_data
        judged: dict[str, Any] = {}
        for requirement in result.requirements:
            judged[requirement.id] = {
                "passed": data.get(f"passed-{requirement.id}") or "",
                "comment": data.get(f"comment-{requirement.id}", ""),
            }
        for indicator in result.indicators:
            judged[indicator.id] = {
                "points": data.get(f"points-{indicator.id}"),
                "comment": data.get(f"comment-{indicator.id}", ""),
            }
        return judged


def _review_errors(form: ReviewForm, error: ValidationError, result: Any) -> None:
    """The service names items by id; put each message on that item's field."""
    if not hasattr(error, "error_dict"):
        apply_service_errors(form, error)
        return
    requirements = {r.id for r in result.requirements}
    for field, errors in error.message_dict.items():
        if field in requirements:
            target: str | None = f"passed-{field}"
        elif f"points-{field}" in form.fields:
            target = f"points-{field}"
        else:
            target = field if field in form.fields else None
        for message in errors:
            form.add_error(target, message)


def _review_or_404(user: Any, review_id: int) -> Review:
    """The review of an application the user may see (404 otherwise); only its evaluator may
    open it (403 for the others)."""
    review = (
        Review.objects.select_related("application__call", "evaluator").filter(pk=review_id).first()
    )
    if review is None or not permissions.can_view_application(user, review.application):
        raise Http404
    if not permissions.can_score_review(user, review):
        raise PermissionDenied
    return review


def _item_rows(form: ReviewForm, result: Any, application: Application) -> list[dict[str, Any]]:
    evidence: dict[str, list[Any]] = {}
    for item in application.evidence.all():
        evidence.setdefault(item.item, []).append(item)
    rows: list[dict[str, Any]] = []
    for requirement in result.requirements:
        rows.append(
            {
                "kind": "requirement",
                "item": requirement,
                "field": form[f"passed-{requirement.id}"],
                "comment": form[f"comment-{requirement.id}"],
                "computed": requirement.passed,
                "value": "",
                "inputs": [(name, shown(value), "") for name, value in requirement.inputs.items()],
                "thresholds": requirement.thresholds,
                "evidence": evidence.get(requirement.id, []),
            }
        )
    for indicator in result.indicators:
        rows.append(
            {
                "kind": "indicator",
                "item": indicator,
                "field": form[f"points-{indicator.id}"],
                "comment": form[f"comment-{indicator.id}"],
                "computed": indicator.points,
                "value": shown(indicator.value),
                "inputs": [
                    (name, shown(value), indicator.input_sources.get(name, ""))
                    for name, value in indicator.inputs.items()
                ],
                "thresholds": indicator.thresholds,
                "evidence": evidence.get(indicator.id, []),
            }
        )
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    """The assigned evaluator's item-by-item review, pre-filled from the computed pre-score:
    save a draft or submit; read-only once submitted."""
    if (login := login_needed(request)) is not None:
        return login
    review = _review_or_404(request.user, review_id)
    application = review.application
    result = frozen_result(application)
    editable = (
        review.status == ReviewStatus.PENDING
        and application.status == ApplicationStatus.UNDER_REVIEW
    )
    if request.method == "POST":
        form = ReviewForm(request.POST, result=result)
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                services.review_save(
                    actor=request.user,
                    review=review,
                    judgements=form.judgements(result),
                    summary=form.cleaned_data["summary"],
                    submit=submit,
                )
            except ValidationError as error:
                _review_errors(form, error, result)
            else:
                messages.success(
                    request,
                    _("Review submitted.") if submit else _("Draft saved; submit it when done."),
                )
                return redirect("assessments:review", review.pk)
        if form.errors:
            messages.error(request, _("The review was not saved: see the marked items."))
    else:
        form = ReviewForm(initial=ReviewForm.initial_for(review, result), result=result)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    judged = review.judgements
    context = {
        "review": review,
        "application": application,
        "result": result,
        "form": form,
        "rows": _item_rows(form, result, application),
        "judged": judged,
        "editable": editable,
        "level_title": level_titles(application).get(review.level, review.level),
        "application_url": reverse("assessments:application", args=[application.pk]),
    }
    return page(request, "assessments/review.html", context)


# -- the decision -------------------------------------------------------------------------------


@require_POST
def application_decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """Approve or reject a reviewed application, with reasons (staff who did not review it)."""
    application = application_or_404(request.user, application_id)
    if not permissions.can_run_assessments(request.user):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if not form.is_valid():
        problems = [str(m) for errors in form.errors.values() for m in errors]
        messages.error(request, " ".join(problems) or _("Choose a decision and give reasons."))
        return to_application(application.pk, "decision")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.application_decide(
            actor=request.user,
            application=application,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return to_application(application.pk, "decision")
    messages.success(
        request,
        _("Approved: the certificate is issued and the designation recorded.")
        if approve
        else _("Rejected, with the reasons given."),
    )
    return to_application(application.pk, "decision")
