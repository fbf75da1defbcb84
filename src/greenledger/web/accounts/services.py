"""Writes for accounts: users, API tokens, evaluator assignments, data-sharing grants (consents)
and the log of each read of shared data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenledger.web.accounts import permissions, tokens
from greenledger.web.accounts.models import (
    ApiToken,
    Assignment,
    DataAccess,
    DataSharing,
    Role,
    SharingPurpose,
    SharingScope,
    User,
)
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation, OrganisationKind

ORGANISATION_ROLES = frozenset(
    {
        Role.ENTERPRISE_MANAGER,
        Role.ENTERPRISE_REPORTER,
        Role.FINANCIAL_ANALYST,
        Role.RESEARCHER,
        Role.SOCIAL_MEMBER,
    }
)
_USER_FIELDS = [
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "role",
    "organisation",
    "is_active",
    "is_staff",
    "is_superuser",
]


def user_role_check(role: str, organisation: Organisation | None) -> None:
    """Raise a field error unless ``organisation`` fits ``role``."""
    if role in ORGANISATION_ROLES and organisation is None:
        raise ValidationError(
            {"organisation": _("This role needs an organisation.")}, code="required"
        )
    # An evaluator may name the evaluation body they work for (conflicts of interest use it).
    if role not in ORGANISATION_ROLES | {Role.EVALUATOR} and organisation is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "Only enterprise users, financial analysts, researchers and evaluators "
                    "have one."
                )
            },
            code="invalid",
        )
    if role == Role.FINANCIAL_ANALYST and organisation.kind != OrganisationKind.FINANCIAL:
        raise ValidationError(
            {"organisation": _("A financial analyst belongs to a financial institution.")},
            code="invalid",
        )
    if role == Role.RESEARCHER and organisation.kind != OrganisationKind.RESEARCH:
        raise ValidationError(
            {"organisation": _("A researcher belongs to a research institution.")},
            code="invalid",
        )
    if role == Role.SOCIAL_MEMBER and organisation.kind != OrganisationKind.SOCIAL:
        raise ValidationError(
            {"organisation": _("Social organisation staff belong to a social organisation.")},
            code="invalid",
        )


def _check_may_grant(actor: Any, role: str, user: User | None = None) -> None:
    """Only a district administrator makes (or changes) a district administrator."""
    if actor is None:
        return
    if not permissions.can_manage_users(actor):
        raise PermissionDenied
    touches_admin = role == Role.DISTRICT_ADMIN or (
        user is not None and user.role == Role.DISTRICT_ADMIN
    )
    if touches_admin and permissions.role_of(actor) != Role.DISTRICT_ADMIN:
        raise PermissionDenied


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    organisation: Organisation | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    check_password: bool = True,
) -> User:
    """Create an account. District administrators also get the Django admin."""
    _check_may_grant(actor, role)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    user_role_check(role, organisation)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("A user with this name already exists.")}, code="unique"
        )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        organisation=organisation,
        is_staff=role in permissions.STAFF_ROLES,
        is_superuser=role == Role.DISTRICT_ADMIN,
    )
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.full_clean()
        user.save()
        audit_append(
            actor=actor, action="user_create", obj=user, after=snapshot(user, _USER_FIELDS)
        )
    return user


def user_change_role(
    *, actor: Any, user: User, role: str, organisation: Organisation | None
) -> User:
    _check_may_grant(actor, role, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")}, code="invalid")
    user_role_check(role, organisation)
    with transaction.atomic():
        before = snapshot(user, _USER_FIELDS)
        user.role = role
        user.organisation = organisation
        user.is_staff = role in permissions.STAFF_ROLES
        user.is_superuser = role == Role.DISTRICT_ADMIN
        user.save()
        audit_append(
            actor=actor,
            action="user_change_role",
            obj=user,
            before=before,
            after=snapshot(user, _USER_FIELDS),
        )
    return user


def user_update_profile(
    *, actor: Any, user: User, email: str, first_name: str, last_name: str
) -> User:
    """Change a user's name and e-mail (staff for anyone; users for themselves)."""
    if actor is not None and actor.pk != user.pk:
        _check_may_grant(actor, user.role, user)
    with transaction.atomic():
        before = snapshot(user, _USER_FIELDS)
        user.email, user.first_name, user.last_name = email, first_name, last_name
        user.full_clean(exclude=["password", "username"])
        user.save(update_fields=["email", "first_name", "last_name"])
        audit_append(
            actor=actor,
            action="user_update_profile",
            obj=user,
            before=before,
            after=snapshot(user, _USER_FIELDS),
        )
    return user


def user_set_password(*, actor: Any, user: User, password: str) -> User:
    """Set a new password (staff for anyone; users for themselves). The hash is not audited."""
    if actor is not None and actor.pk != user.pk:
        _check_may_grant(actor, user.role, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_append(actor=actor, action="user_set_password", obj=user)
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Remember ``language`` as the language of mail to ``user`` (a preference, not audited):
    saved only when it is one of settings.LANGUAGES and differs from the one kept."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


def user_deactivate(*, actor: Any, user: User) -> User:
    _check_may_grant(actor, user.role, user)
    with transaction.atomic():
        before = snapshot(user, _USER_FIELDS)
        user.is_active = False
        user.save(update_fields=["is_active"])
        user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_append(
            actor=actor,
            action="user_deactivate",
            obj=user,
            before=before,
            after=snapshot(user, _USER_FIELDS),
        )
    return user


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``token`` is the only time the secret is available."""

    record: ApiToken
    token: str


def api_token_create(
    *, actor: Any, name: str, user: User | None = None, token: str | None = None
) -> IssuedToken:
    """Issue a token for ``actor`` (or, for staff, another user). Only its hash is stored.

    ``token`` lets the demo district issue its documented, deterministic tokens.
    """
    owner = user or actor
    if not permissions.can_use_api_tokens(actor):
        raise PermissionDenied
    if owner.pk != actor.pk and not permissions.can_manage_users(actor):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    if len(name) > 100:
        raise ValidationError({"name": _("At most 100 characters.")}, code="max_length")
    secret = token or tokens.new_token()
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=owner,
            name=name,
            prefix=tokens.display_prefix(secret),
            token_hash=tokens.token_digest(secret),
            created_at=timezone.now(),
        )
        audit_append(
            actor=actor,
            action="api_token_create",
            obj=record,
            after=snapshot(record, ["id", "user", "name", "prefix", "created_at"]),
        )
    return IssuedToken(record=record, token=secret)


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not permissions.can_manage_users(actor):
        raise PermissionDenied
    # only the revocation is audited: the token's hash stays out of the ledger
    return _close(
        actor=actor,
        obj=token,
        field="revoked_at",
        action="api_token_revoke",
        audited=["revoked_at"],
    )


def api_token_authenticate(*, token: str) -> User | None:
    """The active user a presented token belongs to, recording when it was last used."""
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=tokens.token_digest(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    # Bookkeeping, not a state change of the registry: not audited, written at most once a minute.
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def assignment_create(*, actor: Any, evaluator: User, organisation: Organisation) -> Assignment:
    if actor is not None and not permissions.is_registry_staff(actor):
        raise PermissionDenied
    if evaluator.role != Role.EVALUATOR:
        raise ValidationError({"evaluator": _("This user is not an evaluator.")}, code="invalid")
    existing = Assignment.objects.filter(
        evaluator=evaluator, organisation=organisation, ended_at__isnull=True
    ).first()
    if existing:
        return existing
    with transaction.atomic():
        assignment = Assignment.objects.create(
            evaluator=evaluator, organisation=organisation, created_at=timezone.now()
        )
        audit_append(
            actor=actor, action="assignment_create", obj=assignment, after=snapshot(assignment)
        )
    return assignment


def assignment_end(*, actor: Any, assignment: Assignment) -> Assignment:
    if actor is not None and not permissions.is_registry_staff(actor):
        raise PermissionDenied
    return _close(actor=actor, obj=assignment, field="ended_at", action="assignment_end")


def data_sharing_grant(
    *, actor: Any, organisation: Organisation, institution: Organisation
) -> DataSharing:
    """The enterprise (its manager, or staff on its behalf) shares data with an institution."""
    if actor is not None and not permissions.can_manage_access_grants(actor, organisation):
        raise PermissionDenied
    if institution.kind != OrganisationKind.FINANCIAL:
        raise ValidationError(
            {"institution": _("Data can be shared only with a financial institution.")},
            code="invalid",
        )
    existing = DataSharing.objects.filter(
        organisation=organisation, institution=institution, revoked_at__isnull=True
    ).first()
    if existing:
        return existing
    with transaction.atomic():
        grant = DataSharing.objects.create(
            organisation=organisation, institution=institution, created_at=timezone.now()
        )
        audit_append(actor=actor, action="data_sharing_grant", obj=grant, after=snapshot(grant))
    return grant


def data_sharing_revoke(*, actor: Any, grant: DataSharing) -> DataSharing:
    if actor is not None and not permissions.can_manage_access_grants(actor, grant.organisation):
        raise PermissionDenied
    return _close(actor=actor, obj=grant, field="revoked_at", action="data_sharing_revoke")


_DATA_FLAGS = ("inventories", "plans", "projects", "meters")


def grant_create(
    *,
    actor: Any,
    organisation: Organisation,
    institution: Organisation,
    purpose: str,
    inventories: bool,
    plans: bool,
    projects: bool,
    meters: bool,
    expires_at: dt.datetime | None = None,
    project: Any = None,
) -> DataSharing:
    """The enterprise (its manager, or staff on its behalf) grants a financial institution access
    to named data for a purpose, until ``expires_at`` (None: until revoked). ``project`` is one of
    the enterprise's financing projects (finance.Project) the grant is for. Audited."""
    if actor is not None and not permissions.can_manage_access_grants(actor, organisation):
        raise PermissionDenied
    errors: dict[str, Any] = {}
    if institution.kind != OrganisationKind.FINANCIAL:
        errors["institution"] = _("Data can be shared only with a financial institution.")
    if purpose not in SharingPurpose.values or purpose == SharingPurpose.GENERAL:
        errors["purpose"] = _(
            "Choose a purpose: due diligence of a project, annual KPI monitoring or portfolio "
            "carbon accounting."
        )
    flags = {"inventories": inventories, "plans": plans, "projects": projects, "meters": meters}
    if not any(flags.values()):
        errors["data"] = _("Choose at least one kind of data to share.")
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = _("The expiry must be in the future.")
    if project is not None and getattr(project, "organisation_id", None) != organisation.pk:
        errors["project"] = _("The project is not one of this enterprise's projects.")
    if errors:
        raise ValidationError(errors, code="invalid")
    with transaction.atomic():
        grant = DataSharing.objects.create(
            organisation=organisation,
            institution=institution,
            purpose=purpose,
            expires_at=expires_at,
            project_ref=None if project is None else project.pk,
            created_at=timezone.now(),
            **{flag: bool(value) for flag, value in flags.items()},
        )
        audit_append(actor=actor, action="grant_create", obj=grant, after=snapshot(grant))
    return grant


def grant_revoke(*, actor: Any, grant: DataSharing) -> DataSharing:
    """End a grant now: the institution's next read is refused (404). Revoking twice changes
    nothing. Audited."""
    if actor is not None and not permissions.can_manage_access_grants(actor, grant.organisation):
        raise PermissionDenied
    return _close(actor=actor, obj=grant, field="revoked_at", action="grant_revoke")


def access_log(
    *, user: Any, organisation: Organisation | int, scope: str, obj: Any, path: str = ""
) -> DataAccess | None:
    """Record that ``user`` read ``obj`` (``scope``: a SharingScope value) of ``organisation``
    through a grant in force, so the enterprise sees who read what and when.

    Only an analyst's read of another organisation's data through a grant is logged: a read of
    one's own data, of staff, of a project listed in the green project pool, or of data no grant
    covers (published data) writes nothing and returns None. A grant made for the project read
    is preferred; otherwise the oldest grant in force covering ``scope``.
    """
    if permissions.role_of(user) != Role.FINANCIAL_ANALYST or user.organisation_id is None:
        return None
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    if organisation_id == user.organisation_id:
        return None
    in_pool = getattr(obj, "listed", False) and getattr(obj, "status", "") == "listed"
    if scope == SharingScope.PROJECTS and in_pool:
        return None
    grants = permissions.active_grants(user.organisation_id, scope).filter(
        organisation_id=organisation_id
    )
    grant = None
    if scope == SharingScope.PROJECTS and getattr(obj, "pk", None) is not None:
        grant = grants.filter(project_ref=obj.pk).order_by("id").first()
    grant = grant or grants.order_by("id").first()
    if grant is None:
        return None
    meta = getattr(obj, "_meta", None)
    return DataAccess.objects.create(
        grant=grant,
        user=user,
        organisation_id=organisation_id,
        institution_id=user.organisation_id,
        scope=scope,
        object_type=meta.label_lower if meta is not None else type(obj).__name__.lower(),
        object_id=str(getattr(obj, "pk", "") or "")[:64],
        path=path[:500],
        at=timezone.now(),
    )


def access_refused(
    *, user: Any, organisation: Organisation | int, scope: str, obj: Any, path: str = ""
) -> DataAccess | None:
    """Record an analyst's attempt to read ``obj`` (``scope``) of ``organisation`` that was
    refused (404) because every grant of the analyst's institution that covered it has been
    revoked or has expired: a ``DataAccess(refused=True)`` on the grant that ended last, so the
    enterprise sees the attempt. An attempt on data no grant ever covered, or while a grant
    covering it is in force, writes nothing and returns None. For a project, only grants for the
    whole enterprise's projects or naming that project count."""
    if permissions.role_of(user) != Role.FINANCIAL_ANALYST or user.organisation_id is None:
        return None
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    if organisation_id == user.organisation_id:
        return None
    every = DataSharing.objects.filter(
        institution_id=user.organisation_id, organisation_id=organisation_id, **{scope: True}
    )
    in_force = permissions.active_grants(user.organisation_id, scope).filter(
        organisation_id=organisation_id
    )
    pk = getattr(obj, "pk", None)
    if scope == SharingScope.PROJECTS:
        covering = Q(project_ref__isnull=True) | Q(project_ref=pk)
        every, in_force = every.filter(covering), in_force.filter(covering)
    if in_force.exists():
        return None
    now = timezone.now()
    grant = max(
        every,
        key=lambda g: (min(t for t in (g.revoked_at, g.expires_at, now) if t is not None), g.pk),
        default=None,
    )
    if grant is None:
        return None
    meta = getattr(obj, "_meta", None)
    return DataAccess.objects.create(
        grant=grant,
        user=user,
        organisation_id=organisation_id,
        institution_id=user.organisation_id,
        scope=scope,
        object_type=meta.label_lower if meta is not None else type(obj).__name__.lower(),
        object_id=str(pk or "")[:64],
        path=path[:500],
        refused=True,
        at=now,
    )


_Closable = TypeVar("_Closable", ApiToken, Assignment, DataSharing)


def _close(
    *, actor: Any, obj: _Closable, field: str, action: str, audited: list[str] | None = None
) -> _Closable:
    """End a token, assignment or grant once: stamp ``field`` with now and record it in the
    ledger (``audited`` fields only, when given). Closing a closed one changes nothing."""
    if getattr(obj, field) is not None:
        return obj
    with transaction.atomic():
        before = snapshot(obj, audited)
        setattr(obj, field, timezone.now())
        obj.save(update_fields=[field])
        audit_append(
            actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, audited)
        )
    return obj
