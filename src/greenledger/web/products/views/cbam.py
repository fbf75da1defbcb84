"""CBAM pages (Regulation (EU) 2023/956), under /products/cbam/:

- ``cbam/``: the installations the user may see (``selectors.cbam.visible_installations``);
  the enterprise's manager makes one of its sites an installation.
- ``cbam/installations/<id>/``: the installation (editable by the manager), the site's
  processes with their product's CN code and whether the CBAM annex covers it, the reports by
  period, and the manager's form to compute a period's report from chosen processes (the
  figures are the processes': no retyping).
- ``cbam/reports/<id>/``: SEE direct and indirect per good, embedded emissions, precursors,
  default values used and the mark-up, the goods that pay on direct emissions only, the carbon
  price paid; the manager submits it, the assigned evaluator verifies or returns it with a note;
  the communication downloads as XLSX (``communication.xlsx``) and JSON
  (``communication.json``).

An installation or report the user may not see answers 404; a write by someone who sees it but
may not write 403; an anonymous visitor asking for a page is sent to sign in. A refused form
comes back (422) with every problem named with its good and the reason.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.members.models import Site
from greenledger.web.products import cbam_export
from greenledger.web.products.models import CbamReport, CbamStatus, Installation, Process
from greenledger.web.products.selectors import cbam as selectors
from greenledger.web.products.services import cbam as services
from greenledger.web.reporting.forms import apply_service_errors

__all__ = ["urlpatterns"]

NAV = "products"
_GOOD = re.compile(r"^goods\[(\d+)\]\.?(.*)$")


class InstallationForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none())
    name_en = forms.CharField(label=gettext_lazy("Installation name (English)"), max_length=200)
    address_en = forms.CharField(
        label=gettext_lazy("Address (English)"), max_length=300, required=False
    )
    unlocode = forms.CharField(label=gettext_lazy("UN/LOCODE"), max_length=6, required=False)
    production_route = forms.CharField(
        label=gettext_lazy("Production route"), max_length=200, required=False
    )


class ReportForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Reporting period"),
        max_length=7,
        help_text=gettext_lazy("A year (e.g. 2026) or YYYY-Qn; the processes of that year."),
    )
    processes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Goods (the site's processes)"),
        queryset=Process.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    electricity_ef_tco2_per_mwh = forms.FloatField(
        label=gettext_lazy("Electricity emission factor (tCO2/MWh)"), min_value=0
    )
    electricity_ef_source = forms.CharField(
        label=gettext_lazy("Source of the electricity factor"), max_length=200
    )
    stated_precursors = forms.CharField(
        label=gettext_lazy("Precursors stated by suppliers or taken from default values"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "One a line: process; mass (t); SEE direct; SEE indirect; the supplier's name, or "
            "default (default values, with the year's mark-up). Given for a process, they "
            "replace the precursors of its suppliers' inputs."
        ),
    )
    carbon_price = forms.FloatField(
        label=gettext_lazy("Carbon price paid in China (per tCO2e)"), min_value=0, required=False
    )
    carbon_price_currency = forms.CharField(
        label=gettext_lazy("Currency"), max_length=3, initial="CNY", required=False
    )
    covered_share = forms.FloatField(
        label=gettext_lazy("Share of direct emissions covered by the ETS (0-1)"),
        min_value=0,
        max_value=1,
        initial=1.0,
        required=False,
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise Http404


def _installation(request: HttpRequest, pk: int) -> Installation:
    found = selectors.visible_installations(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _report(request: HttpRequest, pk: int) -> CbamReport:
    found = selectors.visible_reports(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _own_sites(user: Any) -> Any:
    return Site.objects.filter(organisation_id=user.organisation_id).exclude(
        pk__in=Installation.objects.values("site_id")
    )


def _stated(form: forms.Form, text: str, goods: list[Process]) -> dict[int, list[Any]] | None:
    """The stated precursors by process id; None (errors on the form) when a line is bad."""
    by_name = {p.name: p for p in goods}
    stated: dict[int, list[Any]] = {}
    ok = True
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in re.split(r"[;；\t]", line)]
        if len(parts) != 5:
            form.add_error(
                "stated_precursors",
                _("Line %(line)s: give process; mass; SEE direct; SEE indirect; supplier.")
                % {"line": number},
            )
            ok = False
            continue
        name, mass, direct, indirect, source = parts
        process = by_name.get(name)
        if process is None:
            form.add_error(
                "stated_precursors",
                _("Line %(line)s: %(name)s is not one of the chosen processes.")
                % {"line": number, "name": name},
            )
            ok = False
            continue
        default = source.lower() in ("default", "默认", "默认值")
        keys = ("default_see_direct", "default_see_indirect") if default else (
            "supplier_see_direct", "supplier_see_indirect")  # fmt: skip
        entry = {"mass_t": mass, keys[0]: direct, keys[1]: indirect}
        if not default:
            entry["supplier"] = source
        stated.setdefault(process.pk, []).append(entry)
    return stated if ok else None


def _report_errors(form: forms.Form, error: ValidationError, goods: list[Process]) -> None:
    """Field errors of the service on the form; a good's errors named with its process."""
    if not hasattr(error, "error_dict"):
        apply_service_errors(form, error)
        return
    for key, reasons in error.message_dict.items():
        found = _GOOD.match(key)
        for reason in reasons:
            if key in form.fields:
                form.add_error(key, reason)
            elif found is not None and int(found.group(1)) <= len(goods):
                name = goods[int(found.group(1)) - 1].name
                form.add_error("processes", f"{name}: {reason}")
            elif key.startswith("carbon_price"):
                form.add_error("carbon_price", reason)
            else:
                form.add_error(None, reason)


@require_http_methods(["GET", "HEAD", "POST"])
def installations(request: HttpRequest) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    user: Any = request.user
    role = permissions.role_of(user)
    if role not in (*permissions.STAFF_ROLES, *permissions.ENTERPRISE_ROLES, Role.EVALUATOR):
        raise PermissionDenied
    manager = user.organisation_id is not None and permissions.can_manage_products(
        user, user.organisation
    )
    form = None
    status = 200
    if manager:
        form = InstallationForm(request.POST or None)
        form.fields["site"].queryset = _own_sites(user)  # type: ignore[attr-defined]
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = services.installation_save(
                    actor=user,
                    site=data["site"],
                    name_en=data["name_en"],
                    address_en=data["address_en"],
                    unlocode=data["unlocode"],
                    production_route=data["production_route"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect("products:cbam_installation", pk=made.pk)
        status = 422
    rows = selectors.visible_installations(user)[:500]
    context = {"installations": rows, "form": form, "nav": NAV}
    return render(request, "products/cbam_installations.html", context, status=status)


def _installation_page(
    request: HttpRequest,
    installation: Installation,
    *,
    edit: forms.Form | None = None,
    report: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    manager = permissions.can_manage_products(user, installation.organisation)
    site_processes = Process.objects.filter(site_id=installation.site_id)
    years = sorted({p.year for p in site_processes}, reverse=True)
    if manager and edit is None:
        edit = InstallationForm(
            initial={
                "site": installation.site_id,
                "name_en": installation.name_en,
                "address_en": installation.address_en,
                "unlocode": installation.unlocode,
                "production_route": installation.production_route,
            }
        )
        edit.fields["site"].queryset = Site.objects.filter(pk=installation.site_id)  # type: ignore[attr-defined]
    if manager and report is None:
        report = ReportForm(initial={"period": str(years[0]) if years else ""})
        report.fields["processes"].queryset = site_processes  # type: ignore[attr-defined]
    context = {
        "installation": installation,
        "site": installation.site,
        "processes": [
            row for year in years for row in selectors.cbam_processes(installation, year)
        ],
        "reports": installation.reports.order_by("-period"),
        "latest": installation.reports.order_by("-period").first(),
        "edit": edit,
        "report_form": report,
        "nav": NAV,
    }
    return render(request, "products/cbam_installation.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def installation(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _installation(request, pk)
    if request.method != "POST":
        return _installation_page(request, found)
    if not permissions.can_manage_products(request.user, found.organisation):
        raise PermissionDenied
    form = InstallationForm(request.POST)
    form.fields["site"].queryset = Site.objects.filter(pk=found.site_id)  # type: ignore[attr-defined]
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.installation_save(
                actor=request.user,
                site=found.site,
                installation=found,
                name_en=data["name_en"],
                address_en=data["address_en"],
                unlocode=data["unlocode"],
                production_route=data["production_route"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The installation is saved."))
            return redirect("products:cbam_installation", pk=found.pk)
    return _installation_page(request, found, edit=form, status=422)


@require_POST
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _installation(request, pk)
    if not permissions.can_manage_products(request.user, found.organisation):
        raise PermissionDenied
    form = ReportForm(request.POST)
    form.fields["processes"].queryset = Process.objects.filter(site_id=found.site_id)  # type: ignore[attr-defined]
    if form.is_valid():
        data = form.cleaned_data
        goods = list(data["processes"])
        price = None
        if data.get("carbon_price") not in (None, ""):
            price = {
                "amount_per_t": data["carbon_price"],
                "currency": data.get("carbon_price_currency") or "CNY",
                "covered_share": 1.0
                if data.get("covered_share") is None
                else data["covered_share"],
            }
        stated = _stated(form, data.get("stated_precursors") or "", goods)
        if stated is not None:
            rows: list[dict[str, Any]] = [{"process": p.pk} for p in goods]
            for row in rows:
                if row["process"] in stated:
                    row["supplier_precursors"] = stated[row["process"]]
            try:
                made = services.cbam_report_save(
                    actor=request.user,
                    installation=found,
                    period=data["period"],
                    inputs={
                        "electricity_ef_tco2_per_mwh": data["electricity_ef_tco2_per_mwh"],
                        "electricity_ef_source": data["electricity_ef_source"],
                        "carbon_price": price,
                        "goods": rows,
                    },
                )
            except ValidationError as error:
                _report_errors(form, error, goods)
            else:
                return redirect("products:cbam_report", pk=made.pk)
    return _installation_page(request, found, report=form, status=422)


@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _report(request, pk)
    user: Any = request.user
    manager = permissions.can_manage_products(user, found.installation.organisation)
    context = {
        "report": found,
        "installation": found.installation,
        "goods": [
            {**good, "activity_level": product["activity_level"]}
            for good, product in zip(
                found.result.get("goods", []),
                found.result.get("communication", {}).get("products", []),
                strict=False,
            )
        ],
        "result": found.result,
        "can_submit": manager and found.status == CbamStatus.DRAFT,
        "can_verify": permissions.can_verify_cbam(user, found)
        and found.status == CbamStatus.SUBMITTED,
        "note_form": NoteForm(),
        "nav": NAV,
    }
    return render(request, "products/cbam_report.html", context)


def _step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _report(request, pk)
    note = request.POST.get("note", "")
    try:
        if action == "submit":
            services.cbam_report_submit(actor=request.user, report=found)
        elif action == "verify":
            services.cbam_report_verify(actor=request.user, report=found, note=note)
        else:
            services.cbam_report_return(actor=request.user, report=found, note=note)
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
    return redirect("products:cbam_report", pk=found.pk)


@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit")


@require_POST
def report_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "verify")


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "return")


def _filename(report: CbamReport, suffix: str) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", report.installation.name_en).strip("-") or "installation"
    return f"cbam-communication-{name}-{report.period}-v{report.version}.{suffix}"


@require_safe
def communication_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _report(request, pk)
    response = HttpResponse(cbam_export.communication_xlsx(found), content_type=cbam_export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "xlsx")}"'
    return response


@require_safe
def communication_json(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    found = _report(request, pk)
    body = json.dumps(cbam_export.communication_json(found), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(found, "json")}"'
    return response


urlpatterns = [
    path("cbam/", installations, name="cbam_installations"),
    path("cbam/installations/<int:pk>/", installation, name="cbam_installation"),
    path("cbam/installations/<int:pk>/reports/", report_create, name="cbam_report_create"),
    path("cbam/reports/<int:pk>/", report, name="cbam_report"),
    path("cbam/reports/<int:pk>/submit/", report_submit, name="cbam_report_submit"),
    path("cbam/reports/<int:pk>/verify/", report_verify, name="cbam_report_verify"),
    path("cbam/reports/<int:pk>/return/", report_return, name="cbam_report_return"),
    path(
        "cbam/reports/<int:pk>/communication.xlsx",
        communication_xlsx,
        name="cbam_communication_xlsx",
    ),
    path(
        "cbam/reports/<int:pk>/communication.json",
        communication_json,
        name="cbam_communication_json",
    ),
]
