"""Footprint shares: whom a supplier shares its products' footprints with, and who read them.

- ``products:shares`` /products/shares/: the enterprise's shares (product, customer, purpose,
  expiry, in force / expired / revoked; the manager revokes one in force), the shares other
  enterprises granted to it, and who read which footprint when (refused attempts too);
- ``products:share_new`` /products/shares/new/: the manager shares a product's footprint with a
  member enterprise or an outside customer's PACT client, for a purpose, until a date;
- ``products:share_revoke`` (POST) /products/shares/<id>/revoke/: ends it now.

Enterprise users only (staff and other roles 403; anonymous visitors sent to sign in);
another enterprise's share answers 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.products.models import PactClient, Product
from greenledger.web.products.selectors import footprints as selectors
from greenledger.web.products.services import shares as services

NAV = "products"
READ_ROWS = 500

__all__ = ["ShareForm", "expiry_of", "urlpatterns"]

STATE_LABELS = {
    "in_force": gettext_lazy("In force"),
    "expired": gettext_lazy("Expired"),
    "revoked": gettext_lazy("Revoked"),
}


def expiry_of(day: dt.date | None) -> dt.datetime | None:
    """The moment a share valid through ``day`` (the district's time zone) ends."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


class ShareForm(forms.Form):
    product = forms.ModelChoiceField(queryset=Product.objects.none(), label=gettext_lazy("Product"))
    customer = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Member customer")
    )
    client = forms.ModelChoiceField(
        queryset=PactClient.objects.none(),
        required=False,
        label=gettext_lazy("or an outside customer (PACT client)"),
    )
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=200, required=False)
    expires_on = forms.DateField(
        label=gettext_lazy("Valid until (inclusive; empty: until revoked)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["product"].queryset = Product.objects.filter(
            organisation_id=organisation_id
        ).order_by("name", "id")
        fields["customer"].queryset = services.customers(organisation_id)
        fields["customer"].label_from_instance = lambda o: o.name_zh
        fields["client"].queryset = PactClient.objects.filter(
            organisation_id=organisation_id, revoked_at__isnull=True
        ).order_by("name", "id")


def _enterprise(request: HttpRequest) -> HttpResponse | None:
    """None for an enterprise's user; a sign-in redirect for an anonymous GET; else 403."""
    user: Any = request.user
    if permissions.is_enterprise_user(user) and user.organisation_id is not None:
        return None
    if not user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _can_manage(request: HttpRequest) -> bool:
    user: Any = request.user
    return permissions.can_manage_products(user, user.organisation)


@require_safe
def shares(request: HttpRequest) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    user: Any = request.user
    granted = [
        {"share": s, "state": (state := selectors.share_state(s)), "label": STATE_LABELS[state]}
        for s in selectors.shares_granted(user.organisation_id)
    ]
    held = [
        {"share": s, "state": (state := selectors.share_state(s)), "label": STATE_LABELS[state]}
        for s in selectors.shares_held(user.organisation_id)
    ]
    return render(
        request,
        "products/shares.html",
        {
            "nav": NAV,
            "granted": granted,
            "held": held,
            "reads": list(selectors.reads_of(user.organisation_id)[:READ_ROWS]),
            "limit": READ_ROWS,
            "can_manage": _can_manage(request),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def share_new(request: HttpRequest) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    if not _can_manage(request):
        raise PermissionDenied
    user: Any = request.user
    initial = {"product": request.GET.get("product")} if request.GET.get("product") else None
    form = ShareForm(request.POST or None, initial=initial, organisation_id=user.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.share_grant(
                actor=user,
                product=data["product"],
                customer=data["customer"],
                client=data["client"],
                purpose=data["purpose"],
                expires_at=expiry_of(data["expires_on"]),
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                target = {"expires_at": "expires_on"}.get(field, field)
                for reason in reasons:
                    form.add_error(target if target in form.fields else None, reason)
        else:
            messages.success(request, _("The footprint is shared."))
            return redirect(reverse("products:shares"))
    return render(request, "products/share_new.html", {"nav": NAV, "form": form})


@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    if (response := _enterprise(request)) is not None:
        return response
    share = selectors.share_get(request.user, share_id)
    services.share_revoke(actor=request.user, share=share)
    messages.success(request, _("The share is revoked: the customer can no longer read."))
    return redirect(reverse("products:shares"))


urlpatterns = [
    path("shares/", shares, name="shares"),
    path("shares/new/", share_new, name="share_new"),
    path("shares/<int:share_id>/revoke/", share_revoke, name="share_revoke"),
]
