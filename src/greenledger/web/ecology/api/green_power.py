"""A site's green power and its hourly matching, mounted under /api/ecology/green-power: the
inputs of a year and the newest run (its keys first in ``run.result``), hourly supply
files (multipart ``file`` and ``kind``; checked like meter series: 422 with every file, row,
column and reason, nothing stored), flat contracts, certificates (one month, or a ``month, mwh``
file of the year), the site's storage, and a run (422 with the reason when the load is missing or
incomplete).

Reads: the site's enterprise users and the staff (``permissions.can_view_green_power``; a site
anybody else asks about answers 404). Writes: the site's enterprise manager (403 for the others
who may read it).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.contract.errors import error_response
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId
from greenledger.web.ecology.api._router import router
from greenledger.web.ecology.models import CertificateVolume, GreenSupply, Storage
from greenledger.web.ecology.selectors import green_power as selectors
from greenledger.web.ecology.services import green_power as services
from greenledger.web.members.models import Site
from greenledger.web.reporting.services._common import problem_dicts
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.responses import Status

BINARY = {"type": "string", "format": "binary"}
BASE = "/green-power/{int:site_id}"
MONTH = r"^\d{4}-\d{2}$"
Year = Annotated[int, Field(ge=1990, le=2100, description="A calendar year, 1990 to 2100.")]


class SupplyOut(Schema):
    id: int
    year: int
    kind: str = Field(description="onsite, contract (hourly profile) or contract_flat.")
    source: str
    annual_mwh: float
    flat: bool = Field(description="A volume spread flat over the year (flagged in runs).")
    sha256: str = Field(description="SHA-256 of the stored Parquet series (empty when flat).")
    original_filename: str


class GreenCertificateOut(Schema):
    month: str = Field(description="YYYY-MM")
    mwh: float


class StorageIn(Schema):
    name: str = Field(max_length=200)
    capacity_mwh: float
    power_mw: float
    round_trip_efficiency: float = Field(description="Above 0 and at most 1.")


class StorageOut(StorageIn):
    id: int


class ContractIn(Schema):
    source: str = Field(max_length=200, description="The seller or the plant.")
    annual_mwh: float = Field(description="The contract's volume of the year, above zero.")


class CertificateIn(Schema):
    month: str = Field(pattern=MONTH, description="YYYY-MM, in the path's year.")
    mwh: float = Field(description="Certificates cancelled that month (1 certificate = 1 MWh).")


class GreenPowerOut(Schema):
    site: int
    year: int
    pooled: bool = Field(description="An industrial park, matched pooled over its tenants.")
    meter_series: list[dict[str, Any]]
    supplies: list[SupplyOut]
    certificates: list[GreenCertificateOut]
    storage: StorageOut | None
    run: dict[str, Any] | None = Field(description="The newest run of the year, or null.")


def _supply_out(s: GreenSupply) -> dict[str, Any]:
    return {
        "id": s.pk,
        "year": s.year,
        "kind": s.kind,
        "source": s.source,
        "annual_mwh": s.annual_mwh,
        "flat": s.kind == "contract_flat",
        "sha256": s.series_sha256,
        "original_filename": s.original_filename,
    }


def _certificate_out(c: CertificateVolume) -> dict[str, Any]:
    return {"month": f"{c.month:%Y-%m}", "mwh": c.mwh}


def _storage_out(s: Storage) -> dict[str, Any]:
    return {
        "id": s.pk,
        "name": s.name,
        "capacity_mwh": s.capacity_mwh,
        "power_mw": s.power_mw,
        "round_trip_efficiency": s.round_trip_efficiency,
    }


def _site(request: HttpRequest, site_id: int, *, manage: bool = False) -> tuple[Any, Site]:
    user = request.auth  # type: ignore[attr-defined]
    site = selectors.site_for_green_power(user, site_id)
    if manage and not permissions.can_manage_green_power(user, site):
        raise PermissionDenied
    return user, site


def _upload(request: HttpRequest, directory: str, default: str) -> Path:
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        raise ValidationError({"file": [ValidationError(message, code="required")]})
    stored = Path(directory) / Path(upload.name or default).name
    with stored.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return stored


def _refused(request: HttpRequest, error: InputError) -> Any:
    problems = problem_dicts(error.problems)
    return error_response(
        request,
        422,
        problem_text(error.headline_message),
        problems=[{**p, "message": problem_text(p)} for p in problems],
    )


@router.get(
    BASE + "/{int:year}",
    response=GreenPowerOut,
    summary="A site's green-power inputs of a year and its newest hourly-matching run",
)
def green_power_read(request: HttpRequest, site_id: DbId, year: Year) -> Any:
    _user, site = _site(request, site_id)
    data = selectors.green_power_of(site, year)
    return {
        "site": site.pk,
        "year": year,
        "pooled": data.pooled,
        "meter_series": [
            {"meter": s.meter, "rows": s.rows, "coverage": s.coverage, "sha256": s.sha256}
            for s in data.meter_series
        ],
        "supplies": [_supply_out(s) for s in data.supplies],
        "certificates": [_certificate_out(c) for c in data.certificates],
        "storage": _storage_out(data.storage) if data.storage else None,
        "run": selectors.run_json(data.run) if data.run else None,
    }


@router.post(
    BASE + "/{int:year}/supplies",
    response={201: list[SupplyOut]},
    summary="Store an hourly supply file (timestamp, kwh[, source]) of the year",
)
@answers(
    multipart={"file": BINARY, "kind": {"type": "string", "enum": ["onsite", "contract"]}},
    required=["file", "kind"],
)
def supply_upload(request: HttpRequest, site_id: DbId, year: Year) -> Any:
    """Checked like a meter series; a refused file answers 422 with every problem and stores
    nothing; a source of the same name and year is replaced."""
    user, site = _site(request, site_id, manage=True)
    with tempfile.TemporaryDirectory() as directory:
        path = _upload(request, directory, "supply.csv")
        try:
            created = services.green_supply_upload(
                actor=user, site=site, year=year, kind=request.POST.get("kind", ""), path=path
            )
        except InputError as error:
            return _refused(request, error)
    return Status(201, [_supply_out(s) for s in created])


@router.post(
    BASE + "/{int:year}/contracts",
    response={201: SupplyOut},
    summary="Store a contract known only by its annual volume (spread flat, flagged)",
)
def contract_create(request: HttpRequest, site_id: DbId, year: Year, payload: ContractIn) -> Any:
    user, site = _site(request, site_id, manage=True)
    supply = services.green_supply_flat(actor=user, site=site, year=year, **payload.dict())
    return Status(201, _supply_out(supply))


@router.delete(
    BASE + "/{int:year}/supplies/{int:supply_id}",
    response={204: None},
    summary="Delete a supply",
)
def supply_delete(request: HttpRequest, site_id: DbId, year: Year, supply_id: DbId) -> Any:
    user, site = _site(request, site_id, manage=True)
    supply = GreenSupply.objects.filter(pk=supply_id, site=site, year=year).first()
    if supply is None:
        raise Http404
    services.green_supply_delete(actor=user, supply=supply)
    return Status(204, None)


@router.post(
    BASE + "/{int:year}/certificates",
    response=GreenCertificateOut,
    summary="Store the certificates of one month (replaces that month)",
)
def certificate_save(
    request: HttpRequest, site_id: DbId, year: Year, payload: CertificateIn
) -> Any:
    user, site = _site(request, site_id, manage=True)
    if not payload.month.startswith(f"{year}-"):
        raise ValidationError({"month": [_("The month must be in %(year)s.") % {"year": year}]})
    saved = services.certificate_save(actor=user, site=site, month=payload.month, mwh=payload.mwh)
    return _certificate_out(saved)


@router.post(
    BASE + "/{int:year}/certificates/imports",
    response={201: list[GreenCertificateOut]},
    summary="Store a certificate file (month, mwh) of the year (replaces the year's months)",
)
@answers(multipart={"file": BINARY}, required=["file"])
def certificates_import(request: HttpRequest, site_id: DbId, year: Year) -> Any:
    user, site = _site(request, site_id, manage=True)
    with tempfile.TemporaryDirectory() as directory:
        path = _upload(request, directory, "certificates.csv")
        try:
            created = services.certificates_import(actor=user, site=site, year=year, path=path)
        except InputError as error:
            return _refused(request, error)
    return Status(201, [_certificate_out(c) for c in created])


@router.put(BASE + "/storage", response=StorageOut, summary="Set the site's storage")
def storage_save(request: HttpRequest, site_id: DbId, payload: StorageIn) -> Any:
    user, site = _site(request, site_id, manage=True)
    return _storage_out(services.storage_save(actor=user, site=site, **payload.dict()))


@router.delete(BASE + "/storage", response={204: None}, summary="Remove the site's storage")
def storage_delete(request: HttpRequest, site_id: DbId) -> Any:
    user, site = _site(request, site_id, manage=True)
    storage = Storage.objects.filter(site=site).order_by("id").first()
    if storage is None:
        raise Http404
    services.storage_delete(actor=user, storage=storage)
    return Status(204, None)


@router.post(
    BASE + "/{int:year}/runs",
    response={201: dict[str, Any]},
    summary="Run the hourly matching of the site (a park: pooled) for the year",
)
def run_create(request: HttpRequest, site_id: DbId, year: Year) -> Any:
    """422 with the reason when the load (the site's meter series) is missing or incomplete, or
    with the core's problems when an input is refused."""
    user, site = _site(request, site_id, manage=True)
    try:
        run = services.cfe_run(actor=user, site=site, year=year)
    except InputError as error:
        return _refused(request, error)
    return Status(201, selectors.run_json(run))
