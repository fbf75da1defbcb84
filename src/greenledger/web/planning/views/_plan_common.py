"""What the plan pages share: the visible plan or 404, the manager-only check, a service's
refusal on a form, and the page context (``can_edit``: the manager on a draft plan; ``can_copy``:
the manager, also of a committed plan)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.planning.models import Plan, PlanStatus
from greenledger.web.planning.selectors import plans as selectors

NAV = "planning"


def signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    return None


def visible_plan(request: HttpRequest, pk: int) -> Plan:
    plan = selectors.visible_plans_for(request.user).filter(pk=pk).first()
    if plan is None:
        refused_or_404(request, user=request.user, scope="plans", pk=pk)
    access_log_for(
        request, user=request.user, organisation=plan.organisation_id, scope="plans", obj=plan
    )
    return plan


def editable(request: HttpRequest, plan: Plan) -> None:
    if not permissions.can_edit_plan(request.user, plan):
        raise PermissionDenied


def errors_to_form(form: Form, error: ValidationError, renames: dict[str, str]) -> None:
    """A service's refusal on the form: each reason at its field, the others above the form
    prefixed with the field the service named."""
    if not hasattr(error, "error_dict"):
        for text in error.messages:
            form.add_error(None, text)
        return
    for field, reasons in error.message_dict.items():
        target = renames.get(field.split(".")[0], field)
        for reason in reasons:
            if target in form.fields:
                form.add_error(target, reason)
            elif field == "__all__":
                form.add_error(None, reason)
            else:
                form.add_error(None, f"{field}: {reason}")


def page(
    request: HttpRequest, template: str, plan: Plan | None, *, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nav": NAV,
            "plan": plan,
            # a committed plan is kept as it is: its manager may copy it, not edit it
            "can_copy": plan is not None and permissions.can_edit_plan(request.user, plan),
            "can_edit": plan is not None
            and plan.status == PlanStatus.DRAFT
            and permissions.can_edit_plan(request.user, plan),
            "english": (get_language() or "").startswith("en"),
            **context,
        },
        status=status,
    )
