"""Declared relations between organisations and the conflict-of-interest rule built on them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import OrganisationRelation, RelationKind
from greenledger.web.assessments.services._common import invalid, now, require
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation


def related_organisation_ids(organisation_id: int) -> set[int]:
    """The organisation and every organisation related to it, in either direction."""
    pairs = OrganisationRelation.objects.filter(
        Q(organisation_id=organisation_id) | Q(related_id=organisation_id)
    ).values_list("organisation_id", "related_id")
    found = {organisation_id}
    for a, b in pairs:
        found.update((a, b))
    return found


def conflict_of_interest(user: Any, organisation: Organisation) -> str | None:
    """Why ``user`` may not judge ``organisation``, or None. A user conflicts with their own
    organisation and with every organisation related to it."""
    if user.organisation_id is None:
        return None
    if user.organisation_id == organisation.pk:
        return _("The evaluator works for the applicant.")
    if user.organisation_id in related_organisation_ids(organisation.pk):
        return _("The evaluator's organisation is related to the applicant (declared relation).")
    return None


@transaction.atomic
def relation_declare(
    *, actor: Any, organisation: Organisation, related: Organisation, kind: str, note: str = ""
) -> OrganisationRelation:
    require(
        permissions.can_declare_relations(actor, organisation),
        _("Only the organisation's manager or the secretariat declare its relations."),
    )
    if kind not in RelationKind.values:
        raise invalid("kind", _("Unknown kind of relation."))
    if related.pk == organisation.pk:
        raise invalid("related", _("An organisation cannot be related to itself."))
    if OrganisationRelation.objects.filter(
        Q(organisation=organisation, related=related)
        | Q(organisation=related, related=organisation)
    ).exists():
        raise invalid("related", _("This relation is already declared."))
    relation = OrganisationRelation.objects.create(
        organisation=organisation,
        related=related,
        kind=kind,
        note=note.strip(),
        declared_by=actor,
        declared_at=now(),
    )
    audit_append(actor=actor, action="relation.declare", obj=relation, after=snapshot(relation))
    return relation


@transaction.atomic
def relation_remove(*, actor: Any, relation: OrganisationRelation) -> None:
    require(
        permissions.can_declare_relations(actor, relation.organisation),
        _("Only the organisation's manager or the secretariat remove its relations."),
    )
    before = snapshot(relation)
    audit_append(actor=actor, action="relation.remove", obj=relation, before=before)
    relation.delete()
