"""PACT conformance of the /pact/ API: the answers validate against the data model.

Every footprint the API answers (ListFootprints, GetFootprint) validates with the core's
``validate_product_footprint`` (the spec's mandatory properties, their types and formats, the
2025 rules); the walk in ``test_conformance_walk`` goes through every action and every error
response this host gives, checking each status against the spec's Error Codes Table (core
``error_status``). Figures by hand in ``pact_support``: the billet's current footprint
0.72256205485 tCO2e/t = 0.722562 kgCO2e/kg at six significant digits.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from greenledger.core.products.pact import (
    error_status,
    request_created_event,
    spec,
    validate_product_footprint,
)
from greenledger.web.products.models import FootprintRead, FootprintStatus, PactEvent, PactToken
from tests.web.products.conftest import ProductsWorld
from tests.web.products.pact_support import PactSetup, footprint, pact_setup, token_for

LIST = "/pact/2/footprints"
EVENTS = "/pact/2/events"


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def assert_error(response: Any, code: str) -> None:
    assert response.status_code == error_status(code), response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]


@pytest.fixture
def setup(products_world: ProductsWorld) -> PactSetup:
    return pact_setup(products_world)


def test_conformance_walk(db: None, products_world: ProductsWorld, setup: PactSetup) -> None:
    http = Client()
    token = token_for(http, setup)
    listed = http.get(LIST, **bearer(token))
    assert listed.status_code == 200 and listed["Content-Type"] == "application/json"
    documents = listed.json()["data"]
    assert len(documents) == 2
    for document in documents:
        assert validate_product_footprint(document) == []
        one = http.get(f"{LIST}/{document['id']}", **bearer(token))
        assert one.status_code == 200
        assert one.json()["data"] == document
    event = request_created_event(
        {"productIds": documents[0]["productIds"]}, source="//c.example/pact"
    )
    sent = http.post(
        EVENTS, json.dumps(event), content_type="application/cloudevents+json", **bearer(token)
    )
    assert sent.status_code == 200 and sent.content == b""
    assert PactEvent.objects.count() == 1
    codes = {
        "BadRequest": http.get(LIST, **bearer("nonsense")),
        "NoSuchFootprint": http.get(f"{LIST}/{uuid.uuid4()}", **bearer(token)),
        "NotImplemented": http.get(
            LIST, {"$filter": "pcf/declaredUnit eq 'kilogram'"}, **bearer(token)
        ),
    }
    PactToken.objects.update(expires_at=timezone.now())
    codes["TokenExpired"] = http.get(LIST, **bearer(token))
    for code, response in codes.items():
        assert_error(response, code)
    assert set(codes) <= set(spec().errors)
    # 2 listed + 2 got, each a read of the client's share; nothing for the refusals
    assert FootprintRead.objects.filter(share=setup.share, refused=False).count() == 4


def test_list_answers_conformant_footprints_shared_with_the_client(
    db: None, products_world: ProductsWorld, setup: PactSetup
) -> None:
    # a footprint of the customer's bracket exists but is not shared with this client
    footprint(products_world.bracket, 1, 1.0, FootprintStatus.CURRENT, timezone.now())
    http = Client()
    response = http.get(LIST, **bearer(token_for(http, setup)))
    assert response.status_code == 200
    assert "Link" not in response
    data = response.json()["data"]
    assert [pf["id"] for pf in data] == [str(setup.v2.pact_id), str(setup.v1.pact_id)]
    for pf in data:
        assert validate_product_footprint(pf) == []
        assert pf["specVersion"] == spec().version
    current, old = data
    # by hand: (2,604.0205485 + 8,000 x 0.5777) / 10,000 = 0.72256205485 kgCO2e/kg
    assert current["pcf"]["pCfExcludingBiogenic"] == "0.722562"
    assert current["pcf"]["declaredUnit"] == "kilogram"
    assert current["pcf"]["primaryDataShare"] == pytest.approx(36.0387, abs=1e-3)
    assert current["status"] == "Active" and current["version"] == 1
    assert current["precedingPfIds"] == [str(setup.v1.pact_id)]
    assert current["companyName"] == products_world.supplier.name_en
    assert current["productCategoryCpc"] == "41231"
    assert current["pcf"]["referencePeriodStart"] == "2025-01-01T00:00:00Z"
    assert current["pcf"]["referencePeriodEnd"] == "2026-01-01T00:00:00Z"
    assert old["status"] == "Deprecated" and old["version"] == 2
    assert old["pcf"]["pCfExcludingBiogenic"] == "0.7"
    assert old["updated"] == setup.v2.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    reads = FootprintRead.objects.filter(share=setup.share, refused=False)
    assert sorted(r.footprint_id for r in reads) == sorted([setup.v1.pk, setup.v2.pk])
    assert all(r.path == LIST and r.user_id is None for r in reads)


def test_list_pages_with_limit_and_a_link_header(db: None, setup: PactSetup) -> None:
    http = Client()
    token = token_for(http, setup)
    first = http.get(LIST, {"limit": "1"}, **bearer(token))
    assert first.status_code == 200
    assert [pf["id"] for pf in first.json()["data"]] == [str(setup.v2.pact_id)]
    link = first["Link"]
    assert link.startswith("<http://testserver/pact/2/footprints?") and link.endswith(
        '>; rel="next"'
    )
    second = http.get(link[1 : link.index(">")], **bearer(token))
    assert [pf["id"] for pf in second.json()["data"]] == [str(setup.v1.pact_id)]
    assert "Link" not in second
    assert_error(http.get(LIST, {"limit": "0"}, **bearer(token)), "BadRequest")
    assert_error(http.get(LIST, {"limit": "x"}, **bearer(token)), "BadRequest")
    assert_error(http.get(LIST, {"offset": "-1"}, **bearer(token)), "BadRequest")


def test_list_filters_with_the_spec_subset_and_refuses_the_rest(db: None, setup: PactSetup) -> None:
    http = Client()
    token = token_for(http, setup)

    def ids(expression: str) -> list[str]:
        response = http.get(LIST, {"$filter": expression}, **bearer(token))
        assert response.status_code == 200, response.content
        return [pf["id"] for pf in response.json()["data"]]

    assert len(ids("productCategoryCpc eq '41231'")) == 2
    assert ids("productCategoryCpc eq '99999'") == []
    assert ids(f"created ge '{setup.v2.created_at.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}'") == [
        str(setup.v2.pact_id)
    ]
    assert_error(
        http.get(LIST, {"$filter": "companyName eq 'x'"}, **bearer(token)), "NotImplemented"
    )
    assert_error(http.get(LIST, {"$filter": "created ge 'soon'"}, **bearer(token)), "BadRequest")


def test_get_answers_one_conformant_footprint_and_logs_the_read(db: None, setup: PactSetup) -> None:
    http = Client()
    url = f"{LIST}/{setup.v2.pact_id}"
    response = http.get(url, **bearer(token_for(http, setup)))
    assert response.status_code == 200
    document = response.json()["data"]
    assert document["id"] == str(setup.v2.pact_id)
    assert validate_product_footprint(document) == []
    read = FootprintRead.objects.get()
    assert (read.share_id, read.footprint_id, read.refused, read.path) == (
        setup.share.pk,
        setup.v2.pk,
        False,
        url,
    )
