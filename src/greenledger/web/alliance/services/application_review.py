"""The secretariat reviews applications to join: asks for more information, approves or
rejects with reasons. Only ``permissions.can_review_applications`` (the registry staff).

Approval, in one transaction: the organisation through ``members.services.organisation_create``
(its credit-code and name checks apply again: a code registered since the submission refuses
the approval), its membership at the standing applied for, renewed until the end of the year,
and a manager account (``accounts.services.user_create``) in the role the kind calls for,
marked ``organisation_admin``, inactive and without a usable password until it is activated
through the mailed one-time link. Every step is in the audit ledger; every decision mails the
contact in the language they applied in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.accounts import services as accounts
from greenledger.web.accounts.models import Role, User
from greenledger.web.alliance.models import (
    OPEN_APPLICATION_STATUSES,
    ApplicationMessage,
    ApplicationMessageKind,
    ApplicationStatus,
    JoinApplication,
)
from greenledger.web.alliance.services._common import invalid, new_secret, now, require
from greenledger.web.alliance.services.activation import Issued, activation_create
from greenledger.web.alliance.services.applications import (
    APPLICATION_FIELDS,
    MESSAGE_LIMIT,
    status_url,
)
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members import services as members
from greenledger.web.members.models import Membership, Organisation, OrganisationKind

__all__ = [
    "MANAGER_ROLES",
    "Approved",
    "application_approve",
    "application_reject",
    "application_request_info",
    "manager_username",
]

# the role of the manager account an approval creates, by kind of organisation
MANAGER_ROLES = {
    OrganisationKind.ENTERPRISE: Role.ENTERPRISE_MANAGER,
    OrganisationKind.FINANCIAL: Role.FINANCIAL_ANALYST,
    OrganisationKind.RESEARCH: Role.RESEARCHER,
    OrganisationKind.SOCIAL: Role.SOCIAL_MEMBER,
}


@dataclass(frozen=True)
class Approved:
    application: JoinApplication
    organisation: Organisation
    membership: Membership
    manager: User
    activation: Issued


def _reviewer(actor: Any) -> None:
    require(
        permissions.can_review_applications(actor),
        _("Only the alliance secretariat reviews applications to join."),
    )


def _locked_open(application: JoinApplication) -> JoinApplication:
    locked = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status not in OPEN_APPLICATION_STATUSES:
        raise invalid(
            "status",
            _("Application %(reference)s is already decided (%(status)s).")
            % {"reference": locked.reference, "status": locked.get_status_display()},
        )
    return locked


def _message_text(field: str, text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise invalid(field, _("This field is required."))
    if len(text) > MESSAGE_LIMIT:
        raise invalid(field, _("At most %(n)s characters.") % {"n": MESSAGE_LIMIT})
    return text


def _decided(locked: JoinApplication, *, actor: Any, status: str, note: str) -> None:
    """Stamp the decision on the locked application (saved by the caller)."""
    locked.status = status
    locked.decided_at = now()
    locked.decided_by = actor
    locked.decision_note = note
    locked.updated_at = now()


def _message_and_audit(
    *,
    actor: Any,
    locked: JoinApplication,
    kind: str,
    text: str,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any] | None = None,
    cite_message: bool = False,
) -> None:
    """The message in the application's thread, then the audit entry of the step (``after``
    adds to the application's fields; ``cite_message`` adds the message's id)."""
    message = ApplicationMessage.objects.create(
        application=locked, kind=kind, author=actor, text=text, at=now()
    )
    extra = {"message": message.pk} if cite_message else {}
    audit_append(
        actor=actor,
        action=action,
        obj=locked,
        before=before,
        after={**snapshot(locked, APPLICATION_FIELDS), **(after or {}), **extra},
    )


def application_request_info(
    *, actor: Any, application: JoinApplication, text: str
) -> JoinApplication:
    """Ask the applicant for more: the question is mailed with a new status link (the old link
    stops working) and the application waits for the reply."""
    _reviewer(actor)
    text = _message_text("text", text)
    with transaction.atomic():
        locked = _locked_open(application)
        before = snapshot(locked, APPLICATION_FIELDS)
        secret, secret_hash = new_secret()
        locked.status = ApplicationStatus.MORE_INFO
        locked.status_key_hash = secret_hash
        locked.updated_at = now()
        locked.save(update_fields=["status", "status_key_hash", "updated_at"])
        _message_and_audit(
            actor=actor,
            locked=locked,
            kind=ApplicationMessageKind.REQUEST,
            text=text,
            action="alliance.application_request_info",
            before=before,
            cite_message=True,
        )
        mail_queue(
            to=locked.contact_email,
            template="application_more_info",
            context={"application": locked, "text": text, "status_url": status_url(secret)},
            language=locked.language,
        )
    return locked


def manager_username(email: str) -> str:
    """A free user name from the e-mail's local part: "wang.li", then "wang.li2", ..."""
    local = email.partition("@")[0].lower()
    base = re.sub(r"[^\w.@+-]", "", local)[:140] or "member"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def application_approve(*, actor: Any, application: JoinApplication, note: str = "") -> Approved:
    """Admit the organisation: registry entry, membership, manager account, activation mail."""
    _reviewer(actor)
    note = (note or "").strip()[:MESSAGE_LIMIT]
    with transaction.atomic():
        locked = _locked_open(application)
        before = snapshot(locked, APPLICATION_FIELDS)
        organisation = members.organisation_create(
            actor=actor,
            kind=locked.kind,
            name_zh=locked.name_zh,
            name_en=locked.name_en,
            credit_code=locked.credit_code,
            industry_code=locked.industry_code,
            address=locked.address,
            district=locked.district,
            contact_name=locked.contact_name,
            contact_phone=locked.contact_phone,
            contact_email=locked.contact_email,
        )
        today = timezone.localdate()
        membership = members.membership_create(
            actor=actor, organisation=organisation, joined_on=today, standing=locked.standing
        )
        # the first year is paid until its end; the renewals move it a year at a time
        membership.renewed_until = dt.date(today.year, 12, 31)
        membership.save(update_fields=["renewed_until"])
        manager = accounts.user_create(
            actor=actor,
            username=manager_username(locked.contact_email),
            password="",
            role=MANAGER_ROLES[OrganisationKind(locked.kind)],
            organisation=organisation,
            email=locked.contact_email,
            first_name=locked.contact_name,
            check_password=False,
        )
        # no password until the contact chooses one through the activation link
        manager.set_unusable_password()
        manager.is_active = False
        manager.organisation_admin = True
        manager.save(update_fields=["password", "is_active", "organisation_admin"])
        _decided(locked, actor=actor, status=ApplicationStatus.APPROVED, note=note)
        locked.organisation = organisation
        locked.manager = manager
        locked.save()
        _message_and_audit(
            actor=actor,
            locked=locked,
            kind=ApplicationMessageKind.DECISION,
            text=note or str(ApplicationStatus.APPROVED.label),
            action="alliance.application_approve",
            before=before,
            after={
                "membership": membership.pk,
                "renewed_until": membership.renewed_until.isoformat(),
                "manager_active": False,
                "organisation_admin": True,
            },
        )
        issued = activation_create(
            actor=actor,
            user=manager,
            language=locked.language,
            context={"application": locked, "organisation": organisation},
        )
    return Approved(
        application=locked,
        organisation=organisation,
        membership=membership,
        manager=manager,
        activation=issued,
    )


def application_reject(
    *, actor: Any, application: JoinApplication, reasons: str
) -> JoinApplication:
    """Refuse the application; the reasons are required and mailed to the contact."""
    _reviewer(actor)
    reasons = _message_text("reasons", reasons)
    with transaction.atomic():
        locked = _locked_open(application)
        before = snapshot(locked, APPLICATION_FIELDS)
        _decided(locked, actor=actor, status=ApplicationStatus.REJECTED, note=reasons)
        locked.save()
        _message_and_audit(
            actor=actor,
            locked=locked,
            kind=ApplicationMessageKind.DECISION,
            text=reasons,
            action="alliance.application_reject",
            before=before,
        )
        mail_queue(
            to=locked.contact_email,
            template="application_rejected",
            context={"application": locked, "reasons": reasons},
            language=locked.language,
        )
    return locked
