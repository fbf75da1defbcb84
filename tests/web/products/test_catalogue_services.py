"""Products, processes and inputs (services.catalogue): all-or-nothing, refusals on their
field with the row and the reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import Process, ProcessInput, Product
from greenledger.web.products.services import catalogue as services
from tests.web.products.conftest import ProductsWorld

STREAMS = {"streams": [{"line": "purchased_electricity", "share": 0.1}]}


def _steam(pw: ProductsWorld) -> Product:
    return services.product_create(
        actor=pw.manager_s, site=pw.site_s, name="蒸汽", name_en="steam", unit="t"
    )


def test_product_create_and_refusals(products_world: ProductsWorld) -> None:
    pw = products_world
    product = services.product_create(
        actor=pw.manager_s, site=pw.site_s, name="钢板", unit="t", cn_code="7208 51 20",
        cpc_code="41232",
    )  # fmt: skip
    assert product.cn_code == "72085120" and product.organisation == pw.supplier
    assert AuditEntry.objects.filter(action="products.product.create").exists()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.product_create(
            actor=pw.manager_s, site=pw.site_s, name="钢坯", unit="", cn_code="7207",
            cpc_code="abc",
        )  # fmt: skip
    errors = refused.value.message_dict
    assert "already has a product" in errors["name"][0]
    assert set(errors) == {"name", "unit", "cn_code", "cpc_code"}
    assert "8 digits" in errors["cn_code"][0]
    with pytest.raises(PermissionDenied):
        services.product_create(actor=pw.manager_c, site=pw.site_s, name="x", unit="t")
    with pytest.raises(PermissionDenied):
        services.product_create(actor=pw.staff, site=pw.site_s, name="x", unit="t")
    updated = services.product_update(actor=pw.manager_s, product=product, name_en="plate")
    assert updated.name_en == "plate" and updated.cn_code == "72085120"


def test_process_with_own_and_background_inputs(products_world: ProductsWorld) -> None:
    pw = products_world
    steam = _steam(pw)
    process = services.process_save(
        actor=pw.manager_s, product=steam, year=2025, name="锅炉", annual_output="3000",
        attribution_basis="source_streams", attribution=STREAMS,
        inputs=[
            {"kind": "own", "product": steam.pk, "amount": 0.05, "note": "own steam (a loop)"},
            {"kind": "background", "background_key": "grid_electricity_cn_2024",
             "amount": 0.02},
        ],
        dqi={"reliability": 2, "completeness": 2, "temporal": 1, "geographical": 1,
             "technological": 3},
    )  # fmt: skip
    assert process.annual_output == 3000.0
    assert process.electricity_mwh == pytest.approx(1000.0)  # 10 % of 10,000 MWh
    assert process.dqi["technological"] == 3
    kinds = sorted(process.inputs.values_list("kind", flat=True))
    assert kinds == ["background", "own"]
    # replaced as a whole
    services.process_save(
        actor=pw.manager_s, product=steam, year=2025, name="锅炉", annual_output=3000,
        attribution_basis="source_streams", attribution=STREAMS, process=process,
        inputs=[{"kind": "own", "product": pw.billet.pk, "amount": 0.001}],
    )  # fmt: skip
    assert list(process.inputs.values_list("own_product", flat=True)) == [pw.billet.pk]


def test_bad_inputs_refused_by_row_and_nothing_saved(products_world: ProductsWorld) -> None:
    pw = products_world
    steam = _steam(pw)
    before = Process.objects.count(), ProcessInput.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.process_save(
            actor=pw.manager_s, product=steam, year=2025, name="", annual_output=0,
            attribution_basis="source_streams",
            attribution={"streams": [{"line": "natural_gas", "share": 0.5}]},
            inputs=[
                {"kind": "supplier", "product": pw.bracket.pk, "amount": 1},  # not shared
                {"kind": "own", "product": pw.bracket.pk, "amount": 1},  # not S's
                {"kind": "background", "background_key": "unobtainium", "amount": 1},
                {"kind": "own", "product": steam.pk, "amount": -1},
            ],
            dqi={"reliability": 7},
        )  # fmt: skip
    errors = refused.value.message_dict
    assert set(errors) >= {"name", "annual_output", "inputs", "attribution", "dqi"}
    inputs = errors["inputs"]
    assert inputs[0].startswith("Input 1:") and "shares this product" in inputs[0]
    assert inputs[1].startswith("Input 2:") and "not a product of your enterprise" in inputs[1]
    assert "unobtainium" in inputs[2]
    assert inputs[3].startswith("Input 4:") and "above zero" in inputs[3]
    # natural gas: 100 % to the billet's casting already + 50 %
    assert "natural_gas" in errors["attribution"][0] and "150 %" in errors["attribution"][0]
    assert (Process.objects.count(), ProcessInput.objects.count()) == before


def test_supplier_input_only_while_the_share_is_in_force(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    arguments = dict(
        actor=pw.manager_c, product=pw.bracket, year=2025, name="冲压", annual_output=2000,
        attribution_basis="stated", attribution={"key": "days", "value": 60, "of": 100},
        process=pw.bracket_process,
        inputs=[{"kind": "supplier", "product": pw.billet.pk, "amount": 1.05}],
    )  # fmt: skip
    saved = services.process_save(**arguments)
    assert saved.inputs.get().supplier_product == pw.billet
    pw.share.revoked_at = timezone.now()
    pw.share.save()
    with pytest.raises(ValidationError) as refused:
        services.process_save(**arguments)
    assert "inputs" in refused.value.message_dict


def test_one_process_per_product_and_year(products_world: ProductsWorld) -> None:
    pw = products_world
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.process_save(
            actor=pw.manager_s, product=pw.billet, year=2025, name="again", annual_output=1,
            attribution_basis="stated", attribution={"key": "d", "value": 0, "of": 1},
        )  # fmt: skip
    assert "already has a process" in refused.value.message_dict["year"][0]
    with pytest.raises(PermissionDenied):
        services.process_save(
            actor=pw.manager_c, product=pw.billet, year=2026, name="x", annual_output=1,
            attribution_basis="stated", attribution={"key": "d", "value": 0, "of": 1},
        )  # fmt: skip


def test_malformed_details_refused_not_crashing(products_world: ProductsWorld) -> None:
    pw = products_world
    for attribution in ({"streams": [1, 2]}, {"streams": "natural_gas"}, ["x"]):
        with pytest.raises(ValidationError) as refused:
            services.process_save(
                actor=pw.manager_s, product=pw.billet, year=2025, name="连铸",
                annual_output=10000, attribution_basis="source_streams",
                attribution=attribution, process=pw.billet_process,
                inputs=["x", {"kind": "own", "product": 2**70, "amount": 1}],
                dqi=["bad"],
            )  # fmt: skip
        errors = refused.value.message_dict
        assert "attribution" in errors and len(errors["inputs"]) == 3
