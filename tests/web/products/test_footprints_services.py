"""footprint_compute on the products world: the supplier's and the customer's footprints by hand
(see ``footprints_support``), contributions that add up, versions and notices, refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import (
    Footprint,
    FootprintNotice,
    FootprintStatus,
    InputKind,
    Process,
    ProcessInput,
    Product,
)
from greenledger.web.products.services.footprints import footprint_compute
from greenledger.web.products.services.shares import share_revoke
from tests.web.products.conftest import ProductsWorld
from tests.web.products.footprints_support import (
    BILLET,
    BILLET_DIRECT,
    BILLET_ELECTRICITY,
    BRACKET,
    BRACKET_BILLET,
    BRACKET_DIRECT,
    BRACKET_ELECTRICITY,
    YEAR,
    compute_both,
)


def _sum(entries: list[dict[str, object]]) -> float:
    return sum(float(e["tco2e_per_unit"]) for e in entries)  # type: ignore[arg-type]


def test_supplier_footprint_by_hand_with_contributions_that_add_up(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    [billet] = footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR)
    assert billet.product == pw.billet and billet.version == 1 and billet.year == YEAR
    assert billet.status == FootprintStatus.CURRENT
    assert billet.tco2e_per_unit == pytest.approx(BILLET, rel=1e-12)
    assert billet.tco2e_per_unit == pytest.approx(0.72256205485, rel=1e-12)
    c = billet.contributions
    assert c["direct"] == pytest.approx(BILLET_DIRECT, rel=1e-12)
    [electricity] = c["inputs"]
    assert electricity["kind"] == "electricity"
    assert electricity["tco2e_per_unit"] == pytest.approx(BILLET_ELECTRICITY, rel=1e-12)
    assert "MEE" in electricity["source"]
    assert c["direct"] + _sum(c["inputs"]) == pytest.approx(billet.tco2e_per_unit, rel=1e-12)
    assert _sum(c["processes"]) + _sum(c["background"]) == pytest.approx(
        billet.tco2e_per_unit, rel=1e-12
    )
    # primary data: the process's own direct emissions; the electricity factor is secondary
    assert billet.primary_data_share == pytest.approx(BILLET_DIRECT / BILLET, rel=1e-12)
    assert billet.dqi is None  # no data-quality scores given
    [process] = billet.provenance["processes"]
    assert process["name"] == "连铸" and process["electricity_factor"] == 0.5777
    assert process["inventory"]  # the verified inventory's version behind the attribution
    assert billet.provenance["rules"]["boundary"] == "cradle-to-gate"
    assert AuditEntry.objects.filter(
        action="products.footprint.compute", object_id=str(billet.pk)
    ).exists()


def test_customer_footprint_takes_the_suppliers_shared_footprint(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    billet, bracket = compute_both(pw)
    assert bracket.product == pw.bracket
    assert bracket.tco2e_per_unit == pytest.approx(BRACKET, rel=1e-12)
    assert bracket.tco2e_per_unit == pytest.approx(1.1702394740475, rel=1e-12)
    inputs = {e["kind"]: e for e in bracket.contributions["inputs"]}
    assert inputs["supplier"]["tco2e_per_unit"] == pytest.approx(BRACKET_BILLET, rel=1e-12)
    assert inputs["supplier"]["supplier"] == pw.supplier.name_zh
    assert inputs["supplier"]["footprint_id"] == billet.pk
    assert inputs["electricity"]["tco2e_per_unit"] == pytest.approx(BRACKET_ELECTRICITY, rel=1e-12)
    assert bracket.contributions["direct"] == pytest.approx(BRACKET_DIRECT, rel=1e-12)
    c = bracket.contributions
    assert c["direct"] + _sum(c["inputs"]) == pytest.approx(BRACKET, rel=1e-12)
    assert _sum(c["processes"]) + _sum(c["background"]) == pytest.approx(BRACKET, rel=1e-12)
    [supplier] = bracket.provenance["suppliers"]
    assert (supplier["footprint_id"], supplier["version"]) == (billet.pk, 1)
    assert supplier["pact_id"] == str(billet.pact_id)


def test_a_new_version_supersedes_and_notifies_the_holders(products_world: ProductsWorld) -> None:
    pw = products_world
    billet, bracket = compute_both(pw)
    assert footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR) == []
    assert not FootprintNotice.objects.filter(previous__isnull=False).exists()
    Process.objects.filter(pk=pw.billet_process.pk).update(direct_tco2e=3604.0205485)
    [billet_2] = footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR)
    assert billet_2.version == 2
    assert billet_2.tco2e_per_unit == pytest.approx(BILLET + 0.1, rel=1e-12)
    billet.refresh_from_db()
    assert billet.status == FootprintStatus.SUPERSEDED
    [notice] = FootprintNotice.objects.filter(footprint=billet_2)
    assert (notice.share, notice.previous) == (pw.share, billet)
    # the customer's next computation takes the new version: +1.05 x 0.1
    [bracket_2] = footprint_compute(actor=pw.manager_c, organisation=pw.customer, year=YEAR)
    assert bracket_2.version == 2
    assert bracket_2.tco2e_per_unit == pytest.approx(BRACKET + 0.105, rel=1e-12)
    assert bracket_2.provenance["suppliers"][0]["version"] == 2


def test_a_revoked_share_refuses_the_customers_computation(products_world: ProductsWorld) -> None:
    pw = products_world
    compute_both(pw)
    share_revoke(actor=pw.manager_s, share=pw.share)
    before = Footprint.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        footprint_compute(actor=pw.manager_c, organisation=pw.customer, year=YEAR)
    [reason] = caught.value.message_dict["__all__"]
    assert "冲压" in reason and "钢坯" in reason and "not shared" in reason
    assert Footprint.objects.count() == before


def test_a_supplier_footprint_not_computed_is_refused(products_world: ProductsWorld) -> None:
    pw = products_world
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        footprint_compute(actor=pw.manager_c, organisation=pw.customer, year=YEAR)
    [reason] = caught.value.message_dict["__all__"]
    assert "冲压" in reason and "钢坯" in reason


def test_a_loop_that_produces_nothing_net_is_refused_with_its_process(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    now = timezone.now()
    steam = Product.objects.create(
        organisation=pw.supplier, site=pw.site_s, name="蒸汽", unit="t",
        created_by=pw.manager_s, created_at=now, updated_at=now,
    )  # fmt: skip
    boiler = Process.objects.create(
        organisation=pw.supplier, site=pw.site_s, year=YEAR, name="锅炉", product=steam,
        annual_output=100.0, attribution_basis="stated", direct_tco2e=10.0,
        created_by=pw.manager_s, created_at=now, updated_at=now,
    )  # fmt: skip
    ProcessInput.objects.create(process=boiler, kind=InputKind.OWN, own_product=steam, amount=1.0)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=YEAR)
    assert any("锅炉" in r for r in caught.value.message_dict["__all__"])
    assert not Footprint.objects.exists()


def test_only_the_enterprises_manager_computes_and_a_year_needs_processes(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    for actor in (pw.manager_c, pw.staff, pw.evaluator):
        with pytest.raises(PermissionDenied):
            footprint_compute(actor=actor, organisation=pw.supplier, year=YEAR)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        footprint_compute(actor=pw.manager_s, organisation=pw.supplier, year=2019)
    assert "2019" in caught.value.message_dict["year"][0]
