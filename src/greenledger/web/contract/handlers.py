"""Every exception an API operation can meet, answered in the contract's shape.

Installed on the API by ``install(api)``. Field errors from ninja's own validation (pydantic) are
rendered in the request's language from their error type, never pydantic's English sentences.
A 500 logs the traceback under a fresh correlation id and answers that id.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from greenledger.web.contract.errors import error_response, field_error

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("greenledger.api")

JSON_TYPES = ("application/json",)


class UnsupportedMediaType(Exception):
    def __init__(self, received: str) -> None:
        self.received = received
        super().__init__(received)


class BodyNotAnObject(ValueError):
    """The body is JSON, but not the object every operation's body schema describes."""


class JsonOnlyParser(Parser):
    """Bodies are JSON objects: any other declared content type is refused (415), not guessed
    at, and a JSON array, string, number or null is refused (422) rather than read as an object
    without fields (which a body of optional fields would otherwise accept)."""

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = request.content_type or ""
        if content_type not in JSON_TYPES and not content_type.endswith("+json"):
            raise UnsupportedMediaType(content_type)
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject(type(data).__name__)
        return data


# pydantic error types -> the reason in the request's language (parameters from the error's ctx)
PYDANTIC_MESSAGES: dict[str, Any] = {
    "missing": _("This field is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "float_type": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "decimal_type": _("Enter a number."),
    "finite_number": _("Enter a finite number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "string_type": _("Enter text."),
    "string_too_long": _("At most %(max_length)s characters."),
    "string_too_short": _("At least %(min_length)s characters."),
    "less_than_equal": _("At most %(le)s."),
    "greater_than_equal": _("At least %(ge)s."),
    "less_than": _("Less than %(lt)s."),
    "greater_than": _("Greater than %(gt)s."),
    "decimal_max_digits": _("At most %(max_digits)s digits."),
    "decimal_max_places": _("At most %(decimal_places)s decimal places."),
    "decimal_whole_digits": _("At most %(whole_digits)s digits before the decimal point."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": _("Enter a date and time (ISO 8601)."),
    "datetime_type": _("Enter a date and time (ISO 8601)."),
    "list_type": _("Enter a list."),
    "too_long": _("At most %(max_length)s items."),
    "dict_type": _("Enter an object."),
    "model_type": _("Enter an object."),
    "model_attributes_type": _("Enter an object."),
    "extra_forbidden": _("Unknown field."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
    "string_pattern_mismatch": _("Not in the expected format."),
}


def _field_name(loc: tuple[Any, ...]) -> str | None:
    """("body", "payload", "name") -> "name"; ("query", "offset") -> "offset"."""
    parts = [str(p) for p in loc[1:]]
    if loc and loc[0] == "body" and len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def pydantic_field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rendered = []
    for error in errors:
        kind = str(error.get("type", "value_error"))
        template = PYDANTIC_MESSAGES.get(kind)
        params = {
            k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, int | float | str)
        }
        if template is None:
            message = gettext("Invalid value.")
        else:
            try:
                message = str(template) % params if "%(" in str(template) else str(template)
            except (KeyError, TypeError, ValueError):
                message = gettext("Invalid value.")
        rendered.append(field_error(_field_name(tuple(error.get("loc", ()))), message, kind))
    return rendered


def django_field_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """A service's ValidationError, field by field (``__all__`` is the request as a whole)."""
    by_field = exc.error_dict if hasattr(exc, "error_dict") else {"__all__": exc.error_list}
    return [
        field_error(None if field == "__all__" else field, message, error.code or "invalid")
        for field, errors in by_field.items()
        for error in errors
        for message in error.messages
    ]


def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, 422, errors=django_field_errors(exc))


def _on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return error_response(request, 422, errors=pydantic_field_errors(exc.errors))


def _on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, str(exc) or None)


def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, UnsupportedMediaType):
        message = _("Send the body as application/json (received: %(received)s).") % {
            "received": cause.received or "-"
        }
        return error_response(request, 415, message)
    if isinstance(cause, RequestDataTooBig):
        return _on_suspicious(request, cause)
    if isinstance(cause, BodyNotAnObject):
        message = _("Send the body as a JSON object.")
        return error_response(request, 422, errors=[field_error(None, message, "model_type")])
    if isinstance(cause, ValueError):  # json.JSONDecodeError, UnicodeDecodeError
        return error_response(request, 400, _("The body is not valid JSON."))
    if isinstance(exc, Throttled):
        headers = {"Retry-After": str(exc.wait)} if exc.wait else None
        return error_response(request, 429, headers=headers)
    if exc.status_code in (401, 403, 404, 409, 413, 415, 429):
        return error_response(request, exc.status_code)
    return error_response(request, 400)


def _on_suspicious(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = _("The request body is larger than the limit of %(limit)s bytes.") % {
            "limit": limit
        }
        return error_response(request, 413, message)
    return error_response(request, 400)


def _on_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return error_response(request, 400, _("The multipart form could not be read."))


def _on_unsupported(request: HttpRequest, exc: UnsupportedMediaType) -> HttpResponse:
    message = _("Send the body as application/json (received: %(received)s).") % {
        "received": exc.received or "-"
    }
    return error_response(request, 415, message)


def _on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    correlation_id = uuid.uuid4().hex
    logger.error(
        "server error %s on %s %s",
        correlation_id,
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return error_response(request, 500, correlation_id=correlation_id)


def install(api: NinjaAPI) -> None:
    """Answer every exception in the contract's shape."""
    api.add_exception_handler(Exception, _on_server_error)
    api.add_exception_handler(ValidationError, _on_validation)
    api.add_exception_handler(NinjaValidationError, _on_ninja_validation)
    api.add_exception_handler(PermissionDenied, _on_permission_denied)
    api.add_exception_handler(Http404, _on_not_found)
    api.add_exception_handler(HttpError, _on_http_error)
    api.add_exception_handler(SuspiciousOperation, _on_suspicious)
    api.add_exception_handler(MultiPartParserError, _on_multipart)
    api.add_exception_handler(UnsupportedMediaType, _on_unsupported)
