"""Attribution of a site's verified emissions to its processes (services.attribution), figures
by hand from the products world's inventories (see conftest)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import AttributionBasis, Process, Product
from greenledger.web.products.selectors.attribution import site_attribution
from greenledger.web.products.services.attribution import (
    process_attribute,
    process_set_attribution,
)
from tests.web.products.conftest import ProductsWorld

GAS_T = 2164.3105485  # 100 10^4 m3 of natural gas, GB/T 32150 (CO2, CH4, N2O)
LIMESTONE_T = 439.71  # 1,000 t x 0.43971
ELECTRICITY_T = 5306.0  # 10,000 MWh x 0.5306 t/MWh (the inventory's CO2 factor)
SITE_T = GAS_T + LIMESTONE_T + ELECTRICITY_T  # 7,910.0205485


def _second_process(pw: ProductsWorld, basis: str, attribution: dict) -> Process:
    now = timezone.now()
    product = Product.objects.create(
        organisation=pw.supplier, site=pw.site_s, name="钢板", unit="t",
        created_by=pw.manager_s, created_at=now, updated_at=now,
    )  # fmt: skip
    return Process.objects.create(
        organisation=pw.supplier, site=pw.site_s, year=2025, name="轧制", product=product,
        annual_output=5000.0, attribution_basis=basis, attribution=attribution,
        created_by=pw.manager_s, created_at=now, updated_at=now,
    )  # fmt: skip


def test_source_streams_by_hand(products_world: ProductsWorld) -> None:
    process = products_world.billet_process
    assert process.direct_tco2e == pytest.approx(GAS_T + LIMESTONE_T, rel=1e-12)  # 2,604.02
    assert process.electricity_mwh == pytest.approx(8000.0)
    # the footprint's electricity factor is the national carbon-footprint series (2024, the
    # newest up to 2025), not the inventory's 0.5306 t/MWh
    assert process.electricity_factor == pytest.approx(0.5777)
    assert "MEE" in process.electricity_factor_source
    provenance = process.provenance
    assert provenance["inventory_id"] == products_world.inventory_s.pk
    assert provenance["version_number"] == 1
    assert provenance["factor_set"] == products_world.inventory_s.factor_set_version
    assert provenance["attributed_co2e_t"] == pytest.approx(GAS_T + LIMESTONE_T + 4244.8)


def test_attribution_adds_up_to_the_verified_inventory(products_world: ProductsWorld) -> None:
    split = site_attribution(site=products_world.site_s, year=2025)
    assert split is not None
    assert split.site.total_co2e_t == pytest.approx(SITE_T, rel=1e-12)
    # the enterprise's verified total (one site)
    verified = products_world.inventory_s.enterprise_totals["gbt32150_co2e_t"]
    assert split.site.total_co2e_t == pytest.approx(verified, rel=1e-12)
    assert split.remainder_t == pytest.approx(0.2 * ELECTRICITY_T)  # 1,061.2
    assert split.attributed_t + split.remainder_t == pytest.approx(verified, rel=1e-12)
    rows = {row.stream.line: row for row in split.rows}
    assert rows["purchased_electricity"].remainder_t == pytest.approx(1061.2)
    assert rows["natural_gas"].remainder_t == pytest.approx(0.0, abs=1e-9)


def test_stated_key_by_hand(products_world: ProductsWorld) -> None:
    process = products_world.bracket_process  # 60 of 100 working days of C's site
    assert process.direct_tco2e == pytest.approx(0.6 * 216.43105485, rel=1e-9)
    assert process.electricity_mwh == pytest.approx(0.6 * 2000.0)
    split = site_attribution(site=products_world.site_c, year=2025)
    assert split is not None
    assert split.remainder_t == pytest.approx(0.4 * (216.43105485 + 1061.2), rel=1e-9)


def test_shares_over_100_percent_refused_with_the_stream(
    products_world: ProductsWorld, english: None
) -> None:
    second = _second_process(
        products_world,
        AttributionBasis.SOURCE_STREAMS,
        {"streams": [{"line": "natural_gas", "share": 0.3}]},
    )
    with pytest.raises(ValidationError) as refused:
        process_attribute(actor=products_world.manager_s, process=second)
    text = " ".join(refused.value.message_dict["attribution"])
    assert (
        "natural_gas" in text and "130 %" in text and "连铸 100 %" in text and "轧制 30 %" in text
    )
    second.refresh_from_db()
    assert second.direct_tco2e == 0.0  # nothing saved
    # a key taking 25 % of every stream: the electricity stream (80 % + 25 %) is over
    with pytest.raises(ValidationError) as refused:
        process_set_attribution(
            actor=products_world.manager_s, process=second, basis=AttributionBasis.METERED,
            attribution={"key": "machine hours", "value": 250, "of": 1000},
        )  # fmt: skip
    text = " ".join(refused.value.message_dict["attribution"])
    assert "purchased_electricity" in text and "105 %" in text


def test_bad_details_refused_in_the_users_language(products_world: ProductsWorld) -> None:
    from django.utils import translation

    process = products_world.billet_process
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        process_set_attribution(
            actor=products_world.manager_s, process=process,
            basis=AttributionBasis.SOURCE_STREAMS,
            attribution={"streams": [{"line": "coal", "share": 0.5},
                                     {"line": "natural_gas", "share": 1.5}]},
        )  # fmt: skip
    errors = refused.value.message_dict["attribution"]
    assert any("coal" in e and "no such stream" in e for e in errors)
    assert any("natural_gas" in e and "between 0 and 100" in e for e in errors)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        process_set_attribution(
            actor=products_world.manager_s, process=process, basis=AttributionBasis.STATED,
            attribution={"key": "days", "value": 120, "of": 100},
        )  # fmt: skip
    assert "over 100 %" in refused.value.message_dict["attribution"][0]
    process.refresh_from_db()
    assert process.attribution_basis == AttributionBasis.SOURCE_STREAMS


def test_given_factor_needs_a_source_and_is_kept(products_world: ProductsWorld) -> None:
    process = products_world.billet_process
    with pytest.raises(ValidationError) as refused:
        process_set_attribution(
            actor=products_world.manager_s, process=process, basis=process.attribution_basis,
            attribution=process.attribution, electricity_factor=0.3,
        )  # fmt: skip
    assert "electricity_factor_source" in refused.value.message_dict
    saved = process_set_attribution(
        actor=products_world.manager_s, process=process, basis=process.attribution_basis,
        attribution=process.attribution, electricity_factor=0.3,
        electricity_factor_source="green power contract 2025",
    )  # fmt: skip
    assert saved.electricity_factor == 0.3
    assert saved.electricity_factor_source == "green power contract 2025"
    assert saved.provenance["electricity_footprint_factor"] == {"given": True}
    assert AuditEntry.objects.filter(
        action="products.process.attribute", object_id=str(process.pk)
    ).exists()


def test_unverified_year_and_other_enterprise_refused(products_world: ProductsWorld) -> None:
    process = products_world.billet_process
    with pytest.raises(PermissionDenied):
        process_attribute(actor=products_world.manager_c, process=process)
    with pytest.raises(PermissionDenied):
        process_attribute(actor=products_world.staff, process=process)
    Process.objects.filter(pk=process.pk).update(year=2024)
    with pytest.raises(ValidationError) as refused:
        process_attribute(actor=products_world.manager_s, process=process)
    assert "year" in refused.value.message_dict
