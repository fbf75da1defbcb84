"""Carbon dual-control pages: the district's budgets overview (who is over, alerts) and the
form to allocate a plan (the staff); one enterprise's budget, verified emissions and trajectory
(its own users and the staff; anybody else gets 404, the enterprise's figures are hidden).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.district.forms import BudgetPlanForm, apply_service_errors
from greenledger.web.district.models import BudgetPlan
from greenledger.web.district.selectors import budgets as selectors
from greenledger.web.district.services.budgets import budget_plan_create
from greenledger.web.district.views.targets import _page, _staff_only
from greenledger.web.members.models import Organisation
from greenledger.web.ui.assets import plotly_version

__all__ = ["budgets_panel_context", "enterprise_budget_context", "urlpatterns"]


def plan_years(plan: BudgetPlan | None) -> list[int]:
    return [] if plan is None else list(range(plan.first_year, plan.last_year + 1))


def budgets_panel_context(*, year: int) -> dict[str, Any]:
    """What ``district/partials/budgets_panel.html`` reads."""
    return {"budget_overview": selectors.budget_overview(year=year)}


def enterprise_budget_context(organisation: Organisation) -> dict[str, Any]:
    """What ``district/partials/enterprise_budget.html`` reads."""
    return {
        "enterprise_budget": selectors.enterprise_budget(organisation),
        "plotly_version": plotly_version(),
    }


def _chosen_year(request: HttpRequest, plan: BudgetPlan | None, years: list[int]) -> int | None:
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted)
    return selectors.overview_year(plan)


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The active plan's budgets of one year beside the verified emissions, with alerts."""
    if (response := _staff_only(request)) is not None:
        return response
    plan = selectors.active_plan()
    years = plan_years(plan)
    year = _chosen_year(request, plan, years)
    context = {
        "plan": plan,
        "years": years,
        "year": year,
        "plans": BudgetPlan.objects.order_by("-created_at", "-id")[:50],
        **(budgets_panel_context(year=year) if year is not None else {}),
    }
    return _page(request, "district/budgets.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    """The secretariat allocates yearly budgets to the key enterprises."""
    if (response := _staff_only(request)) is not None:
        return response
    initial = {"method": "grandfathering", "base_year": 2020, "weight": 0.5}
    form = BudgetPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = budget_plan_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if plan.excluded:
                messages.warning(
                    request,
                    _("The plan is active; %(n)s enterprise(s) were left out for lack of data.")
                    % {"n": len({e["organisation_id"] for e in plan.excluded})},
                )
            else:
                messages.success(request, _("The plan is active."))
            return redirect(reverse("district:budgets"))
    return _page(request, "district/budgets_new.html", {"form": form})


@require_safe
def enterprise(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An enterprise's budget, verified emissions and trajectory: its users and the staff."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not permissions.can_view_enterprise_accounts(
        request.user, organisation
    ):
        raise Http404
    return _page(
        request,
        "district/budgets_enterprise.html",
        {"organisation": organisation, **enterprise_budget_context(organisation)},
    )


urlpatterns = [
    path("budgets/", overview, name="budgets"),
    path("budgets/new/", plan_new, name="budget_new"),
    path(
        "enterprises/<int:organisation_id>/budget/",
        enterprise,
        name="enterprise_budget",
    ),
]
