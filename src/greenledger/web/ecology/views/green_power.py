"""Green-power pages: a site's (or a park's pooled) hourly carbon-free-energy matching of a year.

``/ecology/green-power/`` lists the sites the user may see (its enterprise's, or every site for
the staff); ``/ecology/green-power/<site_id>/<year>/`` shows the newest run: the CFE score beside
the annual-matching share, the unmatched MWh by hour of day and by month, the emissions of the
unmatched hours with the grid factor named (factor id, document, library version), a 24 x 365
heat map and a duration curve, the flags (flat contracts) and the provenance; and, for the site's
enterprise manager, the forms that keep its supplies (an hourly file or a flat contract),
certificates (a month or a file), its storage, and the button that runs the matching.

A site the user may not see answers 404; the forms of a site the user may see but not keep
answer 403; anonymous visitors asking for a page are sent to sign in (an anonymous write: 404).
A refused submission shows the page again (422) with every problem (file, row, field, reason).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.ecology import charts
from greenledger.web.ecology.models import GreenSupply, SupplyKind
from greenledger.web.ecology.selectors import green_power as selectors
from greenledger.web.ecology.services import green_power as services
from greenledger.web.members.models import Site
from greenledger.web.reporting.forms import apply_service_errors
from greenledger.web.ui.assets import plotly_version

__all__ = ["urlpatterns"]

NAV = "ecology"
SUFFIXES = (".csv", ".xlsx", ".parquet")


def _suffix_ok(upload: Any) -> Any:
    if Path(upload.name or "").suffix.lower() not in SUFFIXES:
        raise ValidationError(_("Send a CSV, XLSX or Parquet file."), code="invalid")
    return upload


class SupplyFileForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            ("onsite", gettext_lazy("On-site generation")),
            ("contract", gettext_lazy("Green-power contract (hourly profile)")),
        ],
    )
    file = forms.FileField(label=gettext_lazy("Hourly series (timestamp, kwh[, source])"))

    def clean_file(self) -> Any:
        return _suffix_ok(self.cleaned_data["file"])


class FlatContractForm(forms.Form):
    source = forms.CharField(label=gettext_lazy("Contract (seller or plant)"), max_length=200)
    annual_mwh = forms.FloatField(label=gettext_lazy("Annual volume (MWh)"), min_value=0)


class CertificateForm(forms.Form):
    month = forms.RegexField(
        label=gettext_lazy("Month (YYYY-MM)"), regex=r"^\d{4}-\d{2}$", required=False
    )
    mwh = forms.FloatField(label=gettext_lazy("Certificates (MWh)"), min_value=0, required=False)
    file = forms.FileField(label=gettext_lazy("Or a file (month, mwh)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("file") is not None:
            _suffix_ok(data["file"])
        elif not data.get("month") or data.get("mwh") is None:
            raise ValidationError(_("Enter a month and its certificates, or send a file."))
        return data


class StorageForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    capacity_mwh = forms.FloatField(label=gettext_lazy("Capacity (MWh)"))
    power_mw = forms.FloatField(label=gettext_lazy("Power (MW)"))
    round_trip_efficiency = forms.FloatField(
        label=gettext_lazy("Round-trip efficiency (0..1)"), initial=0.85
    )


def _site(request: HttpRequest, site_id: int, year: int) -> Site | HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not 1990 <= year <= 2100:
        raise Http404
    return selectors.site_for_green_power(user, site_id)


def _managed(request: HttpRequest, site_id: int, year: int) -> Site | HttpResponse:
    site = _site(request, site_id, year)
    if isinstance(site, Site) and not permissions.can_manage_green_power(request.user, site):
        raise PermissionDenied
    return site


def _page_url(site: Site, year: int) -> str:
    return reverse("ecology:green_power", args=[site.pk, year])


def _charts(run: Any) -> dict[str, Any] | None:
    if run is None:
        return None
    result = run.result
    return {
        "by_hour": charts.unmatched_by_hour(result["by_hour_of_day"]),
        "by_month": charts.unmatched_by_month(result["by_month"]),
        "heatmap": charts.heatmap(result["heatmap_unmatched_mwh"], result["start"]),
        "duration": charts.duration_curve(
            result["duration_curve"]["load_mwh"], result["duration_curve"]["clean_supply_mwh"]
        ),
    }


def _labelled(provenance: dict[str, Any]) -> dict[str, Any]:
    """The run's provenance with each supply's kind as a label in the page's language."""
    labels = dict(SupplyKind.choices)
    sites = [
        {**site, "supplies": [
            {**u, "kind_label": labels.get(u["kind"], u["kind"])} for u in site["supplies"]
        ]}
        for site in provenance.get("sites", [])
    ]  # fmt: skip
    return {**provenance, "sites": sites}


def _render(
    request: HttpRequest,
    site: Site,
    year: int,
    *,
    bound: dict[str, forms.Form] | None = None,
    refused: InputError | None = None,
    status: int = 200,
) -> HttpResponse:
    data = selectors.green_power_of(site, year)
    can_manage = permissions.can_manage_green_power(request.user, site)
    form_set: dict[str, forms.Form] = {}
    if can_manage:
        form_set = {
            "supply": SupplyFileForm(),
            "contract": FlatContractForm(),
            "certificate": CertificateForm(),
            "storage": StorageForm(
                initial={
                    "name": data.storage.name,
                    "capacity_mwh": data.storage.capacity_mwh,
                    "power_mw": data.storage.power_mw,
                    "round_trip_efficiency": data.storage.round_trip_efficiency,
                }
                if data.storage
                else None
            ),
            "run": forms.Form(),
            **(bound or {}),
        }
    years = sorted({*selectors.years_of(site), year})
    result = data.run.result if data.run else None
    context = {
        "site": site,
        "year": year,
        "years": years,
        "data": data,
        "run": data.run,
        "result": result,
        "provenance": _labelled(data.run.provenance) if data.run else None,
        "charts": _charts(data.run),
        "score_percent": data.run.cfe_score * 100 if data.run else None,
        "share_percent": data.run.annual_match_share * 100 if data.run else None,
        "forms": form_set,
        "can_manage": can_manage,
        "refused": refused,
        "nav": NAV,
        "plotly_version": plotly_version(),
    }
    return render(request, "ecology/green_power.html", context, status=status)


@require_safe
def green_power_index(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    role = permissions.role_of(user)
    if role not in permissions.STAFF_ROLES and role not in permissions.ENTERPRISE_ROLES:
        raise PermissionDenied
    year = dt.date.today().year - 1
    rows = [{"site": site, "years": years} for site, years in selectors.sites_for_green_power(user)]
    return render(
        request,
        "ecology/green_power_index.html",
        {"rows": rows, "default_year": year, "nav": NAV},
    )


@require_safe
def green_power(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    site = _site(request, site_id, year)
    if isinstance(site, HttpResponse):
        return site
    return _render(request, site, year)


def _stored(upload: Any, directory: str) -> Path:
    stored = Path(directory) / Path(upload.name or "upload.csv").name
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return stored


def _submit(
    request: HttpRequest, site_id: int, year: int, key: str, form: forms.Form, action: Any
) -> HttpResponse:
    """Validate ``form``, call ``action(site, data, directory)``; the page again on refusal."""
    site = _managed(request, site_id, year)
    if isinstance(site, HttpResponse):
        return site
    refused: InputError | None = None
    if form.is_valid():
        with tempfile.TemporaryDirectory() as directory:
            try:
                done = action(site, form.cleaned_data, directory)
            except InputError as error:
                refused = error
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(_page_url(site, year))
    return _render(request, site, year, bound={key: form}, refused=refused, status=422)


@require_POST
def supply_upload(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    def action(site: Site, data: dict[str, Any], directory: str) -> str:
        created = services.green_supply_upload(
            actor=request.user, site=site, year=year, kind=data["kind"],
            path=_stored(data["file"], directory),
        )  # fmt: skip
        return _("%(count)s supply series stored for %(year)s.") % {
            "count": len(created),
            "year": year,
        }

    form = SupplyFileForm(request.POST, request.FILES)
    return _submit(request, site_id, year, "supply", form, action)


@require_POST
def contract_save(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    def action(site: Site, data: dict[str, Any], directory: str) -> str:
        supply = services.green_supply_flat(actor=request.user, site=site, year=year, **data)
        return _("The contract %(source)s is stored; it is spread flat and flagged.") % {
            "source": supply.source
        }

    return _submit(request, site_id, year, "contract", FlatContractForm(request.POST), action)


@require_POST
def certificates_save(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    def action(site: Site, data: dict[str, Any], directory: str) -> str:
        if data.get("file") is not None:
            created = services.certificates_import(
                actor=request.user, site=site, year=year, path=_stored(data["file"], directory)
            )
            return _("Certificates of %(count)s months stored for %(year)s.") % {
                "count": len(created),
                "year": year,
            }
        saved = services.certificate_save(
            actor=request.user, site=site, month=data["month"], mwh=data["mwh"]
        )
        return _("%(mwh)s MWh of certificates stored for %(month)s.") % {
            "mwh": saved.mwh,
            "month": f"{saved.month:%Y-%m}",
        }

    form = CertificateForm(request.POST, request.FILES)
    return _submit(request, site_id, year, "certificate", form, action)


@require_POST
def storage_save(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    def action(site: Site, data: dict[str, Any], directory: str) -> str:
        storage = services.storage_save(actor=request.user, site=site, **data)
        return _("The storage %(name)s is stored.") % {"name": storage.name}

    return _submit(request, site_id, year, "storage", StorageForm(request.POST), action)


@require_POST
def run(request: HttpRequest, site_id: int, year: int) -> HttpResponse:
    def action(site: Site, data: dict[str, Any], directory: str) -> str:
        done = services.cfe_run(actor=request.user, site=site, year=year)
        return _("Hourly matching done: CFE score %(score).1f %%.") % {
            "score": done.cfe_score * 100
        }

    return _submit(request, site_id, year, "run", forms.Form(request.POST), action)


@require_POST
def supply_delete(request: HttpRequest, site_id: int, year: int, supply_id: int) -> HttpResponse:
    site = _managed(request, site_id, year)
    if isinstance(site, HttpResponse):
        return site
    supply = GreenSupply.objects.filter(pk=supply_id, site=site, year=year).first()
    if supply is None:
        raise Http404
    services.green_supply_delete(actor=request.user, supply=supply)
    messages.success(request, _("The supply %(source)s is deleted.") % {"source": supply.source})
    return redirect(_page_url(site, year))


BASE = "green-power/<int:site_id>/<int:year>/"
urlpatterns = [
    path("green-power/", green_power_index, name="green_power_index"),
    path(BASE, green_power, name="green_power"),
    path(BASE + "supplies/", supply_upload, name="green_power_supply"),
    path(BASE + "supplies/<int:supply_id>/delete/", supply_delete, name="green_power_delete"),
    path(BASE + "contracts/", contract_save, name="green_power_contract"),
    path(BASE + "certificates/", certificates_save, name="green_power_certificates"),
    path(BASE + "storage/", storage_save, name="green_power_storage"),
    path(BASE + "run/", run, name="green_power_run"),
]
