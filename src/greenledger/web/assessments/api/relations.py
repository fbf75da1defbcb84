"""Declared relations between organisations (the conflict-of-interest rule is built on them).
The secretariat sees all of them; an organisation's manager sees those naming it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Schema

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.api._router import router, user_of, visible_organisation
from greenledger.web.assessments.models import OrganisationRelation
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, column, paginated
from greenledger.web.responses import Status


class RelationOut(Schema):
    id: int
    organisation_id: int
    related_id: int
    kind: str
    note: str
    declared_at: dt.datetime


class RelationIn(Schema):
    organisation_id: DbId
    related_id: DbId
    kind: str = column(OrganisationRelation, "kind")
    note: str = column(OrganisationRelation, "note", "")


@router.get("/relations", response=list[RelationOut], summary="List declared relations")
@paginated
def relation_list(request: HttpRequest, organisation_id: DbId | None = None) -> Any:
    queryset = permissions.visible_relations(user_of(request)).order_by("id")
    if organisation_id:
        queryset = queryset.filter(
            Q(organisation_id=organisation_id) | Q(related_id=organisation_id)
        )
    return queryset


@router.post("/relations", response={201: RelationOut})
@answers(404)  # an organisation named in the body is not visible
def relation_create(request: HttpRequest, payload: RelationIn) -> Any:
    """Declare a relation of an organisation with another; both must be visible to the caller."""
    relation = services.relation_declare(
        actor=user_of(request),
        organisation=visible_organisation(request, payload.organisation_id),
        related=visible_organisation(request, payload.related_id),
        kind=payload.kind,
        note=payload.note,
    )
    return Status(201, relation)


@router.delete("/relations/{int:relation_id}", response={204: None})
def relation_delete(request: HttpRequest, relation_id: DbId) -> Any:
    relation = (
        permissions.visible_relations(user_of(request))
        .select_related("organisation")
        .filter(pk=relation_id)
        .first()
    )
    if relation is None:
        raise Http404
    services.relation_remove(actor=user_of(request), relation=relation)
    return Status(204, None)
