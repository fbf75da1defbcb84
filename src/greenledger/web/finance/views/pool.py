"""The green project pool pages.

- ``pool``: the financial analyst browses the listed projects (filters: catalogue, category,
  park, capex range, abatement-cost range, eligibility status) with each project's current
  eligibility per catalogue, and expresses the institution's interest (``pool_interest``);
- ``interests``: an enterprise's users see its projects with their listing (the energy manager
  lists or unlists one, ``pool_listing``) and the interests received (the manager accepts or
  declines, ``interest_decide``); an analyst sees the institution's interests; the registry staff
  see every interest, read only.

Anonymous visitors are sent to sign in; a signed-in user without the right gets 403 on a page
and 404 on an object they may not see. A refused write comes back as a message naming the
reason in the user's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.finance.models import Interest, InterestStatus
from greenledger.web.finance.selectors import pool as selectors
from greenledger.web.finance.services import pool as services
from greenledger.web.members.models import Site, SiteKind

NAV = "finance"
PER_PAGE = 50
CATALOGUES = ("green_finance_2025", "green_bond_2021", "shanghai_transition_2024")

__all__ = ["urlpatterns"]


class PoolFilterForm(forms.Form):
    catalogue = forms.ChoiceField(label=gettext_lazy("Catalogue"), required=False)
    category = forms.CharField(label=gettext_lazy("Category code"), max_length=64, required=False)
    park = forms.ModelChoiceField(
        label=gettext_lazy("Park"),
        queryset=Site.objects.filter(kind=SiteKind.PARK).order_by("name_zh"),
        required=False,
    )
    capex_min = forms.FloatField(
        label=gettext_lazy("Capex from (yuan)"), min_value=0, required=False
    )
    capex_max = forms.FloatField(label=gettext_lazy("Capex to (yuan)"), min_value=0, required=False)
    cost_min = forms.FloatField(label=gettext_lazy("Abatement cost from (yuan/t)"), required=False)
    cost_max = forms.FloatField(label=gettext_lazy("Abatement cost to (yuan/t)"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Eligibility"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["catalogue"].choices = [("", _("Any"))] + [(c, c) for c in CATALOGUES]
        self.fields["status"].choices = [("", _("Any"))] + [
            (s, status_label(s)) for s in selectors.ELIGIBILITY_STATUSES
        ]

    def filters(self) -> selectors.PoolFilters:
        data = self.cleaned_data
        park = data.get("park")
        return selectors.PoolFilters(
            catalogue=data.get("catalogue") or None,
            category=(data.get("category") or "").strip() or None,
            park_id=park.pk if park is not None else None,
            capex_min=data.get("capex_min"),
            capex_max=data.get("capex_max"),
            cost_min=data.get("cost_min"),
            cost_max=data.get("cost_max"),
            status=data.get("status") or None,
        )


def status_label(status: str) -> str:
    labels = {
        "eligible": _("Eligible"),
        "borderline": _("Borderline"),
        "not_eligible": _("Not eligible"),
        "needs_data": _("Needs data"),
    }
    return labels.get(status, status)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _refusal(error: ValidationError) -> str:
    return " ".join(text for texts in error.message_dict.values() for text in texts)


@require_safe
def pool(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    if not permissions.can_use_project_pool(request.user):
        raise PermissionDenied
    form = PoolFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else selectors.PoolFilters()
    if form.is_bound and not form.is_valid():
        projects = selectors.pool_projects(request.user).none()
    else:
        projects = selectors.pool_projects(request.user, filters)
    page = Paginator(projects, PER_PAGE).get_page(request.GET.get("page"))
    checks = selectors.eligibility_of(list(page.object_list))
    interested = set(
        Interest.objects.filter(
            institution_id=request.user.organisation_id,  # type: ignore[union-attr]
            project_id__in=checks,
        )
        .exclude(status=InterestStatus.WITHDRAWN)  # a withdrawn interest may be expressed again
        .values_list("project_id", flat=True)
    )
    rows = [
        {
            "project": p,
            "checks": [{"check": c, "label": status_label(c.status)} for c in checks.get(p.pk, [])],
            "interested": p.pk in interested,
        }
        for p in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": NAV, "form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "finance/pool.html", context, status=400 if form.errors else 200)


@require_POST
def pool_interest(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.can_use_project_pool(request.user):
        raise PermissionDenied
    project = selectors.pool_project(request.user, pk)
    if project is None:
        raise Http404
    try:
        services.interest_express(
            actor=request.user, project=project, message=request.POST.get("message", "")
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request,
            _("Your interest in %(project)s was sent to the enterprise.") % {"project": project},
        )
    return redirect(reverse("finance:pool"))


@require_safe
def interests(request: HttpRequest) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    user = request.user
    if not (
        permissions.is_enterprise_user(user)
        or permissions.can_use_project_pool(user)
        or permissions.is_registry_staff(user)
    ):
        raise PermissionDenied
    organisation = getattr(user, "organisation", None)
    can_manage = organisation is not None and permissions.can_manage_projects(user, organisation)
    context = {
        "nav": NAV,
        "interests": list(selectors.visible_interests(user)),
        "projects": list(selectors.listable_projects(user)),
        "can_manage": can_manage,
        "is_analyst": permissions.can_use_project_pool(user),
    }
    return render(request, "finance/interests.html", context)


@require_POST
def interest_decide(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.visible_interests(request.user).filter(pk=pk).first()
    if interest is None:
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        services.interest_decide(
            actor=request.user, interest=interest, accept=accept, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Interest accepted.") if accept else _("Interest declined."))
    return redirect(reverse("finance:interests"))


@require_POST
def pool_listing(request: HttpRequest, pk: int) -> HttpResponse:
    project = permissions.visible_projects(request.user).filter(pk=pk).first()
    if project is None:
        raise Http404
    listing = request.POST.get("listing") == "list"
    try:
        if listing:
            services.project_list(actor=request.user, project=project)
        else:
            services.project_unlist(actor=request.user, project=project)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        done = (
            _("%(project)s is listed in the green project pool.")
            if listing
            else _("%(project)s was taken out of the green project pool.")
        )
        messages.success(request, done % {"project": project})
    return redirect(reverse("finance:interests"))


@require_POST
def interest_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.visible_interests(request.user).filter(pk=pk).first()
    if interest is None:
        raise Http404
    try:
        services.interest_withdraw(actor=request.user, interest=interest)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Your interest was withdrawn."))
    return redirect(reverse("finance:interests"))


urlpatterns = [
    path("pool/", pool, name="pool"),
    path("pool/<int:pk>/interest/", pool_interest, name="pool_interest"),
    path("pool/listing/<int:pk>/", pool_listing, name="pool_listing"),
    path("interests/", interests, name="interests"),
    path("interests/<int:pk>/decide/", interest_decide, name="interest_decide"),
    path("interests/<int:pk>/withdraw/", interest_withdraw, name="interest_withdraw"),
]
