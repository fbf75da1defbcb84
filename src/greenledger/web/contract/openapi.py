"""Which statuses each operation declares, derived from what the operation is, not typed by hand.

``declare_statuses(operation)`` adds the ``ApiError`` shape to an operation's responses for every
error status it can answer:

- 401 wherever a Bearer token is read (every operation: a wrong or revoked token is refused even
  where anonymous visitors are let through);
- 404 where a path names an object (hidden objects answer 404 like missing ones);
- 422 where a parameter or the body can fail validation;
- 400 (unreadable), 413 (too large) where a body or a query string is parsed, and 415 where a
  JSON body is expected;
- 403 on writes (every service checks the actor's permission).

What an operation answers beyond these rules (a GET that checks a permission, a body naming an
object that must be visible, a download's content type, a multipart form) is said next to it with
``@answers(...)``, which the same function reads.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ninja.constants import NOT_SET

from greenledger.web.contract.errors import DESCRIPTIONS, ApiError

F = TypeVar("F", bound=Callable[..., Any])

ATTRIBUTE = "_greenledger_answers"
BODY_SOURCES = {"body", "form", "file"}
READS = {"GET", "HEAD", "OPTIONS"}


def answers(
    *also: int,
    drop: Iterable[int] = (),
    download: str | tuple[str, ...] | None = None,
    multipart: dict[str, dict[str, Any]] | None = None,
    required: Iterable[str] = (),
) -> Callable[[F], F]:
    """Statuses an operation answers beyond the derived ones (``also``), derived ones it never
    answers (``drop``), the content type of a binary 200 (``download``; a tuple when the caller
    chooses among several) and the fields of a multipart form it reads itself (``multipart``,
    name -> JSON schema; ``required`` names)."""

    def mark(func: F) -> F:
        setattr(
            func,
            ATTRIBUTE,
            {
                "also": set(also),
                "drop": set(drop),
                "download": download,
                "multipart": multipart,
                "required": list(required),
            },
        )
        return func

    return mark


def _is_plain_optional_str(annotation: Any) -> bool:
    if annotation is str:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return all(a in (str, type(None)) for a in typing.get_args(annotation))
    return False


def _can_fail_validation(operation: Any) -> bool:
    for model in operation.models:
        if model.__ninja_param_source__ in BODY_SOURCES:
            return True
        for field in model.model_fields.values():
            missing = field.is_required() and model.__ninja_param_source__ != "path"
            if missing or field.metadata:
                return True
            if not _is_plain_optional_str(field.annotation):
                return True
    return False


def derived_statuses(operation: Any) -> set[int]:
    sources = {model.__ninja_param_source__ for model in operation.models}
    marks = getattr(operation.view_func, ATTRIBUTE, {})
    statuses: set[int] = set()
    if operation.auth_callbacks:
        statuses.add(401)
    if "path" in sources:
        statuses.add(404)
    if _can_fail_validation(operation):
        statuses.add(422)
    if "query" in sources:
        statuses.add(400)  # a query string past DATA_UPLOAD_MAX_NUMBER_FIELDS
    if sources & BODY_SOURCES:
        statuses |= {400, 413}
        if "body" in sources:
            statuses.add(415)
    if marks.get("multipart"):
        statuses |= {400, 413, 422}
    if not set(operation.methods) <= READS:
        statuses.add(403)
    return (statuses | marks.get("also", set())) - marks.get("drop", set())


def declare_statuses(operation: Any) -> None:
    """Add the error responses (and the download/multipart documentation) to one operation."""
    marks = getattr(operation.view_func, ATTRIBUTE, {})
    error_model = operation._create_response_model(ApiError)
    for status in sorted(derived_statuses(operation)):
        operation.response_models[status] = error_model
    extra: dict[str, Any] = dict(operation.openapi_extra or {})
    responses: dict[Any, Any] = {
        status: {"description": DESCRIPTIONS[status]}
        for status in operation.response_models
        if status in DESCRIPTIONS
    }
    if marks.get("download"):
        if operation.response_models.get(200) is NOT_SET:
            del operation.response_models[200]
        kinds = marks["download"]
        responses[200] = {
            "description": "The file.",
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in ((kinds,) if isinstance(kinds, str) else kinds)
            },
        }
    if marks.get("multipart"):
        extra["requestBody"] = {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": marks["multipart"],
                        "required": marks["required"],
                    }
                }
            },
        }
    extra["responses"] = responses
    operation.openapi_extra = extra


def optional_security(schema: dict[str, Any], scheme: str) -> None:
    """Mark ``scheme`` optional where it is: without the header the caller is anonymous."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            security = operation.get("security")
            if security and {scheme: []} in security and {} not in security:
                security.append({})
