"""The PACT HTTP API's plain parts: error responses, CloudEvents, pagination and ``$filter``.

All from the PACT Technical Specifications (``data/pact.yaml``): an error response is
``{"code", "message"}`` with the HTTP status the spec's Error Codes Table gives its code; events
are CloudEvents 1.0 in structured content mode (PF Update, PF Request, PF Response and PF
Response Error events); ListFootprints pages with ``limit`` and a ``Link: <...>; rel="next"``
header; and its optional ``$filter`` is the OData subset the spec allows (``eq lt le gt ge`` on
a few properties, ``and``, ``any`` with ``eq`` on companyIds and productIds). A filter outside
that subset raises ``FilterNotImplemented`` (answered with the spec's NotImplemented code).
The web builds the responses from these; nothing here knows HTTP.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from greenledger.core.errors import GreenLedgerError
from greenledger.core.products.pact_spec import format_datetime, parse_datetime, spec

__all__ = [
    "FilterNotImplemented",
    "PactFilter",
    "PactRequestError",
    "error",
    "error_status",
    "fulfilled_event",
    "link_header",
    "page",
    "parse_filter",
    "parse_limit",
    "published_event",
    "rejected_event",
    "request_created_event",
    "validate_event",
]

_UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.I)


class PactRequestError(GreenLedgerError):
    """A PACT request the host refuses; ``code`` is the spec's error response code."""

    def __init__(self, code: str, message: str) -> None:
        error_status(code)  # an unknown code is a bug here, not the client's fault
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")

    def response(self) -> dict[str, str]:
        return error(self.code, self.message)


class FilterNotImplemented(PactRequestError):
    """A ``$filter`` outside the subset the spec allows and this host implements."""

    def __init__(self, message: str) -> None:
        super().__init__("NotImplemented", message)


# --------------------------------------------------------------------------------------------
# Error responses


def error_status(code: str) -> int:
    """The HTTP status the spec's Error Codes Table gives an error response code."""
    statuses = spec().errors
    if code not in statuses:
        raise ValueError(f"{code!r} is not a PACT error response code ({sorted(statuses)})")
    return statuses[code]


def error(code: str, message: str | None = None) -> dict[str, str]:
    """An error response body ``{"code", "message"}``; the message defaults to the spec's."""
    error_status(code)
    return {"code": code, "message": message if message else spec().error_messages[code]}


# --------------------------------------------------------------------------------------------
# Events


def _envelope(
    kind: str, source: str, event_id: str | None, time: datetime | None
) -> dict[str, Any]:
    pact = spec()
    if not source:
        raise ValueError("an event needs its source (//hostname/subpath of the sender)")
    return {
        "type": pact.events[kind],
        "specversion": pact.events["specversion"],
        "id": event_id if event_id else str(uuid.uuid4()),
        "source": source,
        "time": format_datetime(time if time is not None else datetime.now(UTC)),
    }


def published_event(
    pf_ids: Sequence[str], *, source: str, event_id: str | None = None, time: datetime | None = None
) -> dict[str, Any]:
    """A PF Update Event: the footprints ``pf_ids`` were published or updated."""
    if not pf_ids:
        raise ValueError("a PF Update Event names at least one footprint")
    event = _envelope("published", source, event_id, time)
    event["data"] = {"pfIds": list(pf_ids)}
    return event


def request_created_event(
    fragment: Mapping[str, Any],
    *,
    source: str,
    comment: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> dict[str, Any]:
    """A PF Request Event: a customer asks for the footprint matching ``fragment``."""
    event = _envelope("request_created", source, event_id, time)
    event["data"] = {"pf": dict(fragment)}
    if comment is not None:
        event["data"]["comment"] = comment
    return event


def fulfilled_event(
    request_event_id: str,
    pfs: Sequence[Mapping[str, Any]],
    *,
    source: str,
    event_id: str | None = None,
    time: datetime | None = None,
) -> dict[str, Any]:
    """A PF Response Event: the footprints answering a request (possibly none)."""
    event = _envelope("request_fulfilled", source, event_id, time)
    event["data"] = {"requestEventId": request_event_id, "pfs": [dict(pf) for pf in pfs]}
    return event


def rejected_event(
    request_event_id: str,
    code: str,
    message: str | None = None,
    *,
    source: str,
    event_id: str | None = None,
    time: datetime | None = None,
) -> dict[str, Any]:
    """A PF Response Error Event: the request cannot be processed, with an error response."""
    event = _envelope("request_rejected", source, event_id, time)
    event["data"] = {"requestEventId": request_event_id, "error": error(code, message)}
    return event


def validate_event(obj: object) -> list[str]:
    """Every way ``obj`` falls short of a PACT event; empty when it is a well-formed one."""
    pact = spec()
    if not isinstance(obj, Mapping):
        return ["event: not a JSON object"]
    out = [
        f"{name}: missing" for name in ("type", "specversion", "id", "source") if name not in obj
    ]
    kinds = {pact.events[k]: k for k in ("published", "request_created", "request_fulfilled")}
    kinds[pact.events["request_rejected"]] = "request_rejected"
    kind = kinds.get(obj.get("type"))  # type: ignore[arg-type]
    if "type" in obj and kind is None:
        out.append(f"type: {obj['type']!r} is not a PACT event type")
    if "specversion" in obj and obj["specversion"] != pact.events["specversion"]:
        out.append(f"specversion: {obj['specversion']!r} is not {pact.events['specversion']!r}")
    for name in ("id", "source"):
        if name in obj and not (isinstance(obj[name], str) and obj[name]):
            out.append(f"{name}: not a non-empty string")
    if kind in ("published", "request_created") and "time" not in obj:
        out.append("time: missing")
    if "time" in obj:
        try:
            parse_datetime(str(obj["time"]))
        except ValueError:
            out.append(f"time: {obj['time']!r} is not an ISO 8601 date and time")
    data = obj.get("data")
    if not isinstance(data, Mapping):
        return [*out, "data: missing or not a JSON object"]
    if kind == "published":
        ids = data.get("pfIds")
        if not (isinstance(ids, list) and ids and all(_is_uuid(i) for i in ids)):
            out.append("data.pfIds: not a non-empty list of footprint ids (UUID v4)")
    elif kind == "request_created":
        if not isinstance(data.get("pf"), Mapping):
            out.append("data.pf: missing or not a JSON object (a ProductFootprint fragment)")
        if "comment" in data and not isinstance(data["comment"], str):
            out.append("data.comment: not a string")
    elif kind in ("request_fulfilled", "request_rejected"):
        if not (isinstance(data.get("requestEventId"), str) and data["requestEventId"]):
            out.append("data.requestEventId: missing or not a non-empty string")
        if kind == "request_fulfilled" and not isinstance(data.get("pfs"), list):
            out.append("data.pfs: missing or not a list")
        if kind == "request_rejected":
            body = data.get("error")
            if not (
                isinstance(body, Mapping)
                and body.get("code") in pact.errors
                and isinstance(body.get("message"), str)
            ):
                out.append("data.error: not an error response {code, message}")
    return out


def _is_uuid(value: object) -> bool:
    return isinstance(value, str) and bool(_UUID4.match(value))


# --------------------------------------------------------------------------------------------
# Pagination


def parse_limit(value: str | None) -> int | None:
    """The ``limit`` request parameter: absent, or a positive integer (else BadRequest)."""
    if value is None:
        return None
    if not value.isdigit() or int(value) <= 0:
        raise PactRequestError("BadRequest", f"limit {value!r} is not a positive integer")
    return int(value)


def page(
    items: Sequence[Any], *, limit: int | None, offset: int = 0
) -> tuple[list[Any], int | None]:
    """One page of ``items`` from ``offset``: the page and the next page's offset (or None)."""
    if offset < 0:
        raise PactRequestError("BadRequest", f"offset {offset} is negative")
    stop = len(items) if limit is None else min(len(items), offset + limit)
    return list(items[offset:stop]), (stop if stop < len(items) else None)


def link_header(url: str) -> str:
    """The ``Link`` header value for the next page (RFC 8288): the target must be absolute."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"a pagination link must be an absolute http(s) URL, not {url!r}")
    return f'<{url}>; rel="{spec().link_rel}"'


# --------------------------------------------------------------------------------------------
# $filter


@dataclass(frozen=True, slots=True)
class PactFilter:
    """A parsed ``$filter``: comparisons and ``any`` memberships, all joined by ``and``."""

    comparisons: tuple[tuple[str, str, str], ...] = ()  # (property path, operator, value)
    memberships: tuple[tuple[str, str], ...] = ()  # (collection property, value)

    def matches(self, footprint: Mapping[str, Any]) -> bool:
        """True when the ProductFootprint meets every condition."""
        for path, operator, value in self.comparisons:
            actual = _lookup(footprint, path)
            if actual is None or not _compare(path, str(actual), operator, value):
                return False
        for collection, value in self.memberships:
            members = footprint.get(collection)
            if not isinstance(members, list) or value not in members:
                return False
        return True


_COMPARISON = re.compile(r"^([A-Za-z/]+)\s+([a-z]{2})\s+'((?:[^']|'')*)'$")
_ANY = re.compile(
    r"^([A-Za-z]+)/any\(\s*(\w+)\s*:\s*\(?\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*\)?\s*\)$"
)
_DATE_PROPERTIES = {"created", "updated", "pcf/referencePeriodStart", "pcf/referencePeriodEnd"}


def parse_filter(text: str | None) -> PactFilter:
    """Parse a ``$filter``; None or empty is no filter. Outside the spec's subset: refused."""
    if text is None or not text.strip():
        return PactFilter()
    pact = spec()
    comparisons: list[tuple[str, str, str]] = []
    memberships: list[tuple[str, str]] = []
    for term in _split_and(text):
        term = _unwrap(term)
        match = _COMPARISON.match(term)
        if match:
            path, operator, value = (
                match.group(1),
                match.group(2),
                match.group(3).replace("''", "'"),
            )
            if path not in pact.filter_properties:
                raise FilterNotImplemented(f"filtering on {path!r} is not supported")
            if operator not in pact.filter_operators:
                raise FilterNotImplemented(f"operator {operator!r} is not supported")
            if path in _DATE_PROPERTIES:
                try:
                    parse_datetime(value)
                except ValueError:
                    raise PactRequestError(
                        "BadRequest", f"{value!r} is not a date and time for {path}"
                    ) from None
            comparisons.append((path, operator, value))
            continue
        match = _ANY.match(term)
        if match and match.group(2) == match.group(3):
            collection = match.group(1)
            if collection not in pact.filter_any_properties:
                raise FilterNotImplemented(f"any() on {collection!r} is not supported")
            memberships.append((collection, match.group(4).replace("''", "'")))
            continue
        raise FilterNotImplemented(f"filter term {term!r} is outside the supported subset")
    return PactFilter(tuple(comparisons), tuple(memberships))


def _split_and(text: str) -> list[str]:
    """Split on ``and`` outside quotes and parentheses."""
    terms, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and text[i : i + 5].lower() == " and ":
            terms.append(text[start:i].strip())
            start = i + 5
            i += 5
            continue
        i += 1
    if quoted or depth != 0:
        raise PactRequestError("BadRequest", "unbalanced quotes or parentheses in $filter")
    terms.append(text[start:].strip())
    return terms


def _unwrap(term: str) -> str:
    """Drop parentheses that wrap the whole term."""
    while term.startswith("(") and term.endswith(")"):
        depth = 0
        for i, char in enumerate(term):
            depth += char == "("
            depth -= char == ")"
            if depth == 0 and i < len(term) - 1:
                return term
        term = term[1:-1].strip()
    return term


def _lookup(footprint: Mapping[str, Any], path: str) -> object:
    value: object = footprint
    for key in path.split("/"):
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _compare(path: str, actual: str, operator: str, expected: str) -> bool:
    left: Any = actual
    right: Any = expected
    if path in _DATE_PROPERTIES:
        try:
            left, right = parse_datetime(actual), parse_datetime(expected)
        except ValueError:
            return False
    return bool(
        {
            "eq": left == right,
            "lt": left < right,
            "le": left <= right,
            "gt": left > right,
            "ge": left >= right,
        }[operator]
    )
