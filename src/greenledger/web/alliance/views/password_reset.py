"""Password reset by e-mail, with Django's auth views and token generator:

- ``alliance:password_reset``: the visitor gives an e-mail address; every active account with
  that address and a usable password gets the mail ``password_reset`` (queued through
  ``mail_queue``, in the language of the page it was asked from) and the request is in the
  audit ledger. The answer is the same whether or not an account has the address (no account
  enumeration): the ``done`` page. One mail per account every RESET_MAIL_INTERVAL_SECONDS at
  most (asking again meanwhile answers the same and sends nothing);
- ``alliance:password_reset_confirm``: the mail's link (uid + token, valid for
  PASSWORD_RESET_TIMEOUT and only until the password changes); the new password goes through
  ``accounts.services.user_set_password`` (validators, audited);
- ``alliance:password_reset_complete``: the password is changed; sign in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.urls import path, reverse, reverse_lazy
from django.utils import translation

from greenledger.web.accounts import services as accounts
from greenledger.web.alliance.services._common import absolute_url
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.audit.services import audit_append

NAV = "login"
RESET_MAIL_INTERVAL_SECONDS = 300


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form whose mail goes through the alliance's outgoing mail queue."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        # one mail per account per RESET_MAIL_INTERVAL_SECONDS: asking again and again fills
        # nobody's mailbox (the answer stays the same page)
        if not cache.add(f"greenledger:password-reset:{user.pk}", 1, RESET_MAIL_INTERVAL_SECONDS):
            return
        link = reverse(
            "alliance:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        mail_queue(
            to=to_email,
            template="password_reset",
            context={
                "user": user,
                "link": absolute_url(link),
                "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        audit_append(actor=None, action="password_reset_request", obj=user)


class AuditedSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """The new password is set through ``accounts.services.user_set_password`` (audited)."""

    def save(self, commit: bool = True) -> Any:
        return accounts.user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class ResetView(auth_views.PasswordResetView):
    template_name = "alliance/password_reset/form.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("alliance:password_reset_done")
    extra_context = {"nav": NAV}


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "alliance/password_reset/done.html"
    extra_context = {"nav": NAV}


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "alliance/password_reset/confirm.html"
    form_class = AuditedSetPasswordForm
    success_url = reverse_lazy("alliance:password_reset_complete")
    extra_context = {"nav": NAV}


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "alliance/password_reset/complete.html"
    extra_context = {"nav": NAV}


urlpatterns = [
    path("password-reset/", ResetView.as_view(), name="password_reset"),
    path("password-reset/done/", ResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password-reset/complete/", ResetCompleteView.as_view(), name="password_reset_complete"),
]
