"""Yearly membership renewal by the staff (``permissions.can_manage_memberships``):

- ``alliance:memberships``: every membership with its status and the date it is renewed until,
  the soonest to end first (lapsed ones marked);
- ``alliance:membership_renew`` (POST): renew for a year (``members.services.membership_renew``:
  to 31 December of the next year; a lapsed member becomes active again).

Anybody else gets 403 (anonymous visitors asking for the page are sent to sign in). A member's
colleague manager sees the membership and its renewal date on ``alliance:colleagues``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.selectors import colleagues as selectors
from greenledger.web.members import services
from greenledger.web.members.models import Membership

NAV = "alliance"


@require_safe
def memberships(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rows = list(selectors.memberships_for_renewal(request.user))
    today = timezone.localdate()
    soon = today + dt.timedelta(days=services.RENEWAL_REMINDER_DAYS)
    return render(
        request,
        "alliance/colleagues/memberships.html",
        {
            "nav": NAV,
            "rows": [
                {
                    "membership": m,
                    "due": m.renewed_until is not None and m.renewed_until <= soon,
                    "next": services.next_renewal_date(m.renewed_until, today),
                }
                for m in rows
            ],
        },
    )


@require_POST
def membership_renew(request: HttpRequest, membership_id: int) -> HttpResponse:
    if not permissions.can_manage_memberships(request.user):
        raise PermissionDenied
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), pk=membership_id
    )
    try:
        services.membership_renew(actor=request.user, membership=membership)
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, f"{membership.organisation.name_zh}: {reason}")
    else:
        messages.success(
            request,
            _("The membership of %(organisation)s is renewed until %(date)s.")
            % {
                "organisation": membership.organisation.name_zh,
                "date": membership.renewed_until.isoformat() if membership.renewed_until else "",
            },
        )
    return redirect(reverse("alliance:memberships"))


urlpatterns = [
    path("memberships/", memberships, name="memberships"),
    path("memberships/<int:membership_id>/renew/", membership_renew, name="membership_renew"),
]
