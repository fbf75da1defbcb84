"""The PACT Technical Specifications' HTTP API (version in core ``data/pact.yaml``), at /pact/.

Plain views, apart from the platform's /api (no session, no platform token): an outside
customer's system authenticates with its client credentials (``POST /pact/auth/token``, HTTP
Basic client id and secret, ``grant_type=client_credentials``; RFC 6749 section 4.4, errors as
section 5.2 with the spec's 400) and sends the bearer token it gets to the actions under the
spec's API prefix: ListFootprints (``GET /pact/2/footprints``, ``limit`` and a ``Link``
header with ``rel="next"``, the spec's ``$filter`` subset), GetFootprint
(``GET /pact/2/footprints/<id>``) and Events (``POST /pact/2/events``, CloudEvents in
structured content mode, stored; 200 with an empty body). Errors are the spec's error
responses (core ``pact.error``) with their HTTP statuses: no or unknown token BadRequest,
expired token TokenExpired, a footprint not shared with the client (or no more) NoSuchFootprint
(its refused read logged on the ended share), a filter outside the subset NotImplemented. Every
footprint answered is a conformant ProductFootprint (built and checked by the core) and a
``FootprintRead`` of the share allowing it.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from greenledger.core.products.pact import (
    error,
    error_status,
    link_header,
    page,
    parse_filter,
    spec,
)
from greenledger.core.products.pact_api import PactRequestError, parse_limit
from greenledger.web.products.models import PactClient
from greenledger.web.products.selectors.pact import client_footprint, client_offers
from greenledger.web.products.services.pact import (
    TOKEN_SECONDS,
    PactAuthError,
    pact_event_receive,
    pact_reads_log,
    pact_token_client,
    pact_token_issue,
)

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def error_response(code: str, message: str | None = None) -> JsonResponse:
    return JsonResponse(error(code, message), status=error_status(code))


def _pact_errors(view: View) -> View:
    """Answer PactRequestError with the spec's error response, anything else InternalError."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PactRequestError as exc:
            return error_response(exc.code, exc.message)
        except Exception:
            logger.exception("PACT API: unexpected error on %s", request.path)
            return error_response("InternalError")

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _client(request: HttpRequest) -> PactClient:
    return pact_token_client(_bearer(request))


def _domain(request: HttpRequest) -> str:
    """The URN issuer domain of the ids this host assigns: its host name."""
    return request.get_host().split(":", 1)[0]


# --------------------------------------------------------------------------------------------
# Action Authenticate


def _auth_error(error_code: str, description: str) -> JsonResponse:
    response = JsonResponse({"error": error_code, "error_description": description}, status=400)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_http_methods(["POST"])
def auth_token(request: HttpRequest) -> HttpResponse:
    """OAuth 2.0 client credentials: HTTP Basic client id and secret -> a bearer token."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return _auth_error("invalid_client", "Authentication failed: no HTTP Basic credentials")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return _auth_error("invalid_client", "Authentication failed: malformed Basic credentials")
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        return _auth_error("invalid_client", "Authentication failed: malformed Basic credentials")
    if request.POST.get("grant_type") != "client_credentials":
        return _auth_error(
            "unsupported_grant_type", "grant_type must be client_credentials (RFC 6749 4.4)"
        )
    try:
        token, _row = pact_token_issue(client_id=unquote(client_id), secret=unquote(secret))
    except PactAuthError as exc:
        return _auth_error(exc.error, exc.description)
    response = JsonResponse(
        {"access_token": token, "token_type": "bearer", "expires_in": TOKEN_SECONDS}
    )
    response["Cache-Control"] = "no-store"
    return response


# --------------------------------------------------------------------------------------------
# Action ListFootprints and GetFootprint


def _offset(request: HttpRequest) -> int:
    value = request.GET.get("offset")
    if value is None:
        return 0
    if not value.isdigit():
        raise PactRequestError("BadRequest", f"offset {value!r} is not a non-negative integer")
    return int(value)


@csrf_exempt
@require_http_methods(["GET"])
@_pact_errors
def list_footprints(request: HttpRequest) -> HttpResponse:
    """The footprints shared with the client and in force, paginated and filtered."""
    client = _client(request)
    limit = parse_limit(request.GET.get("limit"))
    offset = _offset(request)
    wanted = parse_filter(request.GET.get("$filter"))
    offers = [
        offer
        for offer in client_offers(client, domain=_domain(request))
        if offer.document is not None and wanted.matches(offer.document)
    ]
    items, next_offset = page(offers, limit=limit, offset=offset)
    pact_reads_log(
        reads=[(offer.share, offer.footprint) for offer in items], path=request.get_full_path()
    )
    response = JsonResponse({"data": [offer.document for offer in items]})
    if next_offset is not None:
        query = {key: value for key, value in request.GET.items() if key != "offset"}
        query["offset"] = str(next_offset)
        url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
        response["Link"] = link_header(url)
    return response


@csrf_exempt
@require_http_methods(["GET"])
@_pact_errors
def get_footprint(request: HttpRequest, pf_id: str) -> HttpResponse:
    """One footprint shared with the client and in force; else NoSuchFootprint."""
    client = _client(request)
    found = client_footprint(client, pf_id, domain=_domain(request))
    if found.offer is None:
        if found.ended_share is not None and found.footprint is not None:
            pact_reads_log(
                reads=[(found.ended_share, found.footprint)],
                path=request.get_full_path(),
                refused=True,
            )
        raise PactRequestError(
            "NoSuchFootprint", f"The specified footprint {pf_id} does not exist."
        )
    offer = found.offer
    if offer.document is None:
        raise PactRequestError(
            "NoSuchFootprint",
            f"The footprint {pf_id} cannot be served as a PACT ProductFootprint yet: "
            f"{offer.english()}",
        )
    pact_reads_log(reads=[(offer.share, offer.footprint)], path=request.get_full_path())
    return JsonResponse({"data": offer.document})


# --------------------------------------------------------------------------------------------
# Action Events


@csrf_exempt
@require_http_methods(["POST"])
@_pact_errors
def events(request: HttpRequest) -> HttpResponse:
    """A CloudEvent from the client (PF Request Event and the others): stored, 200 empty."""
    client = _client(request)
    content_type = request.content_type or ""
    if content_type not in ("application/cloudevents+json", "application/json"):
        raise PactRequestError(
            "BadRequest",
            f"content type {content_type!r}: events are application/cloudevents+json",
        )
    try:
        event = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PactRequestError("BadRequest", f"the body is not JSON: {exc}") from None
    pact_event_receive(client=client, event=event)
    return HttpResponse(status=200, content=b"")


_PREFIX = spec().api_prefix.strip("/")  # "2"

urlpatterns = [
    path("auth/token", auth_token, name="pact_auth_token"),
    path(f"{_PREFIX}/footprints", list_footprints, name="pact_list_footprints"),
    path(f"{_PREFIX}/footprints/<str:pf_id>", get_footprint, name="pact_get_footprint"),
    path(f"{_PREFIX}/events", events, name="pact_events"),
]
