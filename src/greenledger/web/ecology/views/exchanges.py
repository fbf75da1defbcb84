"""Exchange pages: the list (the parties' users and the staff; 403 for anybody else), one
exchange with the match as proposed (score and its parts, benefit with its calculation, the
data versions), and the parties' steps: propose (from a listing's matches), confirm my side,
decline, end. Anonymous visitors asking for a page are sent to sign in (an anonymous write:
404); an exchange the user may not see is 404; a step the exchange's state refuses answers the
page again with 422 and the reason in the user's language; a refused proposal returns to the
matches with the reason as a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import ExchangeStatus, Need, Offer
from greenledger.web.ecology.selectors import exchanges as selectors
from greenledger.web.ecology.services import exchanges as services
from greenledger.web.ecology.views.listings import NAV, signed_in

__all__ = ["urlpatterns"]

PER_PAGE = 50


def can_view_exchanges(user: Any) -> bool:
    role = permissions.role_of(user)
    return bool(
        role in permissions.STAFF_ROLES
        or (role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None)
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any"))] + list(ExchangeStatus.choices)  # type: ignore[attr-defined]


@require_safe
def exchanges(request: HttpRequest) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    if not can_view_exchanges(request.user):
        raise PermissionDenied
    form = StatusForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_valid() else None
    page = Paginator(selectors.exchanges_of(request.user, status=status), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [selectors.exchange_row(request.user, e) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": NAV, "form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "ecology/exchanges.html", context)


@require_safe
def exchange(request: HttpRequest, pk: int) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    found = selectors.exchange_for(request.user, pk)
    if found is None:
        raise Http404
    context = {"nav": NAV, "row": selectors.exchange_row(request.user, found)}
    return render(request, "ecology/exchanges_detail.html", context)


def _messages_of(request: HttpRequest, error: ValidationError) -> None:
    for reasons in error.message_dict.values():
        for reason in reasons:
            messages.error(request, reason)


@require_POST
def exchange_propose(request: HttpRequest) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    user: Any = request.user
    offer = permissions.visible_listings(user, Offer).filter(pk=_int(request.POST.get("offer")))
    need = permissions.visible_listings(user, Need).filter(pk=_int(request.POST.get("need")))
    offer_found, need_found = offer.first(), need.first()
    if offer_found is None or need_found is None:
        raise Http404
    try:
        made = services.exchange_propose(actor=user, offer=offer_found, need=need_found)
    except ValidationError as error:
        _messages_of(request, error)
        mine_offer = offer_found.organisation_id == user.organisation_id
        back = (
            reverse("ecology:offer_matches", args=[offer_found.pk])
            if mine_offer
            else reverse("ecology:need_matches", args=[need_found.pk])
        )
        return redirect(back)
    messages.success(request, _("Exchange proposed; the other party confirms its side."))
    return redirect(reverse("ecology:exchange", args=[made.pk]))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    found = selectors.exchange_for(request.user, pk)
    if found is None:
        raise Http404
    try:
        step(actor=request.user, exchange=found)
    except ValidationError as error:  # the page again, with the reason (nothing changed)
        reasons = [r for rs in error.message_dict.values() for r in rs]
        context = {
            "nav": NAV,
            "row": selectors.exchange_row(request.user, found),
            "refused": reasons,
        }
        return render(request, "ecology/exchanges_detail.html", context, status=422)
    messages.success(request, done)
    return redirect(reverse("ecology:exchange", args=[pk]))


@require_POST
def exchange_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.exchange_confirm, _("Your side is confirmed."))


@require_POST
def exchange_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.exchange_decline, _("Exchange declined."))


@require_POST
def exchange_end(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, services.exchange_end, _("Exchange ended."))


urlpatterns = [
    path("exchanges/", exchanges, name="exchanges"),
    path("exchanges/propose/", exchange_propose, name="exchange_propose"),
    path("exchanges/<int:pk>/", exchange, name="exchange"),
    path("exchanges/<int:pk>/confirm/", exchange_confirm, name="exchange_confirm"),
    path("exchanges/<int:pk>/decline/", exchange_decline, name="exchange_decline"),
    path("exchanges/<int:pk>/end/", exchange_end, name="exchange_end"),
]
