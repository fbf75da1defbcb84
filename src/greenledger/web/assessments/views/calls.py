"""Calls for applications: the assessments start page, opening a call (staff), a call with its
rule set explained and its applications, applying (enterprises) and closing (staff)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.core.assessment import RuleSet, RuleSetNotFound, load_ruleset
from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.forms import (
    ApplyForm,
    CallForm,
    apply_service_errors,
    default_ruleset_id,
    ruleset_choices,
)
from greenledger.web.assessments.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    Review,
)
from greenledger.web.assessments.selectors import ruleset_outline
from greenledger.web.assessments.services.calls import call_accepts_applications
from greenledger.web.assessments.views._common import (
    act,
    call_or_404,
    login_needed,
    page,
    to_application,
    to_call,
)
from greenledger.web.members.models import Site
from greenledger.web.ui.viewer_cache import cached_for_viewer

# Applications that wait for the secretariat: evaluators to assign, or a decision to take.
NEEDS_ACTION = (ApplicationStatus.SUBMITTED, ApplicationStatus.REVIEWED)


def ruleset_of_call(call: Call) -> RuleSet | None:
    try:
        return load_ruleset(call.ruleset_id)
    except RuleSetNotFound:
        return None


def call_rows(calls: Any) -> list[dict[str, Any]]:
    """Calls with the title and edition of their standard."""
    rows = []
    for call in calls:
        ruleset = ruleset_of_call(call)
        rows.append({"call": call, "ruleset": ruleset, "accepts": call_accepts_applications(call)})
    return rows


# -- the start page -----------------------------------------------------------------------------


@require_safe
@cached_for_viewer
def index(request: HttpRequest) -> HttpResponse:
    """Open calls for every participant; an enterprise's applications; an evaluator's reviews;
    for the secretariat the applications waiting for it and every call."""
    if (response := login_needed(request)) is not None:
        return response
    user = request.user
    if not permissions.can_use_assessments(user):
        raise Http404
    today = timezone.localdate()
    calls = permissions.visible_calls(user)
    staff = permissions.can_run_assessments(user)
    enterprise = permissions.is_enterprise_user(user)
    applications = permissions.visible_applications(user).select_related(
        "call", "organisation", "site"
    )
    context = {
        "open_calls": call_rows(calls.filter(status=CallStatus.OPEN, deadline__gte=today)),
        "staff": staff,
        "enterprise": enterprise,
        "own_applications": applications if enterprise else None,
        "reviews": Review.objects.filter(evaluator_id=user.pk)
        .select_related("application__call", "application__organisation", "application__site")
        .order_by("status", "-assigned_at")
        if permissions.role_of(user) == "evaluator"
        else None,
        "needs_action": applications.filter(status__in=NEEDS_ACTION).order_by(
            "status", "submitted_at"
        )
        if staff
        else None,
        "all_calls": call_rows(calls) if staff else None,
    }
    return page(request, "assessments/index.html", context)


# -- opening a call -----------------------------------------------------------------------------


def _chosen_ruleset(request: HttpRequest) -> RuleSet:
    wanted = (request.POST or request.GET).get("ruleset_id") or default_ruleset_id()
    try:
        return load_ruleset(wanted)
    except RuleSetNotFound:
        return load_ruleset(default_ruleset_id())


@require_http_methods(["GET", "HEAD", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    """The secretariat opens a call: the rule set (chosen first), the call's details and the
    values of the rule set's configurable thresholds for this call."""
    if (response := login_needed(request)) is not None:
        return response
    if not permissions.can_run_assessments(request.user):
        raise PermissionDenied
    ruleset = _chosen_ruleset(request)
    form = CallForm(request.POST or None, ruleset=ruleset)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_open(actor=request.user, **form.service_values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The call is open for applications."))
            return to_call(call.pk)
    context = {
        "form": form,
        "ruleset": ruleset,
        "ruleset_choices": ruleset_choices(),
        "unconfirmed": len(ruleset.unconfirmed()),
    }
    return page(
        request,
        "assessments/call_new.html",
        context,
        partial="assessments/partials/call_form.html",
        target="call-form",
    )


# -- a call -------------------------------------------------------------------------------------


def own_sites(user: Any) -> Any:
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        return Site.objects.none()
    return Site.objects.filter(organisation_id=user.organisation_id).order_by("name_zh")


def call_context(
    request: HttpRequest, call: Call, apply_form: ApplyForm | None = None
) -> dict[str, Any]:
    user = request.user
    ruleset = ruleset_of_call(call)
    accepts = call_accepts_applications(call)
    can_apply = permissions.is_enterprise_user(user) and accepts
    if can_apply and apply_form is None:
        apply_form = ApplyForm(sites=own_sites(user))
    applications = (
        permissions.visible_applications(user)
        .filter(call=call)
        .select_related("organisation", "site")
        .order_by("organisation__name_zh", "site__name_zh")
    )
    return {
        "call": call,
        "accepts": accepts,
        "explained": ruleset_outline(ruleset, call) if ruleset is not None else None,
        "applications": applications,
        "show_applications": permissions.role_of(user) != "financial_analyst",
        "apply_form": apply_form if can_apply else None,
        "can_close": permissions.can_run_assessments(user) and call.status == CallStatus.OPEN,
    }


@require_safe
@cached_for_viewer
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    """A call is a public notice: anybody reads it; participants act on it."""
    call = call_or_404(request.user, call_id)
    return page(request, "assessments/call.html", call_context(request, call))


@require_POST
def call_apply(request: HttpRequest, call_id: int) -> HttpResponse:
    """An enterprise user applies under the call for one of their organisation's sites."""
    call = call_or_404(request.user, call_id)
    if not permissions.is_enterprise_user(request.user):
        raise PermissionDenied
    form = ApplyForm(request.POST, sites=own_sites(request.user))
    if form.is_valid():
        site = Site.objects.get(pk=int(form.cleaned_data["site"]))
        try:
            application: Application = services.application_create(
                actor=request.user, call=call, site=site
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Application opened. Answer its items, upload the evidence and submit it."),
            )
            return to_application(application.pk)
    context = call_context(request, call, apply_form=form)
    if context["apply_form"] is None:  # the call closed meanwhile: say so
        messages.error(request, _("The call is closed or its deadline has passed."))
        return to_call(call.pk)
    return page(request, "assessments/call.html", context)


@require_POST
def call_close(request: HttpRequest, call_id: int) -> HttpResponse:
    call = call_or_404(request.user, call_id)
    if not permissions.can_run_assessments(request.user):
        raise PermissionDenied
    act(
        request,
        lambda: services.call_close(actor=request.user, call=call),
        _("The call is closed; no further applications are accepted."),
    )
    return to_call(call.pk)
