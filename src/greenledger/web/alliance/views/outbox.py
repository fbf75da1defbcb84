"""The outbox: the mail the platform sends, for the staff (``permissions
.can_read_outgoing_mail``). This is how the demo shows the messages it would send.

- ``/alliance/outbox/``: messages newest first with recipient, subject, what they are about,
  language, status, attempts and last error; filter by status and recipient.
- ``/alliance/outbox/<id>/``: one message with its full text.
- ``/alliance/outbox/<id>/retry/`` (POST): send a failed message again.

Other signed-in users get 403; anonymous visitors are sent to sign in (a POST answers 404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import MailStatus, OutgoingMail
from greenledger.web.alliance.selectors.outbox import outbox_counts, outbox_messages
from greenledger.web.alliance.services.outbox import mail_retry

__all__ = ["urlpatterns"]

NAV = "alliance"
PER_PAGE = 50


def _allowed(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not permissions.can_read_outgoing_mail(request.user):
        raise PermissionDenied
    return None


def _message_or_404(request: HttpRequest, mail_id: int) -> OutgoingMail:
    found = outbox_messages(request.user).filter(pk=mail_id).first()
    if found is None:
        raise Http404
    return found


@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    status = request.GET.get("status", "")
    to = request.GET.get("to", "")[:254]
    paginator = Paginator(outbox_messages(request.user, status=status, to=to), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "nav": NAV,
        "page": page,
        "page_numbers": paginator.get_elided_page_range(page.number),
        "statuses": MailStatus.choices,
        "status": status if status in MailStatus.values else "",
        "to": to,
        "counts": outbox_counts(request.user),
    }
    return render(request, "alliance/outbox/list.html", context)


@require_safe
def outbox_message(request: HttpRequest, mail_id: int) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    context = {"nav": NAV, "mail": _message_or_404(request, mail_id)}
    return render(request, "alliance/outbox/message.html", context)


@require_POST
def outbox_retry(request: HttpRequest, mail_id: int) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    mail = _message_or_404(request, mail_id)
    try:
        mail_retry(actor=request.user, mail=mail)
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
        context = {"nav": NAV, "mail": mail}
        return render(request, "alliance/outbox/message.html", context, status=422)
    messages.success(request, _("The message is queued to be sent again."))
    return redirect("alliance:outbox_message", mail.pk)


urlpatterns = [
    path("outbox/", outbox, name="outbox"),
    path("outbox/<int:mail_id>/", outbox_message, name="outbox_message"),
    path("outbox/<int:mail_id>/retry/", outbox_retry, name="outbox_retry"),
]
