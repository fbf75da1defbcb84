"""PACT API parts: error codes and their HTTP statuses, events, pagination, the $filter subset."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from greenledger.core.products.pact import (
    FilterNotImplemented,
    error,
    error_status,
    fulfilled_event,
    link_header,
    page,
    parse_filter,
    published_event,
    rejected_event,
    request_created_event,
    validate_event,
)
from greenledger.core.products.pact_api import PactRequestError, parse_limit

PF_A = "3f1d2c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b"
PF_B = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"
SOURCE = "//district.example/pact"
WHEN = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)


# The Error Codes Table of the Technical Specifications (v2.3.3, section "Error responses").
@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("AccessDenied", 403),
        ("BadRequest", 400),
        ("NoSuchFootprint", 404),
        ("NotImplemented", 400),
        ("TokenExpired", 401),
        ("InternalError", 500),
    ],
)
def test_each_error_code_has_its_status_and_body(code: str, status: int) -> None:
    assert error_status(code) == status
    body = error(code, "footprint 42 is not shared with you")
    assert body == {"code": code, "message": "footprint 42 is not shared with you"}
    assert set(error(code)) == {"code", "message"} and error(code)["message"]


def test_an_unknown_error_code_is_a_bug() -> None:
    with pytest.raises(ValueError, match="'Forbidden' is not a PACT error response code"):
        error("Forbidden")


def test_published_event_is_a_cloud_event() -> None:
    event = published_event([PF_A, PF_B], source=SOURCE, event_id="ev-1", time=WHEN)
    assert event == {
        "type": "org.wbcsd.pathfinder.ProductFootprint.Published.v1",
        "specversion": "1.0",
        "id": "ev-1",
        "source": SOURCE,
        "time": "2026-03-01T08:30:00Z",
        "data": {"pfIds": [PF_A, PF_B]},
    }
    assert validate_event(event) == []
    with pytest.raises(ValueError, match="at least one footprint"):
        published_event([], source=SOURCE)


def test_request_response_and_rejection_events_validate() -> None:
    request = request_created_event(
        {"productIds": ["urn:gtin:4712345060507"]}, source=SOURCE, comment="2025 please"
    )
    assert request["type"] == "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1"
    assert validate_event(request) == []
    answer = fulfilled_event(request["id"], [], source=SOURCE)
    assert answer["data"] == {"requestEventId": request["id"], "pfs": []}
    assert validate_event(answer) == []
    refusal = rejected_event(request["id"], "AccessDenied", source=SOURCE)
    assert refusal["data"]["error"] == {"code": "AccessDenied", "message": "Access denied"}
    assert validate_event(refusal) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"type": "org.example.Other"}, "type: 'org.example.Other' is not a PACT event type"),
        ({"specversion": "0.3"}, "specversion: '0.3' is not '1.0'"),
        ({"data": {"pfIds": ["x"]}}, "data.pfIds: not a non-empty list of footprint ids (UUID v4)"),
        ({"data": {"pfIds": []}}, "data.pfIds: not a non-empty list of footprint ids (UUID v4)"),
        ({"id": None}, "id: missing"),
        ({"time": None}, "time: missing"),
        ({"data": None}, "data: missing or not a JSON object"),
    ],
)
def test_a_malformed_event_is_detected(change: dict[str, Any], expected: str) -> None:
    event = published_event([PF_A], source=SOURCE, time=WHEN)
    for key, value in change.items():
        if value is None:
            del event[key]
        else:
            event[key] = value
    assert expected in validate_event(event)


def test_pagination_pages_and_links() -> None:
    items = list(range(5))
    assert page(items, limit=2, offset=0) == ([0, 1], 2)
    assert page(items, limit=2, offset=4) == ([4], None)
    assert page(items, limit=None) == (items, None)
    url = "https://district.example/pact/2/footprints?limit=2&offset=2"
    assert link_header(url) == f'<{url}>; rel="next"'
    with pytest.raises(ValueError, match="absolute"):
        link_header("/2/footprints?offset=2")
    assert parse_limit(None) is None
    assert parse_limit("10") == 10
    for bad in ("0", "-3", "ten"):
        with pytest.raises(PactRequestError) as caught:
            parse_limit(bad)
        assert caught.value.code == "BadRequest"
        assert error_status(caught.value.code) == 400


def _pf(**pcf: str) -> dict[str, Any]:
    return {
        "created": "2026-03-01T08:30:00Z",
        "productCategoryCpc": "3342",
        "companyIds": ["urn:pact:company:customcode:vendor-assigned:6789"],
        "productIds": ["urn:gtin:4712345060507"],
        "pcf": {
            "geographyCountry": "DE",
            "referencePeriodStart": "2023-01-01T00:00:00Z",
            "referencePeriodEnd": "2024-01-01T00:00:00Z",
            **pcf,
        },
    }


def test_the_spec_filter_examples_parse_and_match() -> None:
    pf = _pf()
    assert parse_filter("productCategoryCpc eq '3342'").matches(pf)
    assert not parse_filter("productCategoryCpc eq '3343'").matches(pf)
    assert parse_filter("pcf/geographyCountry eq 'DE'").matches(pf)
    assert not parse_filter("pcf/geographyCountry eq 'CN'").matches(pf)
    period = (
        "(pcf/referencePeriodStart ge '2023-01-01T00:00:00.000Z') and "
        "(pcf/referencePeriodEnd lt '2024-01-01T00:00:00.000Z')"
    )
    assert not parse_filter(period).matches(pf)  # the end is not strictly before 2024
    assert parse_filter(period.replace(" lt ", " le ")).matches(pf)
    product = "productIds/any(productId:(productId eq 'urn:gtin:4712345060507'))"
    assert parse_filter(product).matches(pf)
    assert not parse_filter(product.replace("507", "508")).matches(pf)
    assert parse_filter(None).matches(pf) and parse_filter("").matches(pf)
    assert parse_filter("created gt '2026-01-01T00:00:00Z' and updated gt '2026-01-01T00:00:00Z'")
    assert not parse_filter("updated gt '2026-01-01T00:00:00Z'").matches(pf)  # never updated


@pytest.mark.parametrize(
    "text",
    [
        "productNameCompany eq 'coil'",
        "productCategoryCpc ne '3342'",
        "productCategoryCpc eq '3342' or pcf/geographyCountry eq 'DE'",
        "pcf/declaredUnit/any(u:(u eq 'kilogram'))",
        "contains(productNameCompany, 'coil')",
    ],
)
def test_a_filter_outside_the_subset_is_not_implemented(text: str) -> None:
    with pytest.raises(FilterNotImplemented) as caught:
        parse_filter(text)
    assert caught.value.code == "NotImplemented"
    assert error_status(caught.value.code) == 400
    assert caught.value.response()["code"] == "NotImplemented"


def test_a_malformed_filter_is_a_bad_request() -> None:
    for text in ("(productCategoryCpc eq '3342'", "created gt 'yesterday'"):
        with pytest.raises(PactRequestError) as caught:
            parse_filter(text)
        assert caught.value.code == "BadRequest"
