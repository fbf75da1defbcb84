"""Applications to join the alliance: an organisation without an account applies, follows its
application through a status link and answers the secretariat's questions there.

``application_submit`` checks every field at once (errors keyed by field name, in the
applicant's language): the credit code by ``core.registry.credit_code`` and refused when an
organisation of the registry or another open application already holds it (the partial unique
constraint on open applications is the backstop against two submissions at the same moment);
the industry code by ``core.registry.industry_code``; a business licence is required; every
document is checked by content as assessment evidence is (PDF, PNG, JPEG, size limit, SHA-256)
and stored under ``PRIVATE_MEDIA_ROOT/alliance/applications/<id>/``. Nothing is half-created:
when anything fails, no row is written and no file stays on disk.

The status link holds a secret of which only the SHA-256 is stored; it is mailed to the contact
(``application_received``). A request for more information mails a new link, which replaces
the old one. The review itself (ask, approve, reject) is in ``application_review``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from greenledger.core.registry import credit_code as credit_codes
from greenledger.core.registry import industry_code as industry_codes
from greenledger.web.alliance.models import (
    OPEN_APPLICATION_STATUSES,
    ApplicationDocument,
    ApplicationDocumentKind,
    ApplicationMessage,
    ApplicationMessageKind,
    ApplicationStatus,
    JoinApplication,
)
from greenledger.web.alliance.services._common import (
    absolute_url,
    invalid,
    new_secret,
    now,
    upload_directory,
)
from greenledger.web.alliance.services.mail import mail_queue
from greenledger.web.assessments.services.evidence import store_evidence_file
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import MembershipStanding, Organisation, OrganisationKind
from greenledger.web.members.services import credit_code_error

__all__ = [
    "APPLICATION_FIELDS",
    "DocumentUpload",
    "Submitted",
    "application_reply",
    "application_submit",
    "status_url",
]

# what the audit ledger keeps of an application (never the status key's hash)
APPLICATION_FIELDS = [
    "id",
    "reference",
    "kind",
    "name_zh",
    "name_en",
    "credit_code",
    "industry_code",
    "district",
    "contact_name",
    "contact_email",
    "standing",
    "status",
    "decision_note",
    "organisation",
    "manager",
]
DOCUMENT_FIELDS = ["id", "application", "kind", "filename", "content_type", "size", "sha256"]
LANGUAGES = ("zh-hans", "en")
# longest texts an applicant types (the model's TextFields have no limit of their own)
STATEMENT_LIMIT = 4000
MESSAGE_LIMIT = 4000
REQUIRED_DOCUMENTS = (ApplicationDocumentKind.BUSINESS_LICENCE,)


@dataclass(frozen=True)
class DocumentUpload:
    """One uploaded file: its kind (``ApplicationDocumentKind``), content and name."""

    kind: str
    upload: IO[bytes]
    filename: str


@dataclass(frozen=True)
class Submitted:
    """A new application and the secret of its status link (only its hash is stored)."""

    application: JoinApplication
    status_key: str


def status_url(status_key: str) -> str:
    """The absolute address of an application's status page, for mail."""
    return absolute_url(reverse("alliance:application_status", args=[status_key]))


def language_of(language: str | None) -> str:
    """One of the two languages the platform ships ("zh-hans" unless English was asked)."""
    return "en" if (language or "").lower().startswith("en") else "zh-hans"


def _text(
    errors: dict[str, list[str]],
    values: dict[str, Any],
    name: str,
    limit: int,
    *,
    required: bool = True,
) -> None:
    text = str(values.get(name) or "").strip()
    values[name] = text
    if required and not text:
        errors.setdefault(name, []).append(_("This field is required."))
    elif len(text) > limit:
        errors.setdefault(name, []).append(_("At most %(n)s characters.") % {"n": limit})


def _check_credit_code(errors: dict[str, list[str]], values: dict[str, Any]) -> None:
    code = credit_codes.normalise(str(values.get("credit_code") or ""))
    values["credit_code"] = code
    if not code:
        errors.setdefault("credit_code", []).append(_("This field is required."))
        return
    problem = credit_code_error(code)
    if problem:
        errors.setdefault("credit_code", []).append(str(problem))
    elif Organisation.objects.filter(credit_code=code).exists():
        errors.setdefault("credit_code", []).append(
            _(
                "An organisation with this credit code is already in the alliance's registry: "
                "it cannot apply again. Ask the secretariat if you think this is wrong."
            )
        )
    elif JoinApplication.objects.filter(
        credit_code=code, status__in=OPEN_APPLICATION_STATUSES
    ).exists():
        errors.setdefault("credit_code", []).append(
            _(
                "An application with this credit code is already waiting for review: follow it "
                "through the link mailed when it was submitted."
            )
        )


def _check_fields(values: dict[str, Any]) -> dict[str, list[str]]:
    """Normalise ``values`` in place; every problem, keyed by field."""
    errors: dict[str, list[str]] = {}
    if values.get("kind") not in OrganisationKind.values:
        errors["kind"] = [_("Choose the kind of organisation.")]
    if values.get("standing") not in MembershipStanding.values:
        errors["standing"] = [_("Choose the standing the organisation applies for.")]
    _text(errors, values, "name_zh", 200)
    _text(errors, values, "name_en", 200, required=False)
    _text(errors, values, "address", 300)
    _text(errors, values, "district", 100)
    _text(errors, values, "contact_name", 100)
    _text(errors, values, "contact_phone", 40, required=False)
    _text(errors, values, "statement", STATEMENT_LIMIT, required=False)
    _check_credit_code(errors, values)
    if values["name_zh"] and Organisation.objects.filter(name_zh=values["name_zh"]).exists():
        # the registry's names are unique: caught now rather than at the approval
        errors.setdefault("name_zh", []).append(
            _("An organisation with this name is already in the alliance's registry.")
        )
    industry = str(values.get("industry_code") or "").strip().upper()
    values["industry_code"] = industry
    if industry and (reason := industry_codes.problem(industry)):
        errors["industry_code"] = [
            _("Not a GB/T 4754-2017 industry code: %(reason)s.") % {"reason": reason}
        ]
    email = str(values.get("contact_email") or "").strip()
    values["contact_email"] = email
    try:
        validate_email(email)
    except ValidationError:
        errors["contact_email"] = [
            _("This field is required.") if not email else _("Enter a valid e-mail address.")
        ]
    return errors


def _check_document_kinds(
    errors: dict[str, list[str]], documents: Sequence[DocumentUpload], *, required: Iterable[str]
) -> None:
    for document in documents:
        if document.kind not in ApplicationDocumentKind.values:
            errors.setdefault("documents", []).append(
                _("%(name)s: unknown kind of document.") % {"name": document.filename}
            )
    given = {document.kind for document in documents}
    for kind in required:
        if kind not in given:
            errors.setdefault(kind, []).append(
                _("Attach the %(document)s (PDF, PNG or JPEG).")
                % {"document": ApplicationDocumentKind(kind).label.lower()}
            )


def store_documents(
    application: JoinApplication, documents: Sequence[DocumentUpload]
) -> list[ApplicationDocument]:
    """Check and store every file, then write their rows; on any failure remove every file
    already stored and raise the error keyed by the document's kind."""
    directory = upload_directory("applications", str(application.pk))
    stored: list[tuple[DocumentUpload, Path, str, str]] = []
    try:
        for document in documents:
            name = Path(document.filename or "").name[:255] or "document"
            try:
                target, content_type, sha256 = store_evidence_file(directory, document.upload, name)
            except ValidationError as error:
                reasons = [m for ms in error.message_dict.values() for m in ms]
                raise ValidationError({document.kind: reasons}) from None
            stored.append((document, target, content_type, sha256))
        rows = [
            ApplicationDocument.objects.create(
                application=application,
                kind=document.kind,
                filename=Path(document.filename or "").name[:255] or "document",
                content_type=content_type,
                size=target.stat().st_size,
                sha256=sha256,
                stored_path=str(target.relative_to(settings.PRIVATE_MEDIA_ROOT)),
                uploaded_at=now(),
            )
            for document, target, content_type, sha256 in stored
        ]
        for row in rows:
            audit_append(
                actor=None,
                action="alliance.application_document_add",
                obj=row,
                after=snapshot(row, DOCUMENT_FIELDS),
            )
    except BaseException:
        for _document, target, _type, _sha in stored:
            target.unlink(missing_ok=True)  # nothing half-written: no row, no file
        raise
    return rows


def document_path(document: ApplicationDocument) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT, document.stored_path)


def remove_files(rows: Iterable[ApplicationDocument]) -> None:
    for row in rows:
        document_path(row).unlink(missing_ok=True)


def _next_reference(year: int) -> str:
    prefix = f"JA-{year}-"
    last = (
        JoinApplication.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def application_submit(
    *,
    kind: str,
    name_zh: str,
    name_en: str = "",
    credit_code: str,
    industry_code: str = "",
    address: str,
    district: str,
    contact_name: str,
    contact_phone: str = "",
    contact_email: str,
    standing: str,
    statement: str = "",
    documents: Sequence[DocumentUpload],
    language: str = "zh-hans",
) -> Submitted:
    """Record an application (anyone, no account needed) with its documents and mail the
    contact the status link. Every field problem is raised at once; then the files."""
    values: dict[str, Any] = {
        "kind": kind,
        "name_zh": name_zh,
        "name_en": name_en,
        "credit_code": credit_code,
        "industry_code": industry_code,
        "address": address,
        "district": district,
        "contact_name": contact_name,
        "contact_phone": contact_phone,
        "contact_email": contact_email,
        "standing": standing,
        "statement": statement,
    }
    errors = _check_fields(values)
    _check_document_kinds(errors, documents, required=REQUIRED_DOCUMENTS)
    if errors:
        raise ValidationError(errors)
    secret, secret_hash = new_secret()
    moment = now()
    try:
        with transaction.atomic():
            application = JoinApplication.objects.create(
                reference=_next_reference(moment.year),
                language=language_of(language),
                status_key_hash=secret_hash,
                submitted_at=moment,
                updated_at=moment,
                **values,
            )
            audit_append(
                actor=None,
                action="alliance.application_submit",
                obj=application,
                after=snapshot(application, APPLICATION_FIELDS),
            )
            rows = store_documents(application, documents)
            try:
                mail_queue(
                    to=application.contact_email,
                    template="application_received",
                    context={"application": application, "status_url": status_url(secret)},
                    language=application.language,
                )
            except BaseException:
                remove_files(rows)
                raise
    except IntegrityError:
        # the constraint on open applications: another one with the code came in meanwhile
        if JoinApplication.objects.filter(
            credit_code=values["credit_code"], status__in=OPEN_APPLICATION_STATUSES
        ).exists():
            raise invalid(
                "credit_code",
                _(
                    "An application with this credit code is already waiting for review: "
                    "follow it through the link mailed when it was submitted."
                ),
            ) from None
        raise
    return Submitted(application=application, status_key=secret)


def application_reply(
    *,
    application: JoinApplication,
    text: str,
    documents: Sequence[DocumentUpload] = (),
) -> JoinApplication:
    """The applicant answers the secretariat's request (through the status link): the reply
    and any further documents are added and the application goes back to review."""
    if application.status != ApplicationStatus.MORE_INFO:
        raise invalid(
            "status",
            _("You can answer only while the secretariat asks for more information."),
        )
    errors: dict[str, list[str]] = {}
    values = {"text": text}
    _text(errors, values, "text", MESSAGE_LIMIT)
    _check_document_kinds(errors, documents, required=())
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = JoinApplication.objects.select_for_update().get(pk=application.pk)
        if locked.status != ApplicationStatus.MORE_INFO:
            raise invalid("status", _("The application was decided meanwhile."))
        before = snapshot(locked, APPLICATION_FIELDS)
        message = ApplicationMessage.objects.create(
            application=locked, kind=ApplicationMessageKind.REPLY, text=values["text"], at=now()
        )
        rows = store_documents(locked, documents)
        try:
            locked.status = ApplicationStatus.SUBMITTED
            locked.updated_at = now()
            locked.save(update_fields=["status", "updated_at"])
            audit_append(
                actor=None,
                action="alliance.application_reply",
                obj=locked,
                before=before,
                after={**snapshot(locked, APPLICATION_FIELDS), "message": message.pk},
            )
        except BaseException:
            remove_files(rows)
            raise
    return locked
