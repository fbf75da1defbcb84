"""The pages. Thin: parse the request, ask ``ui.lists`` / ``ui.overview`` (which go through the
selectors and the access rules), render. No business rules here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_safe

from greenledger.web.accounts.services import user_set_language
from greenledger.web.audit.selectors import ledger_version
from greenledger.web.ui import lists
from greenledger.web.ui.assets import plotly_version
from greenledger.web.ui.forms import DesignationFilterForm, DirectoryFilterForm, SignInForm
from greenledger.web.ui.overview import overview_context
from greenledger.web.ui.templatetags.ui_extras import local_name
from greenledger.web.ui.viewer_cache import cached_for_viewer


def _render_list(
    request: HttpRequest, page_template: str, results_template: str, context: dict[str, Any]
) -> HttpResponse:
    """The whole page, or only the results for an htmx request from the filter form."""
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.boosted and htmx.target == "results"
    response = render(request, results_template if partial else page_template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database access (a baseline for the load benchmark)."""
    return JsonResponse({"status": "ok"})


@require_safe
@cached_for_viewer
def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "overview",
        "plotly_version": plotly_version(),
        "data_version": ledger_version(),
        # Computed only when the cached page body is missing or stale.
        "o": SimpleLazyObject(overview_context),
    }
    return render(request, "ui/overview.html", context)


@require_safe
@cached_for_viewer
def directory(request: HttpRequest) -> HttpResponse:
    parks = lists.visible_parks(user=request.user)
    form = DirectoryFilterForm(request.GET or None, parks=[(p.pk, local_name(p)) for p in parks])
    data = form.cleaned_data if form.is_valid() else {}
    filters = lists.DirectoryFilters(
        search=data.get("q") or "",
        kind=data.get("kind") or "",
        standing=data.get("standing") or "",
        park=data.get("park"),
        designation=data.get("designation") or "",
    )
    context = {
        "nav": "directory",
        "form": form,
        **lists.paginate(
            lists.organisation_directory(user=request.user, filters=filters),
            request.GET.get("page"),
            search=bool(filters.search),
        ),
    }
    return _render_list(request, "ui/directory.html", "ui/partials/directory_results.html", context)


@require_safe
@cached_for_viewer
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    profile = lists.organisation_profile(user=request.user, organisation_id=organisation_id)
    return render(request, "ui/organisation.html", {"nav": "directory", "profile": profile})


@require_safe
@cached_for_viewer
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    profile = lists.site_profile(user=request.user, site_id=site_id)
    return render(request, "ui/site.html", {"nav": "directory", "profile": profile})


@require_safe
@cached_for_viewer
def designation_list(request: HttpRequest) -> HttpResponse:
    years = lists.designation_years(user=request.user)
    form = DesignationFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = lists.designations(
        user=request.user,
        type=data.get("type") or "",
        level=data.get("level") or "",
        year=data.get("year"),
        status=data.get("status") or "",
    )
    context = {
        "nav": "designations",
        "form": form,
        **lists.paginate(queryset, request.GET.get("page")),
    }
    return _render_list(
        request, "ui/designations.html", "ui/partials/designation_results.html", context
    )


class SignInView(auth_views.LoginView):
    template_name = "ui/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True
    extra_context = {"nav": "login", "title": _("Sign in")}

    def form_valid(self, form: Any) -> HttpResponse:
        """Sign in; the interface language in use becomes the language of mail to the user."""
        response = super().form_valid(form)
        user_set_language(user=form.get_user(), language=getattr(self.request, "LANGUAGE_CODE", ""))
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie, then back to ``next``); a signed-in user's mail
    follows the language chosen."""
    response = i18n_views.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_set_language(user=request.user, language=request.POST.get("language", ""))
    return response


class SignOutView(auth_views.LogoutView):
    """POST only (Django's rule): signs out and returns to the overview."""
