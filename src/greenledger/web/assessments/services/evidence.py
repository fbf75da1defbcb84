"""Evidence files: PDF and images, checked by content (not by name), stored outside the web
root with their SHA-256."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import filetype
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import Application, ApplicationStatus, Evidence
from greenledger.web.assessments.selectors import evidence_items, ruleset_for
from greenledger.web.assessments.services._common import invalid, now, require
from greenledger.web.audit.services import audit_append, snapshot

# What an evidence file may be: extension -> the content type its bytes must show.
ACCEPTED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
EVIDENCE_FIELDS = ["application", "item", "filename", "content_type", "size", "sha256"]


def evidence_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "evidence"


def max_evidence_bytes() -> int:
    return int(settings.GREENLEDGER_MAX_EVIDENCE_BYTES)


def inspect_evidence(path: Path, filename: str) -> str:
    """The file's content type, or a ValidationError saying why it is refused."""
    extension = Path(filename).suffix.lower()
    expected = ACCEPTED.get(extension)
    if expected is None:
        raise invalid(
            "file",
            _("%(name)s: only PDF, PNG and JPEG files are accepted as evidence.")
            % {"name": filename},
        )
    size = path.stat().st_size
    if size == 0:
        raise invalid("file", _("%(name)s: the file is empty.") % {"name": filename})
    if size > max_evidence_bytes():
        raise invalid(
            "file",
            _("%(name)s: %(size)s bytes is over the limit of %(limit)s bytes.")
            % {"name": filename, "size": size, "limit": max_evidence_bytes()},
        )
    kind = filetype.guess(str(path))
    found = kind.mime if kind else None
    if found != expected:
        raise invalid(
            "file",
            _(
                "%(name)s: the file is not what its extension says (%(extension)s); "
                "its content is %(found)s."
            )
            % {"name": filename, "extension": extension, "found": found or _("not recognised")},
        )
    if expected.startswith("image/"):
        try:
            with Image.open(path) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise invalid(
                "file", _("%(name)s: the image is damaged.") % {"name": filename}
            ) from None
    else:
        with path.open("rb") as handle:
            handle.seek(max(0, size - 2048))
            if b"%%EOF" not in handle.read():
                raise invalid(
                    "file",
                    _("%(name)s: the PDF is truncated (no end-of-file marker).")
                    % {"name": filename},
                )
    return expected


def store_evidence_file(
    directory: Path,
    upload: IO[bytes],
    name: str,
    inspector: Callable[[Path, str], str] = inspect_evidence,
) -> tuple[Path, str, str]:
    """Write ``upload`` under ``directory`` with a random name, checked by ``inspector``
    (``inspect_evidence`` unless told: content type or a ValidationError) and the size limit:
    (stored path, content type, SHA-256), or a ValidationError with nothing left on disk."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    temporary = target.with_suffix(target.suffix + ".part")
    digest = hashlib.sha256()
    with temporary.open("wb") as out:
        while chunk := upload.read(1 << 20):
            digest.update(chunk)
            out.write(chunk)
            if out.tell() > max_evidence_bytes():
                break
    try:
        content_type = inspector(temporary, name)
    except Exception:
        temporary.unlink(missing_ok=True)
        raise
    shutil.move(temporary, target)
    return target, content_type, digest.hexdigest()


def _editable(application: Application) -> bool:
    return application.status == ApplicationStatus.DRAFT


@transaction.atomic
def evidence_add(
    *, actor: Any, application: Application, item: str, upload: IO[bytes], filename: str
) -> Evidence:
    """Store one evidence file for one item of a draft application."""
    require(
        permissions.can_prepare_application(actor, application),
        _("Only the applicant's users upload its evidence."),
    )
    if not _editable(application):
        raise invalid("status", _("Evidence can only be added while the application is a draft."))
    if item not in {i.id for i in evidence_items(ruleset_for(application))}:
        raise invalid("item", _("No requirement or indicator of this standard has that id."))
    name = Path(filename).name[:255] or "evidence"
    target, content_type, sha256 = store_evidence_file(
        evidence_directory() / str(application.pk), upload, name
    )
    try:
        evidence = Evidence.objects.create(
            application=application,
            item=item,
            filename=name,
            content_type=content_type,
            size=target.stat().st_size,
            sha256=sha256,
            path=str(target),
            uploaded_by=actor,
            uploaded_at=now(),
        )
        audit_append(
            actor=actor,
            action="evidence.add",
            obj=evidence,
            after=snapshot(evidence, EVIDENCE_FIELDS),
        )
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written: no row, no file
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    application = evidence.application
    require(
        permissions.can_prepare_application(actor, application),
        _("Only the applicant's users remove its evidence."),
    )
    if not _editable(application):
        raise invalid("status", _("Evidence can only be removed while the application is a draft."))
    audit_append(
        actor=actor,
        action="evidence.remove",
        obj=evidence,
        before=snapshot(evidence, EVIDENCE_FIELDS),
    )
    path = Path(evidence.path)
    evidence.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
