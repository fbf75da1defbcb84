"""The technology catalogue (everybody, signed in or not) and research institutions' proposals.

``/catalogue``: the shipped technologies plus the published proposals, filtered by industry
(GB/T 4754-2017 section, division or class), end use, source and confirmation;
``/catalogue/{technology_id}``: one technology with every figure, its source and its published
case results (404 for an unknown id).

``/proposals``: a researcher sees and writes its institution's proposals, the registry staff see
all of them and publish or reject submitted ones; anybody else gets 403 on the collection and
404 on one proposal. A refused record answers 422 naming ``record.<field>`` (or
``technology_id``, ``kind``, ``note``, ``status``) with the reason in the request's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Schema

from greenledger.core.planning.catalogue import Technology
from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.planning.api._router import router
from greenledger.web.planning.catalogue_forms import INDUSTRY_MESSAGE
from greenledger.web.planning.models import ProposalKind, ProposalStatus, TechnologyProposal
from greenledger.web.planning.selectors import catalogue as selectors
from greenledger.web.planning.services import catalogue as services
from greenledger.web.responses import Status

__all__ = ["technology_out"]


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class SourceOut(Schema):
    key: str
    issuer: str
    title: str
    document: str
    edition: str


class TechnologyOut(Schema):
    id: str
    name_zh: str
    name_en: str
    source: SourceOut
    item: str = Field(description="The source's item number, or 'item not checked'.")
    confirmed: bool = Field(description="True only when every figure was checked at the source.")
    note: str = Field(description="Where the figures come from and the range behind each.")
    industries: list[str] = Field(description="GB/T 4754-2017 sections or divisions, or 'all'.")
    end_use: str
    carrier: str
    effect: str = Field(description="energy: saves energy and its emissions; emissions: only CO2.")
    saving_rate: float | None = Field(description="Share of the covered energy saved (0..1).")
    absolute_saving_tce_per_unit: float | None = Field(description="tce a year per unit.")
    capacity_unit: str
    capex_yuan_per_unit: float
    opex_change_yuan_per_unit: float = Field(description="Yuan a year per unit (< 0: cheaper).")
    lifetime_years: int
    lead_time_years: int
    max_penetration: float = Field(description="Largest share of the end use's energy covered.")
    group: str | None = Field(description="Mutual-exclusion group.")
    requires: list[str] = Field(description="Technologies that must be in place first.")
    proposed_by: str | None = Field(
        None, description="The research institution that proposed it (None: shipped)."
    )


class ProposalOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    kind: str
    technology_id: str
    record: dict[str, Any]
    status: str
    created_by: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str

    @staticmethod
    def resolve_organisation_name(obj: TechnologyProposal) -> str:
        return obj.organisation.name_zh

    @staticmethod
    def resolve_created_by(obj: TechnologyProposal) -> str:
        return obj.created_by.get_username()

    @staticmethod
    def resolve_reviewed_by(obj: TechnologyProposal) -> str | None:
        return obj.reviewed_by.get_username() if obj.reviewed_by is not None else None


class TechnologyDetailOut(Schema):
    technology: TechnologyOut
    cases: list[ProposalOut] = Field(description="Published case results, newest year first.")


class ProposalIn(Schema):
    kind: str = Field(description="technology or case.")
    technology_id: str = Field(
        max_length=80,
        description="technology: the new technology's id; case: the technology it is for.",
    )
    record: dict[str, Any] = Field(
        description="technology: a catalogue record (the shipped catalogue's fields; source a "
        "source key or {issuer, title, document, edition}); case: {title, enterprise, year, "
        "saving_rate?, saving_tce?, emissions_cut_t?, capex_yuan?, annual_cost_saving_yuan?, "
        "payback_years?, note?}."
    )


class ProposalRecordIn(Schema):
    record: dict[str, Any]


class NoteIn(Schema):
    note: str = ""


def technology_out(technology: Technology, proposed_by: str | None = None) -> dict[str, Any]:
    source = technology.source
    return {
        "id": technology.id,
        "name_zh": technology.name_zh,
        "name_en": technology.name_en,
        "source": {
            "key": source.key,
            "issuer": source.issuer,
            "title": source.title,
            "document": source.document,
            "edition": source.edition,
        },
        "item": technology.item,
        "confirmed": technology.confirmed,
        "note": technology.note,
        "industries": list(technology.industries),
        "end_use": technology.end_use,
        "carrier": technology.carrier,
        "effect": technology.effect,
        "saving_rate": technology.saving_rate,
        "absolute_saving_tce_per_unit": technology.absolute_saving_tce_per_unit,
        "capacity_unit": technology.capacity_unit,
        "capex_yuan_per_unit": technology.capex_yuan_per_unit,
        "opex_change_yuan_per_unit": technology.opex_change_yuan_per_unit,
        "lifetime_years": technology.lifetime_years,
        "lead_time_years": technology.lead_time_years,
        "max_penetration": technology.max_penetration,
        "group": technology.group,
        "requires": list(technology.requires),
        "proposed_by": proposed_by,
    }


@router.get("/catalogue", response=list[TechnologyOut], summary="The technology catalogue")
@answers(422)
@paginated
def catalogue_list(
    request: HttpRequest,
    industry: str = "",
    end_use: str = "",
    source: str = "",
    confirmed: bool | None = None,
    q: str = "",
) -> Any:
    """422 names ``industry`` when it is not a GB/T 4754-2017 section, division or class."""
    if selectors.industry_filter_problem(industry):
        raise ValidationError({"industry": [str(INDUSTRY_MESSAGE % {"value": industry})]})
    found = selectors.filter_technologies(
        selectors.catalogue(),
        industry=industry,
        end_use=end_use,
        source=source,
        confirmed=confirmed,
        q=q,
    )
    return [technology_out(t) for t in found]


@router.get(
    "/catalogue/{technology_id}",
    response=TechnologyDetailOut,
    summary="One technology with its source and published case results",
)
def catalogue_detail(request: HttpRequest, technology_id: str) -> Any:
    try:
        technology = selectors.technology(technology_id)
    except KeyError:
        raise Http404 from None
    origin = selectors.proposal_of(technology_id)
    return {
        "technology": technology_out(
            technology, origin.organisation.name_zh if origin is not None else None
        ),
        "cases": selectors.cases_for(technology_id),
    }


def _visible(request: HttpRequest) -> Any:
    return permissions.visible_proposals(_user(request)).select_related(
        "organisation", "created_by", "reviewed_by"
    )


def _proposal(request: HttpRequest, proposal_id: int) -> TechnologyProposal:
    proposal = _visible(request).filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return proposal  # type: ignore[no-any-return]


@router.get("/proposals", response=list[ProposalOut], summary="Technology and case proposals")
@answers(403)
@paginated
def proposal_list(
    request: HttpRequest,
    status: ProposalStatus | None = None,
    kind: ProposalKind | None = None,
) -> Any:
    """A researcher's institution's proposals; all of them for the registry staff (the review
    queue: ``status=submitted``)."""
    user = _user(request)
    if not (permissions.can_propose_technology(user) or permissions.can_review_proposals(user)):
        raise PermissionDenied
    proposals = _visible(request).order_by("-created_at", "-id")
    if status is not None:
        proposals = proposals.filter(status=status)
    if kind is not None:
        proposals = proposals.filter(kind=kind)
    return proposals


@router.post("/proposals", response={201: ProposalOut}, summary="Propose a technology or case")
def proposal_create(request: HttpRequest, payload: ProposalIn) -> Any:
    proposal = services.proposal_create(
        actor=_user(request),
        kind=payload.kind,
        technology_id=payload.technology_id,
        record=payload.record,
    )
    return Status(201, _proposal(request, proposal.pk))


@router.get("/proposals/{int:proposal_id}", response=ProposalOut, summary="One proposal")
def proposal_detail(request: HttpRequest, proposal_id: DbId) -> Any:
    return _proposal(request, proposal_id)


@router.put(
    "/proposals/{int:proposal_id}", response=ProposalOut, summary="Replace a draft's record"
)
def proposal_update(request: HttpRequest, proposal_id: DbId, payload: ProposalRecordIn) -> Any:
    proposal = _proposal(request, proposal_id)
    services.proposal_update(actor=_user(request), proposal=proposal, record=payload.record)
    return _proposal(request, proposal_id)


@router.post(
    "/proposals/{int:proposal_id}/submit", response=ProposalOut, summary="Submit for review"
)
@answers(422)
def proposal_submit(request: HttpRequest, proposal_id: DbId) -> Any:
    services.proposal_submit(actor=_user(request), proposal=_proposal(request, proposal_id))
    return _proposal(request, proposal_id)


@router.post(
    "/proposals/{int:proposal_id}/publish", response=ProposalOut, summary="Publish a proposal"
)
def proposal_publish(request: HttpRequest, proposal_id: DbId, payload: NoteIn) -> Any:
    services.proposal_publish(
        actor=_user(request), proposal=_proposal(request, proposal_id), note=payload.note
    )
    return _proposal(request, proposal_id)


@router.post(
    "/proposals/{int:proposal_id}/reject", response=ProposalOut, summary="Reject a proposal"
)
def proposal_reject(request: HttpRequest, proposal_id: DbId, payload: NoteIn) -> Any:
    services.proposal_reject(
        actor=_user(request), proposal=_proposal(request, proposal_id), note=payload.note
    )
    return _proposal(request, proposal_id)
