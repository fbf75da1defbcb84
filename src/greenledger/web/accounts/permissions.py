"""Object-level access rules: the ONE place that decides who may see or change what.

Pages and the API both filter through these functions. The rules:

- district administrators and the secretariat see and change everything in the registry;
- enterprise users see their own organisation (and published data); managers change it;
- evaluators see the organisations they are assigned to (and published data);
- financial analysts see organisations that share their data with the analyst's institution
  (and published data);
- public users and anonymous visitors see only published data.

Objects a caller may not see are reported as "not found", never as "forbidden", so ids of other
tenants' objects leak nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from greenledger.web.accounts.models import Role
from greenledger.web.members.models import Designation, Membership, Organisation, Site

STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.SECRETARIAT})
ENTERPRISE_ROLES = frozenset({Role.ENTERPRISE_MANAGER, Role.ENTERPRISE_REPORTER})


def role_of(user: Any) -> str | None:
    """The user's role, or None for an anonymous visitor (or an inactive account)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return user.role


def is_registry_staff(user: Any) -> bool:
    """District administrators and the alliance secretariat run the registry."""
    return role_of(user) in STAFF_ROLES


def is_enterprise_user(user: Any) -> bool:
    return role_of(user) in ENTERPRISE_ROLES


def _organisation_scope(user: Any) -> Q | None:
    """A filter on Organisation for what ``user`` may see; None means everything."""
    role = role_of(user)
    published = Q(published=True)
    if role in STAFF_ROLES:
        return None
    if role in ENTERPRISE_ROLES:
        if user.organisation_id is None:
            return published
        return published | Q(pk=user.organisation_id)
    if role == Role.EVALUATOR:
        return published | Q(assignments__evaluator_id=user.pk, assignments__ended_at__isnull=True)
    if role == Role.FINANCIAL_ANALYST:
        if user.organisation_id is None:
            return published
        return published | Q(
            sharing_grants__institution_id=user.organisation_id,
            sharing_grants__revoked_at__isnull=True,
        )
    return published


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    scope = _organisation_scope(user)
    queryset = Organisation.objects.all()
    if scope is None:
        return queryset
    # Filter through a subquery so joins over assignments/grants never duplicate rows.
    return queryset.filter(pk__in=Organisation.objects.filter(scope).values("pk"))


def visible_sites(user: Any) -> QuerySet[Site]:
    if _organisation_scope(user) is None:
        return Site.objects.all()
    return Site.objects.filter(organisation__in=visible_organisations(user).values("pk"))


def visible_designations(user: Any) -> QuerySet[Designation]:
    if _organisation_scope(user) is None:
        return Designation.objects.all()
    return Designation.objects.filter(organisation__in=visible_organisations(user).values("pk"))


def visible_memberships(user: Any) -> QuerySet[Membership]:
    if _organisation_scope(user) is None:
        return Membership.objects.all()
    return Membership.objects.filter(organisation__in=visible_organisations(user).values("pk"))


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    return visible_organisations(user).filter(pk=organisation.pk).exists()


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    """Staff change any organisation; an enterprise manager changes only their own."""
    role = role_of(user)
    if role in STAFF_ROLES:
        return True
    return role == Role.ENTERPRISE_MANAGER and user.organisation_id == organisation.pk


def can_create_organisation(user: Any) -> bool:
    return is_registry_staff(user)


def can_publish_organisation(user: Any) -> bool:
    return is_registry_staff(user)


def can_change_site(user: Any, site: Site) -> bool:
    return can_change_organisation(user, site.organisation)


def can_add_site_to(user: Any, organisation: Organisation) -> bool:
    return can_change_organisation(user, organisation)


def can_manage_designations(user: Any) -> bool:
    """Designations are awarded by the authorities; only registry staff record them."""
    return is_registry_staff(user)


def can_manage_memberships(user: Any) -> bool:
    return is_registry_staff(user)


def can_manage_users(user: Any) -> bool:
    return is_registry_staff(user)


def can_manage_access_grants(user: Any, organisation: Organisation) -> bool:
    """Staff assign evaluators; an enterprise manager decides whom their data is shared with."""
    return can_change_organisation(user, organisation)


def can_use_api_tokens(user: Any) -> bool:
    return role_of(user) is not None
