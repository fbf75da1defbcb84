"""Hourly meter series of a site: upload per year, and the validation report (gaps, duplicated
hours, daylight-saving oddities, coverage, monthly totals)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.reporting import page_selectors as pages
from greenledger.web.reporting import services
from greenledger.web.reporting.forms import MeterUploadForm, apply_service_errors
from greenledger.web.reporting.views import charts
from greenledger.web.reporting.views._common import page
from greenledger.web.ui.assets import plotly_version


def _store(upload: Any, directory: str) -> Path:
    path = Path(directory) / Path(upload.name or "meters.csv").name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


@require_http_methods(["GET", "HEAD", "POST"])
def meter_series(request: HttpRequest, site_id: int) -> HttpResponse:
    try:
        site = pages.meter_site_or_404(request.user, site_id)
    except Http404:
        refused_or_404(request, user=request.user, scope="meters", pk=site_id)
    access_log_for(
        request, user=request.user, organisation=site.organisation_id, scope="meters", obj=site
    )
    can_upload = permissions.can_upload_meter_series(request.user, site)
    form = MeterUploadForm(request.POST or None, request.FILES or None)
    refused: InputError | None = None
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        if form.is_valid():
            with tempfile.TemporaryDirectory() as directory:
                try:
                    created = services.meter_series_upload(
                        actor=request.user,
                        site=site,
                        year=form.cleaned_data["year"],
                        path=_store(form.cleaned_data["file"], directory),
                    )
                except InputError as error:
                    refused = error
                except ValidationError as error:
                    apply_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("%(count)s meter series stored for %(year)s.")
                        % {"count": len(created), "year": form.cleaned_data["year"]},
                    )
                    return redirect(reverse("reporting:meters", args=[site.pk]))
    series = pages.meter_series_of(site)
    latest = max(series, key=lambda s: (s.uploaded_at, s.pk)) if series else None
    report = latest.report if latest is not None else None
    context = {
        "site": site,
        "organisation": site.organisation,
        "series": series,
        "latest": latest,
        "report": report,
        "form": form if can_upload else None,
        "refused": refused,
        "plotly_version": plotly_version(),
        "has_gaps": bool(report) and any(m["gaps"] for m in report["meters"]),
        "chart": charts.meter_months(report["monthly_kwh"]) if report else None,
    }
    return page(request, "reporting/meters.html", context)
