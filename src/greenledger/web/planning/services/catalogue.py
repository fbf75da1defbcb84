"""Research institutions' technology and case proposals, and the secretariat's review.

A researcher (``accounts.permissions.can_propose_technology``) creates a proposal as a draft,
edits it while it is a draft (or after a rejection) and submits it; the registry staff
(``can_review_proposals``) publish or reject a submitted one, a rejection with a note. Every
step is audited: ``planning.proposal.create``, ``.update``, ``.submit``, ``.publish``,
``.reject``.

A technology proposal's record is a catalogue record in the shipped schema; it is checked by the
core catalogue parser together with the current catalogue (so its id must be new and its
prerequisites known) at every step, publication included. A case proposal reports a result of a
catalogue technology at one enterprise. A refused record names each field as ``record.<field>``
(the API's dotted path into the body) with the reason in the user's language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.errors import Problem
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.planning.models import ProposalKind, ProposalStatus, TechnologyProposal
from greenledger.web.planning.selectors import catalogue as selectors
from greenledger.web.reporting.services._common import now
from greenledger.web.ui.core_messages import render

__all__ = [
    "CASE_NUMBERS",
    "CASE_TEXTS",
    "proposal_create",
    "proposal_publish",
    "proposal_reject",
    "proposal_submit",
    "proposal_update",
]

TECHNOLOGY_ID = re.compile(r"^[a-z][a-z0-9_]{2,79}$")
#: a case result's text fields (title, enterprise required) and figures (all optional, >= 0)
CASE_TEXTS = ("title", "enterprise", "note")
CASE_NUMBERS = (
    "saving_rate",
    "saving_tce",
    "emissions_cut_t",
    "capex_yuan",
    "annual_cost_saving_yuan",
    "payback_years",
)
_AUDITED = [
    "organisation",
    "kind",
    "technology_id",
    "record",
    "status",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "review_note",
]
_SOURCE_CODES = ("planning.catalogue.source_field", "planning.catalogue.unknown_source")


def _field_of(problem: Problem) -> str:
    if problem.message.code in _SOURCE_CODES:
        return "record.source"
    if problem.message.code in ("planning.catalogue.duplicate",):
        return "technology_id"
    column = problem.column or ""
    if column == "id" and problem.message.code != "planning.catalogue.saving_kind":
        return "technology_id"
    if column == "id":
        return "record.saving_rate"
    return f"record.{column}" if column else "record"


def _technology_errors(
    record: Mapping[str, Any], technology_id: str, proposal_id: int | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not TECHNOLOGY_ID.match(technology_id):
        errors["technology_id"] = [
            _(
                "The technology id %(value)s is not valid: 3 to 80 lowercase letters, digits "
                "and underscores, starting with a letter."
            )
            % {"value": technology_id}
        ]
        return errors
    if "id" in record and record["id"] != technology_id:
        errors["record.id"] = [
            _("The record's id %(value)s differs from the technology id %(expected)s.")
            % {"value": record["id"], "expected": technology_id}
        ]
        return errors
    for problem in selectors.technology_record_problems(
        record, technology_id, proposal_id=proposal_id
    ):
        errors.setdefault(_field_of(problem), []).append(render(problem.message))
    return errors


def _case_errors(record: Mapping[str, Any], technology_id: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    try:
        selectors.technology(technology_id)
    except KeyError:
        add(
            "technology_id",
            _("There is no technology %(value)s in the catalogue.") % {"value": technology_id},
        )
    allowed = (*CASE_TEXTS, "year", *CASE_NUMBERS)
    for key in record:
        if key not in allowed:
            add(
                f"record.{key}",
                _("%(field)s is not a field of a case result (allowed: %(allowed)s).")
                % {"field": key, "allowed": ", ".join(allowed)},
            )
    for field in CASE_TEXTS:
        value = record.get(field)
        required = field != "note"
        if value is None and not required:
            continue
        if not isinstance(value, str) or (required and not value.strip()):
            add(f"record.{field}", _("%(field)s must be a non-empty text.") % {"field": field})
    year = record.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= now().year:
        add(
            "record.year",
            _("The year %(value)s is not a year from 1990 to this year.") % {"value": year},
        )
    for field in CASE_NUMBERS:
        if field not in record or record[field] is None:
            continue
        value = record[field]
        if isinstance(value, bool) or not isinstance(value, int | float):
            add(f"record.{field}", _("%(field)s must be a number.") % {"field": field})
        elif not math.isfinite(value) or value < 0:
            add(
                f"record.{field}",
                _("%(field)s must be zero or more, not %(value)s.")
                % {"field": field, "value": value},
            )
        elif field == "saving_rate" and value > 1:
            add(
                f"record.{field}",
                _("The saving rate is a share from 0 to 1, not %(value)s.") % {"value": value},
            )
    return errors


def _check(kind: str, technology_id: str, record: Any, proposal_id: int | None) -> None:
    if kind not in ProposalKind.values:
        raise ValidationError(
            {
                "kind": [
                    _("The kind %(value)s is not one of: %(allowed)s.")
                    % {"value": kind, "allowed": ", ".join(ProposalKind.values)}
                ]
            }
        )
    if not isinstance(record, Mapping):
        raise ValidationError({"record": [_("The record must be an object of fields.")]})
    if kind == ProposalKind.TECHNOLOGY:
        errors = _technology_errors(record, technology_id, proposal_id)
    else:
        errors = _case_errors(record, technology_id)
    if errors:
        raise ValidationError(errors)


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You may not change this proposal."))


def _status(proposal: TechnologyProposal, *allowed: str) -> None:
    if proposal.status not in allowed:
        raise ValidationError(
            {
                "status": [
                    _("The proposal is %(status)s: this step is not open to it.")
                    % {"status": proposal.get_status_display()}
                ]
            }
        )


def _clean_record(kind: str, technology_id: str, record: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = dict(record)
    if kind == ProposalKind.TECHNOLOGY:
        cleaned["id"] = technology_id
    return cleaned


@transaction.atomic
def proposal_create(
    *, actor: Any, kind: str, technology_id: str, record: Mapping[str, Any]
) -> TechnologyProposal:
    """A draft proposal of the actor's research institution (checked whole: refused naming
    each field)."""
    _require(permissions.can_propose_technology(actor))
    technology_id = str(technology_id).strip()
    _check(kind, technology_id, record, None)
    proposal = TechnologyProposal.objects.create(
        organisation_id=actor.organisation_id,
        kind=kind,
        technology_id=technology_id,
        record=_clean_record(kind, technology_id, record),
        status=ProposalStatus.DRAFT,
        created_by=actor,
        created_at=now(),
    )
    audit_append(
        actor=actor,
        action="planning.proposal.create",
        obj=proposal,
        after=snapshot(proposal, _AUDITED),
    )
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: Any, proposal: TechnologyProposal, record: Mapping[str, Any]
) -> TechnologyProposal:
    """Replace the record of a draft (or rejected) proposal; a rejected one becomes a draft."""
    proposal = TechnologyProposal.objects.select_for_update().get(pk=proposal.pk)
    _require(permissions.can_edit_proposal(actor, proposal))
    _check(proposal.kind, proposal.technology_id, record, proposal.pk)
    before = snapshot(proposal, _AUDITED)
    proposal.record = _clean_record(proposal.kind, proposal.technology_id, record)
    proposal.status = ProposalStatus.DRAFT
    proposal.save(update_fields=["record", "status"])
    audit_append(
        actor=actor,
        action="planning.proposal.update",
        obj=proposal,
        before=before,
        after=snapshot(proposal, _AUDITED),
    )
    return proposal


@transaction.atomic
def proposal_submit(*, actor: Any, proposal: TechnologyProposal) -> TechnologyProposal:
    """Send a draft to the secretariat's review queue (checked again against the catalogue)."""
    proposal = TechnologyProposal.objects.select_for_update().get(pk=proposal.pk)
    _require(permissions.can_edit_proposal(actor, proposal))
    _status(proposal, ProposalStatus.DRAFT)
    _check(proposal.kind, proposal.technology_id, proposal.record, proposal.pk)
    before = snapshot(proposal, _AUDITED)
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now()
    proposal.save(update_fields=["status", "submitted_at"])
    audit_append(
        actor=actor,
        action="planning.proposal.submit",
        obj=proposal,
        before=before,
        after=snapshot(proposal, _AUDITED),
    )
    return proposal


def _review(
    *, actor: Any, proposal: TechnologyProposal, status: str, note: str, action: str
) -> TechnologyProposal:
    before = snapshot(proposal, _AUDITED)
    proposal.status = status
    proposal.reviewed_by = actor
    proposal.reviewed_at = now()
    proposal.review_note = note
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_append(
        actor=actor, action=action, obj=proposal, before=before, after=snapshot(proposal, _AUDITED)
    )
    return proposal


@transaction.atomic
def proposal_publish(
    *, actor: Any, proposal: TechnologyProposal, note: str = ""
) -> TechnologyProposal:
    """Publish a submitted proposal: a technology joins the catalogue (checked once more: another
    publication may have taken its id), a case result shows on its technology's page."""
    _require(permissions.can_review_proposals(actor))
    proposal = TechnologyProposal.objects.select_for_update().get(pk=proposal.pk)
    _status(proposal, ProposalStatus.SUBMITTED)
    _check(proposal.kind, proposal.technology_id, proposal.record, proposal.pk)
    return _review(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.PUBLISHED,
        note=str(note).strip(),
        action="planning.proposal.publish",
    )


@transaction.atomic
def proposal_reject(*, actor: Any, proposal: TechnologyProposal, note: str) -> TechnologyProposal:
    """Send a submitted proposal back with the reason (the institution may rework it)."""
    _require(permissions.can_review_proposals(actor))
    proposal = TechnologyProposal.objects.select_for_update().get(pk=proposal.pk)
    _status(proposal, ProposalStatus.SUBMITTED)
    if not str(note or "").strip():
        raise ValidationError({"note": [_("Say why the proposal is rejected.")]})
    return _review(
        actor=actor,
        proposal=proposal,
        status=ProposalStatus.REJECTED,
        note=str(note).strip(),
        action="planning.proposal.reject",
    )
