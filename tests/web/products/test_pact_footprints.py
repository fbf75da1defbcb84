"""PACT on footprints the platform computed (``footprint_compute``), shared with a client
through ``share_grant``: what the customer's system reads, before and after a recalculation.

By hand (``footprints_support``): the billet's 2025 footprint 0.72256205485 tCO2e/t, i.e.
0.722562 kgCO2e/kg at six significant digits. With the billet's annual output raised from
10,000 t to 12,500 t, the same emissions spread over more output: 7,225.6205485 / 12,500 =
0.57804964388 tCO2e/t -> 0.578050 at six significant digits, written "0.57805" (the
spec's decimal strings carry no trailing zeros).
"""

from __future__ import annotations

from django.test import Client

from greenledger.core.products.pact import validate_product_footprint
from greenledger.web.products.models import FootprintRead, FootprintStatus, Process
from greenledger.web.products.services.footprints import footprint_compute
from greenledger.web.products.services.pact import pact_client_create, pact_statements_set
from greenledger.web.products.services.shares import share_grant
from tests.web.products.conftest import ProductsWorld
from tests.web.products.footprints_support import YEAR, compute_both
from tests.web.products.pact_support import STATEMENTS, PactSetup, token_for

LIST = "/pact/2/footprints"


def test_a_computed_footprint_reaches_the_clients_system_and_its_update_too(
    db: None, products_world: ProductsWorld
) -> None:
    pw = products_world
    first, bracket = compute_both(pw)
    client, secret = pact_client_create(
        actor=pw.manager_s, organisation=pw.supplier, name="Outside Importer GmbH"
    )
    share = share_grant(actor=pw.manager_s, product=pw.billet, client=client, purpose="PACT")
    pact_statements_set(actor=pw.manager_s, product=pw.billet, statements=STATEMENTS)
    http = Client()
    token = token_for(http, PactSetup(client, secret, share, first, first))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    [document] = http.get(LIST, **auth).json()["data"]
    assert validate_product_footprint(document) == []
    assert document["id"] == str(first.pact_id)
    assert document["pcf"]["pCfExcludingBiogenic"] == "0.722562"
    assert document["status"] == "Active" and "precedingPfIds" not in document
    assert document["pcf"]["primaryDataShare"] == first.primary_data_share * 100
    # the customer member's bracket is not this client's to read
    assert http.get(f"{LIST}/{bracket.pact_id}", **auth).json()["code"] == "NoSuchFootprint"

    Process.objects.filter(pk=pw.billet_process.pk).update(annual_output=12_500.0)
    [second] = footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR)
    first.refresh_from_db()
    assert (second.version, first.status) == (2, FootprintStatus.SUPERSEDED)
    current, old = http.get(LIST, **auth).json()["data"]
    for pf in (current, old):
        assert validate_product_footprint(pf) == []
    assert current["id"] == str(second.pact_id)
    assert current["pcf"]["pCfExcludingBiogenic"] == "0.57805"
    assert current["precedingPfIds"] == [str(first.pact_id)]
    assert (old["id"], old["status"], old["version"]) == (str(first.pact_id), "Deprecated", 2)
    assert old["pcf"]["pCfExcludingBiogenic"] == "0.722562"
    assert FootprintRead.objects.filter(share=share, refused=False).count() == 3
