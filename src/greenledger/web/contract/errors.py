"""The one error shape of the API, its stable machine codes and the messages it speaks.

Every error under ``/api/`` answers ``application/json`` in the ``ApiError`` shape::

    {"status": 422, "code": "validation_error", "message": "...",
     "errors": [{"field": "name_zh", "message": "...", "code": "string_too_long"}]}

``message`` is in the request's language (Simplified Chinese or English); ``code`` never
changes with the language, so clients branch on it. ``errors`` names each refused field
(``field`` is null when the refusal concerns the request as a whole). A 500 also carries
``correlation_id``, the key of the logged traceback; an import refused for its content carries
``problems``, each naming the file, sheet, row and column.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema


class ErrorCode(enum.StrEnum):
    BAD_REQUEST = "bad_request"
    UNAUTHENTICATED = "unauthenticated"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_ERROR = "validation_error"
    THROTTLED = "throttled"
    SERVER_ERROR = "server_error"


#: the machine code each status answers with
CODE_OF_STATUS: dict[int, ErrorCode] = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHENTICATED,
    403: ErrorCode.PERMISSION_DENIED,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    422: ErrorCode.VALIDATION_ERROR,
    429: ErrorCode.THROTTLED,
    500: ErrorCode.SERVER_ERROR,
}

#: what each status means, in the request's language (the default ``message``)
DEFAULT_MESSAGES: dict[int, Any] = {
    400: _("The request could not be read."),
    401: _("Authentication failed: the API token is missing, wrong or revoked."),
    403: _("You do not have permission to do this."),
    404: _("Not found: there is no such resource, or you may not see it."),
    405: _("This method is not allowed here."),
    409: _("The request conflicts with the current state of the resource."),
    413: _("The request body is too large."),
    415: _("The request body has an unsupported content type."),
    422: _("The request has invalid fields."),
    429: _("Too many requests: try again later."),
    500: _("Internal error. Quote the correlation id when you report it."),
}

#: the description of each status in the OpenAPI schema
DESCRIPTIONS: dict[int, str] = {
    400: "Bad request: the body or the multipart form could not be parsed.",
    401: "Unauthenticated: the Bearer token is missing (where required), wrong or revoked.",
    403: "Permission denied: the caller may see the object but not do this.",
    404: "Not found: no such object, or one the caller may not see.",
    409: "Conflict with the current state.",
    413: "Payload too large: the body exceeds the size limit.",
    415: "Unsupported media type: the body is not sent as the operation's content type.",
    422: "Validation error: `errors` names each refused field and the reason.",
    429: "Throttled: too many requests.",
}


class FieldError(Schema):
    field: str | None = Field(
        description="The refused field (dotted path into the body, or the query/path parameter "
        "name); null when the refusal concerns the request as a whole."
    )
    message: str = Field(description="The reason, in the request's language.")
    code: str = Field(description="A stable machine code of the reason.")


class ImportProblem(Schema):
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    reason: str = Field(description="The reason in English.")
    code: str | None = Field(
        default=None, description="The reason's stable message code (never changes with language)."
    )
    params: dict[str, Any] | None = Field(
        default=None, description="The values the reason names (row values, limits, names)."
    )
    message: str | None = Field(default=None, description="The reason in the request's language.")


class ApiError(Schema):
    """The one error shape of the API."""

    status: int = Field(description="The HTTP status, repeated.")
    code: ErrorCode = Field(description="A stable machine code; it never changes with language.")
    message: str = Field(description="What went wrong, in the request's language.")
    errors: list[FieldError] = Field(
        default_factory=list, description="The refused fields, each with its reason."
    )
    problems: list[ImportProblem] | None = Field(
        default=None,
        description="Problems found in an uploaded file (file, sheet, row, column, reason).",
    )
    correlation_id: str | None = Field(
        default=None, description="Server errors only: the key of the logged traceback."
    )


def field_error(field: str | None, message: Any, code: str) -> dict[str, Any]:
    return {"field": field, "message": str(message), "code": code}


def error_body(
    status: int,
    message: Any = None,
    *,
    errors: Iterable[Mapping[str, Any]] = (),
    problems: list[dict[str, Any]] | None = None,
    correlation_id: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": status,
        "code": CODE_OF_STATUS[status].value,
        "message": str(message if message is not None else DEFAULT_MESSAGES[status]),
        "errors": [dict(e) for e in errors],
    }
    if problems is not None:
        body["problems"] = problems
    if correlation_id is not None:
        body["correlation_id"] = correlation_id
    return body


def error_response(
    request: HttpRequest | None,
    status: int,
    message: Any = None,
    *,
    errors: Iterable[Mapping[str, Any]] = (),
    problems: list[dict[str, Any]] | None = None,
    correlation_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JsonResponse:
    """An error in the contract's shape (``request`` is accepted for symmetry with ninja)."""
    body = error_body(
        status, message, errors=errors, problems=problems, correlation_id=correlation_id
    )
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response
