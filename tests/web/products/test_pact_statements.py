"""The supplier's PACT statements (services.pact.pact_statements_set and the page's form):
checked field by field, all or nothing, audited; with them the footprint is served."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.services.pact import pact_statements_set
from tests.web.products.conftest import ProductsWorld
from tests.web.products.pact_support import STATEMENTS, pact_setup


def test_statements_are_saved_cleaned_and_audited(db: None, products_world: ProductsWorld) -> None:
    product = pact_statements_set(
        actor=products_world.manager_s, product=products_world.billet, statements=STATEMENTS
    )
    product.refresh_from_db()
    assert product.pact_statements["fossil_carbon_content"] == 0.002
    assert product.pact_statements["dqi"]["technologicalDQR"] == 1.5
    assert product.pact_statements["land_use"]["dLucGhgEmissions"] == 0
    entry = AuditEntry.objects.filter(action="products.product.pact_statements").get()
    assert entry.after["biogenic_accounting_methodology"] == "ISO"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"fossil_carbon_content": None}, "fossil_carbon_content"),
        ({"fossil_carbon_content": "abc"}, "fossil_carbon_content"),
        ({"biogenic_carbon_content": -1}, "biogenic_carbon_content"),
        ({"biogenic_carbon_withdrawal": 0.5}, "biogenic_carbon_withdrawal"),
        ({"biogenic_accounting_methodology": "Guess"}, "biogenic_accounting_methodology"),
        ({"dqi": {**STATEMENTS["dqi"], "temporalDQR": 4}}, "temporalDQR"),
        ({"dqi": {**STATEMENTS["dqi"], "coveragePercent": 120}}, "coveragePercent"),
        ({"dqi": {"technologicalDQR": 1}}, "reliabilityDQR"),
    ],
)
def test_each_bad_statement_is_refused_on_its_field_and_nothing_saved(
    db: None, products_world: ProductsWorld, change: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        pact_statements_set(
            actor=products_world.manager_s,
            product=products_world.billet,
            statements={**STATEMENTS, **change},
        )
    assert field in refused.value.message_dict
    products_world.billet.refresh_from_db()
    assert products_world.billet.pact_statements == {}


def test_only_the_suppliers_manager_states(db: None, products_world: ProductsWorld) -> None:
    for actor in (products_world.manager_c, products_world.staff):
        with pytest.raises(PermissionDenied):
            pact_statements_set(actor=actor, product=products_world.billet, statements=STATEMENTS)


def test_the_form_saves_and_the_footprint_is_then_served(
    db: None, products_world: ProductsWorld
) -> None:
    setup = pact_setup(products_world, statements=False)
    http = products_world.world.client("enterprise_a")
    url = f"/products/pact/products/{products_world.billet.pk}/statements/"
    form = {
        "fossil_carbon_content": "0.002",
        "biogenic_carbon_content": "0",
        "biogenic_carbon_withdrawal": "0",
        "dLucGhgEmissions": "0",
        "landManagementGhgEmissions": "0",
        "otherBiogenicGhgEmissions": "0",
        "biogenic_accounting_methodology": "ISO",
        "coveragePercent": "100",
        "technologicalDQR": "1.5",
        "temporalDQR": "1",
        "geographicalDQR": "1",
        "completenessDQR": "1.2",
        "reliabilityDQR": "1.4",
    }
    bad = http.post(url, {**form, "temporalDQR": "9"})
    assert bad.status_code == 422
    assert f'id="st-{products_world.billet.pk}-temporalDQR-error"' in bad.content.decode()
    assert products_world.world.client("enterprise_b").post(url, form).status_code == 404
    assert http.post(url, form).status_code == 302
    page = http.get("/products/pact/").content.decode()
    assert "yes (active)" in page or "是（有效）" in page
    products_world.billet.refresh_from_db()
    assert products_world.billet.pact_statements["dqi"]["completenessDQR"] == 1.2
    assert setup.v2.pact_id
