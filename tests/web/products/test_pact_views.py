"""The supplier's PACT clients page (/products/pact/): create (secret shown once), revoke, what
each client is offered, read and sent; who may see it."""

from __future__ import annotations

import pytest
from django.utils import translation

from greenledger.web.products.models import PactClient
from tests.web.products.conftest import ProductsWorld
from tests.web.products.pact_support import pact_setup

PAGE = "/products/pact/"


def test_the_manager_creates_a_client_and_sees_the_secret_once(
    db: None, products_world: ProductsWorld
) -> None:
    http = products_world.world.client("enterprise_a")
    empty = http.get(PAGE)
    assert empty.status_code == 200 and b'id="no-clients"' in empty.content
    with translation.override("en"):
        created = http.post(PAGE, {"name": "Rhein Importer GmbH"}, HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 200
    client = PactClient.objects.get(name="Rhein Importer GmbH")
    page = created.content.decode()
    secret = page.split('id="new-client-secret">', 1)[1].split("<", 1)[0]
    assert len(secret) >= 40 and client.client_id in page
    assert created["Cache-Control"] == "no-store"
    again = http.get(PAGE).content.decode()
    assert f'id="client-{client.pk}"' in again and secret not in again


def test_a_blank_or_duplicate_name_is_refused_on_its_field(
    db: None, products_world: ProductsWorld
) -> None:
    http = products_world.world.client("enterprise_a")
    refused = http.post(PAGE, {"name": " "})
    assert refused.status_code == 422
    assert 'id="name-error"' in refused.content.decode()
    assert not PactClient.objects.exists()


def test_the_page_shows_offers_reads_and_why_a_footprint_is_not_served(
    db: None, products_world: ProductsWorld
) -> None:
    setup = pact_setup(products_world, statements=False)
    page = products_world.world.client("enterprise_a").get(PAGE).content.decode()
    assert f'id="offer-{setup.v2.pk}"' in page and f'id="offer-{setup.v1.pk}"' in page
    assert "供应商尚未声明该产品的化石碳含量" in page  # the default language
    assert str(setup.v2.pact_id) in page


def test_revoke_by_the_manager_only(db: None, products_world: ProductsWorld) -> None:
    setup = pact_setup(products_world, statements=False)
    url = f"/products/pact/{setup.client.pk}/revoke/"
    assert products_world.world.client("enterprise_b").post(url).status_code == 404
    setup.client.refresh_from_db()
    assert setup.client.revoked_at is None
    response = products_world.world.client("enterprise_a").post(url)
    assert response.status_code == 302
    setup.client.refresh_from_db()
    assert setup.client.revoked_at is not None
    assert products_world.world.client("enterprise_a").post(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("enterprise_b", 200), ("secretariat", 403), ("evaluator", 403), ("anonymous", 302)],
)
def test_who_sees_the_page(
    db: None, products_world: ProductsWorld, persona: str, status: int
) -> None:
    setup = pact_setup(products_world, statements=False)
    response = products_world.world.client(persona).get(PAGE)
    assert response.status_code == status
    if status == 200:  # the customer's manager sees its own (no) clients, not the supplier's
        assert setup.client.client_id not in response.content.decode()
    answer = products_world.world.client(persona).post(PAGE, {"name": "X"})
    if status == 200:  # B's manager creates a client of B's own
        assert answer.status_code == 200
        assert PactClient.objects.get(name="X").organisation_id == products_world.customer.pk
    else:
        assert answer.status_code == status
        assert not PactClient.objects.filter(name="X").exists()


def test_the_page_in_chinese(db: None, products_world: ProductsWorld) -> None:
    http = products_world.world.client("enterprise_a")
    http.cookies["django_language"] = "zh-hans"
    page = http.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "贵企业还没有 PACT 客户端。" in page and "新建客户端" in page
    refused = http.post(PAGE, {"name": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "请填写外部客户名称。" in refused.content.decode()
