"""Colleague pages of an organisation's colleague manager (``permissions.can_manage_colleagues``):

- ``alliance:colleagues``: who has access (user name, name, e-mail, role, last sign-in, active),
  the invitations with their state, and the organisation's alliance membership with its renewal
  date;
- ``alliance:colleague_invite``: invite by e-mail into a role the organisation's kind allows;
- ``alliance:invitation_revoke`` (POST): the link stops working;
- ``alliance:colleague_remove`` (POST): the account is deactivated (not oneself, not the last
  colleague manager).

Anybody else gets 403 (anonymous visitors asking for a page are sent to sign in); another
organisation's colleague or invitation answers 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.alliance.selectors import colleagues as selectors
from greenledger.web.alliance.services import invitations as services
from greenledger.web.alliance.views._flash import act_and_flash
from greenledger.web.members.models import Organisation

NAV = "alliance"

STATE_LABELS = {
    services.PENDING: pgettext_lazy("invitation", "Pending"),
    services.ACCEPTED: pgettext_lazy("invitation", "Accepted"),
    services.REVOKED: pgettext_lazy("invitation", "Revoked"),
    services.EXPIRED: pgettext_lazy("invitation", "Expired"),
}


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail of the colleague"), max_length=254)
    role = forms.ChoiceField(label=pgettext_lazy("colleague", "Role"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitation"), choices=settings.LANGUAGES
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = permissions.invitable_roles(organisation)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]


def _manager(request: HttpRequest) -> Organisation | HttpResponse:
    """The organisation the signed-in user manages; a sign-in redirect for an anonymous GET."""
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return selectors.managed_organisation(request.user)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's field errors on the form's fields (others on the form as a whole)."""
    for field, reasons in error.message_dict.items():
        target = field if field in form.fields else None
        for reason in reasons:
            form.add_error(target, reason)


@require_safe
def colleagues(request: HttpRequest) -> HttpResponse:
    organisation = _manager(request)
    if isinstance(organisation, HttpResponse):
        return organisation
    invitations = []
    for invitation in selectors.invitations_of(organisation):
        state = services.invitation_state(invitation)
        invitations.append(
            {
                "invitation": invitation,
                "state": state,
                "label": STATE_LABELS[state],
                "role": Role(invitation.role).label
                if invitation.role in Role.values
                else invitation.role,
            }
        )
    return render(
        request,
        "alliance/colleagues/list.html",
        {
            "nav": NAV,
            "organisation": organisation,
            "colleagues": selectors.colleagues_of(organisation),
            "managers": set(services.colleague_managers(organisation).values_list("pk", flat=True)),
            "invitations": invitations,
            "membership": selectors.membership_of(organisation),
            "roles": [Role(r).label for r in permissions.invitable_roles(organisation)],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def colleague_invite(request: HttpRequest) -> HttpResponse:
    organisation = _manager(request)
    if isinstance(organisation, HttpResponse):
        return organisation
    form = InvitationForm(
        request.POST or None,
        organisation=organisation,
        initial={"language": translation.get_language()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                actor=request.user,
                organisation=organisation,
                email=data["email"],
                role=data["role"],
                language=data["language"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect(reverse("alliance:colleagues"))
    return render(
        request,
        "alliance/colleagues/invite.html",
        {"nav": NAV, "organisation": organisation, "form": form},
    )


@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    invitation = selectors.invitation_get(user=request.user, pk=invitation_id)
    act_and_flash(
        request,
        lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
        _("The invitation of %(email)s is revoked: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect(reverse("alliance:colleagues"))


@require_POST
def colleague_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    colleague = selectors.colleague_get(user=request.user, pk=user_id)
    act_and_flash(
        request,
        lambda: services.colleague_remove(actor=request.user, user=colleague),
        _("%(name)s no longer has access: the account is deactivated.")
        % {"name": colleague.get_username()},
    )
    return redirect(reverse("alliance:colleagues"))


urlpatterns = [
    path("colleagues/", colleagues, name="colleagues"),
    path("colleagues/invite/", colleague_invite, name="colleague_invite"),
    path(
        "colleagues/invitations/<int:invitation_id>/revoke/",
        invitation_revoke,
        name="invitation_revoke",
    ),
    path("colleagues/<int:user_id>/remove/", colleague_remove, name="colleague_remove"),
]
