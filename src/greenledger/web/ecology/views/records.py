"""Quantities exchanged each month: ``/ecology/exchanges/<id>/records/`` shows an exchange's
monthly records, each with its avoided emissions and the calculation (factor, source,
arithmetic), and to either party's users of an active exchange a form for one month (a month
already recorded is replaced); ``/ecology/records/import/`` takes a CSV/XLSX file with columns
``exchange, month, quantity`` for any of the user's active exchanges, all-or-nothing.

An exchange the user may not see (``permissions.visible_exchanges``) answers 404; the form of
one the user sees but cannot record on (the staff; an exchange not active) answers 403; an
anonymous visitor asking for a page is sent to sign in (an anonymous write: 404). A refused
submission shows the page again (422) with every problem (row, field, reason).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import Exchange, ExchangeStatus
from greenledger.web.ecology.selectors.exchanges import exchange_row
from greenledger.web.ecology.services import records as services
from greenledger.web.reporting.forms import apply_service_errors

__all__ = ["urlpatterns"]

NAV = "ecology"
SUFFIXES = (".csv", ".xlsx")


class RecordForm(forms.Form):
    month = forms.CharField(label=gettext_lazy("Month (YYYY-MM)"), max_length=10)
    quantity = forms.CharField(label=gettext_lazy("Quantity"), max_length=40)


class RecordsFileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (exchange, month, quantity)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise ValidationError(_("Send a CSV or XLSX file."), code="invalid")
        return upload


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise Http404


def _exchange(request: HttpRequest, pk: int) -> Exchange:
    found = (
        permissions.visible_exchanges(request.user)
        .select_related("offer__site", "need__site", "offer__organisation", "need__organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _render_exchange(
    request: HttpRequest,
    exchange: Exchange,
    form: RecordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_record = permissions.can_record_exchange(request.user, exchange)
    rows = list(exchange.records.order_by("month"))
    totals = exchange.records.aggregate(quantity=Sum("quantity"), avoided=Sum("avoided_tco2e"))
    context = {
        "exchange": exchange,
        "row": exchange_row(request.user, exchange),
        "records": rows,
        "total_quantity": totals["quantity"] or 0.0,
        "total_avoided": totals["avoided"] or 0.0,
        "can_record": can_record,
        "form": (form or RecordForm()) if can_record else None,
        "active": exchange.status == ExchangeStatus.ACTIVE,
        "nav": NAV,
    }
    return render(request, "ecology/records.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def exchange_records(request: HttpRequest, pk: int) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    exchange = _exchange(request, pk)
    if request.method != "POST":
        return _render_exchange(request, exchange)
    if not permissions.can_record_exchange(request.user, exchange):
        raise PermissionDenied
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            record = services.record_save(
                actor=request.user,
                exchange=exchange,
                month=form.cleaned_data["month"],
                quantity=form.cleaned_data["quantity"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(quantity)s %(unit)s recorded for %(month)s.")
                % {
                    "quantity": f"{record.quantity:g}",
                    "unit": exchange.offer.unit,
                    "month": f"{record.month:%Y-%m}",
                },
            )
            return redirect(reverse("ecology:exchange_records", args=[exchange.pk]))
    return _render_exchange(request, exchange, form, status=422)


def _recordable(request: HttpRequest) -> list[Exchange]:
    return [
        e
        for e in permissions.visible_exchanges(request.user)
        .filter(status=ExchangeStatus.ACTIVE)
        .select_related("offer__site", "need__site", "offer", "need")
        .order_by("pk")[:500]
        if permissions.can_record_exchange(request.user, e)
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def records_import(request: HttpRequest) -> HttpResponse:
    signed_out = _signed_in(request)
    if signed_out is not None:
        return signed_out
    if permissions.role_of(request.user) not in permissions.ENTERPRISE_ROLES:
        raise PermissionDenied
    form = RecordsFileForm()
    refused: InputError | None = None
    status = 200
    if request.method == "POST":
        form = RecordsFileForm(request.POST, request.FILES)
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = Path(upload.name or "records.csv").name
            with tempfile.TemporaryDirectory() as directory:
                stored = Path(directory) / name
                with stored.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    saved = services.records_import(actor=request.user, path=stored, filename=name)
                except InputError as error:
                    refused = error
                else:
                    messages.success(
                        request,
                        _("%(count)s monthly records stored from %(file)s.")
                        % {"count": len(saved), "file": name},
                    )
                    return redirect(reverse("ecology:records_import"))
    context = {
        "form": form,
        "refused": refused,
        "exchanges": _recordable(request),
        "nav": NAV,
    }
    return render(request, "ecology/records_import.html", context, status=status)


urlpatterns = [
    path("exchanges/<int:pk>/records/", exchange_records, name="exchange_records"),
    path("records/import/", records_import, name="records_import"),
]
