"""CBAM installations and reports, mounted under /api/products/cbam (the pages' operations):
installations (list, create on a site of the user's enterprise, one with its reports), a
period's report computed by the core (goods from the site's processes ``{"process": id}`` or
given in full, precursors, electricity factor and source, carbon price paid: 422 with every
problem named with its good and field, nothing stored), a report with its result, the
communication to the EU importer as JSON and XLSX, and the verification (submit, verify,
return with a note).

Reads: the enterprise's users, the staff, the evaluator assigned to the enterprise (others
404; the list refuses other roles and anonymous callers 403). Writes: the enterprise's
manager (the staff and the enterprise's reporters 403); verify and return: the assigned
evaluator (others who see the report 403).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId
from greenledger.web.members.models import Site
from greenledger.web.products import cbam_export
from greenledger.web.products.api._router import router
from greenledger.web.products.models import CbamReport, Installation
from greenledger.web.products.selectors import cbam as selectors
from greenledger.web.products.services import cbam as services
from greenledger.web.responses import Status


class InstallationIn(Schema):
    site: DbId = Field(description="A site of the user's enterprise (one installation per site).")
    name_en: str = Field(max_length=200)
    address_en: str = Field("", max_length=300)
    unlocode: str = Field("", max_length=6, description="e.g. CNSHA")
    production_route: str = Field("", max_length=200)


class InstallationOut(Schema):
    id: int
    organisation: int
    site: int
    name_en: str
    address_en: str
    unlocode: str
    production_route: str
    latitude: float | None = Field(description="The site's.")
    longitude: float | None
    reports: list[dict[str, Any]] = Field(description="id, period, version, status")


class CarbonPriceIn(Schema):
    amount_per_t: float = Field(ge=0, description="Per tCO2e, effectively paid.")
    currency: str = Field("CNY", max_length=3)
    scheme: str = Field("China national ETS", max_length=100)
    covered_share: float = Field(1.0, ge=0, le=1)


class ReportIn(Schema):
    period: str = Field(max_length=7, description="A year (e.g. 2026) or YYYY-Qn.")
    electricity_ef_tco2_per_mwh: float
    electricity_ef_source: str = Field(max_length=200)
    carbon_price: CarbonPriceIn | None = None
    goods: list[dict[str, Any]] = Field(
        max_length=500,
        description='Each {"process": id} (a process of the site in the period\'s year: its '
        "figures and precursors are the process's) or {id, good, cn_code, activity_level_t, "
        "direct_tco2e, electricity_mwh, precursors}; a precursor is {good: another good's id} "
        "or {supplier_product: id} (its supplier's verified CBAM SEEs) or supplier_see_direct/"
        "_indirect, or default_see_direct/_indirect, or default_cn_code and country; with mass_t.",
    )


class CbamNoteIn(Schema):
    note: str = Field("", max_length=5000)


class ReportOut(Schema):
    id: int
    installation: int
    period: str
    version: int
    status: str
    review_note: str
    inputs: dict[str, Any]
    result: dict[str, Any] = Field(
        description="The core's goods (see_direct, see_indirect, see_total, embedded emissions, "
        "precursors, uses_defaults, direct_only, see_chargeable), markup, sources, and the "
        "communication."
    )


def installation_out(installation: Installation) -> dict[str, Any]:
    return {
        "id": installation.pk,
        "organisation": installation.organisation_id,
        "site": installation.site_id,
        "name_en": installation.name_en,
        "address_en": installation.address_en,
        "unlocode": installation.unlocode,
        "production_route": installation.production_route,
        "latitude": installation.site.latitude,
        "longitude": installation.site.longitude,
        "reports": [
            {"id": r.pk, "period": r.period, "version": r.version, "status": r.status}
            for r in installation.reports.order_by("-period")
        ],
    }


def report_out(report: CbamReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "installation": report.installation_id,
        "period": report.period,
        "version": report.version,
        "status": report.status,
        "review_note": report.review_note,
        "inputs": report.inputs,
        "result": report.result,
    }


def _installation(request: HttpRequest, installation_id: int) -> Installation:
    found = selectors.visible_installations(request.auth).filter(pk=installation_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _report(request: HttpRequest, report_id: int) -> CbamReport:
    found = selectors.visible_reports(request.auth).filter(pk=report_id).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


@router.get(
    "/cbam/installations",
    response=list[InstallationOut],
    summary="The CBAM installations the user may see",
)
@answers(403)
def installations(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    role = permissions.role_of(user)
    if role not in (*permissions.STAFF_ROLES, *permissions.ENTERPRISE_ROLES, Role.EVALUATOR):
        raise PermissionDenied
    found = selectors.visible_installations(user)[:500]
    return [installation_out(i) for i in found]


@router.post(
    "/cbam/installations",
    response={201: InstallationOut},
    summary="Make a site of the user's enterprise a CBAM installation",
)
@answers(404)
def installation_create(request: HttpRequest, payload: InstallationIn) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    organisation_id = getattr(user, "organisation_id", None)
    site = Site.objects.filter(pk=payload.site, organisation_id=organisation_id).first()
    if site is None or organisation_id is None:
        raise Http404
    made = services.installation_save(
        actor=user,
        site=site,
        name_en=payload.name_en,
        address_en=payload.address_en,
        unlocode=payload.unlocode,
        production_route=payload.production_route,
    )
    return Status(201, installation_out(made))


@router.get(
    "/cbam/installations/{int:installation_id}",
    response=InstallationOut,
    summary="A CBAM installation with its reports",
)
def installation(request: HttpRequest, installation_id: DbId) -> Any:
    return installation_out(_installation(request, installation_id))


@router.post(
    "/cbam/installations/{int:installation_id}/reports",
    response={201: ReportOut},
    summary="Compute and save a period's CBAM report (all or nothing)",
)
def report_save(request: HttpRequest, installation_id: DbId, payload: ReportIn) -> Any:
    found = _installation(request, installation_id)
    data = payload.dict()
    period = data.pop("period")
    report = services.cbam_report_save(
        actor=request.auth,  # type: ignore[attr-defined]
        installation=found,
        period=period,
        inputs=data,
    )
    return Status(201, report_out(report))


@router.get(
    "/cbam/reports/{int:report_id}",
    response=ReportOut,
    summary="A CBAM report with the core's result",
)
def report(request: HttpRequest, report_id: DbId) -> Any:
    return report_out(_report(request, report_id))


@router.get(
    "/cbam/reports/{int:report_id}/communication",
    response=dict[str, Any],
    summary="The communication to the EU importer (JSON)",
)
def communication(request: HttpRequest, report_id: DbId) -> Any:
    return cbam_export.communication_json(_report(request, report_id))


@router.get(
    "/cbam/reports/{int:report_id}/communication.xlsx",
    summary="The communication to the EU importer, laid out like the Commission's template",
)
@answers(download=cbam_export.XLSX)
def communication_xlsx(request: HttpRequest, report_id: DbId) -> Any:
    found = _report(request, report_id)
    response = HttpResponse(cbam_export.communication_xlsx(found), content_type=cbam_export.XLSX)
    name = f"cbam-communication-{found.pk}-{found.period}-v{found.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.post(
    "/cbam/reports/{int:report_id}/submit",
    response=ReportOut,
    summary="Submit a draft report to the evaluator assigned to the enterprise",
)
def report_submit(request: HttpRequest, report_id: DbId) -> Any:
    found = _report(request, report_id)
    return report_out(services.cbam_report_submit(actor=request.auth, report=found))  # type: ignore[attr-defined]


@router.post(
    "/cbam/reports/{int:report_id}/verify",
    response=ReportOut,
    summary="Verify a submitted report (the assigned evaluator)",
)
def report_verify(request: HttpRequest, report_id: DbId, payload: CbamNoteIn) -> Any:
    found = _report(request, report_id)
    verified = services.cbam_report_verify(actor=request.auth, report=found, note=payload.note)  # type: ignore[attr-defined]
    return report_out(verified)


@router.post(
    "/cbam/reports/{int:report_id}/return",
    response=ReportOut,
    summary="Return a submitted report for correction with a note (the assigned evaluator)",
)
def report_return(request: HttpRequest, report_id: DbId, payload: CbamNoteIn) -> Any:
    found = _report(request, report_id)
    returned = services.cbam_report_return(actor=request.auth, report=found, note=payload.note)  # type: ignore[attr-defined]
    return report_out(returned)
