"""Documents behind a project's eligibility: an energy audit report (节能审计/评估报告) or a
third party's assessment of the project, uploaded by the enterprise's energy manager.

Files are checked by content like assessment evidence (PDF, PNG, JPEG; at most
``GREENLEDGER_MAX_EVIDENCE_BYTES``), stored under ``PRIVATE_MEDIA_ROOT/finance-evidence/`` with
their SHA-256 and never served publicly (the download page asks
``permissions.can_view_project_evidence``). Adding or removing a document runs the eligibility
pre-check again, so a criterion that asks for the kind stops (or starts) answering "needs data".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.assessments.services.evidence import store_evidence_file
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.finance.models import EvidenceKind, Project, ProjectEvidence
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.reporting.services._common import invalid, require

__all__ = ["evidence_directory", "project_evidence_add", "project_evidence_remove"]

FIELDS = ["project", "kind", "title", "issued_by", "issued_on", "filename", "size", "sha256"]


def evidence_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "finance-evidence"


def _text(field: str, value: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise invalid(field, _("This field is required."))
    if len(text) > limit:
        raise invalid(field, _("At most %(n)s characters.") % {"n": limit})
    return text


@transaction.atomic
def project_evidence_add(
    *,
    actor: Any,
    project: Project,
    kind: str,
    title: str,
    issued_by: str,
    issued_on: dt.date | None,
    upload: IO[bytes],
    filename: str,
) -> ProjectEvidence:
    """Store one document for the project and run its eligibility pre-check again."""
    require(
        permissions.can_manage_projects(actor, project.organisation),
        _("Only the enterprise's energy manager adds documents to its projects."),
    )
    if kind not in EvidenceKind.values:
        raise invalid("kind", _("Choose an energy audit report or a third-party assessment."))
    title = _text("title", title, 200)
    issued_by = _text("issued_by", issued_by, 200)
    if issued_on is None:
        raise invalid("issued_on", _("This field is required."))
    if issued_on > timezone.localdate():
        raise invalid("issued_on", _("The document cannot be issued in the future."))
    name = Path(filename or "").name[:255] or "evidence"
    target, content_type, sha256 = store_evidence_file(
        evidence_directory() / str(project.pk), upload, name
    )
    try:
        evidence = ProjectEvidence.objects.create(
            project=project,
            kind=kind,
            title=title,
            issued_by=issued_by,
            issued_on=issued_on,
            filename=name,
            content_type=content_type,
            size=target.stat().st_size,
            sha256=sha256,
            path=str(target),
            uploaded_by=actor,
            uploaded_at=timezone.now(),
        )
        audit_append(
            actor=actor,
            action="finance.evidence.add",
            obj=evidence,
            after=snapshot(evidence, FIELDS),
        )
        eligibility_run(actor=actor, project=project)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written: no row, no file
        raise
    return evidence


@transaction.atomic
def project_evidence_remove(*, actor: Any, evidence: ProjectEvidence) -> None:
    """Remove a document (its file goes once the removal is committed) and re-check."""
    project = evidence.project
    require(
        permissions.can_manage_projects(actor, project.organisation),
        _("Only the enterprise's energy manager removes documents from its projects."),
    )
    audit_append(
        actor=actor,
        action="finance.evidence.remove",
        obj=evidence,
        before=snapshot(evidence, FIELDS),
    )
    path = Path(evidence.path)
    evidence.delete()
    eligibility_run(actor=actor, project=project)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
