"""The district's and each park's progress pages and the coverage page (the staff only).

Trends since the first year, coverage, intensity against the targets' trajectories, the
decomposition between two chosen years (waterfall, by park, by industry, top enterprises), the
coordinated-reduction quadrant and the budgets. Read-only and heavy: cached per viewer until the
audit ledger moves (``cached_for_viewer``). Anonymous visitors are sent to sign in; other
signed-in users get 403 (the page exists; the district's per-enterprise accounts are not theirs).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from greenledger.web.accounts import permissions
from greenledger.web.district import charts, progress_data
from greenledger.web.district.selectors import facts
from greenledger.web.district.views import panels
from greenledger.web.members import selectors as members
from greenledger.web.members.models import Site
from greenledger.web.ui.assets import plotly_version
from greenledger.web.ui.viewer_cache import cached_for_viewer

NAV = "district"


def refused(request: HttpRequest) -> HttpResponse | None:
    """A sign-in redirect for an anonymous visitor; 403 for a signed-in non-staff user."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_view_district_accounts(request.user):
        raise PermissionDenied
    return None


def int_param(request: HttpRequest, name: str) -> int | None:
    value = (request.GET.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) <= 4 else None


def park_or_404(site_id: int) -> Site:
    park = members.parks().filter(pk=site_id).first()
    if park is None:
        raise Http404
    return park


def progress_context(request: HttpRequest, park: Site | None) -> dict[str, Any]:
    period = progress_data.choose_period(int_param(request, "year"), int_param(request, "base"))
    pollutant = request.GET.get("pollutant") or "NOx"
    if pollutant not in progress_data.POLLUTANTS:
        pollutant = "NOx"
    series = progress_data.with_changes(facts.yearly_series(park=park), period.base_year)
    from greenledger.web.ecology.selectors.rates import avoided_by_year

    symbiosis = avoided_by_year(park=park)
    estimated = [row for row in series if (row.get("estimated") or {}).get("enterprises")]
    context: dict[str, Any] = {
        "nav": NAV,
        "park": park,
        "period": period,
        "pollutant": pollutant,
        "pollutants": progress_data.POLLUTANTS,
        "series": series,
        "estimated": estimated,
        "versions": progress_data.versions_of(series, park),
        "plotly_version": plotly_version(),
        "charts": {"trends": charts.trends(series)},
        "parks": list(members.parks()),
        "terms": [(term, charts.TERM_LABELS[term]) for term in progress_data.TERMS],
        "quadrants": charts.QUADRANT_LABELS,
        "symbiosis": symbiosis,
    }
    if period.year is None:
        return context
    context["coverage"] = facts.coverage(year=period.year, park=park)
    context["breakdown_industry"] = facts.breakdown(
        year=period.year, by="industry_division", park=park
    )
    context["breakdowns"] = [
        (_("By industry"), context["breakdown_industry"], "breakdown-industry")
    ]
    if park is None:
        rows = facts.breakdown(year=period.year, by="park")
        context["breakdowns"].insert(0, (_("By park"), rows, "breakdown-park"))
    change = progress_data.change_between(period, park)
    context["problems"] = change.problems
    names = panels.enterprise_names(change)
    if change.decomposition is not None:
        context["decomposition"] = progress_data.decomposition_dict(
            change.decomposition, names, panels.park_names(context["parks"])
        )
        context["charts"]["waterfall"] = charts.waterfall(change.decomposition)
    if change.coordinated is not None:
        context["coordinated"] = progress_data.coordinated_dict(change.coordinated, names)
        context["charts"]["quadrant"] = charts.quadrant(change.coordinated, pollutant, names)
    context.update(panels.targets_context(park, series))
    context.update(panels.budgets_context(period.year))
    return context


@require_safe
@cached_for_viewer
def district_progress(request: HttpRequest) -> HttpResponse:
    refusal = refused(request)
    if refusal is not None:
        return refusal
    return render(request, "district/progress.html", progress_context(request, None))


@require_safe
@cached_for_viewer
def park_progress(request: HttpRequest, site_id: int) -> HttpResponse:
    refusal = refused(request)
    if refusal is not None:
        return refusal
    park = park_or_404(site_id)
    return render(request, "district/progress.html", progress_context(request, park))


@require_safe
@cached_for_viewer
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Who reported for a year (verified), who did not, and which gaps carry an estimate."""
    refusal = refused(request)
    if refusal is not None:
        return refusal
    site_id = int_param(request, "park")
    park = park_or_404(site_id) if site_id else None
    period = progress_data.choose_period(int_param(request, "year"))
    context: dict[str, Any] = {
        "nav": NAV,
        "park": park,
        "period": period,
        "parks": list(members.parks()),
        "plotly_version": plotly_version(),
    }
    if period.year is not None:
        coverage = facts.coverage(year=period.year, park=park)
        context["coverage"] = coverage
        # sets of ids: the lists are checked once per enterprise listed
        context["estimated_ids"] = {o.pk for o in coverage.estimated}
        context["in_correction_ids"] = {o.pk for o in coverage.in_correction}
        per_year = [facts.coverage(year=y, park=park) for y in period.years]
        rows = [
            {
                "year": y,
                "reported": len(c.reported),
                "estimated": len(c.estimated),
                "missing": len(c.missing),
            }
            for y, c in zip(period.years, per_year, strict=True)
        ]
        context["years_coverage"] = rows
        context["charts"] = {"coverage": charts.coverage(rows)}
    return render(request, "district/coverage.html", context)


urlpatterns = [
    path("", district_progress, name="progress"),
    path("parks/<int:site_id>/", park_progress, name="park_progress"),
    path("coverage/", coverage_page, name="coverage"),
]
