"""Monthly quantities of exchanges, mounted under /api/ecology: an exchange's records (each
with its avoided emissions and calculation), several months of one or more active exchanges
in one call (``{"records": [{"exchange", "month", "quantity"}, ...]}``) and a CSV/XLSX file
(multipart ``file``, columns ``exchange, month, quantity``), both all-or-nothing: 422 with
every problem (``row`` = the item's position from 1, or the file's row; ``column``; the reason
in the reader's language), nothing stored. A month already recorded is replaced.

Reads: the staff and either party's users (``permissions.visible_exchanges``; another
exchange answers 404). Writes: enterprise users (the staff 403, other roles 404), each item on
an active exchange of their enterprise (``services.records``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

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
from greenledger.web.ecology.models import ExchangeRecord
from greenledger.web.ecology.services import records as services
from greenledger.web.reporting.services._common import problem_dicts
from greenledger.web.reporting.templatetags.reporting_extras import problem_text
from greenledger.web.responses import Status

BINARY = {"type": "string", "format": "binary"}


class ExchangeRecordIn(Schema):
    exchange: int = Field(description="The exchange's number.")
    month: str = Field(max_length=10, description="YYYY-MM, not after the current month.")
    quantity: float = Field(description="In the offer's unit (t, MWh or m3), at least 0.")


class RecordsIn(Schema):
    records: list[ExchangeRecordIn] = Field(max_length=1000)


class ExchangeRecordOut(Schema):
    id: int
    exchange: int
    month: str = Field(description="YYYY-MM")
    quantity: float
    unit: str
    avoided_tco2e: float
    benefit: dict[str, Any] = Field(
        description="The core benefit: quantities, tCO2e avoided (null: no sourced factor), "
        "the calculation lines (label, arithmetic, value, unit, source) and data versions."
    )
    source: str = Field(description="form, file or api")
    recorded_at: str


def record_out(record: ExchangeRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "exchange": record.exchange_id,
        "month": f"{record.month:%Y-%m}",
        "quantity": record.quantity,
        "unit": record.exchange.offer.unit,
        "avoided_tco2e": record.avoided_tco2e,
        "benefit": record.benefit,
        "source": record.source,
        "recorded_at": record.recorded_at.isoformat(),
    }


def _refused(request: HttpRequest, error: InputError) -> Any:
    problems = problem_dicts(error.problems)
    return error_response(
        request,
        422,
        problem_text(error.headline_message),
        problems=[{**p, "message": problem_text(p)} for p in problems],
    )


def _writer(request: HttpRequest) -> Any:
    """Enterprise users; the staff (who see every exchange) 403, anybody else 404."""
    user = request.auth  # type: ignore[attr-defined]
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        raise PermissionDenied
    if role not in permissions.ENTERPRISE_ROLES:
        raise Http404
    return user


@router.get(
    "/exchanges/{int:exchange_id}/records",
    response=list[ExchangeRecordOut],
    summary="An exchange's monthly records with their avoided emissions",
)
def exchange_records(request: HttpRequest, exchange_id: DbId) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    exchange = permissions.visible_exchanges(user).filter(pk=exchange_id).first()
    if exchange is None:
        raise Http404
    found = exchange.records.select_related("exchange__offer").order_by("month")
    return [record_out(r) for r in found]


@router.post(
    "/records",
    response={201: list[ExchangeRecordOut]},
    summary="Record months of active exchanges (all or nothing)",
)
@answers(404)
def records_create(request: HttpRequest, payload: RecordsIn) -> Any:
    user = _writer(request)
    try:
        saved = services.records_save(actor=user, rows=[r.dict() for r in payload.records])
    except InputError as error:
        return _refused(request, error)
    return Status(201, [record_out(r) for r in saved])


@router.post(
    "/records/imports",
    response={201: list[ExchangeRecordOut]},
    summary="Record months from a CSV/XLSX file (exchange, month, quantity; all or nothing)",
)
@answers(404, multipart={"file": BINARY}, required=["file"])
def records_import(request: HttpRequest) -> Any:
    user = _writer(request)
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Attach the file as the 'file' field.")
        raise ValidationError({"file": [ValidationError(message, code="required")]})
    name = Path(upload.name or "records.csv").name
    with tempfile.TemporaryDirectory() as directory:
        stored = Path(directory) / name
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            saved = services.records_import(actor=user, path=stored, filename=name)
        except InputError as error:
            return _refused(request, error)
    return Status(201, [record_out(r) for r in saved])
