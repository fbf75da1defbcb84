"""Catalogue screening values and project documents, mounted under /api/finance.

``/settings``: every configurable threshold of every catalogue (where it sits, wording, unit,
the published value or null, confirmed or not, the deployment's value, the value in force, the
secretariat's setting with its source note and who set it when, and the history), for the
registry staff (403 for anybody else); ``POST /settings`` sets one (or clears it with a null
``value``) with a required ``source_note`` (201; 422 naming ``catalogue``, ``path``, ``value``
or ``source_note``).

``/projects/{project_id}/evidence``: a project's energy audit reports and third-party
assessments, for the enterprise's users, the staff and analysts whose institution holds a grant
covering the project (404 for anybody else; an analyst's read logged); the enterprise's manager
uploads one (multipart; 201) and removes one (``DELETE /evidence/{evidence_id}``: 204); other
readers get 403. ``GET /evidence/{evidence_id}`` downloads the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from ninja import Field, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId
from greenledger.web.finance.api._router import router
from greenledger.web.finance.models import CatalogueSetting, EvidenceKind
from greenledger.web.finance.selectors.settings import ConfigurableLimit, configurable_limits
from greenledger.web.finance.services.evidence import (
    project_evidence_add,
    project_evidence_remove,
)
from greenledger.web.finance.services.settings import can_manage_settings, catalogue_setting_set
from greenledger.web.finance.views.evidence import evidence_or_404, evidence_project_or_404
from greenledger.web.responses import Status


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class SettingOut(Schema):
    id: int
    catalogue: str
    path: str
    value: float | None = Field(description="None: the setting was cleared.")
    source_note: str = Field(description="The document and clause the value was read from.")
    set_by: str
    set_at: dt.datetime


class LimitOut(Schema):
    catalogue: str
    path: str
    role: str = Field(description="margin, threshold (the entry value) or advanced.")
    category: str
    criterion: str
    metric: str
    unit: str
    limit: str = Field(description="max or min (empty for the margin).")
    wording: str
    published: float | None = Field(description="The catalogue's value; None: not published.")
    confirmed: bool
    source: str
    deployment: float | None = Field(description="The deployment's value, if any.")
    in_force: float | None = Field(description="The value the pre-check uses now.")
    current: SettingOut | None = Field(description="The newest setting (None: never set).")
    history: list[SettingOut] = Field(description="Every setting, newest first.")


class SettingIn(Schema):
    catalogue: str = Field(max_length=64, description="e.g. green_bond_2021.")
    path: str = Field(max_length=200, description="e.g. categories.2.abatement.threshold.")
    value: float | None = Field(description="None clears the setting.")
    source_note: str = Field(max_length=500)


def _setting(row: CatalogueSetting) -> dict[str, Any]:
    return {
        "id": row.pk,
        "catalogue": row.catalogue,
        "path": row.path,
        "value": row.value,
        "source_note": row.source_note,
        "set_by": row.set_by.get_full_name() or row.set_by.get_username(),
        "set_at": row.set_at,
    }


def _limit(item: ConfigurableLimit) -> dict[str, Any]:
    return {
        "catalogue": item.catalogue,
        "path": item.path,
        "role": item.role,
        "category": item.category,
        "criterion": item.criterion,
        "metric": item.metric,
        "unit": item.unit,
        "limit": item.limit,
        "wording": item.wording,
        "published": item.published,
        "confirmed": item.confirmed,
        "source": item.source,
        "deployment": item.deployment,
        "in_force": item.in_force,
        "current": _setting(item.current) if item.current else None,
        "history": [_setting(row) for row in item.history],
    }


@router.get("/settings", response=list[LimitOut], summary="Catalogue screening values")
@answers(403)
def settings_list(request: HttpRequest, catalogue: str | None = None) -> Any:
    """Every configurable threshold (of one ``catalogue``, or of all) with its settings."""
    if not can_manage_settings(_user(request)):
        raise PermissionDenied
    return [_limit(item) for item in configurable_limits(catalogue)]


@router.post("/settings", response={201: SettingOut}, summary="Set a screening value")
def setting_set(request: HttpRequest, payload: SettingIn) -> Any:
    row = catalogue_setting_set(
        actor=_user(request),
        catalogue=payload.catalogue,
        path=payload.path,
        value=payload.value,
        source_note=payload.source_note,
    )
    return Status(201, _setting(row))


class ProjectEvidenceOut(Schema):
    id: int
    project_id: int
    kind: str = Field(description="energy_audit or third_party_assessment.")
    title: str
    issued_by: str
    issued_on: dt.date
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


@router.get(
    "/projects/{int:project_id}/evidence",
    response=list[ProjectEvidenceOut],
    summary="A project's documents",
)
def evidence_list(request: HttpRequest, project_id: DbId) -> Any:
    return list(evidence_project_or_404(request, _user(request), project_id).evidence.all())


@router.post(
    "/projects/{int:project_id}/evidence",
    response={201: ProjectEvidenceOut},
    summary="Upload a project document",
)
@answers(
    multipart={
        "kind": {"type": "string", "enum": list(EvidenceKind.values)},
        "title": {"type": "string", "maxLength": 200},
        "issued_by": {"type": "string", "maxLength": 200},
        "issued_on": {"type": "string", "format": "date"},
        "file": {"type": "string", "format": "binary"},
    },
    required=["kind", "title", "issued_by", "issued_on", "file"],
)
def evidence_upload(request: HttpRequest, project_id: DbId) -> Any:
    """Multipart: ``kind``, ``title``, ``issued_by``, ``issued_on`` (YYYY-MM-DD) and ``file``
    (PDF, PNG or JPEG, checked by content); the pre-check runs again."""
    project = evidence_project_or_404(request, _user(request), project_id)
    user = _user(request)
    if not permissions.can_manage_projects(user, project.organisation):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError({"file": [_("Attach the file as the 'file' field.")]})
    issued_on = None
    try:
        issued_on = parse_date(request.POST.get("issued_on", "") or "")
    except ValueError:
        issued_on = None
    if issued_on is None:
        raise ValidationError({"issued_on": [_("Enter a date as YYYY-MM-DD.")]})
    evidence = project_evidence_add(
        actor=user,
        project=project,
        kind=request.POST.get("kind", ""),
        title=request.POST.get("title", ""),
        issued_by=request.POST.get("issued_by", ""),
        issued_on=issued_on,
        upload=upload,
        filename=upload.name or "evidence",
    )
    return Status(201, evidence)


@router.get("/evidence/{int:evidence_id}", summary="Download a project document")
@answers(download=("application/pdf", "image/png", "image/jpeg"))
def evidence_download(request: HttpRequest, evidence_id: DbId) -> Any:
    found = evidence_or_404(request, _user(request), evidence_id)
    stored = Path(found.path)
    if not stored.is_file():
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.delete("/evidence/{int:evidence_id}", response={204: None}, summary="Remove a document")
def evidence_delete(request: HttpRequest, evidence_id: DbId) -> Any:
    found = evidence_or_404(request, _user(request), evidence_id)
    project_evidence_remove(actor=_user(request), evidence=found)
    return Status(204, None)
